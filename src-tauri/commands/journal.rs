//! Commands for journal entries and task states.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

use super::input::{blocking, with_input};
use crate::app::journal::{self, JournalEntry};
use crate::app::tasks::{self, TaskState};
use crate::app::AppState;
use crate::error::AppResult;
use crate::model::{TaskId, Visibility};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "JournalEntry")]
pub struct JournalEntryDto {
    pub id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    pub text: String,
    pub visibility: Visibility,
}

impl From<JournalEntry> for JournalEntryDto {
    fn from(e: JournalEntry) -> Self {
        JournalEntryDto {
            id: e.id,
            created_at: e.created_at.to_rfc3339(),
            updated_at: e.updated_at.to_rfc3339(),
            text: e.text,
            visibility: e.visibility,
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JournalInput {
    pub text: String,
    /// Private unless chosen otherwise.
    #[ts(optional, as = "Option<Visibility>")]
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JournalUpdateInput {
    pub id: String,
    pub text: String,
    pub visibility: Visibility,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IdInput {
    pub id: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "TaskState")]
pub struct TaskStateDto {
    pub task: TaskId,
    pub done: bool,
    /// YYYY-MM-DD: when it was last marked.
    pub date: String,
    pub visibility: Visibility,
}

impl From<TaskState> for TaskStateDto {
    fn from(t: TaskState) -> Self {
        TaskStateDto {
            task: t.task,
            done: t.done,
            date: t.date.format("%Y-%m-%d").to_string(),
            visibility: t.visibility,
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    pub task: TaskId,
    pub done: bool,
    #[ts(optional, as = "Option<Visibility>")]
    #[serde(default)]
    pub visibility: Visibility,
}

fn all<T, D: From<T>>(v: Vec<T>) -> Vec<D> {
    v.into_iter().map(Into::into).collect()
}

#[tauri::command]
pub async fn journal_create(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<JournalEntryDto> {
    with_input(&state, input, |st, i: JournalInput| {
        journal::create(st, i.text, i.visibility).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn journal_update(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<JournalEntryDto> {
    with_input(&state, input, |st, i: JournalUpdateInput| {
        journal::update(st, &i.id, i.text, i.visibility).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn journal_delete(state: State<'_, AppState>, input: Option<Value>) -> AppResult<()> {
    with_input(&state, input, |st, i: IdInput| journal::delete(st, &i.id)).await
}

#[tauri::command]
pub async fn journal_list(state: State<'_, AppState>) -> AppResult<Vec<JournalEntryDto>> {
    blocking(&state, |st| journal::list(st).map(all)).await
}

/// The entries the partner chose to share.
#[tauri::command]
pub async fn journal_partner_list(state: State<'_, AppState>) -> AppResult<Vec<JournalEntryDto>> {
    blocking(&state, |st| journal::partner_list(st).map(all)).await
}

#[tauri::command]
pub async fn task_set(state: State<'_, AppState>, input: Option<Value>) -> AppResult<TaskStateDto> {
    with_input(&state, input, |st, i: TaskInput| {
        tasks::set(st, i.task, i.done, i.visibility).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn task_list(state: State<'_, AppState>) -> AppResult<Vec<TaskStateDto>> {
    blocking(&state, |st| tasks::list(st).map(all)).await
}

#[tauri::command]
pub async fn task_partner_list(state: State<'_, AppState>) -> AppResult<Vec<TaskStateDto>> {
    blocking(&state, |st| tasks::partner_list(st).map(all)).await
}
