//! Healing Arc: a private, offline companion for couples healing after a betrayal.
//!
//! Dependencies point one way: `commands → app → {model, vault}`; `model` is pure.

pub mod app;
pub mod commands;
pub mod error;
pub mod model;
pub mod vault;

use tauri::Manager;

/// Builds and runs the desktop app.
pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            let platform_default = app.path().app_data_dir()?;
            let dir = app::resolve_data_dir(std::env::var_os(app::DATA_DIR_ENV), platform_default);
            let state = app::AppState::new(dir);
            app::auto_lock::start(&state, app::auto_lock::TICK, std::time::Instant::now);
            app.manage(state);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("Healing Arc could not start its window");
}
