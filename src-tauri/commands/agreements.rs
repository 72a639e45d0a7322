//! Commands for agreements and the page for the next session.

use serde::Deserialize;
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

use super::input::{blocking, date, parse};
use super::journal::IdInput;
use crate::app::agreements::{self, AgreementView, AgreementsView, Draft};
use crate::app::session_page::{self, PageInput, SessionPageView};
use crate::app::AppState;
use crate::error::AppResult;
use crate::model::{AgreementKind, Who};

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    /// Absent for a new agreement.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub kind: AgreementKind,
    pub what: String,
    pub who: Who,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[ts(optional)]
    pub review_on: Option<String>,
    /// Propose it to the partner now; otherwise it stays a private draft.
    pub propose: bool,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RevisitInput {
    pub id: String,
    pub note: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SessionPageInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[ts(optional)]
    pub session_on: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub last_session_on: Option<String>,
    pub happened: String,
    pub bring: String,
    /// May go into a therapist report; off unless chosen.
    #[serde(default)]
    #[ts(optional, as = "Option<bool>")]
    pub for_therapist: bool,
}

fn optional_date(field: &str, s: Option<String>) -> AppResult<Option<chrono::NaiveDate>> {
    s.filter(|s| !s.is_empty())
        .map(|s| date(field, &s))
        .transpose()
}

#[tauri::command]
pub async fn agreement_view(state: State<'_, AppState>) -> AppResult<AgreementsView> {
    blocking(&state, agreements::view).await
}

#[tauri::command]
pub async fn agreement_save(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<AgreementView> {
    let i: AgreementInput = parse(input)?;
    let review_on = optional_date("review_on", i.review_on)?;
    let d = Draft {
        id: i.id,
        kind: i.kind,
        what: i.what,
        who: i.who,
        review_on,
        propose: i.propose,
    };
    blocking(&state, move |st| agreements::save(st, d)).await
}

#[tauri::command]
pub async fn agreement_confirm(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<AgreementView> {
    let i: IdInput = parse(input)?;
    blocking(&state, move |st| agreements::confirm(st, &i.id)).await
}

#[tauri::command]
pub async fn agreement_revisit(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<AgreementView> {
    let i: RevisitInput = parse(input)?;
    blocking(&state, move |st| agreements::revisit(st, &i.id, i.note)).await
}

#[tauri::command]
pub async fn agreement_withdraw(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<AgreementView> {
    let i: IdInput = parse(input)?;
    blocking(&state, move |st| agreements::withdraw(st, &i.id)).await
}

#[tauri::command]
pub async fn agreement_delete(state: State<'_, AppState>, input: Option<Value>) -> AppResult<()> {
    let i: IdInput = parse(input)?;
    blocking(&state, move |st| agreements::delete(st, &i.id)).await
}

#[tauri::command]
pub async fn session_page_list(state: State<'_, AppState>) -> AppResult<Vec<SessionPageView>> {
    blocking(&state, session_page::list).await
}

#[tauri::command]
pub async fn session_page_save(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<SessionPageView> {
    let i: SessionPageInput = parse(input)?;
    let p = PageInput {
        id: i.id,
        session_on: optional_date("session_on", i.session_on)?,
        last_session_on: optional_date("last_session_on", i.last_session_on)?,
        happened: i.happened,
        bring: i.bring,
        for_therapist: i.for_therapist,
    };
    blocking(&state, move |st| session_page::save(st, p)).await
}

#[tauri::command]
pub async fn session_page_delete(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<()> {
    let i: IdInput = parse(input)?;
    blocking(&state, move |st| session_page::delete(st, &i.id)).await
}

/// The DTOs of these commands, for `ui/src/bindings/`.
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    AgreementsView::export_all_to(dir)?;
    AgreementInput::export_all_to(dir)?;
    RevisitInput::export_all_to(dir)?;
    SessionPageView::export_all_to(dir)?;
    SessionPageInput::export_all_to(dir)?;
    Ok(())
}
