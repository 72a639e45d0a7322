//! Pairing with the partner's device and syncing through a shared folder
//! (docs/SYNC.md). The folder is picked in the native dialog the backend opens.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::{Runtime, State, Window};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::input::{blocking, parse};
use super::picker::NativePicker;
use super::vault::{Created, NewPartnerInput};
use crate::app::files::Chosen;
use crate::app::{sync, AppState};
use crate::error::AppResult;
use crate::vault::SyncReport;

/// A step of pairing: its words to show (the code, or the verification phrase), or
/// nothing chosen in the folder dialog.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PairOutcome {
    Shown { text: String },
    Cancelled,
}

impl From<Chosen<String>> for PairOutcome {
    fn from(c: Chosen<String>) -> Self {
        match c {
            Chosen::Done(text) => PairOutcome::Shown { text },
            Chosen::Cancelled => PairOutcome::Cancelled,
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PairJoinInput {
    /// The 8 digits the partner reads out.
    pub code: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PairConfirmInput {
    /// Whether both screens show the same phrase.
    pub matches: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStatusDto {
    pub connected: bool,
    /// Synced before and disconnected: what arrived from the partner stays here.
    pub stopped: bool,
    /// Seconds since the Unix epoch.
    #[ts(type = "number | null")]
    pub last_arrival: Option<u64>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncResult {
    pub applied: u32,
    pub waiting: u32,
    /// Files refused as changed outside the app (forked, forged, rolled back).
    pub changed_outside: u32,
    /// Files that did not open (still arriving, damaged, or not this couple's).
    pub unreadable: u32,
    #[ts(type = "number | null")]
    pub last_arrival: Option<u64>,
}

impl From<SyncReport> for SyncResult {
    fn from(r: SyncReport) -> Self {
        SyncResult {
            applied: r.applied,
            waiting: r.waiting,
            changed_outside: r.changed_outside,
            unreadable: r.unreadable + r.too_large,
            last_arrival: r.last_arrival,
        }
    }
}

/// "Connect my partner's device": the invitation goes into the folder picked; the code
/// comes back to be read out.
#[tauri::command]
pub async fn pair_start<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> AppResult<PairOutcome> {
    let picker = NativePicker::new(window);
    blocking(&state, move |st| {
        sync::pair_start_chosen(st, &picker).map(Into::into)
    })
    .await
}

/// The inviting device: the phrase once the partner's device answered, else null.
#[tauri::command]
pub async fn pair_check(state: State<'_, AppState>) -> AppResult<Option<String>> {
    blocking(&state, sync::pair_check).await
}

/// "Join my partner": the code typed, the folder picked; the phrase comes back.
#[tauri::command]
pub async fn pair_join<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<PairOutcome> {
    let input: PairJoinInput = parse(input)?;
    let code = Zeroizing::new(input.code);
    let picker = NativePicker::new(window);
    blocking(&state, move |st| {
        sync::pair_join_chosen(st, &picker, &code).map(Into::into)
    })
    .await
}

/// The joining device, once the phrases matched: its own profile, made as the other
/// half of the couple's vault.
#[tauri::command]
pub async fn pair_join_create(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<Created> {
    let input: NewPartnerInput = parse(input)?;
    blocking(&state, move |st| {
        sync::join(st, input.into()).map(Into::into)
    })
    .await
}

/// The inviting device: the phrases matched (nothing to do) or did not (the device
/// that answered is forgotten).
#[tauri::command]
pub async fn pair_confirm(state: State<'_, AppState>, input: Option<Value>) -> AppResult<()> {
    let input: PairConfirmInput = parse(input)?;
    blocking(&state, move |st| sync::confirm(st, input.matches)).await
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> AppResult<SyncResult> {
    blocking(&state, |st| sync::sync_now(st).map(Into::into)).await
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> AppResult<SyncStatusDto> {
    blocking(&state, |st| {
        sync::status(st).map(|s| SyncStatusDto {
            connected: s.connected,
            stopped: s.stopped,
            last_arrival: s.last_arrival,
        })
    })
    .await
}

#[tauri::command]
pub async fn sync_disconnect(state: State<'_, AppState>) -> AppResult<()> {
    blocking(&state, sync::disconnect).await
}
