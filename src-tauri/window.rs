//! The main window. tauri.conf.json declares it (size, title, `create: false`) and the
//! app makes it here, so that the web inspector is off unless asked for
//! (SECURITY.md 30): debug builds, which `make run` makes, would enable it otherwise.

use std::ffi::OsStr;

use tauri::{Manager, Runtime, WebviewWindowBuilder};

/// Set to `1` to get the web inspector in a debug build (`HEALING_ARC_DEVTOOLS=1 make
/// run`). Release builds have none either way: Tauri's `devtools` feature is off.
pub const DEVTOOLS_ENV: &str = "HEALING_ARC_DEVTOOLS";

/// The label of the one window, as tauri.conf.json and the capability name it.
pub const MAIN: &str = "main";

/// Whether the environment variable's value asks for developer tools: only `1`.
pub fn devtools_wanted(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| v == "1")
}

/// Opens the main window from its configuration, with the inspector as asked and the
/// demo couple's title when it is the demo.
pub fn open_main<R: Runtime, M: Manager<R>>(manager: &M, demo: bool) -> tauri::Result<()> {
    let config = manager
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let devtools = devtools_wanted(std::env::var_os(DEVTOOLS_ENV).as_deref());
    let mut window = WebviewWindowBuilder::from_config(manager, &config)?.devtools(devtools);
    if demo {
        window = window.title("Healing Arc: demo couple");
    }
    window.build()?;
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
