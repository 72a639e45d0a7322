//! Thin Tauri commands: parse input, call `app`, return DTOs. No logic here.
//!
//! Every command is listed in `build.rs` (for its permission), in
//! `capabilities/main.json`, and in `handler()` below; a test checks they agree.

pub mod agreements;
pub mod apart;
pub mod arc;
pub mod bindings;
pub mod checkin;
mod info;
pub mod input;
pub mod journal;
pub mod picker;
pub mod questions;
pub mod report;
pub mod safety;
pub mod support;
pub mod sync;
pub mod vault;

pub use info::AppInfo;

/// The invoke handler with every command of the app.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        info::app_info,
        info::demo_open,
        vault::vault_status,
        vault::vault_create,
        vault::vault_add_partner,
        vault::vault_unlock,
        vault::vault_recover,
        vault::vault_change_passphrase,
        vault::vault_replace_recovery_code,
        vault::passphrase_strength,
        vault::vault_lock,
        vault::lock_now,
        vault::vault_me,
        vault::vault_backup,
        vault::vault_restore,
        vault::settings_get,
        vault::settings_set,
        checkin::checkin_save,
        checkin::checkin_get,
        checkin::checkin_list,
        checkin::checkin_partner_list,
        checkin::checkin_delete,
        journal::journal_create,
        journal::journal_update,
        journal::journal_delete,
        journal::journal_list,
        journal::journal_partner_list,
        journal::task_set,
        journal::task_list,
        journal::task_partner_list,
        arc::arc_view,
        arc::arc_advance,
        arc::arc_step_back,
        arc::arc_rupture,
        arc::arc_declare_ready,
        arc::arc_withdraw_ready,
        arc::together_view,
        arc::guidance_view,
        arc::safety_resources,
        safety::safety_check_status,
        safety::safety_check_offered,
        report::report_preview,
        report::report_save,
        report::report_suggest_passphrase,
        report::export_own_data,
        report::import_own_data,
        report::report_consent_get,
        report::report_consent_set,
        support::support_get,
        support::support_save,
        apart::apart_view,
        apart::apart_save_reflection,
        apart::apart_record_parting,
        apart::apart_delete_profile,
        questions::question_ask,
        questions::question_update,
        questions::question_delete,
        questions::question_answer,
        questions::question_answer_delete,
        questions::questions_view,
        questions::trigger_log,
        questions::trigger_update,
        questions::trigger_delete,
        questions::trigger_help,
        questions::trigger_help_delete,
        questions::triggers_view,
        agreements::agreement_view,
        agreements::agreement_save,
        agreements::agreement_confirm,
        agreements::agreement_revisit,
        agreements::agreement_withdraw,
        agreements::agreement_delete,
        agreements::session_page_list,
        agreements::session_page_save,
        agreements::session_page_delete,
        sync::pair_start,
        sync::pair_check,
        sync::pair_join,
        sync::pair_join_create,
        sync::pair_confirm,
        sync::sync_now,
        sync::sync_status,
        sync::sync_disconnect
    ]
}
