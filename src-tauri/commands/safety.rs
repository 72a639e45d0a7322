//! The private safety check's two commands. Neither takes an answer: the answers stay
//! in the page (docs/SAFETY.md).

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::input::blocking;
use crate::app::{safety_check, AppState};
use crate::error::AppResult;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SafetyCheckStatus {
    /// The quiet, private prompt shows: by the date alone, never by an answer.
    pub due: bool,
}

#[tauri::command]
pub async fn safety_check_status(state: State<'_, AppState>) -> AppResult<SafetyCheckStatus> {
    blocking(state.inner(), |s| {
        safety_check::due(s).map(|due| SafetyCheckStatus { due })
    })
    .await
}

/// The check was offered and closed, however it was closed.
#[tauri::command]
pub async fn safety_check_offered(state: State<'_, AppState>) -> AppResult<()> {
    blocking(state.inner(), safety_check::offered).await
}
