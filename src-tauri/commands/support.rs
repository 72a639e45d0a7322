//! "My support": the unlocked partner's own private plan (app/support.rs).

use serde_json::Value;
use tauri::State;

use super::input::{blocking, parse};
use crate::app::{support, AppState};
use crate::error::AppResult;
use crate::model::SupportPlan;

#[tauri::command]
pub async fn support_get(state: State<'_, AppState>) -> AppResult<SupportPlan> {
    blocking(state.inner(), support::get).await
}

/// Saves the whole plan; answers it as stored (trimmed, blank rows left out).
#[tauri::command]
pub async fn support_save(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<SupportPlan> {
    let plan: SupportPlan = parse(input)?;
    blocking(state.inner(), move |s| support::save(s, plan)).await
}
