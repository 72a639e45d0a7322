//! Agreements between the partners and the page a partner prepares for their next
//! session, as stored and exported, with the rules their input is held to. Pure data:
//! who may change what, and what crosses, is decided in `app::agreements` and
//! `app::session_page`.
//!
//! An agreement is two-sided but every record has one owner: the proposer owns the
//! agreement (text, review date, their own ask to revisit); the other partner owns their
//! answer to it (confirmed, asked to revisit, withdrawn), tied to the revision they saw.
//! It is in force only while the answer confirms the current revision.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::error::ModelError;
use super::rules::{
    grouped, AGREEMENT_NOTE_MAX_CHARS, AGREEMENT_REVIEW_MAX_DAYS, AGREEMENT_WHAT_MAX_CHARS,
    SESSION_TEXT_MAX_CHARS,
};

/// The starting point an agreement was written from; none is preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    /// How contact with the affair partner ended, and what is allowed at work.
    ContactEnded,
    /// Openness about phone and whereabouts, for an agreed time (needs a review date).
    Openness,
    /// Time together.
    TimeTogether,
    /// Written from scratch.
    Own,
}

/// Whom an agreement asks something of, as its proposer wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The proposer.
    Me,
    /// The other partner.
    Partner,
    Both,
}

impl Who {
    /// The same person seen from the other partner's side.
    pub fn flipped(self) -> Who {
        match self {
            Who::Me => Who::Partner,
            Who::Partner => Who::Me,
            Who::Both => Who::Both,
        }
    }
}

/// An agreement as its proposer stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// 32 lowercase hex digits, random.
    pub id: String,
    pub kind: AgreementKind,
    pub what: String,
    pub who: Who,
    /// When the two look at it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_on: Option<NaiveDate>,
    /// Proposed to the partner (in the couple space); `false` is a private draft.
    pub proposed: bool,
    /// Counts proposals: an answer confirms one revision, so any change asks again.
    pub revision: u32,
    /// The proposer's own ask to look at it again, with their note for the partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revisit: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The other partner's answer to an agreement proposed to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Answer {
    Confirmed,
    /// Asked to look at it again, with a note for the proposer.
    Revisit {
        note: String,
    },
    /// Withdrew their part: it is not in force.
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementAnswer {
    /// The agreement's id.
    pub agreement: String,
    /// The revision answered.
    pub revision: u32,
    pub answer: Answer,
    pub date: NaiveDate,
}

/// "For my next session": private to its author; in a therapist report only when
/// marked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionPage {
    pub id: String,
    /// The session it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_on: Option<NaiveDate>,
    /// The last session: ruptures since then are gathered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_session_on: Option<NaiveDate>,
    /// What happened since the last session.
    pub happened: String,
    /// What they want to bring.
    pub bring: String,
    pub for_therapist: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

/// 32 lowercase hex digits.
pub fn is_record_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An agreement's text and review date, on `today`. Openness about phone and
/// whereabouts is only ever for an agreed time, so it needs a review date.
pub fn check_agreement(
    kind: AgreementKind,
    what: &str,
    review_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), ModelError> {
    if what.trim().is_empty() {
        return Err(ModelError::invalid(
            "what",
            "Please write what you agree on, in a sentence or two.",
        ));
    }
    if too_long(what, AGREEMENT_WHAT_MAX_CHARS) {
        return Err(ModelError::invalid(
            "what",
            format!(
                "An agreement can be up to {} characters. Shorter agreements are easier to keep and to look at again.",
                grouped(AGREEMENT_WHAT_MAX_CHARS)
            ),
        ));
    }
    match review_on {
        None if kind == AgreementKind::Openness => Err(ModelError::invalid(
            "review_on",
            "Openness about phone and whereabouts is for an agreed time. Please pick the day to look at it again together.",
        )),
        None => Ok(()),
        Some(d) if d <= today => Err(ModelError::invalid(
            "review_on",
            "Please pick a review day after today.",
        )),
        Some(d) if d > today + Days::new(AGREEMENT_REVIEW_MAX_DAYS) => Err(ModelError::invalid(
            "review_on",
            format!(
                "An agreement is looked at again within {AGREEMENT_REVIEW_MAX_DAYS} days. You can always renew it then."
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// A note asking to look at an agreement again: something written, not too long.
pub fn check_revisit_note(note: &str) -> Result<(), ModelError> {
    if note.trim().is_empty() {
        return Err(ModelError::invalid(
            "note",
            "Please write a few words about what you would like to look at again.",
        ));
    }
    if too_long(note, AGREEMENT_NOTE_MAX_CHARS) {
        return Err(ModelError::invalid(
            "note",
            format!(
                "A note can be up to {} characters.",
                grouped(AGREEMENT_NOTE_MAX_CHARS)
            ),
        ));
    }
    Ok(())
}

/// A session page's two texts (either may be empty, not both) and its dates.
pub fn check_session_page(
    happened: &str,
    bring: &str,
    session_on: Option<NaiveDate>,
    last_session_on: Option<NaiveDate>,
) -> Result<(), ModelError> {
    for (field, text) in [("happened", happened), ("bring", bring)] {
        if too_long(text, SESSION_TEXT_MAX_CHARS) {
            return Err(ModelError::invalid(
                field,
                format!(
                    "This part can be up to {} characters, so the page prints on one sheet.",
                    grouped(SESSION_TEXT_MAX_CHARS)
                ),
            ));
        }
    }
    if happened.trim().is_empty() && bring.trim().is_empty() {
        return Err(ModelError::invalid(
            "bring",
            "There is nothing written yet. A few words in either part are enough.",
        ));
    }
    if let (Some(last), Some(next)) = (last_session_on, session_on) {
        if last > next {
            return Err(ModelError::invalid(
                "last_session_on",
                "The last session comes after the next one. Please pick the dates again.",
            ));
        }
    }
    Ok(())
}

/// Every sentence above, for the voice test.
pub fn texts() -> Vec<String> {
    let day: NaiveDate = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut out = Vec::new();
    let mut push = |r: Result<(), ModelError>| {
        if let Err(e) = r {
            out.push(e.message().to_owned());
        }
    };
    push(check_agreement(AgreementKind::Own, " ", None, day));
    push(check_agreement(
        AgreementKind::Own,
        &"x".repeat(AGREEMENT_WHAT_MAX_CHARS + 1),
        None,
        day,
    ));
    push(check_agreement(AgreementKind::Openness, "x", None, day));
    push(check_agreement(AgreementKind::Own, "x", Some(day), day));
    push(check_agreement(
        AgreementKind::Own,
        "x",
        day.checked_add_days(Days::new(999)),
        day,
    ));
    push(check_revisit_note(" "));
    push(check_revisit_note(
        &"x".repeat(AGREEMENT_NOTE_MAX_CHARS + 1),
    ));
    push(check_session_page(
        &"x".repeat(SESSION_TEXT_MAX_CHARS + 1),
        "",
        None,
        None,
    ));
    push(check_session_page("", "", None, None));
    push(check_session_page(
        "x",
        "",
        Some(day),
        day.checked_add_days(Days::new(1)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn field(r: Result<(), ModelError>) -> Option<String> {
        r.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn openness_is_only_for_an_agreed_time() {
        let today = day("2026-03-01");
        assert_eq!(
            field(check_agreement(
                AgreementKind::Openness,
                "Phone open",
                None,
                today
            ))
            .as_deref(),
            Some("review_on")
        );
        assert!(check_agreement(AgreementKind::TimeTogether, "Walks", None, today).is_ok());
        let later = today + Days::new(AGREEMENT_REVIEW_MAX_DAYS);
        assert!(check_agreement(AgreementKind::Openness, "Phone open", Some(later), today).is_ok());
        assert_eq!(
            field(check_agreement(
                AgreementKind::Openness,
                "Phone open",
                Some(later + Days::new(1)),
                today
            ))
            .as_deref(),
            Some("review_on")
        );
        assert_eq!(
            field(check_agreement(AgreementKind::Own, "x", Some(today), today)).as_deref(),
            Some("review_on")
        );
    }

    #[test]
    fn every_text_rule_names_its_field() {
        assert_eq!(texts().len(), 10);
        assert_eq!(
            field(check_session_page("", " ", None, None)).as_deref(),
            Some("bring")
        );
        assert_eq!(
            field(check_session_page(
                "a",
                "",
                Some(day("2026-01-01")),
                Some(day("2026-01-02"))
            ))
            .as_deref(),
            Some("last_session_on")
        );
        assert_eq!(field(check_revisit_note("")).as_deref(), Some("note"));
    }
}
