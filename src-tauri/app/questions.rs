//! Questions the partner who was hurt needs answered, and the answers of the partner
//! who broke trust. One owner per record: a question is its asker's (private until they
//! share it; status and "it helped" are theirs to set), an answer is its answerer's,
//! written only to a question shared with them and always shared back to the asker.
//! Each side sees the other's record only while it sits in the other's part of the
//! couple space, so taking a question back takes it, and the answer shown with it, off
//! the answerer's screen in the same write.

use chrono::{DateTime, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
pub use crate::model::QuestionStatus;
use crate::model::{rules, Role, Visibility};
use crate::vault::{Changes, Owner, Slot};

pub(crate) const KIND: &str = "question";
pub(crate) const ANSWER_KIND: &str = "answer";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// 32 hex digits, random.
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
    #[serde(default)]
    pub status: QuestionStatus,
    /// Whether the answer helped, when the asker said; nothing is scored or counted.
    #[serde(default)]
    pub helped: Option<bool>,
    pub visibility: Visibility,
}

/// An answer, stored under the id of the question it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
    /// Always with the partner (it is written for them); the therapist part is chosen.
    pub visibility: Visibility,
}

/// One of my questions, with the partner's answer if they gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyQuestion {
    pub question: Question,
    pub answer: Option<Answer>,
}

/// A question my partner shares with me, with my answer if I gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerQuestion {
    pub question: Question,
    pub my_answer: Option<Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuestionsView {
    pub mine: Vec<MyQuestion>,
    pub from_partner: Vec<PartnerQuestion>,
}

/// The fields a change of a question carries.
pub struct QuestionEdit {
    pub text: String,
    pub status: QuestionStatus,
    pub helped: Option<bool>,
    pub visibility: Visibility,
}

pub(crate) fn check_id(field: &str, id: &str) -> AppResult<()> {
    let ok = id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !ok {
        return Err(AppError::validation(field, "That item isn't known."));
    }
    Ok(())
}

pub(crate) fn new_id() -> AppResult<String> {
    let mut b = [0u8; 16];
    SystemRandom::new()
        .fill(&mut b)
        .map_err(|_| AppError::internal())?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn gone() -> AppError {
    AppError::new(ErrorCode::NotFound, "That question isn't there any more.")
}

fn check_question(text: &str) -> AppResult<()> {
    Ok(rules::check_text(
        "text",
        text,
        rules::QUESTION_MAX_CHARS,
        "your question",
    )?)
}

fn check_answer(text: &str) -> AppResult<()> {
    Ok(rules::check_text(
        "text",
        text,
        rules::ANSWER_MAX_CHARS,
        "your answer",
    )?)
}

/// The writes that store one question of the partner in `slot`: their own copy, and the
/// couple-space copy exactly while it is shared. Asking, changing and importing all
/// come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, q: &Question) -> AppResult<()> {
    changes.put(Owner::Mine, KIND, &q.id, q)?;
    if q.visibility.with_partner() {
        changes.put(Owner::SharedBy(slot), KIND, &q.id, q)?;
    } else {
        changes.delete(Owner::SharedBy(slot), KIND, &q.id);
    }
    Ok(())
}

/// The writes that store one answer of the partner in `slot`: their own copy and the
/// copy for the asker (an answer is always shared with them).
pub(crate) fn stage_answer(changes: &mut Changes, slot: Slot, a: &Answer) -> AppResult<()> {
    let mut a = a.clone();
    a.visibility = Visibility::from_parts(true, a.visibility.with_therapist());
    changes.put(Owner::Mine, ANSWER_KIND, &a.question, &a)?;
    changes.put(Owner::SharedBy(slot), ANSWER_KIND, &a.question, &a)?;
    Ok(())
}

pub fn ask(state: &AppState, text: String, visibility: Visibility) -> AppResult<Question> {
    ask_at(state, text, visibility, Utc::now())
}

/// A question asked at `now` (the demo's and the bench's lie in the past).
pub(crate) fn ask_at(
    state: &AppState,
    text: String,
    visibility: Visibility,
    now: DateTime<Utc>,
) -> AppResult<Question> {
    check_question(&text)?;
    let q = Question {
        id: new_id()?,
        created_at: now,
        updated_at: now,
        text,
        status: QuestionStatus::Open,
        helped: None,
        visibility,
    };
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    if session.role != Role::Ap {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            "Questions are kept by the partner who was hurt. You can answer the ones they share with you.",
        ));
    }
    let mut changes = Changes::new();
    stage(&mut changes, session.slot, &q)?;
    vault.apply(&session.keyring, changes)?;
    Ok(q)
}

/// Changes one of the unlocked partner's questions: its words, status, whether the
/// answer helped, and who sees it.
pub fn update(state: &AppState, id: &str, edit: QuestionEdit) -> AppResult<Question> {
    check_id("id", id)?;
    check_question(&edit.text)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut q: Question = vault
        .get(&session.keyring, Owner::Mine, KIND, id)?
        .ok_or_else(gone)?;
    q.text = edit.text;
    q.status = edit.status;
    q.helped = edit.helped;
    q.visibility = edit.visibility;
    q.updated_at = Utc::now();
    let mut changes = Changes::new();
    stage(&mut changes, session.slot, &q)?;
    vault.apply(&session.keyring, changes)?;
    Ok(q)
}

pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    check_id("id", id)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let q: Option<Question> = vault.get(&session.keyring, Owner::Mine, KIND, id)?;
    q.ok_or_else(gone)?;
    let mut changes = Changes::new();
    changes
        .delete(Owner::Mine, KIND, id)
        .delete(Owner::SharedBy(session.slot), KIND, id);
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// Answers (or answers again) a question the partner shares with the unlocked partner.
pub fn answer(
    state: &AppState,
    question: &str,
    text: String,
    therapist: bool,
) -> AppResult<Answer> {
    answer_at(state, question, text, therapist, Utc::now())
}

pub(crate) fn answer_at(
    state: &AppState,
    question: &str,
    text: String,
    therapist: bool,
    now: DateTime<Utc>,
) -> AppResult<Answer> {
    check_id("question", question)?;
    check_answer(&text)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let kr = &session.keyring;
    let shared: Option<Question> =
        vault.get_or_skip(kr, Owner::SharedBy(session.slot.other()), KIND, question)?;
    if shared.is_none() {
        return Err(AppError::new(
            ErrorCode::NotFound,
            "Your partner isn't sharing that question with you any more.",
        ));
    }
    let before: Option<Answer> = vault.get_or_skip(kr, Owner::Mine, ANSWER_KIND, question)?;
    let a = Answer {
        question: question.to_owned(),
        created_at: before.map_or(now, |b| b.created_at),
        updated_at: now,
        text,
        visibility: Visibility::from_parts(true, therapist),
    };
    let mut changes = Changes::new();
    stage_answer(&mut changes, session.slot, &a)?;
    vault.apply(kr, changes)?;
    Ok(a)
}

/// Takes the unlocked partner's answer back, from both their copy and the asker's.
pub fn delete_answer(state: &AppState, question: &str) -> AppResult<()> {
    check_id("question", question)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let a: Option<Answer> = vault.get(&session.keyring, Owner::Mine, ANSWER_KIND, question)?;
    a.ok_or_else(|| AppError::new(ErrorCode::NotFound, "That answer isn't there any more."))?;
    let mut changes = Changes::new();
    changes.delete(Owner::Mine, ANSWER_KIND, question).delete(
        Owner::SharedBy(session.slot),
        ANSWER_KIND,
        question,
    );
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The unlocked partner's own questions (all of them, with the answers given), and the
/// questions the partner shares with them (with their own answers), newest first. An
/// answer to a question no longer shared is not shown: it went with the question.
pub fn view(state: &AppState) -> AppResult<QuestionsView> {
    let mine: Vec<Question> = state.records(KIND, false)?;
    let answers_to_me: Vec<Answer> = state.records(ANSWER_KIND, true)?;
    let theirs: Vec<Question> = state.records(KIND, true)?;
    let my_answers: Vec<Answer> = state.records(ANSWER_KIND, false)?;
    let find = |list: &[Answer], id: &str| list.iter().find(|a| a.question == id).cloned();
    let mut out = QuestionsView {
        mine: mine
            .into_iter()
            .map(|q| MyQuestion {
                answer: find(&answers_to_me, &q.id),
                question: q,
            })
            .collect(),
        from_partner: theirs
            .into_iter()
            .map(|q| PartnerQuestion {
                my_answer: find(&my_answers, &q.id),
                question: q,
            })
            .collect(),
    };
    out.mine
        .sort_by_key(|m| std::cmp::Reverse(m.question.created_at));
    out.from_partner
        .sort_by_key(|p| std::cmp::Reverse(p.question.created_at));
    Ok(out)
}

/// The unlocked partner's own questions and answers, as stored (for the export and the
/// report).
pub fn own(state: &AppState) -> AppResult<(Vec<Question>, Vec<Answer>)> {
    let mut qs: Vec<Question> = state.records(KIND, false)?;
    qs.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let mut answers: Vec<Answer> = state.records(ANSWER_KIND, false)?;
    answers.sort_by(|a, b| (a.created_at, &a.question).cmp(&(b.created_at, &b.question)));
    Ok((qs, answers))
}

/// The unlocked partner's questions and answers as a report reads them (report/asked.rs
/// keeps only the ones chosen for the therapist).
pub fn report_notes(
    state: &AppState,
) -> AppResult<(
    Vec<crate::report::asked::QuestionNote>,
    Vec<crate::report::asked::AnswerNote>,
)> {
    use crate::report::asked::{AnswerNote, QuestionNote};
    let day = |t: DateTime<Utc>| t.with_timezone(&chrono::Local).date_naive();
    let (qs, answers) = own(state)?;
    Ok((
        qs.into_iter()
            .map(|q| QuestionNote {
                date: day(q.created_at),
                text: q.text,
                status: q.status,
                helped: q.helped,
                visibility: q.visibility,
            })
            .collect(),
        answers
            .into_iter()
            .map(|a| AnswerNote {
                date: day(a.updated_at),
                text: a.text,
                visibility: a.visibility,
            })
            .collect(),
    ))
}
