//! A partner takes their own data with them: the whole of it as versioned JSON, their
//! check-ins as CSV, and the JSON imported again into a fresh profile of a new vault
//! (all in one atomic write, or nothing).
//!
//! The import stores each record through the module that owns its kind (their `stage`
//! functions), so it writes and shares exactly what saving in the app would; the
//! export → import → export test in tests/integration/report.rs guards the round trip.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::checkins::{self, today};
use super::files::{self, ChooseFile, Chosen};
use super::journal::{self, JournalEntry};
use super::report::{check_target, write_chosen, write_file};
use super::settings::{self, Settings};
use super::tasks::{self, TaskState};
use super::{agreements, arc, couple, session_page, support, AppState};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::ArcEvent;
use crate::report::export::{
    self, EventItem, JournalItem, OwnData, Profile, TaskItem, EXPORT_FORMAT, EXPORT_VERSION,
    MAX_IMPORT_BYTES,
};
use crate::vault::{Changes, Owner};

// The kinds each module stores, named where they are written.
use super::arc::{StoredEvent, EVENT_KIND};
use super::checkins::{DAY_KIND as CHECKIN_KIND, MONTH_KIND as CHECKIN_MONTH_KIND};
use super::journal::KIND as JOURNAL_KIND;
use super::tasks::KIND as TASK_KIND;

/// What an import brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Imported {
    pub checkins: u32,
    pub journal: u32,
    pub tasks: u32,
    pub events: u32,
    pub questions: u32,
    pub answers: u32,
    pub triggers: u32,
    pub agreements: u32,
    pub session_pages: u32,
}

/// Everything the unlocked partner owns, in the export's order.
pub fn own_data(state: &AppState) -> AppResult<OwnData> {
    let me = couple::me(state)?;
    let checkins = checkins::list(state, None, None)?;
    let mut entries = journal::list(state)?;
    entries.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let marks = tasks::list(state)?;
    let settings = settings::get(state)?;
    let support = support::get(state)?;
    let mut events: Vec<StoredEvent> = {
        let mut inner = state.cell().lock();
        let (vault, session) = inner.unlocked()?;
        vault
            .list::<StoredEvent>(&session.keyring, Owner::Mine, EVENT_KIND)?
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    };
    events.sort_by_key(|e| (e.event.date, e.seq));
    let mut own_agreements: Vec<crate::model::Agreement> =
        state.records(agreements::KIND, false)?;
    own_agreements.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let mut answers: Vec<crate::model::AgreementAnswer> =
        state.records(agreements::ANSWER_KIND, false)?;
    answers.sort_by(|a, b| a.agreement.cmp(&b.agreement));
    let mut pages = session_page::records(state)?;
    pages.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let reflections = super::apart::reflections(state)?
        .into_iter()
        .map(|(id, a)| export::ReflectionItem {
            id,
            text: a.text,
            date: a.date,
        })
        .collect();
    let parting = super::apart::parting(state)?;
    let mut data = OwnData {
        reflections,
        parting,
        format: EXPORT_FORMAT.to_owned(),
        version: EXPORT_VERSION,
        profile: Profile {
            name: me.me.name,
            role: me.me.role,
        },
        settings: export::Settings {
            auto_lock_minutes: settings.auto_lock_minutes,
        },
        checkins,
        journal: entries
            .into_iter()
            .map(|e| JournalItem {
                id: e.id,
                created_at: e.created_at,
                updated_at: e.updated_at,
                text: e.text,
                visibility: e.visibility,
            })
            .collect(),
        tasks: marks
            .into_iter()
            .map(|t| TaskItem {
                task: t.task,
                done: t.done,
                date: t.date,
                visibility: t.visibility,
            })
            .collect(),
        events: events
            .into_iter()
            .map(|e| EventItem {
                seq: e.seq,
                date: e.event.date,
                change: e.event.change,
            })
            .collect(),
        support,
        questions: Vec::new(),
        answers: Vec::new(),
        triggers: Vec::new(),
        trigger_help: Vec::new(),
        agreements: own_agreements,
        agreement_answers: answers,
        session_pages: pages,
    };
    super::export_asked::add(state, &mut data)?;
    Ok(data)
}

pub fn json(state: &AppState) -> AppResult<String> {
    Ok(export::to_json(&own_data(state)?))
}

pub fn csv(state: &AppState) -> AppResult<Vec<u8>> {
    let list = checkins::list(state, None, None)?;
    crate::report::csv::checkins(&list).map_err(|_| AppError::internal())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

/// Writes the export to `path`, atomically. Returns its size.
pub fn save(state: &AppState, format: ExportFormat, path: &Path) -> AppResult<u64> {
    check_target(path)?;
    write_file(path, &bytes_of(state, format)?)
}

fn bytes_of(state: &AppState, format: ExportFormat) -> AppResult<Vec<u8>> {
    Ok(match format {
        ExportFormat::Json => json(state)?.into_bytes(),
        ExportFormat::Csv => csv(state)?,
    })
}

/// Makes the export, asks where to save it, then writes it there.
pub fn save_chosen(
    state: &AppState,
    format: ExportFormat,
    chooser: &dyn ChooseFile,
) -> AppResult<Chosen<(PathBuf, u64)>> {
    let bytes = bytes_of(state, format)?;
    let request = files::export_request(format == ExportFormat::Csv);
    files::with_chosen(chooser, &request, |path| write_chosen(state, path, &bytes))
}

/// Asks for an export file, then imports it (all of it, or nothing).
pub fn import_chosen(state: &AppState, chooser: &dyn ChooseFile) -> AppResult<Chosen<Imported>> {
    files::require_unlocked(state)?;
    files::with_chosen(chooser, &files::import_request(), |path| {
        import_file(state, path)
    })
}

/// Reads at most the cap (plus one byte, to tell "too large"), before any parsing.
fn read_capped(path: &Path) -> AppResult<Vec<u8>> {
    let too_large = || {
        AppError::validation(
            "path",
            "This file is larger than any Healing Arc export can be. Nothing was changed.",
        )
    };
    let unreadable = || {
        AppError::validation(
            "path",
            "That file couldn't be opened. Please choose the export file again.",
        )
    };
    let meta = std::fs::metadata(path).map_err(|_| unreadable())?;
    if !meta.is_file() {
        return Err(unreadable());
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(|_| unreadable())?
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| unreadable())?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

pub fn import_file(state: &AppState, path: &Path) -> AppResult<Imported> {
    let bytes = read_capped(path)?;
    import_bytes(state, &bytes)
}

/// Checks the whole export, then writes it in one atomic batch into the unlocked
/// partner's profile, which must hold no data of its own yet.
pub fn import_bytes(state: &AppState, bytes: &[u8]) -> AppResult<Imported> {
    let data =
        export::parse(bytes, today()).map_err(|e| AppError::validation(e.field, e.message))?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    if data.profile.role != session.role {
        return Err(AppError::validation(
            "profile.role",
            "This export belongs to the other role. Each partner imports their own export. Nothing was changed.",
        ));
    }
    let kr = &session.keyring;
    let fresh = vault
        .list::<serde_json::Value>(kr, Owner::Mine, CHECKIN_KIND)?
        .is_empty()
        && vault
            .list::<serde_json::Value>(kr, Owner::Mine, CHECKIN_MONTH_KIND)?
            .is_empty()
        && vault
            .list::<serde_json::Value>(kr, Owner::Mine, JOURNAL_KIND)?
            .is_empty()
        && vault
            .list::<serde_json::Value>(kr, Owner::Mine, TASK_KIND)?
            .is_empty()
        && vault
            .list::<serde_json::Value>(kr, Owner::Mine, EVENT_KIND)?
            .is_empty()
        && vault
            .list::<serde_json::Value>(kr, Owner::Mine, support::KIND)?
            .is_empty()
        && !super::export_asked::holds_any(vault, kr)?
        && [
            agreements::KIND,
            agreements::ANSWER_KIND,
            session_page::KIND,
        ]
        .into_iter()
        .try_fold(true, |empty, kind| {
            Ok::<_, crate::vault::VaultError>(
                empty
                    && vault
                        .list::<serde_json::Value>(kr, Owner::Mine, kind)?
                        .is_empty(),
            )
        })?;
    if !fresh {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            "Your profile here already holds check-ins or notes. An export can be imported only into a new profile, so nothing gets mixed up. Nothing was changed.",
        ));
    }

    // Each record through the module that owns its kind, so an import stores and
    // shares exactly what saving it in the app would.
    let mut changes = Changes::new();
    for c in &data.checkins {
        checkins::stage(vault, kr, session.slot, &mut changes, c)?;
    }
    for j in &data.journal {
        let entry = JournalEntry {
            id: j.id.clone(),
            created_at: j.created_at,
            updated_at: j.updated_at,
            text: j.text.clone(),
            visibility: j.visibility,
        };
        journal::stage(&mut changes, session.slot, &entry)?;
    }
    for t in &data.tasks {
        let ts = TaskState {
            task: t.task,
            done: t.done,
            date: t.date,
            visibility: t.visibility,
        };
        tasks::stage(&mut changes, session.slot, &ts)?;
    }
    for e in &data.events {
        let event = StoredEvent {
            seq: e.seq,
            event: ArcEvent {
                date: e.date,
                partner: session.role,
                change: e.change.clone(),
            },
        };
        arc::stage(&mut changes, session.slot, &event)?;
    }
    for r in &data.reflections {
        let answer = super::apart::ReflectionAnswer {
            text: r.text.clone(),
            date: r.date,
        };
        super::apart::stage_reflection(&mut changes, &r.id, &answer)?;
    }
    super::export_asked::stage(&mut changes, session.slot, &data)?;
    for a in &data.agreements {
        agreements::stage(&mut changes, session.slot, a)?;
    }
    for b in &data.agreement_answers {
        agreements::stage_answer(&mut changes, session.slot, b)?;
    }
    for p in &data.session_pages {
        session_page::stage(&mut changes, p)?;
    }
    let settings = Settings {
        auto_lock_minutes: data.settings.auto_lock_minutes,
    };
    settings::stage(&mut changes, &settings)?;
    support::stage(&mut changes, &data.support)?;
    vault.apply(kr, changes)?;
    session.set_auto_lock(settings.auto_lock_minutes);
    Ok(Imported {
        checkins: data.checkins.len() as u32,
        journal: data.journal.len() as u32,
        tasks: data.tasks.len() as u32,
        events: data.events.len() as u32,
        questions: data.questions.len() as u32,
        answers: data.answers.len() as u32,
        triggers: data.triggers.len() as u32,
        agreements: data.agreements.len() as u32,
        session_pages: data.session_pages.len() as u32,
    })
}
