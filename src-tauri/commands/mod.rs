//! Thin Tauri commands: parse input, call `app`, return DTOs. No logic here.
//!
//! Every command is listed in `build.rs` (for its permission), in
//! `capabilities/main.json`, and in `handler()` below; a test checks they agree.

pub mod bindings;
mod info;

pub use info::AppInfo;

/// The invoke handler with every command of the app.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![info::app_info]
}
