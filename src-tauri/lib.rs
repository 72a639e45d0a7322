//! Healing Arc: a private, offline companion for couples healing after a betrayal.
//!
//! Dependencies point one way: `commands → app → {model, vault, report}`; `report → model`.
//! The model, the vault and the report are crates of their own (src-tauri/model, vault,
//! report), so the compiler keeps them free of Tauri; re-exported here under their old
//! module names, so `crate::model::…` and `healing_arc::vault::…` read as before.

pub mod app;
pub mod commands;
pub mod error;
pub mod window;

pub use healing_arc_model as model;
pub use healing_arc_report as report;
pub use healing_arc_vault as vault;

use tauri::{Emitter, Manager, Runtime};

/// The event the page hears when the keys are dropped (the Lock button, the idle limit,
/// the desktop's lock or sleep), so the lock screen shows without polling. No payload.
pub const LOCKED_EVENT: &str = "vault-locked";

/// The event the page hears when a timed sync brought something from the partner's
/// device (docs/SYNC.md), so the screens read again. No payload.
pub const ARRIVED_EVENT: &str = "sync-arrived";

/// Builds and runs the desktop app.
pub fn run() {
    give_webkit_a_language();
    render_without_dmabuf();
    keep_javascript_small();
    let context = context();
    let old_folder = carry_over_data(&context.config().identifier);
    builder(tauri::Builder::default())
        .setup(|app| {
            let platform_default = match old_folder {
                Some(old) => old,
                None => app.path().app_data_dir()?,
            };
            let mut dir =
                app::resolve_data_dir(std::env::var_os(app::DATA_DIR_ENV), platform_default);
            let demo = app::demo::is_demo();
            if demo {
                dir = app::demo::demo_dir(&dir);
            }
            // SECURITY.md 25; should it fail, the vault still makes its own folders 0700.
            let _ = app::make_private(&dir);
            let state = app::AppState::new(dir);
            if demo && !vault::Vault::present(state.data_dir()) {
                app::demo::seed(&state).map_err(|e| e.message)?;
            }
            start(app, state, demo)
        })
        .run(context)
        .expect("Healing Arc could not start its window");
}

/// The app's configuration (tauri.conf.json), capabilities and built UI, on any runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// The app's plugin and commands on `base`: `tauri::Builder::default()` for the window,
/// `tauri::test::mock_builder()` for the tests that call commands through IPC.
pub fn builder<R: Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
    base
        // The system save and open dialogs, opened by the backend only (commands/picker.rs);
        // the window is granted no dialog permission, so the page cannot name a path.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands::handler())
}

/// What setup does once the data folder is known: every lock reaches the page as
/// [`LOCKED_EVENT`], the auto-lock, timed-sync and desktop-lock listeners start, the commands get
/// `state`, and the main window is prepared.
pub fn start<R: Runtime>(
    app: &mut tauri::App<R>,
    state: app::AppState,
    demo: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let handle = app.handle().clone();
    state.on_lock(move || {
        // Only fails when the window is gone; then no one is there to tell.
        let _ = handle.emit(LOCKED_EVENT, ());
    });
    app::auto_lock::start(&state, app::auto_lock::TICK)?;
    let handle = app.handle().clone();
    app::sync::start_timer(&state, app::sync::SYNC_EVERY, move || {
        let _ = handle.emit(ARRIVED_EVENT, ());
    })?;
    // Locks at once before a suspend or when the desktop locks the session.
    #[cfg(target_os = "linux")]
    app::desktop_lock::start(&state, app::desktop_lock::Bus::System)?;
    app.manage(state);
    window::prepare_main(app.handle(), demo)?;
    Ok(())
}

/// Before the window exists (its webview makes the new folder as it starts): the data
/// folder named after the old identifier takes the new name (app/data_dir.rs). Tauri's
/// app-data folder is `dirs::data_dir()` joined with the identifier. Nothing to do when
/// HEALING_ARC_DATA_DIR names the folder. Returns the old folder if it could not move.
fn carry_over_data(identifier: &str) -> Option<std::path::PathBuf> {
    if std::env::var_os(app::DATA_DIR_ENV).is_some_and(|v| !v.is_empty()) {
        return None;
    }
    app::carry_over_old_folders(&dirs::data_dir()?, identifier)
}

/// Under the C or POSIX locale (common on servers and minimal desktops) WebKit reports
/// the language tag "C", which the page's `Intl` rejects. English is what such a
/// locale shows anyway, so name it. Runs before any thread starts.
fn give_webkit_a_language() {
    let effective = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    let is_c = |s: &str| {
        let base = s.split('.').next().unwrap_or(s);
        base == "C" || base == "POSIX"
    };
    if effective.as_deref().is_none_or(is_c) {
        std::env::set_var("LC_MESSAGES", "en_US.UTF-8");
        if std::env::var("LC_ALL").is_ok_and(|s| is_c(&s)) {
            std::env::remove_var("LC_ALL");
        }
        if std::env::var("LANG").map_or(true, |s| is_c(&s)) {
            std::env::set_var("LANG", "en_US.UTF-8");
        }
    }
}

/// JavaScriptCore options for the page, which WebKit's web process reads from the
/// environment it inherits (`JSC_` and the option's name). The small-heap mode collects
/// garbage sooner; the optimising DFG tier waits for code run 20,000 times instead of
/// about 1,000, so the start-up and unlock code stays in the baseline tier while the
/// chart's loops are still optimised. Together about 6 MB less after unlock, the chart
/// as fast (docs/PERFORMANCE.md, Memory).
pub const JAVASCRIPT_OPTIONS: [(&str, &str); 4] = [
    ("JSC_forceMiniVMMode", "true"),
    ("JSC_thresholdForOptimizeAfterWarmUp", "20000"),
    ("JSC_thresholdForOptimizeAfterLongWarmUp", "20000"),
    ("JSC_thresholdForOptimizeSoon", "20000"),
];

/// The options of [`JAVASCRIPT_OPTIONS`] that `current` (the environment) does not set
/// already: a value the person chose is kept.
pub fn javascript_options_to_set(
    current: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Vec<(&'static str, &'static str)> {
    JAVASCRIPT_OPTIONS
        .into_iter()
        .filter(|(name, _)| current(name).is_none())
        .collect()
}

/// Sets [`JAVASCRIPT_OPTIONS`]. Runs before any thread starts.
fn keep_javascript_small() {
    for (name, value) in javascript_options_to_set(|n| std::env::var_os(n)) {
        std::env::set_var(name, value);
    }
}

/// WebKitGTK's DMA-BUF renderer keeps GPU buffers the app's plain screens never need
/// (about 80 MB here) and shows a blank window on some drivers; the app draws in
/// software unless the person has chosen otherwise. Runs before any thread starts.
fn render_without_dmabuf() {
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none_or(|v| v.is_empty()) {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn javascript_options_keep_what_the_person_set() {
        let all = javascript_options_to_set(|_| None);
        assert_eq!(all, JAVASCRIPT_OPTIONS.to_vec());
        let set = javascript_options_to_set(|n| {
            (n == "JSC_forceMiniVMMode").then(|| OsString::from("false"))
        });
        assert_eq!(set.len(), JAVASCRIPT_OPTIONS.len() - 1);
        assert!(set.iter().all(|(n, _)| *n != "JSC_forceMiniVMMode"));
    }
}
