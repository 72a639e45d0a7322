//! A partner's own data as one versioned JSON document (docs/REPORTS.md describes every
//! field), and the import parser for it: size-capped before parsing, then every rule
//! checked before anything is written. Pure (no store, no clock: `today` is given), so
//! the fuzz target in `fuzz/` builds this file on its own.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::rules::{self, REASON_MAX_CHARS};
use crate::model::{
    check_revisit_note, check_session_page, is_record_id, Agreement, AgreementAnswer,
    AgreementKind, Answer, Change, CheckIn, QuestionStatus, Role, SessionPage, SupportPlan, TaskId,
    Visibility,
};

pub const EXPORT_FORMAT: &str = "healing-arc/own-data";
pub const EXPORT_VERSION: u32 = 1;
/// Checked before a byte is parsed. Ten years of daily check-ins with long notes and a
/// thick journal stay well below it.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnData {
    /// Always "healing-arc/own-data".
    pub format: String,
    /// 1 for this layout; a later version is refused rather than half read.
    pub version: u32,
    pub profile: Profile,
    pub settings: Settings,
    /// Every check-in, oldest first, with its safety answer and share choices.
    pub checkins: Vec<CheckIn>,
    /// Journal entries, oldest first.
    pub journal: Vec<JournalItem>,
    /// The latest mark of each task, by task id.
    pub tasks: Vec<TaskItem>,
    /// This partner's advances, step backs and ruptures, with their own reasons.
    pub events: Vec<EventItem>,
    /// Their private "My support" plan; left out while it is empty (and absent from
    /// exports made before it existed).
    #[serde(default, skip_serializing_if = "SupportPlan::is_empty")]
    pub support: SupportPlan,
    /// Answers to the private "Together or apart" questions (none in older exports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reflections: Vec<ReflectionItem>,
    /// The parting, if one was recorded: kept for the person's record. An import does
    /// not carry it into a new vault (it was about that couple).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parting: Option<crate::model::Parting>,
    /// Questions this partner asked, oldest first (absent in exports made before them).
    #[serde(default)]
    pub questions: Vec<QuestionItem>,
    /// Answers this partner gave to the other's questions, by question id.
    #[serde(default)]
    pub answers: Vec<AnswerItem>,
    /// This partner's trigger log, oldest first.
    #[serde(default)]
    pub triggers: Vec<TriggerItem>,
    /// What this partner did that helped, on the other's shared trigger-log entries.
    #[serde(default)]
    pub trigger_help: Vec<TriggerHelpItem>,
    /// The agreements this partner wrote, drafts too (absent in older exports).
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    /// This partner's answers to agreements the other partner proposed.
    #[serde(default)]
    pub agreement_answers: Vec<AgreementAnswer>,
    /// Their pages for the next session.
    #[serde(default)]
    pub session_pages: Vec<SessionPage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectionItem {
    /// The question's id in the catalogue.
    pub id: String,
    pub text: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionItem {
    /// 32 lowercase hex digits.
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
    pub status: QuestionStatus,
    pub helped: Option<bool>,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerItem {
    /// The id of the question it answers.
    pub question: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
    /// Also in this partner's therapist reports.
    pub therapist: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerItem {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub date: NaiveDate,
    pub what: String,
    pub strength: Option<i32>,
    pub helped: String,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerHelpItem {
    /// The id of the entry it belongs to.
    pub trigger: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub auto_lock_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalItem {
    /// 32 lowercase hex digits.
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskItem {
    pub task: TaskId,
    pub done: bool,
    pub date: NaiveDate,
    pub visibility: Visibility,
}

/// The largest event number an import accepts.
pub const MAX_EVENT_SEQ: u64 = 1 << 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventItem {
    /// Orders events of one day; unique.
    pub seq: u64,
    pub date: NaiveDate,
    pub change: Change,
}

/// Why an import was refused: the field at fault (a JSON path such as
/// `checkins[3].stance`) and words for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub field: String,
    pub message: String,
}

fn bad(field: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError {
        field: field.into(),
        message: message.into(),
    }
}

pub fn to_json(d: &OwnData) -> String {
    // Plain data with string keys: serialising cannot fail.
    let mut s = serde_json::to_string_pretty(d).unwrap_or_default();
    s.push('\n');
    s
}

/// Parses and checks an export. `today` bounds dates (one day of grace, as for a
/// check-in). Nothing is trusted until this returns Ok.
pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<OwnData, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(bad(
            "file",
            "This file is larger than any Healing Arc export can be. Nothing was changed.",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let data: OwnData = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        // At the top level an unknown field is named by serde's message, not the path.
        let message = e.inner().to_string();
        let unknown = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(f, _)| f);
        let field = match (path.as_str(), unknown) {
            (".", Some(f)) => f.chars().take(80).collect(),
            (".", None) | ("?", _) => "file".to_owned(),
            (p, _) => p.to_owned(),
        };
        bad(
            field,
            "This file isn't a Healing Arc export, or part of it is damaged. Nothing was changed.",
        )
    })?;
    de.end().map_err(|_| {
        bad(
            "file",
            "This file has something after the export. Nothing was changed.",
        )
    })?;
    check(&data, today)?;
    Ok(data)
}

fn check(d: &OwnData, today: NaiveDate) -> Result<(), ImportError> {
    if d.format != EXPORT_FORMAT {
        return Err(bad(
            "format",
            "This file isn't a Healing Arc export. Nothing was changed.",
        ));
    }
    if d.version != EXPORT_VERSION {
        return Err(bad(
            "version",
            "This export was made by a different version of Healing Arc. Nothing was changed.",
        ));
    }
    if rules::check_name(&d.profile.name).is_err() {
        return Err(bad(
            "profile.name",
            "The name in this export can't be used. Nothing was changed.",
        ));
    }
    if rules::check_auto_lock(d.settings.auto_lock_minutes).is_err() {
        return Err(bad(
            "settings.auto_lock_minutes",
            "The auto-lock setting in this export is out of range. Nothing was changed.",
        ));
    }
    let role = d.profile.role;
    let latest = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let mut dates = std::collections::BTreeSet::new();
    for (i, c) in d.checkins.iter().enumerate() {
        if let Err(e) = c.validate(role, today) {
            let f = e.field().unwrap_or("input");
            return Err(bad(format!("checkins[{i}].{f}"), e.message().to_owned()));
        }
        if !dates.insert(c.date) {
            return Err(bad(
                format!("checkins[{i}].date"),
                "This export holds two check-ins for the same day. Nothing was changed.",
            ));
        }
    }
    let mut ids = std::collections::BTreeSet::new();
    for (i, j) in d.journal.iter().enumerate() {
        let hex = j.id.len() == 32
            && j.id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex || !ids.insert(j.id.as_str()) {
            return Err(bad(
                format!("journal[{i}].id"),
                "A journal entry in this export has a damaged or repeated id. Nothing was changed.",
            ));
        }
        if rules::check_journal_text(&j.text).is_err() {
            return Err(bad(
                format!("journal[{i}].text"),
                "A journal entry in this export is empty or too long. Nothing was changed.",
            ));
        }
        if j.created_at.date_naive() > latest || j.updated_at.date_naive() > latest {
            return Err(bad(
                format!("journal[{i}].created_at"),
                "A journal entry in this export is dated in the future. Nothing was changed.",
            ));
        }
    }
    check_asked(d, latest)?;
    let mut tasks = std::collections::BTreeSet::new();
    for (i, t) in d.tasks.iter().enumerate() {
        if !t.task.belongs_to(role) || !tasks.insert(t.task) {
            return Err(bad(
                format!("tasks[{i}].task"),
                "A task in this export belongs to the other role or is listed twice. Nothing was changed.",
            ));
        }
        if t.date > latest {
            return Err(bad(
                format!("tasks[{i}].date"),
                "A task in this export is dated in the future. Nothing was changed.",
            ));
        }
    }
    let mut answered = std::collections::BTreeSet::new();
    for (i, r) in d.reflections.iter().enumerate() {
        let known = crate::model::apart()
            .reflection
            .iter()
            .any(|p| p.id == r.id);
        if !known || !answered.insert(r.id.as_str()) {
            return Err(bad(
                format!("reflections[{i}].id"),
                "An answer in this export names a question Healing Arc does not have, or one twice. Nothing was changed.",
            ));
        }
        if rules::check_journal_text(&r.text).is_err() || r.date > latest {
            return Err(bad(
                format!("reflections[{i}].text"),
                "An answer in this export is empty, too long or dated in the future. Nothing was changed.",
            ));
        }
    }
    let mut seqs = std::collections::BTreeSet::new();
    for (i, e) in d.events.iter().enumerate() {
        // Far above any real count, so numbers after it never run out.
        if e.seq > MAX_EVENT_SEQ {
            return Err(bad(
                format!("events[{i}].seq"),
                "A phase change in this export has a number no Healing Arc export uses. Nothing was changed.",
            ));
        }
        if !seqs.insert(e.seq) {
            return Err(bad(
                format!("events[{i}].seq"),
                "Two phase changes in this export share a number. Nothing was changed.",
            ));
        }
        if e.date > latest {
            return Err(bad(
                format!("events[{i}].date"),
                "A phase change in this export is dated in the future. Nothing was changed.",
            ));
        }
        if let Change::Rupture {
            agreement: Some(id),
            ..
        } = &e.change
        {
            if !is_record_id(id) {
                return Err(bad(
                    format!("events[{i}].change.agreement"),
                    "A rupture in this export names a damaged agreement. Nothing was changed.",
                ));
            }
        }
        let reason = match &e.change {
            Change::StepBack { reason, .. } | Change::Rupture { reason, .. } => reason.as_deref(),
            Change::Advance | Change::ReadyToRebuild | Change::WithdrawReady => None,
        };
        if rules::check_reason(reason).is_err() {
            return Err(bad(
                format!("events[{i}].change.reason"),
                format!("A reason in this export is longer than {REASON_MAX_CHARS} characters. Nothing was changed."),
            ));
        }
    }
    if let Err(e) = d.support.check() {
        let f = e.field().unwrap_or("input");
        return Err(bad(
            format!("support.{f}"),
            "The support plan in this export can't be used. Nothing was changed.",
        ));
    }
    check_agreements(d, latest)
}

fn is_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Questions, answers, the trigger log and the partner's notes on it: ids, lengths,
/// strengths and dates, with the same limits as the app.
fn check_asked(d: &OwnData, latest: NaiveDate) -> Result<(), ImportError> {
    use std::collections::BTreeSet;
    let id_msg = "An item in this export has a damaged or repeated id. Nothing was changed.";
    let text_msg = "A text in this export is empty or too long. Nothing was changed.";
    let date_msg = "An item in this export is dated in the future. Nothing was changed.";
    let when =
        |c: &DateTime<Utc>, u: &DateTime<Utc>| c.date_naive() <= latest && u.date_naive() <= latest;
    let mut ids = BTreeSet::new();
    for (i, q) in d.questions.iter().enumerate() {
        if d.profile.role != Role::Ap {
            return Err(bad(
                format!("questions[{i}]"),
                "Questions are kept by the partner who was hurt; this export belongs to the other role. Nothing was changed.",
            ));
        }
        if !is_id(&q.id) || !ids.insert(q.id.as_str()) {
            return Err(bad(format!("questions[{i}].id"), id_msg));
        }
        if rules::check_text("text", &q.text, rules::QUESTION_MAX_CHARS, "").is_err() {
            return Err(bad(format!("questions[{i}].text"), text_msg));
        }
        if !when(&q.created_at, &q.updated_at) {
            return Err(bad(format!("questions[{i}].created_at"), date_msg));
        }
    }
    let mut ids = BTreeSet::new();
    for (i, a) in d.answers.iter().enumerate() {
        if !is_id(&a.question) || !ids.insert(a.question.as_str()) {
            return Err(bad(format!("answers[{i}].question"), id_msg));
        }
        if rules::check_text("text", &a.text, rules::ANSWER_MAX_CHARS, "").is_err() {
            return Err(bad(format!("answers[{i}].text"), text_msg));
        }
        if !when(&a.created_at, &a.updated_at) {
            return Err(bad(format!("answers[{i}].created_at"), date_msg));
        }
    }
    let mut ids = BTreeSet::new();
    for (i, t) in d.triggers.iter().enumerate() {
        if !is_id(&t.id) || !ids.insert(t.id.as_str()) {
            return Err(bad(format!("triggers[{i}].id"), id_msg));
        }
        let max = rules::TRIGGER_TEXT_MAX_CHARS;
        if rules::check_text("what", &t.what, max, "").is_err() {
            return Err(bad(format!("triggers[{i}].what"), text_msg));
        }
        if rules::check_optional_text("helped", &t.helped, max).is_err() {
            return Err(bad(format!("triggers[{i}].helped"), text_msg));
        }
        if rules::check_trigger_strength(t.strength).is_err() {
            return Err(bad(
                format!("triggers[{i}].strength"),
                "A strength in this export is out of range. Nothing was changed.",
            ));
        }
        if t.date > latest || !when(&t.created_at, &t.updated_at) {
            return Err(bad(format!("triggers[{i}].date"), date_msg));
        }
    }
    let mut ids = BTreeSet::new();
    for (i, h) in d.trigger_help.iter().enumerate() {
        if !is_id(&h.trigger) || !ids.insert(h.trigger.as_str()) {
            return Err(bad(format!("trigger_help[{i}].trigger"), id_msg));
        }
        let max = rules::TRIGGER_TEXT_MAX_CHARS;
        if rules::check_text("text", &h.text, max, "").is_err() {
            return Err(bad(format!("trigger_help[{i}].text"), text_msg));
        }
        if !when(&h.created_at, &h.updated_at) {
            return Err(bad(format!("trigger_help[{i}].created_at"), date_msg));
        }
    }
    Ok(())
}

/// Agreements, answers and session pages: ids, texts and dates. A review day may lie in
/// the past by now; openness still needs one.
fn check_agreements(d: &OwnData, latest: NaiveDate) -> Result<(), ImportError> {
    let mut ids = std::collections::BTreeSet::new();
    for (i, a) in d.agreements.iter().enumerate() {
        if !is_record_id(&a.id) || !ids.insert(a.id.as_str()) {
            return Err(bad(
                format!("agreements[{i}].id"),
                "An agreement in this export has a damaged or repeated id. Nothing was changed.",
            ));
        }
        let what_ok =
            !a.what.trim().is_empty() && a.what.chars().count() <= rules::AGREEMENT_WHAT_MAX_CHARS;
        if !what_ok {
            return Err(bad(
                format!("agreements[{i}].what"),
                "An agreement in this export is empty or too long. Nothing was changed.",
            ));
        }
        if a.kind == AgreementKind::Openness && a.review_on.is_none() {
            return Err(bad(
                format!("agreements[{i}].review_on"),
                "An agreement about openness in this export has no review day. Nothing was changed.",
            ));
        }
        if a.revisit
            .as_deref()
            .is_some_and(|n| check_revisit_note(n).is_err())
        {
            return Err(bad(
                format!("agreements[{i}].revisit"),
                "A note in this export is empty or too long. Nothing was changed.",
            ));
        }
        if a.created_at.date_naive() > latest || a.updated_at.date_naive() > latest {
            return Err(bad(
                format!("agreements[{i}].created_at"),
                "An agreement in this export is dated in the future. Nothing was changed.",
            ));
        }
    }
    let mut answered = std::collections::BTreeSet::new();
    for (i, b) in d.agreement_answers.iter().enumerate() {
        if !is_record_id(&b.agreement) || !answered.insert(b.agreement.as_str()) {
            return Err(bad(
                format!("agreement_answers[{i}].agreement"),
                "An answer in this export names a damaged or repeated agreement. Nothing was changed.",
            ));
        }
        if let Answer::Revisit { note } = &b.answer {
            if check_revisit_note(note).is_err() {
                return Err(bad(
                    format!("agreement_answers[{i}].note"),
                    "A note in this export is empty or too long. Nothing was changed.",
                ));
            }
        }
        if b.date > latest {
            return Err(bad(
                format!("agreement_answers[{i}].date"),
                "An answer in this export is dated in the future. Nothing was changed.",
            ));
        }
    }
    let mut pages = std::collections::BTreeSet::new();
    for (i, p) in d.session_pages.iter().enumerate() {
        if !is_record_id(&p.id) || !pages.insert(p.id.as_str()) {
            return Err(bad(
                format!("session_pages[{i}].id"),
                "A session page in this export has a damaged or repeated id. Nothing was changed.",
            ));
        }
        if let Err(e) = check_session_page(&p.happened, &p.bring, p.session_on, p.last_session_on) {
            let f = e.field().unwrap_or("bring");
            return Err(bad(
                format!("session_pages[{i}].{f}"),
                e.message().to_owned(),
            ));
        }
        if p.created_at.date_naive() > latest || p.updated_at.date_naive() > latest {
            return Err(bad(
                format!("session_pages[{i}].created_at"),
                "A session page in this export is dated in the future. Nothing was changed.",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        "2026-03-10".parse().unwrap()
    }

    fn sample() -> OwnData {
        OwnData {
            reflections: Vec::new(),
            parting: None,
            format: EXPORT_FORMAT.into(),
            version: 1,
            profile: Profile {
                name: "Sam".into(),
                role: Role::Op,
            },
            settings: Settings {
                auto_lock_minutes: 5,
            },
            checkins: vec![CheckIn::neutral(today())],
            journal: vec![],
            tasks: vec![],
            events: vec![],
            support: SupportPlan::default(),
            questions: vec![],
            answers: vec![],
            triggers: vec![],
            trigger_help: vec![],
            agreements: vec![],
            agreement_answers: vec![],
            session_pages: vec![],
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn trigger() -> TriggerItem {
        TriggerItem {
            id: "ab".repeat(16),
            created_at: at("2026-03-01T10:00:00Z"),
            updated_at: at("2026-03-01T10:00:00Z"),
            date: "2026-03-01".parse().unwrap(),
            what: "A song".into(),
            strength: Some(6),
            helped: String::new(),
            visibility: Visibility::Private,
        }
    }

    #[test]
    fn an_export_from_before_questions_and_triggers_still_parses() {
        let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample())).unwrap();
        for k in ["questions", "answers", "triggers", "trigger_help"] {
            v.as_object_mut().unwrap().remove(k);
        }
        let d = parse(v.to_string().as_bytes(), today()).unwrap();
        assert!(d.questions.is_empty() && d.triggers.is_empty());
    }

    #[test]
    fn questions_and_triggers_round_trip_and_their_broken_rules_name_the_field() {
        let mut d = sample();
        d.triggers.push(trigger());
        d.answers.push(AnswerItem {
            question: "cd".repeat(16),
            created_at: at("2026-03-02T10:00:00Z"),
            updated_at: at("2026-03-02T10:00:00Z"),
            text: "Here is what happened".into(),
            therapist: false,
        });
        assert_eq!(parse(to_json(&d).as_bytes(), today()), Ok(d.clone()));
        type Edit = Box<dyn Fn(&mut OwnData)>;
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|d| d.triggers[0].strength = Some(11)),
                "triggers[0].strength",
            ),
            (
                Box::new(|d| d.triggers[0].what = " ".into()),
                "triggers[0].what",
            ),
            (Box::new(|d| d.triggers.push(trigger())), "triggers[1].id"),
            (
                Box::new(|d| d.triggers[0].date = "2027-01-01".parse().unwrap()),
                "triggers[0].date",
            ),
            (
                Box::new(|d| d.answers[0].question = "x".into()),
                "answers[0].question",
            ),
            // A question belongs to the partner who was hurt; the sample is the other.
            (
                Box::new(|d| {
                    d.questions.push(QuestionItem {
                        id: "ef".repeat(16),
                        created_at: at("2026-03-02T10:00:00Z"),
                        updated_at: at("2026-03-02T10:00:00Z"),
                        text: "Why?".into(),
                        status: QuestionStatus::Open,
                        helped: None,
                        visibility: Visibility::Private,
                    })
                }),
                "questions[0]",
            ),
        ];
        for (edit, field) in cases {
            let mut d = d.clone();
            edit(&mut d);
            let e = parse(to_json(&d).as_bytes(), today()).unwrap_err();
            assert_eq!(e.field, field);
        }
    }

    #[test]
    fn a_support_plan_travels_and_a_bad_one_is_refused_by_its_field() {
        let mut d = sample();
        assert!(
            !to_json(&d).contains("support"),
            "an empty plan is left out"
        );
        d.support.self_care = "Walk at lunch.".into();
        d.support.people = vec![crate::model::SupportPerson {
            name: "Mira".into(),
            reach: "0151 222 333".into(),
        }];
        assert_eq!(parse(to_json(&d).as_bytes(), today()), Ok(d.clone()));
        d.support.people[0].name.clear();
        let err = parse(to_json(&d).as_bytes(), today()).unwrap_err();
        assert_eq!(err.field, "support.people[0].name");
    }

    #[test]
    fn the_fuzz_seed_is_a_valid_export() {
        let seed = include_str!("../../fuzz/seeds/import/small.json");
        let d = parse(seed.as_bytes(), today()).unwrap();
        assert_eq!(d.events.len(), 2);
        assert_eq!(parse(to_json(&d).as_bytes(), today()), Ok(d));
    }

    #[test]
    fn a_sample_round_trips() {
        let d = sample();
        assert_eq!(parse(to_json(&d).as_bytes(), today()), Ok(d));
    }

    #[test]
    fn every_broken_rule_names_its_field() {
        type Edit = Box<dyn Fn(&mut OwnData)>;
        let cases: Vec<(Edit, &str)> = vec![
            (Box::new(|d| d.version = 2), "version"),
            (Box::new(|d| d.format = "x".into()), "format"),
            (Box::new(|d| d.profile.name = " ".into()), "profile.name"),
            (
                Box::new(|d| d.settings.auto_lock_minutes = 0),
                "settings.auto_lock_minutes",
            ),
            (Box::new(|d| d.checkins[0].stance = 9), "checkins[0].stance"),
            (
                Box::new(|d| d.checkins.push(CheckIn::neutral(today()))),
                "checkins[1].date",
            ),
            (
                Box::new(|d| d.checkins[0].date = "2027-01-01".parse().unwrap()),
                "checkins[0].date",
            ),
        ];
        for (edit, field) in cases {
            let mut d = sample();
            edit(&mut d);
            let e = parse(to_json(&d).as_bytes(), today()).unwrap_err();
            assert_eq!(e.field, field);
        }
        assert_eq!(parse(b"{", today()).unwrap_err().field, "file");
        assert_eq!(
            parse(br#"{"format": 1}"#, today()).unwrap_err().field,
            "format"
        );
        let big = vec![b' '; MAX_IMPORT_BYTES as usize + 1];
        assert_eq!(parse(&big, today()).unwrap_err().field, "file");
    }
}
