//! Commands for questions and answers, and for the trigger log.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

use super::input::{blocking, with_input};
use crate::app::questions::{self, Answer, Question, QuestionEdit, QuestionStatus, QuestionsView};
use crate::app::triggers::{self, Trigger, TriggerEdit, TriggerHelp, TriggersView};
use crate::app::AppState;
use crate::error::AppResult;
use crate::model::Visibility;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "Question")]
pub struct QuestionDto {
    pub id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    pub text: String,
    pub status: QuestionStatus,
    /// Whether the answer helped, when the asker said.
    pub helped: Option<bool>,
    pub visibility: Visibility,
}

impl From<Question> for QuestionDto {
    fn from(q: Question) -> Self {
        QuestionDto {
            id: q.id,
            created_at: q.created_at.to_rfc3339(),
            updated_at: q.updated_at.to_rfc3339(),
            text: q.text,
            status: q.status,
            helped: q.helped,
            visibility: q.visibility,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "Answer")]
pub struct AnswerDto {
    pub question: String,
    pub created_at: String,
    pub updated_at: String,
    pub text: String,
    /// Also in the answerer's therapist report.
    pub therapist: bool,
}

impl From<Answer> for AnswerDto {
    fn from(a: Answer) -> Self {
        AnswerDto {
            question: a.question,
            created_at: a.created_at.to_rfc3339(),
            updated_at: a.updated_at.to_rfc3339(),
            text: a.text,
            therapist: a.visibility.with_therapist(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct QuestionItem {
    pub question: QuestionDto,
    /// Mine: the partner's answer. From the partner: my answer.
    pub answer: Option<AnswerDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "QuestionsView")]
pub struct QuestionsViewDto {
    pub mine: Vec<QuestionItem>,
    pub from_partner: Vec<QuestionItem>,
}

impl From<QuestionsView> for QuestionsViewDto {
    fn from(v: QuestionsView) -> Self {
        QuestionsViewDto {
            mine: v
                .mine
                .into_iter()
                .map(|m| QuestionItem {
                    question: m.question.into(),
                    answer: m.answer.map(Into::into),
                })
                .collect(),
            from_partner: v
                .from_partner
                .into_iter()
                .map(|p| QuestionItem {
                    question: p.question.into(),
                    answer: p.my_answer.map(Into::into),
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QuestionInput {
    pub text: String,
    /// Private unless chosen otherwise.
    #[ts(optional, as = "Option<Visibility>")]
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QuestionUpdateInput {
    pub id: String,
    pub text: String,
    pub status: QuestionStatus,
    pub helped: Option<bool>,
    pub visibility: Visibility,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    pub question: String,
    pub text: String,
    #[ts(optional, as = "Option<bool>")]
    #[serde(default)]
    pub therapist: bool,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QuestionIdInput {
    pub question: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "TriggerEntry")]
pub struct TriggerDto {
    pub id: String,
    /// YYYY-MM-DD: the day it happened.
    pub date: String,
    pub created_at: String,
    pub what: String,
    pub strength: Option<i32>,
    pub helped: String,
    pub visibility: Visibility,
}

impl From<Trigger> for TriggerDto {
    fn from(t: Trigger) -> Self {
        TriggerDto {
            id: t.id,
            date: t.date.format("%Y-%m-%d").to_string(),
            created_at: t.created_at.to_rfc3339(),
            what: t.what,
            strength: t.strength,
            helped: t.helped,
            visibility: t.visibility,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "TriggerHelp")]
pub struct TriggerHelpDto {
    pub trigger: String,
    pub updated_at: String,
    pub text: String,
}

impl From<TriggerHelp> for TriggerHelpDto {
    fn from(h: TriggerHelp) -> Self {
        TriggerHelpDto {
            trigger: h.trigger,
            updated_at: h.updated_at.to_rfc3339(),
            text: h.text,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TriggerItem {
    pub entry: TriggerDto,
    /// Mine: the partner's note. From the partner: my note.
    pub help: Option<TriggerHelpDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "TriggersView")]
pub struct TriggersViewDto {
    pub mine: Vec<TriggerItem>,
    pub from_partner: Vec<TriggerItem>,
}

impl From<TriggersView> for TriggersViewDto {
    fn from(v: TriggersView) -> Self {
        TriggersViewDto {
            mine: v
                .mine
                .into_iter()
                .map(|m| TriggerItem {
                    entry: m.trigger.into(),
                    help: m.partner_help.map(Into::into),
                })
                .collect(),
            from_partner: v
                .from_partner
                .into_iter()
                .map(|p| TriggerItem {
                    entry: p.trigger.into(),
                    help: p.my_help.map(Into::into),
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TriggerInput {
    pub what: String,
    /// 0..=10, or left out.
    #[ts(optional, as = "Option<i32>")]
    #[serde(default)]
    pub strength: Option<i32>,
    #[ts(optional, as = "Option<String>")]
    #[serde(default)]
    pub helped: String,
    #[ts(optional, as = "Option<Visibility>")]
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TriggerUpdateInput {
    pub id: String,
    pub what: String,
    pub strength: Option<i32>,
    pub helped: String,
    pub visibility: Visibility,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TriggerHelpInput {
    pub trigger: String,
    pub text: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TriggerIdInput {
    pub trigger: String,
}

impl TriggerInput {
    fn edit(self) -> TriggerEdit {
        TriggerEdit {
            what: self.what,
            strength: self.strength,
            helped: self.helped,
            visibility: self.visibility,
        }
    }
}

impl TriggerUpdateInput {
    /// The entry's id, and the fields as a new entry would carry them.
    fn edit(self) -> (String, TriggerEdit) {
        let TriggerUpdateInput {
            id,
            what,
            strength,
            helped,
            visibility,
        } = self;
        let entry = TriggerInput {
            what,
            strength,
            helped,
            visibility,
        };
        (id, entry.edit())
    }
}

#[tauri::command]
pub async fn question_ask(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<QuestionDto> {
    with_input(&state, input, |st, i: QuestionInput| {
        questions::ask(st, i.text, i.visibility).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn question_update(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<QuestionDto> {
    with_input(&state, input, |st, i: QuestionUpdateInput| {
        let edit = QuestionEdit {
            text: i.text,
            status: i.status,
            helped: i.helped,
            visibility: i.visibility,
        };
        questions::update(st, &i.id, edit).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn question_delete(state: State<'_, AppState>, input: Option<Value>) -> AppResult<()> {
    with_input(&state, input, |st, i: QuestionIdInput| {
        questions::delete(st, &i.question)
    })
    .await
}

#[tauri::command]
pub async fn question_answer(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<AnswerDto> {
    with_input(&state, input, |st, i: AnswerInput| {
        questions::answer(st, &i.question, i.text, i.therapist).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn question_answer_delete(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<()> {
    with_input(&state, input, |st, i: QuestionIdInput| {
        questions::delete_answer(st, &i.question)
    })
    .await
}

#[tauri::command]
pub async fn questions_view(state: State<'_, AppState>) -> AppResult<QuestionsViewDto> {
    blocking(&state, |st| questions::view(st).map(Into::into)).await
}

#[tauri::command]
pub async fn trigger_log(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<TriggerDto> {
    with_input(&state, input, |st, i: TriggerInput| {
        triggers::log(st, i.edit()).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn trigger_update(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<TriggerDto> {
    with_input(&state, input, |st, i: TriggerUpdateInput| {
        let (id, edit) = i.edit();
        triggers::update(st, &id, edit).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn trigger_delete(state: State<'_, AppState>, input: Option<Value>) -> AppResult<()> {
    with_input(&state, input, |st, i: TriggerIdInput| {
        triggers::delete(st, &i.trigger)
    })
    .await
}

#[tauri::command]
pub async fn trigger_help(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<TriggerHelpDto> {
    with_input(&state, input, |st, i: TriggerHelpInput| {
        triggers::add_help(st, &i.trigger, i.text).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn trigger_help_delete(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<()> {
    with_input(&state, input, |st, i: TriggerIdInput| {
        triggers::delete_help(st, &i.trigger)
    })
    .await
}

#[tauri::command]
pub async fn triggers_view(state: State<'_, AppState>) -> AppResult<TriggersViewDto> {
    blocking(&state, |st| triggers::view(st).map(Into::into)).await
}
