//! "Together or apart": the private reflection, the decision to part, and deleting
//! one's own profile (app/apart.rs).

use serde::Deserialize;
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

use super::input::{blocking, parse};
use crate::app::apart::{self, ApartView, Deleted};
use crate::app::AppState;
use crate::error::AppResult;
use crate::model::PartingWords;
use crate::vault::Passphrase;

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReflectionInput {
    pub id: String,
    /// Empty removes the answer.
    pub text: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PartingInput {
    pub words: PartingWords,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DeleteProfileInput {
    pub passphrase: String,
}

#[tauri::command]
pub async fn apart_view(state: State<'_, AppState>) -> AppResult<ApartView> {
    blocking(&state, apart::view).await
}

#[tauri::command]
pub async fn apart_save_reflection(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<()> {
    let input: ReflectionInput = parse(input)?;
    blocking(&state, move |st| {
        apart::save_reflection(st, &input.id, &input.text)
    })
    .await
}

#[tauri::command]
pub async fn apart_record_parting(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<ApartView> {
    let input: PartingInput = parse(input)?;
    blocking(&state, move |st| {
        apart::record_parting(st, input.words)?;
        apart::view(st)
    })
    .await
}

#[tauri::command]
pub async fn apart_delete_profile(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<Deleted> {
    let input: DeleteProfileInput = parse(input)?;
    let passphrase = Passphrase::new(input.passphrase);
    blocking(&state, move |st| apart::delete_profile(st, passphrase)).await
}
