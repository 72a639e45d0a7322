//! The main window. tauri.conf.json declares it with the inspector off (`devtools:
//! false`), so debug builds, which `make run` makes, have none either (SECURITY.md 30);
//! HEALING_ARC_DEVTOOLS=1 turns WebKit's inspector on for that one window.
//!
//! The window is the one Tauri makes from the configuration, not one the app builds at
//! run time: a window built with `WebviewWindowBuilder` here let the page call the dialog
//! plugin's `save` although the capability grants no dialog permission (seen with Tauri
//! 2.12 and tauri-plugin-dialog 2.8; the e2e test req_25 caught it).

use std::ffi::OsStr;

use tauri::{Manager, Runtime};

/// Set to `1` to get the web inspector in a debug build (`HEALING_ARC_DEVTOOLS=1 make
/// run`). Release builds have none either way: Tauri's `devtools` feature is off.
pub const DEVTOOLS_ENV: &str = "HEALING_ARC_DEVTOOLS";

/// The label of the one window, as tauri.conf.json and the capability name it.
pub const MAIN: &str = "main";

/// Whether the environment variable's value asks for developer tools: only `1`.
pub fn devtools_wanted(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| v == "1")
}

/// Gives the main window the demo couple's title when it is the demo, and the inspector
/// when the variable asks for it.
pub fn prepare_main<R: Runtime, M: Manager<R>>(manager: &M, demo: bool) -> tauri::Result<()> {
    let window = manager
        .get_webview_window(MAIN)
        .ok_or(tauri::Error::WindowNotFound)?;
    if demo {
        window.set_title("Healing Arc: demo couple")?;
    }
    if devtools_wanted(std::env::var_os(DEVTOOLS_ENV).as_deref()) {
        enable_inspector(&window)?;
    }
    Ok(())
}

/// WebKitGTK's inspector is its "developer extras" setting; wry leaves it off when the
/// configuration says `devtools: false`.
#[cfg(target_os = "linux")]
fn enable_inspector<R: Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|platform| {
        use webkit2gtk::{SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&platform.inner()) {
            settings.set_enable_developer_extras(true);
        }
    })
}

/// Elsewhere the variable does nothing yet (docs/PLATFORMS.md).
#[cfg(not(target_os = "linux"))]
fn enable_inspector<R: Runtime>(_window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn req_30_devtools_only_when_the_variable_is_1() {
        assert!(devtools_wanted(Some(OsStr::new("1"))));
        for no in [
            None,
            Some(""),
            Some("0"),
            Some("true"),
            Some(" 1"),
            Some("yes"),
        ] {
            assert!(!devtools_wanted(no.map(OsStr::new)), "{no:?}");
        }
    }
}
