//! Commands for "Share with my therapist" and for taking one's own data along. The
//! backend opens the system save (or open) dialog and writes (or reads) the file; the
//! page never names a path (SECURITY.md 25).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::{Runtime, State, Window};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::input::{blocking, date, parse};
use super::picker::NativePicker;
use crate::app::export::{self, ExportFormat, Imported};
use crate::app::files::Chosen;
use crate::app::report::{self, Format, PacketLock, ReportPreview};
use crate::app::{consent, AppState};
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
    /// When given, the file is an age-encrypted packet.
    #[ts(optional)]
    #[serde(default)]
    pub packet: Option<PacketInput>,
    /// When given (format "pdf" only), the PDF itself opens only with this passphrase.
    #[ts(optional)]
    #[serde(default)]
    pub pdf_passphrase: Option<String>,
}

/// A passphrase Healing Arc suggests for a protected PDF: words to read aloud.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SuggestedPassphrase {
    pub passphrase: String,
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
}

/// Takes nothing: the backend opens the dialog where the person picks the export.
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {}

/// What came of a save dialog: the file written, or nothing when the person closed it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SavedFile {
    Saved { path: String, bytes: u64 },
    Cancelled,
}

impl From<Chosen<(PathBuf, u64)>> for SavedFile {
    fn from(c: Chosen<(PathBuf, u64)>) -> Self {
        match c {
            Chosen::Done((path, bytes)) => SavedFile::Saved {
                path: path.display().to_string(),
                bytes,
            },
            Chosen::Cancelled => SavedFile::Cancelled,
        }
    }
}

/// What came of the import dialog: what was brought in, or nothing chosen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportOutcome {
    Imported { counts: Imported },
    Cancelled,
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

/// Writes the report (HTML or PDF), or an age packet holding it and its JSON, where the
/// person chooses in the save dialog.
#[tauri::command]
pub async fn report_save<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<SavedFile> {
    let input: ReportSaveInput = parse(input)?;
    let (from, to) = range(&input.from, &input.to)?;
    let format = match input.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Pdf => Format::Pdf,
    };
    let lock = match (input.pdf_passphrase, input.packet) {
        (Some(p), None) => Some(PacketLock::PdfPassword(Zeroizing::new(p))),
        (None, packet) => lock_of(packet)?,
        (Some(p), Some(_)) => {
            drop(Zeroizing::new(p));
            return Err(AppError::validation(
                "pdf_passphrase",
                "Please choose one way to protect the report: a PDF with a passphrase, or an age packet.",
            ));
        }
    };
    let picker = NativePicker::new(window);
    blocking(&state, move |st| {
        report::save_chosen(st, from, to, format, lock, &picker).map(Into::into)
    })
    .await
}

/// Six words to suggest as a protected PDF's passphrase, new each time. Nothing is kept.
#[tauri::command]
pub async fn report_suggest_passphrase() -> AppResult<SuggestedPassphrase> {
    let p = report::suggest_passphrase()?;
    Ok(SuggestedPassphrase {
        passphrase: p.as_str().to_owned(),
    })
}

/// Writes the partner's own data (everything as JSON, or their check-ins as CSV) where
/// the person chooses in the save dialog.
#[tauri::command]
pub async fn export_own_data<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<SavedFile> {
    let input: ExportInput = parse(input)?;
    let format = match input.format {
        OwnDataFormat::Json => ExportFormat::Json,
        OwnDataFormat::Csv => ExportFormat::Csv,
    };
    let picker = NativePicker::new(window);
    blocking(&state, move |st| {
        export::save_chosen(st, format, &picker).map(Into::into)
    })
    .await
}

/// Imports the export the person picks in the open dialog into this fresh profile: all
/// of it, or nothing.
#[tauri::command]
pub async fn import_own_data<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<ImportOutcome> {
    let _: ImportInput = parse(input.or(Some(Value::Object(Default::default()))))?;
    let picker = NativePicker::new(window);
    blocking(&state, move |st| {
        Ok(match export::import_chosen(st, &picker)? {
            Chosen::Done(counts) => ImportOutcome::Imported { counts },
            Chosen::Cancelled => ImportOutcome::Cancelled,
        })
    })
    .await
}

/// The partner's own choice: may their partner's therapist reports include facts about
/// them (their phases, the ruptures they recorded, the patterns of the two of them)?
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportConsent {
    pub partner_reports_include_me: bool,
}

#[tauri::command]
pub async fn report_consent_get(state: State<'_, AppState>) -> AppResult<ReportConsent> {
    blocking(&state, |st| {
        Ok(ReportConsent {
            partner_reports_include_me: consent::mine(st)?,
        })
    })
    .await
}

/// Records the choice in the partner's own signed part; the other partner's next
/// report reads it.
#[tauri::command]
pub async fn report_consent_set(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<ReportConsent> {
    let input: ReportConsent = parse(input)?;
    blocking(&state, move |st| {
        Ok(ReportConsent {
            partner_reports_include_me: consent::set(st, input.partner_reports_include_me)?,
        })
    })
    .await
}
