//! The TypeScript types the UI uses, generated from the Rust DTOs with ts-rs into
//! `ui/src/bindings/`. A test regenerates them into a temporary folder and fails
//! when the committed files differ (`make bindings` rewrites them).

use std::path::Path;

use ts_rs::TS;

/// Writes every DTO (and what it refers to) as `<Type>.ts` into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ts_rs::ExportError> {
    crate::error::AppError::export_all_to(dir)?;
    super::AppInfo::export_all_to(dir)?;
    vault_bindings(dir)?;
    arc_bindings(dir)?;
    report_bindings(dir)?;
    rules_binding(dir)?;
    questions_bindings(dir)?;
    super::agreements::export_bindings(dir)?;
    sync_bindings(dir)?;
    Ok(())
}

/// Pairing with the partner's device and syncing (docs/SYNC.md).
fn sync_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use super::sync;
    sync::PairOutcome::export_all_to(dir)?;
    sync::PairJoinInput::export_all_to(dir)?;
    sync::PairConfirmInput::export_all_to(dir)?;
    sync::SyncStatusDto::export_all_to(dir)?;
    sync::SyncResult::export_all_to(dir)?;
    Ok(())
}

/// `Rules.ts`: the type, and the app's rules as a constant (`RULES`), so the UI checks
/// input against the same limits and lists the same colours and phases as the app.
fn rules_binding(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use crate::model::rules;
    rules::Rules::export_all_to(dir)?;
    let path = dir.join("Rules.ts");
    let mut text = std::fs::read_to_string(&path)?;
    let value = serde_json::to_string_pretty(&rules::rules())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    text.push_str(&format!("\nexport const RULES: Rules = {value};\n"));
    std::fs::write(&path, text)?;
    Ok(())
}

/// "My arc", "Together", "Guidance" and the safety resources.
fn arc_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use crate::app::views;
    views::ArcView::export_all_to(dir)?;
    views::TogetherView::export_all_to(dir)?;
    views::GuidanceView::export_all_to(dir)?;
    super::arc::StepBackInput::export_all_to(dir)?;
    super::arc::RuptureInput::export_all_to(dir)?;
    crate::model::SafetyResources::export_all_to(dir)?;
    super::safety::SafetyCheckStatus::export_all_to(dir)?;
    crate::model::SupportPlan::export_all_to(dir)?;
    Ok(())
}

/// "Share with my therapist" and the own-data export and import.
fn report_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use super::report;
    report::ReportRangeInput::export_all_to(dir)?;
    report::ReportSaveInput::export_all_to(dir)?;
    report::SuggestedPassphrase::export_all_to(dir)?;
    report::ExportInput::export_all_to(dir)?;
    report::ImportInput::export_all_to(dir)?;
    report::SavedFile::export_all_to(dir)?;
    report::ImportOutcome::export_all_to(dir)?;
    report::ReportConsent::export_all_to(dir)?;
    crate::app::report::ReportPreview::export_all_to(dir)?;
    crate::app::export::Imported::export_all_to(dir)?;
    apart_bindings(dir)
}

/// "Together or apart".
fn apart_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use super::apart;
    apart::ReflectionInput::export_all_to(dir)?;
    apart::PartingInput::export_all_to(dir)?;
    apart::DeleteProfileInput::export_all_to(dir)?;
    crate::app::apart::ApartView::export_all_to(dir)?;
    crate::app::apart::Deleted::export_all_to(dir)?;
    Ok(())
}

/// The vault's DTOs: its commands' inputs and answers.
fn vault_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use super::{checkin, journal, vault};
    vault::VaultStatus::export_all_to(dir)?;
    vault::NewPartnerInput::export_all_to(dir)?;
    vault::Created::export_all_to(dir)?;
    vault::MeDto::export_all_to(dir)?;
    vault::UnlockInput::export_all_to(dir)?;
    vault::RecoverInput::export_all_to(dir)?;
    vault::ChangePassphraseInput::export_all_to(dir)?;
    vault::PassphraseChanged::export_all_to(dir)?;
    vault::NewRecoveryCode::export_all_to(dir)?;
    vault::PassphraseStrengthInput::export_all_to(dir)?;
    crate::app::strength::Strength::export_all_to(dir)?;
    vault::BackupInput::export_all_to(dir)?;
    vault::RestoreInput::export_all_to(dir)?;
    vault::RestoreOutcome::export_all_to(dir)?;
    vault::SettingsDto::export_all_to(dir)?;
    checkin::DateInput::export_all_to(dir)?;
    checkin::RangeInput::export_all_to(dir)?;
    crate::model::CheckIn::export_all_to(dir)?;
    crate::model::SharedCheckIn::export_all_to(dir)?;
    journal::JournalEntryDto::export_all_to(dir)?;
    journal::JournalInput::export_all_to(dir)?;
    journal::JournalUpdateInput::export_all_to(dir)?;
    journal::IdInput::export_all_to(dir)?;
    journal::TaskStateDto::export_all_to(dir)?;
    journal::TaskInput::export_all_to(dir)?;
    Ok(())
}

/// Questions and answers, and the trigger log.
fn questions_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use super::questions as q;
    q::QuestionsViewDto::export_all_to(dir)?;
    q::QuestionInput::export_all_to(dir)?;
    q::QuestionUpdateInput::export_all_to(dir)?;
    q::AnswerInput::export_all_to(dir)?;
    q::QuestionIdInput::export_all_to(dir)?;
    q::TriggersViewDto::export_all_to(dir)?;
    q::TriggerInput::export_all_to(dir)?;
    q::TriggerUpdateInput::export_all_to(dir)?;
    q::TriggerHelpInput::export_all_to(dir)?;
    q::TriggerIdInput::export_all_to(dir)?;
    Ok(())
}
