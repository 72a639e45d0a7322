//! Every limit the app holds input to, the profile colours and the phases' names, in one
//! place. The app, the commands and the export import use these; the UI gets them as
//! `ui/src/bindings/Rules.ts`, generated from `rules()` (commands/bindings.rs), so no
//! number is typed twice.

use serde::Serialize;
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::error::ModelError;
use super::phase::Phase;

/// About a century: how far back a history is replayed, how many days a scenario may
/// span, and the longest range a report covers.
pub const MAX_SPAN_DAYS: u32 = 36_600;
/// A partner's name, trimmed.
pub const NAME_MAX_CHARS: usize = 60;
/// One journal entry.
pub const JOURNAL_MAX_CHARS: usize = 50_000;
/// A check-in's note.
pub const NOTE_MAX_CHARS: usize = 20_000;
/// The private reason given for stepping back (or stored with a rupture).
pub const REASON_MAX_CHARS: usize = 500;
pub const PASSPHRASE_MIN_CHARS: usize = 8;
pub const PASSPHRASE_MAX_CHARS: usize = 1024;
/// A protected PDF's passphrase, in UTF-8 bytes: older readers and poppler's and xpdf's
/// command-line tools take no more (report/protect.rs).
pub const PDF_PASSPHRASE_MAX_BYTES: usize = 32;
pub const AUTO_LOCK_MIN_MINUTES: u32 = 1;
pub const AUTO_LOCK_MAX_MINUTES: u32 = 60;
pub const TRIGGERS_MIN: i32 = 0;
pub const TRIGGERS_MAX: i32 = 50;
pub const STANCE_MIN: i32 = -3;
pub const STANCE_MAX: i32 = 3;
/// How strongly a feeling was felt: 0 (not at all) ..= 4.
pub const EMOTION_MIN: i32 = 0;
pub const EMOTION_MAX: i32 = 4;
/// One question the partner who was hurt keeps.
pub const QUESTION_MAX_CHARS: usize = 2_000;
/// One answer to a question.
pub const ANSWER_MAX_CHARS: usize = 20_000;
/// Each text of a trigger-log entry (what set it off, what helped, the partner's note).
pub const TRIGGER_TEXT_MAX_CHARS: usize = 2_000;
/// How strong a trigger felt: 0 (barely) ..= 10 (as strong as it gets).
pub const TRIGGER_STRENGTH_MIN: i32 = 0;
pub const TRIGGER_STRENGTH_MAX: i32 = 10;
/// What an agreement says.
pub const AGREEMENT_WHAT_MAX_CHARS: usize = 1_000;
/// A note asking to look at an agreement again.
pub const AGREEMENT_NOTE_MAX_CHARS: usize = 500;
/// Every agreement is time-limited: its review day lies at most this far ahead.
pub const AGREEMENT_REVIEW_MAX_DAYS: u64 = 180;
/// Each of the two texts of a session page; with the gathered lists it prints on one page.
pub const SESSION_TEXT_MAX_CHARS: usize = 1_200;

/// A colour a partner can pick for their profile. Every colour has a name, so colour
/// is never the only signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Colour {
    pub name: &'static str,
    /// `#rrggbb`.
    pub hex: &'static str,
}

const fn colour(name: &'static str, hex: &'static str) -> Colour {
    Colour { name, hex }
}

/// The stored colour is an index into this list, so entries are only ever appended:
/// 0.1.0 stored indexes 0..8 and showed the first six exactly as here (the last two
/// fell back to the first one, so two profiles could look alike).
pub const PALETTE: [Colour; 8] = [
    colour("Plum", "#6b4fa0"),
    colour("Teal", "#2d7d7a"),
    colour("Amber", "#b7791f"),
    colour("Rose", "#b24a6b"),
    colour("Slate", "#4a5a73"),
    colour("Moss", "#5b7a2e"),
    colour("Blue", "#2f6fb3"),
    colour("Brown", "#7a5236"),
];

/// The palette's size as the stored index type.
pub const PALETTE_SIZE: u8 = PALETTE.len() as u8;

/// An inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Bounds {
    pub min: i32,
    pub max: i32,
}

/// A phase as the UI lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PhaseRule {
    pub id: Phase,
    pub number: u8,
    pub name: &'static str,
}

/// What the UI needs to check input the way the app will, and to name what crosses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Rules {
    pub name_max_chars: u32,
    pub journal_max_chars: u32,
    pub note_max_chars: u32,
    pub reason_max_chars: u32,
    pub passphrase_chars: Bounds,
    /// "My support": the self-care lines, one name or way to reach someone, people listed.
    pub self_care_max_chars: u32,
    pub support_line_max_chars: u32,
    pub support_people_max: u32,
    pub pdf_passphrase_max_bytes: u32,
    pub auto_lock_minutes: Bounds,
    pub triggers: Bounds,
    pub stance: Bounds,
    pub emotion: Bounds,
    pub agreement_what_max_chars: u32,
    pub agreement_note_max_chars: u32,
    pub agreement_review_max_days: u32,
    pub session_text_max_chars: u32,
    pub palette: Vec<Colour>,
    pub phases: Vec<PhaseRule>,
    pub question_max_chars: u32,
    pub answer_max_chars: u32,
    pub trigger_text_max_chars: u32,
    pub trigger_strength: Bounds,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn chars_bounds(min: usize, max: usize) -> Bounds {
    Bounds {
        min: i32::try_from(min).unwrap_or(i32::MAX),
        max: i32::try_from(max).unwrap_or(i32::MAX),
    }
}

pub fn rules() -> Rules {
    Rules {
        name_max_chars: count(NAME_MAX_CHARS),
        journal_max_chars: count(JOURNAL_MAX_CHARS),
        note_max_chars: count(NOTE_MAX_CHARS),
        reason_max_chars: count(REASON_MAX_CHARS),
        passphrase_chars: chars_bounds(PASSPHRASE_MIN_CHARS, PASSPHRASE_MAX_CHARS),
        self_care_max_chars: count(super::SELF_CARE_MAX_CHARS),
        support_line_max_chars: count(super::SUPPORT_LINE_MAX_CHARS),
        support_people_max: count(super::SUPPORT_PEOPLE_MAX),
        pdf_passphrase_max_bytes: count(PDF_PASSPHRASE_MAX_BYTES),
        auto_lock_minutes: Bounds {
            min: AUTO_LOCK_MIN_MINUTES as i32,
            max: AUTO_LOCK_MAX_MINUTES as i32,
        },
        triggers: Bounds {
            min: TRIGGERS_MIN,
            max: TRIGGERS_MAX,
        },
        stance: Bounds {
            min: STANCE_MIN,
            max: STANCE_MAX,
        },
        emotion: Bounds {
            min: EMOTION_MIN,
            max: EMOTION_MAX,
        },
        agreement_what_max_chars: count(AGREEMENT_WHAT_MAX_CHARS),
        agreement_note_max_chars: count(AGREEMENT_NOTE_MAX_CHARS),
        agreement_review_max_days: u32::try_from(AGREEMENT_REVIEW_MAX_DAYS).unwrap_or(u32::MAX),
        session_text_max_chars: count(SESSION_TEXT_MAX_CHARS),
        palette: PALETTE.to_vec(),
        phases: Phase::ALL
            .iter()
            .map(|&p| PhaseRule {
                id: p,
                number: p.number(),
                name: p.title(),
            })
            .collect(),
        question_max_chars: count(QUESTION_MAX_CHARS),
        answer_max_chars: count(ANSWER_MAX_CHARS),
        trigger_text_max_chars: count(TRIGGER_TEXT_MAX_CHARS),
        trigger_strength: Bounds {
            min: TRIGGER_STRENGTH_MIN,
            max: TRIGGER_STRENGTH_MAX,
        },
    }
}

/// `n` with a comma between thousands ("50,000"), as the messages write limits.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

/// A partner's name: trimmed, not empty, at most `NAME_MAX_CHARS`, on one line.
/// Returns the trimmed name.
pub fn check_name(name: &str) -> Result<&str, ModelError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ModelError::invalid(
            "name",
            "Please enter a name, or a nickname only you two would know.",
        ));
    }
    if too_long(name, NAME_MAX_CHARS) || name.chars().any(char::is_control) {
        return Err(ModelError::invalid(
            "name",
            format!("A name can be up to {NAME_MAX_CHARS} characters, on one line."),
        ));
    }
    Ok(name)
}

/// A stored colour index names one of the palette's colours.
pub fn check_colour(colour: u8) -> Result<(), ModelError> {
    if colour >= PALETTE_SIZE {
        return Err(ModelError::invalid(
            "colour",
            "Please pick one of the colours shown.",
        ));
    }
    Ok(())
}

/// A journal entry's text: something written, at most `JOURNAL_MAX_CHARS`.
pub fn check_journal_text(text: &str) -> Result<(), ModelError> {
    if text.trim().is_empty() {
        return Err(ModelError::invalid(
            "text",
            "There is nothing written yet. Write a few words first, or close without saving.",
        ));
    }
    if too_long(text, JOURNAL_MAX_CHARS) {
        return Err(ModelError::invalid(
            "text",
            format!(
                "An entry can be at most {} characters. You could split it in two.",
                grouped(JOURNAL_MAX_CHARS)
            ),
        ));
    }
    Ok(())
}

/// The optional private reason of a step back or a rupture.
pub fn check_reason(reason: Option<&str>) -> Result<(), ModelError> {
    if reason.is_some_and(|r| too_long(r, REASON_MAX_CHARS)) {
        return Err(ModelError::invalid(
            "reason",
            format!("Please keep the reason to {REASON_MAX_CHARS} characters or fewer."),
        ));
    }
    Ok(())
}

/// Minutes without use before the app locks itself.
pub fn check_auto_lock(minutes: u32) -> Result<(), ModelError> {
    if !(AUTO_LOCK_MIN_MINUTES..=AUTO_LOCK_MAX_MINUTES).contains(&minutes) {
        return Err(ModelError::invalid(
            "auto_lock_minutes",
            format!("Healing Arc can lock itself after {AUTO_LOCK_MIN_MINUTES} to {AUTO_LOCK_MAX_MINUTES} minutes without use."),
        ));
    }
    Ok(())
}

/// A required text of at most `max` characters, for `field` (a question, an answer,
/// what set a trigger off). `what` names it in the message.
pub fn check_text(field: &str, text: &str, max: usize, what: &str) -> Result<(), ModelError> {
    if text.trim().is_empty() {
        return Err(ModelError::invalid(
            field,
            format!("There is nothing written yet. Please write {what} first."),
        ));
    }
    check_optional_text(field, text, max)
}

/// An optional text of at most `max` characters.
pub fn check_optional_text(field: &str, text: &str, max: usize) -> Result<(), ModelError> {
    if too_long(text, max) {
        return Err(ModelError::invalid(
            field,
            format!(
                "This can be at most {} characters. You could shorten it.",
                grouped(max)
            ),
        ));
    }
    Ok(())
}

/// How strong a trigger felt, when the person said.
pub fn check_trigger_strength(strength: Option<i32>) -> Result<(), ModelError> {
    if strength.is_some_and(|s| !(TRIGGER_STRENGTH_MIN..=TRIGGER_STRENGTH_MAX).contains(&s)) {
        return Err(ModelError::invalid(
            "strength",
            format!("Please pick how strong it felt from {TRIGGER_STRENGTH_MIN} to {TRIGGER_STRENGTH_MAX}, or leave it out."),
        ));
    }
    Ok(())
}

/// Whether a passphrase's length is allowed (how strong it must be is the app's
/// strength check).
pub fn passphrase_length_ok(passphrase: &str) -> bool {
    (PASSPHRASE_MIN_CHARS..=PASSPHRASE_MAX_CHARS).contains(&passphrase.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_six_colours_are_the_ones_0_1_0_showed() {
        // What ui/src/lib/colours.ts of 0.1.0 showed for stored indexes 0..6.
        let shown = [
            ("Plum", "#6b4fa0"),
            ("Teal", "#2d7d7a"),
            ("Amber", "#b7791f"),
            ("Rose", "#b24a6b"),
            ("Slate", "#4a5a73"),
            ("Moss", "#5b7a2e"),
        ];
        for (i, (name, hex)) in shown.iter().enumerate() {
            assert_eq!(
                (PALETTE[i].name, PALETTE[i].hex),
                (*name, *hex),
                "colour {i}"
            );
        }
        // 0.1.0 accepted indexes up to 7: each must still name a colour.
        assert_eq!(PALETTE_SIZE, 8);
    }

    #[test]
    fn no_two_colours_look_alike_or_share_a_name() {
        for (i, a) in PALETTE.iter().enumerate() {
            assert!(a.hex.len() == 7 && a.hex.starts_with('#'), "{}", a.hex);
            for b in &PALETTE[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.hex, b.hex);
            }
        }
    }

    #[test]
    fn every_colour_index_below_the_size_is_accepted_and_none_above() {
        for i in 0..PALETTE_SIZE {
            assert!(check_colour(i).is_ok());
        }
        assert!(check_colour(PALETTE_SIZE).is_err());
    }

    #[test]
    fn names_are_trimmed_and_held_to_the_limit() {
        assert_eq!(check_name("  Sam ").unwrap(), "Sam");
        assert!(check_name(&"é".repeat(NAME_MAX_CHARS)).is_ok());
        let long = check_name(&"é".repeat(NAME_MAX_CHARS + 1)).unwrap_err();
        assert!(long.to_string().contains("up to 60 characters"), "{long}");
        assert!(check_name("a\nb").is_err());
        assert!(check_name("   ").is_err());
    }

    #[test]
    fn limits_hold_at_the_edge() {
        assert!(check_journal_text(&"a".repeat(JOURNAL_MAX_CHARS)).is_ok());
        let e = check_journal_text(&"a".repeat(JOURNAL_MAX_CHARS + 1)).unwrap_err();
        assert!(e.to_string().contains("at most 50,000 characters"), "{e}");
        assert!(check_reason(Some(&"a".repeat(REASON_MAX_CHARS))).is_ok());
        assert!(check_reason(Some(&"a".repeat(REASON_MAX_CHARS + 1))).is_err());
        assert!(check_reason(None).is_ok());
        assert!(check_auto_lock(0).is_err());
        assert!(check_auto_lock(1).is_ok() && check_auto_lock(60).is_ok());
        assert!(check_auto_lock(61).is_err());
        assert!(!passphrase_length_ok("1234567"));
        assert!(passphrase_length_ok("12345678"));
        assert!(passphrase_length_ok(&"é".repeat(1024)));
        assert!(!passphrase_length_ok(&"é".repeat(1025)));
    }

    #[test]
    fn question_and_trigger_limits_hold_at_the_edge_and_name_the_field() {
        let q = |t: &str| check_text("text", t, QUESTION_MAX_CHARS, "your question");
        assert!(q(&"é".repeat(QUESTION_MAX_CHARS)).is_ok());
        let e = q(&"é".repeat(QUESTION_MAX_CHARS + 1)).unwrap_err();
        assert!(e.to_string().contains("at most 2,000"), "{e}");
        assert!(
            matches!(&e, ModelError::Invalid { field, .. } if field == "text"),
            "{e:?}"
        );
        assert!(q("  ").is_err());
        assert!(check_optional_text("helped", "", TRIGGER_TEXT_MAX_CHARS).is_ok());
        assert!(check_trigger_strength(None).is_ok());
        assert!(
            check_trigger_strength(Some(0)).is_ok() && check_trigger_strength(Some(10)).is_ok()
        );
        assert!(check_trigger_strength(Some(-1)).is_err());
        assert!(check_trigger_strength(Some(11)).is_err());
        let r = rules();
        assert_eq!((r.trigger_strength.min, r.trigger_strength.max), (0, 10));
        assert_eq!(r.question_max_chars, 2_000);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(500), "500");
        assert_eq!(grouped(1024), "1,024");
        assert_eq!(grouped(50_000), "50,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn the_rules_list_every_phase_in_order_and_the_whole_palette() {
        let r = rules();
        let numbers: Vec<u8> = r.phases.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert_eq!(r.phases[0].name, "Steady the ground");
        assert_eq!(r.palette.len(), PALETTE.len());
        assert_eq!((r.stance.min, r.stance.max), (-3, 3));
        assert_eq!(r.passphrase_chars, Bounds { min: 8, max: 1024 });
    }
}
