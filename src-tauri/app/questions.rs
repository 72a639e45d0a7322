//! Questions the partner who was hurt needs answered, and the answers of the partner
//! who broke trust. One owner per record: a question is its asker's (private until they
//! share it; status and "it helped" are theirs to set), an answer is its answerer's,
//! written only to a question shared with them and always shared back to the asker.
//! Each side sees the other's record only while it sits in the other's part of the
//! couple space, so taking a question back takes it, and the answer shown with it, off
//! the answerer's screen in the same write.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::items::{self, Item, Reply};
use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
pub use crate::model::QuestionStatus;
use crate::model::{rules, Role, Visibility};
use crate::vault::{Changes, Slot};

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

impl Item for Question {
    const KIND: &'static str = KIND;
    const UNKNOWN: &'static str = "That item isn't known.";
    const GONE: &'static str = "That question isn't there any more.";

    fn id(&self) -> &str {
        &self.id
    }

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn may_create(role: Role) -> AppResult<()> {
        if role != Role::Ap {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "Questions are kept by the partner who was hurt. You can answer the ones they share with you.",
            ));
        }
        Ok(())
    }
}

impl Reply for Answer {
    const KIND: &'static str = ANSWER_KIND;
    const FIELD: &'static str = "question";
    const GONE: &'static str = "That answer isn't there any more.";
    const NOT_SHARED: &'static str = "Your partner isn't sharing that question with you any more.";
    type On = Question;

    fn on(&self) -> &str {
        &self.question
    }

    fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
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

/// The writes that store one question of the partner in `slot` (`items::stage`).
/// Asking, changing and importing all come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, q: &Question) -> AppResult<()> {
    items::stage(changes, slot, q)
}

/// The writes that store one answer of the partner in `slot`: their own copy and the
/// copy for the asker (an answer is always shared with them).
pub(crate) fn stage_answer(changes: &mut Changes, slot: Slot, a: &Answer) -> AppResult<()> {
    let mut a = a.clone();
    a.visibility = Visibility::from_parts(true, a.visibility.with_therapist());
    items::stage_reply(changes, slot, &a)
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
        id: items::new_id()?,
        created_at: now,
        updated_at: now,
        text,
        status: QuestionStatus::Open,
        helped: None,
        visibility,
    };
    items::create(state, &q)?;
    Ok(q)
}

/// Changes one of the unlocked partner's questions: its words, status, whether the
/// answer helped, and who sees it.
pub fn update(state: &AppState, id: &str, edit: QuestionEdit) -> AppResult<Question> {
    items::check_id::<Question>("id", id)?;
    check_question(&edit.text)?;
    items::update(state, id, |q: &mut Question| {
        q.text = edit.text;
        q.status = edit.status;
        q.helped = edit.helped;
        q.visibility = edit.visibility;
        q.updated_at = Utc::now();
    })
}

pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    items::delete::<Question>(state, id)
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
    items::check_id::<Question>("question", question)?;
    check_answer(&text)?;
    items::reply(state, question, now, |created_at| Answer {
        question: question.to_owned(),
        created_at,
        updated_at: now,
        text,
        visibility: Visibility::from_parts(true, therapist),
    })
}

/// Takes the unlocked partner's answer back, from both their copy and the asker's.
pub fn delete_answer(state: &AppState, question: &str) -> AppResult<()> {
    items::delete_reply::<Answer>(state, question)
}

/// The unlocked partner's own questions (all of them, with the answers given), and the
/// questions the partner shares with them (with their own answers), newest first. An
/// answer to a question no longer shared is not shown: it went with the question.
pub fn view(state: &AppState) -> AppResult<QuestionsView> {
    let newest = |q: &Question| q.created_at;
    let mine = items::with_replies::<Answer, _>(state, false, newest)?;
    let theirs = items::with_replies::<Answer, _>(state, true, newest)?;
    Ok(QuestionsView {
        mine: mine
            .into_iter()
            .map(|(question, answer)| MyQuestion { question, answer })
            .collect(),
        from_partner: theirs
            .into_iter()
            .map(|(question, my_answer)| PartnerQuestion {
                question,
                my_answer,
            })
            .collect(),
    })
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
