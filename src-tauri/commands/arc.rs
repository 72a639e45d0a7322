//! Commands for one partner's arc, the couple's shared view, and guidance.

use serde::Deserialize;
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

use super::input::{blocking, parse};
use crate::app::views::{self, ArcView, GuidanceView, TogetherView};
use crate::app::{agreements, arc, AppState};
use crate::error::AppResult;
use crate::model::{self, Change, Phase, RuptureKind, SafetyResources};

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StepBackInput {
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<Phase>,
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RuptureInput {
    /// What happened; nothing but one of the kinds is accepted.
    pub kind: RuptureKind,
    /// For a broken agreement: the id of the agreement it concerns, if one was chosen.
    #[serde(default)]
    #[ts(optional)]
    pub agreement: Option<String>,
}

#[tauri::command]
pub async fn arc_view(state: State<'_, AppState>) -> AppResult<ArcView> {
    blocking(state.inner(), views::arc_view).await
}

#[tauri::command]
pub async fn arc_advance(state: State<'_, AppState>) -> AppResult<Phase> {
    blocking(state.inner(), |s| arc::change(s, Change::Advance)).await
}

#[tauri::command]
pub async fn arc_step_back(state: State<'_, AppState>, input: Option<Value>) -> AppResult<Phase> {
    let input: StepBackInput = parse(input)?;
    blocking(state.inner(), move |s| {
        arc::change(
            s,
            Change::StepBack {
                to: input.to,
                reason: input.reason,
            },
        )
    })
    .await
}

/// "I'm ready to rebuild together": a declaration the partner's app reads only for the
/// phase-4 gate (MODEL.md v2). Allowed in `process` when ready, with none standing.
#[tauri::command]
pub async fn arc_declare_ready(state: State<'_, AppState>) -> AppResult<Phase> {
    blocking(state.inner(), |s| arc::change(s, Change::ReadyToRebuild)).await
}

/// Takes back a standing "ready to rebuild together".
#[tauri::command]
pub async fn arc_withdraw_ready(state: State<'_, AppState>) -> AppResult<Phase> {
    blocking(state.inner(), |s| arc::change(s, Change::WithdrawReady)).await
}

#[tauri::command]
pub async fn arc_rupture(state: State<'_, AppState>, input: Option<Value>) -> AppResult<Phase> {
    let input: RuptureInput = parse(input)?;
    blocking(state.inner(), move |s| {
        agreements::check_rupture_target(s, input.kind, input.agreement.as_deref())?;
        let change = Change::Rupture {
            what: input.kind,
            reason: None,
            agreement: input.agreement,
        };
        arc::change(s, change)
    })
    .await
}

#[tauri::command]
pub async fn together_view(state: State<'_, AppState>) -> AppResult<TogetherView> {
    blocking(state.inner(), views::together_view).await
}

#[tauri::command]
pub async fn guidance_view(state: State<'_, AppState>) -> AppResult<GuidanceView> {
    blocking(state.inner(), views::guidance_view).await
}

/// Debug builds only: when set, `safety_resources` fails, so the end-to-end tests can
/// see the help the UI carries built in. The page cannot set the process's
/// environment, and release builds never read it.
pub const TEST_HELP_FAILS_ENV: &str = "HEALING_ARC_TEST_HELP_FAILS";

/// Works while locked: help is reachable from every screen.
#[tauri::command]
pub fn safety_resources() -> AppResult<SafetyResources> {
    #[cfg(debug_assertions)]
    if std::env::var_os(TEST_HELP_FAILS_ENV).is_some() {
        return Err(crate::error::AppError::internal());
    }
    Ok(model::safety_resources().clone())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn field(input: Value) -> Option<String> {
        parse::<RuptureInput>(Some(input))
            .err()
            .map(|e| e.field.unwrap_or_default())
    }

    #[test]
    fn a_rupture_crosses_as_its_kind_and_nothing_else() {
        for (sent, kind) in [
            ("new_disclosure", RuptureKind::NewDisclosure),
            ("renewed_contact", RuptureKind::RenewedContact),
            ("broken_agreement", RuptureKind::BrokenAgreement),
            ("other", RuptureKind::Other),
        ] {
            let input: RuptureInput = parse(Some(json!({ "kind": sent }))).unwrap();
            assert_eq!(input.kind, kind);
        }
        // The English phrase the UI used to send, words in place of a kind, or both.
        assert_eq!(
            field(json!({ "reason": "renewed contact" })).as_deref(),
            Some("reason")
        );
        assert_eq!(
            field(json!({ "kind": "renewed contact" })).as_deref(),
            Some("kind")
        );
        assert_eq!(
            field(json!({ "kind": "other", "reason": "a hard talk" })).as_deref(),
            Some("reason")
        );
        assert!(field(json!({})).is_some());
    }
}
