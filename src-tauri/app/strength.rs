//! How hard a new passphrase is to guess (SECURITY.md requirement 29). zxcvbn scores it
//! with both partners' names and the app's own words as the first guesses; every path
//! that sets a passphrase refuses a verdict that is not accepted, and the UI's meter
//! shows this same verdict through the `passphrase_strength` command. Unlocking never
//! looks at strength: a passphrase chosen before this rule must still open its data.

use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::error::{AppError, AppResult};
use crate::model::rules::{grouped, PASSPHRASE_MAX_CHARS, PASSPHRASE_MIN_CHARS};
use crate::vault::Passphrase;

/// zxcvbn's "safely unguessable" band: about 10^8 guesses or more.
pub const MIN_SCORE: u8 = 3;

/// Words anyone would try first against this app.
const APP_WORDS: &[&str] = &["healing", "arc", "healing arc", "healingarc", "passphrase"];
/// The example our hints show, so that copying it is not a strong passphrase.
const EXAMPLE_WORDS: &[&str] = &["kettle", "orbit", "velvet", "kettle orbit velvet"];
const EXAMPLE: &str = "“kettle orbit velvet”";

/// The verdict on a new passphrase: what the meter shows and what saving enforces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PassphraseStrength")]
pub struct Strength {
    /// zxcvbn's score, 0 (very easy to guess) to 4 (very hard).
    pub score: u8,
    /// Whether Healing Arc would save it: 8 to 1,024 characters and a score of 3 or more.
    pub accepted: bool,
    /// A few words for the meter, e.g. "Easy to guess"; empty for an empty passphrase.
    pub label: String,
    /// One or two sentences: what to try next, or that it is strong enough.
    pub hint: String,
}

/// What made a weak passphrase weak, in the order the hint mentions it.
enum Weakness {
    Name,
    Example,
    AppWord,
    Common,
    Other,
}

/// Judges `p` with `names` (the partners' display names, as known) as personal words.
pub fn judge(p: &Passphrase, names: &[&str]) -> Strength {
    let text = p.as_str();
    let chars = text.chars().count();
    if chars == 0 {
        return verdict(
            0,
            false,
            "",
            "Please choose a passphrase. A few ordinary words together work well.",
        );
    }
    if chars > PASSPHRASE_MAX_CHARS {
        return verdict(
            0,
            false,
            "Too long",
            &format!(
                "A passphrase can be at most {} characters.",
                grouped(PASSPHRASE_MAX_CHARS)
            ),
        );
    }
    let names = name_words(names);
    let mut inputs: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    inputs.extend_from_slice(APP_WORDS);
    inputs.extend_from_slice(EXAMPLE_WORDS);
    // zxcvbn keeps its own copies of parts of the passphrase while it works (the
    // matched tokens); they live only for this call and cannot be wiped from here.
    let entropy = zxcvbn::zxcvbn(text, &inputs);
    let score = u8::from(entropy.score());
    if chars < PASSPHRASE_MIN_CHARS {
        return verdict(
            score,
            false,
            "Too short",
            &format!("A passphrase needs at least {PASSPHRASE_MIN_CHARS} characters. A few ordinary words together work well."),
        );
    }
    if score >= MIN_SCORE {
        return if score == 4 {
            verdict(
                score,
                true,
                "Very strong",
                "This passphrase is very hard to guess.",
            )
        } else {
            verdict(
                score,
                true,
                "Strong",
                "This passphrase is hard enough to guess.",
            )
        };
    }
    let label = if score <= 1 {
        "Very easy to guess"
    } else {
        "Easy to guess"
    };
    let hint = match weakness(&entropy, &names) {
        Weakness::Name => format!(
            "Names are among the first things someone who knows you would try. Words that have nothing to do with either of you work better, like {EXAMPLE}."
        ),
        Weakness::Example => "That is the example Healing Arc shows, so it is among the first anyone would try. A few ordinary words you pick yourself work better.".to_owned(),
        Weakness::AppWord => format!(
            "Words about Healing Arc itself are among the first anyone would try. Ordinary words that have nothing to do with the app work better, like {EXAMPLE}."
        ),
        Weakness::Common => format!(
            "Many people use this one, so it is among the first tried. A few ordinary words that have nothing to do with you work better, like {EXAMPLE}."
        ),
        Weakness::Other => format!(
            "This would be easy for someone to guess. Another word or two that have nothing to do with you would help, like {EXAMPLE}."
        ),
    };
    verdict(score, false, label, &hint)
}

/// Refuses a passphrase whose verdict is not accepted, with the verdict's hint, as a
/// `validation` error on `field`.
pub fn check(field: &str, p: &Passphrase, names: &[&str]) -> AppResult<()> {
    let s = judge(p, names);
    if s.accepted {
        return Ok(());
    }
    Err(AppError::validation(field, s.hint))
}

fn verdict(score: u8, accepted: bool, label: &str, hint: &str) -> Strength {
    Strength {
        score,
        accepted,
        label: label.to_owned(),
        hint: hint.to_owned(),
    }
}

/// Each name whole and word by word, lower-cased: "Mary-Jo Fox" is guessed as "mary-jo
/// fox", "mary", "jo" and "fox".
fn name_words(names: &[&str]) -> Vec<Zeroizing<String>> {
    let mut out: Vec<Zeroizing<String>> = Vec::new();
    for name in names {
        let whole = name.trim().to_lowercase();
        let parts = whole
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_owned);
        for w in std::iter::once(whole.clone()).chain(parts) {
            if !w.is_empty() && !out.iter().any(|o| **o == w) {
                out.push(Zeroizing::new(w));
            }
        }
    }
    out
}

fn weakness(entropy: &zxcvbn::Entropy, names: &[Zeroizing<String>]) -> Weakness {
    use zxcvbn::feedback::Warning;
    use zxcvbn::matching::patterns::MatchPattern;
    let words = entropy.sequence().iter().filter_map(|m| match &m.pattern {
        MatchPattern::Dictionary(d) => Some(d.matched_word.as_str()),
        _ => None,
    });
    let (mut example, mut app_word) = (false, false);
    for w in words {
        if names.iter().any(|n| n.as_str() == w) {
            return Weakness::Name;
        }
        example |= EXAMPLE_WORDS.contains(&w);
        app_word |= APP_WORDS.contains(&w);
    }
    if example {
        return Weakness::Example;
    }
    if app_word {
        return Weakness::AppWord;
    }
    match entropy.feedback().and_then(|f| f.warning()) {
        Some(
            Warning::ThisIsATop10Password
            | Warning::ThisIsATop100Password
            | Warning::ThisIsACommonPassword
            | Warning::ThisIsSimilarToACommonlyUsedPassword,
        ) => Weakness::Common,
        _ => Weakness::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(p: &str, names: &[&str]) -> Strength {
        judge(&Passphrase::new(p.to_owned()), names)
    }

    #[test]
    fn the_hint_names_what_made_it_weak() {
        let hint = |p: &str| judged(p, &["Quintessa", "Ottoline Vasquez-Pryce"]).hint;
        assert!(hint("quintessa2019").starts_with("Names are"));
        // Each part of a name counts on its own.
        assert!(hint("vasquez1987").starts_with("Names are"));
        assert!(hint("password1").starts_with("Many people use this one"));
        assert!(hint("kettle orbit velvet").starts_with("That is the example"));
        assert!(hint("healing arc 2024").starts_with("Words about Healing Arc"));
        assert!(hint("zxcvbnm,./").starts_with("This would be easy"));
    }

    #[test]
    fn length_and_score_decide_together() {
        let empty = judged("", &[]);
        assert!(!empty.accepted && empty.label.is_empty() && !empty.hint.is_empty());
        let short = judged("Zq7#vT1", &[]);
        assert_eq!((short.accepted, short.label.as_str()), (false, "Too short"));
        let long = judged(&"river stones at dusk ".repeat(60), &[]);
        assert_eq!((long.accepted, long.label.as_str()), (false, "Too long"));
        let fine = judged(&"river stones at dusk ".repeat(48), &[]);
        assert!(fine.accepted, "{fine:?}");
        for p in ["river stones at dusk", "maple leaves in autumn"] {
            let s = judged(p, &["Alex", "Sam"]);
            assert!(s.accepted && s.score >= MIN_SCORE, "{p}: {s:?}");
        }
    }

    #[test]
    fn a_refusal_is_a_validation_error_with_the_verdicts_words() {
        let e = check("new_passphrase", &Passphrase::new("password1".into()), &[]).unwrap_err();
        assert_eq!(e.code, crate::error::ErrorCode::Validation);
        assert_eq!(e.field.as_deref(), Some("new_passphrase"));
        assert_eq!(e.message, judged("password1", &[]).hint);
        assert!(check("x", &Passphrase::new(String::new()), &[]).is_err());
        assert!(check("x", &Passphrase::new("river stones at dusk".into()), &[]).is_ok());
    }
}
