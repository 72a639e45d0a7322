use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::app::{AppState, DataDirState};
use crate::error::{AppError, AppResult};

/// What the welcome screen and the about page show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The folder holding this device's encrypted data.
    pub data_dir: String,
    pub data_dir_state: DataDirStateDto,
    /// This window shows the demo couple, not real data.
    pub demo: bool,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "DataDirState")]
pub enum DataDirStateDto {
    Missing,
    Empty,
    InUse,
}

impl From<DataDirState> for DataDirStateDto {
    fn from(s: DataDirState) -> Self {
        match s {
            DataDirState::Missing => Self::Missing,
            DataDirState::Empty => Self::Empty,
            DataDirState::InUse => Self::InUse,
        }
    }
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> AppResult<AppInfo> {
    let dir = state.data_dir().to_path_buf();
    let data_dir_state = tauri::async_runtime::spawn_blocking({
        let dir = dir.clone();
        move || DataDirState::of(&dir)
    })
    .await
    .map_err(|_| AppError::internal())?
    .map_err(|_| AppError::internal())?;
    Ok(AppInfo {
        name: "Healing Arc".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: dir.display().to_string(),
        data_dir_state: data_dir_state.into(),
        demo: crate::app::demo::is_demo(),
    })
}

/// Opens the demo couple in a window (and process) of its own, so it can never mix
/// with real data.
#[tauri::command]
pub fn demo_open(state: State<'_, AppState>) -> AppResult<()> {
    if crate::app::demo::is_demo() {
        return Err(AppError::new(
            crate::error::ErrorCode::NotAllowed,
            "This window already shows the demo couple.",
        ));
    }
    let exe = std::env::current_exe().map_err(|_| AppError::internal())?;
    std::process::Command::new(exe)
        .env(crate::app::demo::DEMO_ENV, "1")
        .env(crate::app::DATA_DIR_ENV, state.data_dir())
        .spawn()
        .map_err(|_| AppError::internal())?;
    Ok(())
}
