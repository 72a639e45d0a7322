// The app's own commands. Each gets an `allow-<command>` permission, and the main
// window's capability (src-tauri/capabilities/main.json) grants exactly these.
// A test (tests/integration/shell.rs) checks the three lists agree.
const COMMANDS: &[&str] = &[
    "app_info",
    "demo_open",
    "vault_status",
    "vault_create",
    "vault_add_partner",
    "vault_unlock",
    "vault_recover",
    "vault_change_passphrase",
    "vault_replace_recovery_code",
    "passphrase_strength",
    "vault_lock",
    "lock_now",
    "vault_me",
    "vault_backup",
    "vault_restore",
    "settings_get",
    "settings_set",
    "checkin_save",
    "checkin_get",
    "checkin_list",
    "checkin_partner_list",
    "checkin_delete",
    "journal_create",
    "journal_update",
    "journal_delete",
    "journal_list",
    "journal_partner_list",
    "task_set",
    "task_list",
    "task_partner_list",
    "arc_view",
    "arc_advance",
    "arc_step_back",
    "arc_rupture",
    "arc_declare_ready",
    "arc_withdraw_ready",
    "together_view",
    "guidance_view",
    "safety_resources",
    "safety_check_status",
    "safety_check_offered",
    "report_preview",
    "report_save",
    "export_own_data",
    "import_own_data",
    "report_consent_get",
    "report_consent_set",
    "pair_start",
    "pair_check",
    "pair_join",
    "pair_join_create",
    "pair_confirm",
    "sync_now",
    "sync_status",
    "sync_disconnect",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
