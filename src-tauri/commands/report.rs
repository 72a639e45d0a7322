//! Commands for "Share with my therapist" and for taking one's own data along. The
//! path comes from the system save (or open) dialog; the backend writes the file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::State;
use ts_rs::TS;
use zeroize::Zeroizing;

use super::input::{blocking, date, parse};
use crate::app::export::{self, ExportFormat, Imported};
use crate::app::report::{self, Format, PacketLock, ReportPreview};
use crate::app::AppState;
use crate::error::{AppError, AppResult};

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportRangeInput {
    /// YYYY-MM-DD, inclusive.
    pub from: String,
    /// YYYY-MM-DD, inclusive; not after today.
    pub to: String,
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Html,
    Pdf,
}

/// Encrypt the report (with its JSON) for the therapist: exactly one of the two.
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PacketInput {
    /// The therapist's age recipient, `age1…`.
    #[ts(optional)]
    #[serde(default)]
    pub recipient: Option<String>,
    /// A passphrase the therapist gets another way.
    #[ts(optional)]
    #[serde(default)]
    pub passphrase: Option<String>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportSaveInput {
    pub from: String,
    pub to: String,
    pub format: ReportFormat,
    /// An absolute file path, from the save dialog.
    pub path: String,
    /// When given, the file is an age-encrypted packet.
    #[ts(optional)]
    #[serde(default)]
    pub packet: Option<PacketInput>,
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum OwnDataFormat {
    Json,
    Csv,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportInput {
    pub format: OwnDataFormat,
    pub path: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    /// An absolute path to an own-data export (JSON).
    pub path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
}

fn range(from: &str, to: &str) -> AppResult<(chrono::NaiveDate, chrono::NaiveDate)> {
    Ok((date("from", from)?, date("to", to)?))
}

fn lock_of(p: Option<PacketInput>) -> AppResult<Option<PacketLock>> {
    let Some(p) = p else { return Ok(None) };
    match (p.recipient, p.passphrase) {
        (Some(r), None) => Ok(Some(PacketLock::Recipient(r))),
        (None, Some(pass)) => Ok(Some(PacketLock::Passphrase(Zeroizing::new(pass)))),
        (Some(_), Some(pass)) => {
            drop(Zeroizing::new(pass));
            Err(AppError::validation(
                "packet",
                "Please choose one way to lock the packet: the therapist's age key or a passphrase.",
            ))
        }
        (None, None) => Err(AppError::validation(
            "packet",
            "Please give the therapist's age key or a passphrase for the packet.",
        )),
    }
}

/// Exactly what a report for the range would hold. Writes nothing.
#[tauri::command]
pub async fn report_preview(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<ReportPreview> {
    let input: ReportRangeInput = parse(input)?;
    let (from, to) = range(&input.from, &input.to)?;
    blocking(&state, move |st| report::preview(st, from, to)).await
}

/// Writes the report (HTML or PDF), or an age packet holding it and its JSON.
#[tauri::command]
pub async fn report_save(state: State<'_, AppState>, input: Option<Value>) -> AppResult<SavedFile> {
    let input: ReportSaveInput = parse(input)?;
    let (from, to) = range(&input.from, &input.to)?;
    let format = match input.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Pdf => Format::Pdf,
    };
    let lock = lock_of(input.packet)?;
    let path = PathBuf::from(input.path);
    blocking(&state, move |st| {
        let bytes = report::save(st, from, to, format, lock, &path)?;
        Ok(SavedFile {
            path: path.display().to_string(),
            bytes,
        })
    })
    .await
}

/// Writes the partner's own data: everything as JSON, or their check-ins as CSV.
#[tauri::command]
pub async fn export_own_data(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<SavedFile> {
    let input: ExportInput = parse(input)?;
    let format = match input.format {
        OwnDataFormat::Json => ExportFormat::Json,
        OwnDataFormat::Csv => ExportFormat::Csv,
    };
    let path = PathBuf::from(input.path);
    blocking(&state, move |st| {
        let bytes = export::save(st, format, &path)?;
        Ok(SavedFile {
            path: path.display().to_string(),
            bytes,
        })
    })
    .await
}

/// Imports an own-data export into this fresh profile: all of it, or nothing.
#[tauri::command]
pub async fn import_own_data(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<Imported> {
    let input: ImportInput = parse(input)?;
    let path = PathBuf::from(input.path);
    blocking(&state, move |st| export::import_file(st, &path)).await
}
