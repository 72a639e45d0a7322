//! Commands for daily check-ins: the partner's own, and what their partner shared.

use serde::Deserialize;
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

use super::input::{blocking, date, parse};
use crate::app::{checkins, AppState};
use crate::error::AppResult;
use crate::model::{CheckIn, SharedCheckIn};

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DateInput {
    /// YYYY-MM-DD
    pub date: String,
}

/// Optional bounds, both inclusive, as YYYY-MM-DD.
#[derive(Deserialize, TS, Default)]
#[serde(deny_unknown_fields)]
pub struct RangeInput {
    #[ts(optional)]
    #[serde(default)]
    pub from: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub to: Option<String>,
}

type Range = (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>);

fn range(input: Option<Value>) -> AppResult<Range> {
    let r: RangeInput = match input {
        None | Some(Value::Null) => RangeInput::default(),
        some => parse(some)?,
    };
    Ok((
        r.from.as_deref().map(|s| date("from", s)).transpose()?,
        r.to.as_deref().map(|s| date("to", s)).transpose()?,
    ))
}

/// Saves the check-in for its date (replacing that day's), once it is on disk.
#[tauri::command]
pub async fn checkin_save(state: State<'_, AppState>, input: Option<Value>) -> AppResult<CheckIn> {
    let checkin: CheckIn = parse(input)?;
    blocking(&state, move |st| {
        checkins::save(st, checkin.clone())?;
        Ok(checkin)
    })
    .await
}

#[tauri::command]
pub async fn checkin_get(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<Option<CheckIn>> {
    let input: DateInput = parse(input)?;
    let d = date("date", &input.date)?;
    blocking(&state, move |st| checkins::get(st, d)).await
}

#[tauri::command]
pub async fn checkin_list(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<Vec<CheckIn>> {
    let (from, to) = range(input)?;
    blocking(&state, move |st| checkins::list(st, from, to)).await
}

/// What the partner shared of their check-ins; never their safety answers.
#[tauri::command]
pub async fn checkin_partner_list(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<Vec<SharedCheckIn>> {
    let (from, to) = range(input)?;
    blocking(&state, move |st| checkins::partner_list(st, from, to)).await
}

#[tauri::command]
pub async fn checkin_delete(state: State<'_, AppState>, input: Option<Value>) -> AppResult<()> {
    let input: DateInput = parse(input)?;
    let d = date("date", &input.date)?;
    blocking(&state, move |st| checkins::delete(st, d)).await
}
