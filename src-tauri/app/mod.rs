//! Use cases that join the model and the vault. The only place that knows who is
//! unlocked and what time it is.

mod data_dir;

pub use data_dir::{resolve_data_dir, DataDirState, DATA_DIR_ENV};

use std::path::PathBuf;

/// Process-wide state, managed by Tauri and handed to every command.
pub struct AppState {
    data_dir: PathBuf,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        Self { data_dir }
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }
}
