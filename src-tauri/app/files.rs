//! Files outside the data folder are chosen by the person, never named by the page
//! (SECURITY.md 25). A use case says what it asks for (a `FileRequest`); the answer
//! comes through `ChooseFile`, which the commands implement with the system dialog and
//! tests with a path. The use cases themselves still take a `&Path`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{couple, AppState};
use crate::error::{AppError, AppResult};
use crate::vault::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKind {
    /// "Save as": the person picks a folder and a name.
    Save,
    /// "Open": the person picks an existing file.
    Open,
    /// The person picks a folder (the one a sync tool keeps in step, docs/SYNC.md).
    Folder,
}

/// What a file dialog asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRequest {
    pub kind: DialogKind,
    pub title: &'static str,
    /// The name a save dialog suggests; empty for an open dialog.
    pub file_name: String,
    /// The filter's label and the extensions it shows.
    pub filter: (&'static str, &'static [&'static str]),
}

/// Answers a file dialog: the chosen file, or `None` when the person closed it.
pub trait ChooseFile: Send + Sync {
    fn choose(&self, request: &FileRequest) -> Option<PathBuf>;
}

impl<F: Fn(&FileRequest) -> Option<PathBuf> + Send + Sync> ChooseFile for F {
    fn choose(&self, request: &FileRequest) -> Option<PathBuf> {
        self(request)
    }
}

/// What came of asking: the work done with the chosen file, or nothing chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen<T> {
    Done(T),
    Cancelled,
}

/// Asks for a file, then does `work` with it. Nothing happens when the person cancels.
/// Call it with no lock held: a dialog can stay open for minutes.
pub fn with_chosen<T>(
    chooser: &dyn ChooseFile,
    request: &FileRequest,
    work: impl FnOnce(&Path) -> AppResult<T>,
) -> AppResult<Chosen<T>> {
    match chooser.choose(request) {
        Some(path) => work(&path).map(Chosen::Done),
        None => Ok(Chosen::Cancelled),
    }
}

/// Answers `locked` before a dialog opens, so nobody chooses a file for nothing.
pub fn require_unlocked(state: &AppState) -> AppResult<()> {
    let mut inner = state.cell().lock();
    inner.unlocked().map(|_| ())
}

fn save(
    title: &'static str,
    file_name: String,
    filter: (&'static str, &'static [&'static str]),
) -> FileRequest {
    FileRequest {
        kind: DialogKind::Save,
        title,
        file_name,
        filter,
    }
}

fn open(title: &'static str, filter: (&'static str, &'static [&'static str])) -> FileRequest {
    FileRequest {
        kind: DialogKind::Open,
        title,
        file_name: String::new(),
        filter,
    }
}

/// Saving a therapist report: PDF, web page, or an age packet holding it.
pub fn report_request(from: NaiveDate, to: NaiveDate, ext: &'static str) -> FileRequest {
    let filter: (&'static str, &'static [&'static str]) = match ext {
        "age" => ("Encrypted packet (age)", &["age"]),
        "html" => ("Web page", &["html"]),
        _ => ("PDF", &["pdf"]),
    };
    save(
        "Save the report for your therapist",
        format!("healing-arc-report-{from}-to-{to}.{}", filter.1[0]),
        filter,
    )
}

/// Saving the partner's own data: everything as JSON, or check-ins as CSV.
pub fn export_request(csv: bool) -> FileRequest {
    if csv {
        save(
            "Save my check-ins",
            "healing-arc-my-check-ins.csv".to_owned(),
            ("CSV", &["csv"]),
        )
    } else {
        save(
            "Save my data",
            "healing-arc-my-data.json".to_owned(),
            ("JSON", &["json"]),
        )
    }
}

/// Choosing an own-data export to bring in.
pub fn import_request() -> FileRequest {
    open(
        "Choose your Healing Arc export",
        ("Healing Arc export", &["json"]),
    )
}

/// Saving a backup somewhere else (a USB stick); its name carries the day at most
/// (SECURITY.md 26).
pub fn backup_request(today: NaiveDate) -> FileRequest {
    save(
        "Save a backup",
        format!("healing-arc-{today}.backup"),
        ("Healing Arc backup", &["backup"]),
    )
}

/// Choosing a backup file to restore.
pub fn restore_request() -> FileRequest {
    open("Choose a backup file", ("Healing Arc backup", &["backup"]))
}

/// Writes a backup to a file the person chooses (a USB stick, another disk).
pub fn backup_chosen(
    state: &AppState,
    chooser: &dyn ChooseFile,
) -> AppResult<Chosen<(PathBuf, u64)>> {
    require_unlocked(state)?;
    let request = backup_request(super::checkins::today());
    with_chosen(chooser, &request, |path| {
        couple::backup(state, Some(path.to_owned()))
    })
}

/// Where a restore starts from.
pub enum BackupSource {
    /// One of the backups kept in the data folder, by its file name as the status lists it.
    Kept(String),
    /// A file the person chooses in the open dialog.
    Chosen,
}

/// Restores from a kept backup or a chosen file; `couple::restore` does the rest.
pub fn restore_from(
    state: &AppState,
    source: BackupSource,
    slot: u8,
    secret: Secret,
    chooser: &dyn ChooseFile,
) -> AppResult<Chosen<couple::Me>> {
    match source {
        BackupSource::Kept(name) => {
            let path = kept_backup(state, &name)?;
            couple::restore(state, &path, slot, secret).map(Chosen::Done)
        }
        BackupSource::Chosen => with_chosen(chooser, &restore_request(), |path| {
            couple::restore(state, path, slot, secret)
        }),
    }
}

/// A backup in the data folder, found by name in the app's own list: a name that is
/// not on that list (another folder, `..`) finds nothing.
pub fn kept_backup(state: &AppState, name: &str) -> AppResult<PathBuf> {
    couple::kept_backups(state.data_dir())
        .into_iter()
        .find(|p| p.file_name() == Some(std::ffi::OsStr::new(name)))
        .ok_or_else(|| {
            AppError::validation(
                "kept",
                "That backup isn't on this device any more. Please choose another one.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_dialog_does_nothing() {
        let never = |_: &FileRequest| -> Option<PathBuf> { None };
        let ran = std::cell::Cell::new(false);
        let got = with_chosen(&never, &import_request(), |_| {
            ran.set(true);
            Ok(())
        });
        assert_eq!(got.unwrap(), Chosen::Cancelled);
        assert!(!ran.get());

        let here = |_: &FileRequest| -> Option<PathBuf> { Some(PathBuf::from("/tmp/x.json")) };
        let got = with_chosen(&here, &import_request(), |p| Ok(p.to_owned()));
        assert_eq!(got.unwrap(), Chosen::Done(PathBuf::from("/tmp/x.json")));
    }

    #[test]
    fn suggested_names_match_their_filters() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        for ext in ["pdf", "html", "age"] {
            let r = report_request(d, d, ext);
            assert_eq!(r.kind, DialogKind::Save);
            assert!(r.file_name.ends_with(&format!(".{}", r.filter.1[0])));
            assert_eq!(r.filter.1, &[ext]);
        }
        assert_eq!(backup_request(d).file_name, "healing-arc-2026-03-10.backup");
        assert_eq!(restore_request().kind, DialogKind::Open);
        assert!(export_request(true).file_name.ends_with(".csv"));
    }
}
