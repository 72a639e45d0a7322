//! Therapist reports made by the unlocked partner: load what they may read, let
//! `report::build` decide what goes in (docs/REPORTS.md), show a preview, and write the
//! file the person chose, atomically.

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};
use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use super::files::{self, ChooseFile, Chosen};
use super::{arc, consent, couple, journal, session_page, AppState};
use crate::error::{AppError, AppResult};
use crate::model::{rules, Role, Visibility};
use crate::report::{
    self, packet, protect, AboutPartner, JournalNote, Person, RangeError, Report, Source,
    TaskProgress,
};
use crate::vault::Passphrase;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Pdf,
}

/// How the file is locked: an age packet (to a recipient or a passphrase), or the PDF
/// itself, password-protected.
pub enum PacketLock {
    Recipient(String),
    Passphrase(Zeroizing<String>),
    /// Not a packet: the report's PDF, encrypted with this passphrase (report::protect).
    PdfPassword(Zeroizing<String>),
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewNote {
    pub date: NaiveDate,
    /// "check-in", "journal", "question", "answer" or "trigger".
    pub source: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewTask {
    pub title: String,
    pub done: bool,
}

/// How much of the period stays out because it was not marked for the therapist.
#[derive(Debug, Clone, Copy, Default, Serialize, TS)]
pub struct KeptPrivate {
    pub checkin_numbers: u32,
    pub checkin_notes: u32,
    pub journal: u32,
    pub tasks: u32,
    pub questions: u32,
    pub answers: u32,
    pub triggers: u32,
    /// Pages for the next session prepared in the period and not marked for the report.
    pub session_pages: u32,
}

/// Whether the report holds facts about the other partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartnerInReport {
    /// They allowed it (their own setting).
    Included,
    /// They have not allowed it: nothing about them goes in.
    NotAllowed,
    /// They have no profile yet.
    NoPartner,
}

/// What the report holds about the other partner, for the preview's sentence.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PartnerPreview {
    pub state: PartnerInReport,
    /// Their name, for the sentence on the maker's own screen.
    pub name: Option<String>,
    /// Their phase stretches, and the phase changes and ruptures they recorded, that
    /// go in (all 0 unless `included`).
    pub phase_spans: u32,
    pub phase_changes: u32,
    pub ruptures: u32,
}

/// Exactly what a report for the range would hold, shown before anything is written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportPreview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days whose check-in numbers go in.
    pub checkin_days: u32,
    pub weeks: u32,
    pub notes: Vec<PreviewNote>,
    pub tasks: Vec<PreviewTask>,
    /// The questions, answers and trigger-log entries that go in, one line each.
    pub asked: Vec<PreviewNote>,
    /// The maker's own phase stretches, and the phase changes and ruptures they recorded.
    pub phase_spans: u32,
    pub phase_changes: u32,
    pub ruptures: u32,
    /// Pattern titles (self-report summaries), one per episode; only when the other
    /// partner allowed it.
    pub patterns: Vec<String>,
    pub partner: PartnerPreview,
    pub kept_private: KeptPrivate,
    /// Pages for the next session that go in: the day each was prepared, and what
    /// its author wants to bring.
    pub session_pages: Vec<PreviewNote>,
}

fn local_date(t: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// Everything the unlocked partner may read, as `report::build` wants it.
pub fn source(state: &AppState) -> AppResult<Source> {
    let loaded = arc::load(state)?;
    let me = couple::me(state)?;
    let entries = journal::list(state)?;
    // Read at every report, so a change of mind counts for the next one.
    let partner_allows = me.partner.is_some() && consent::partners(state)?;
    let (questions, answers) = super::questions::report_notes(state)?;
    let triggers = super::triggers::report_notes(state)?;
    Ok(Source {
        today: loaded.today,
        me: Person {
            name: me.me.name,
            role: me.me.role,
        },
        partner: me.partner.map(|p| Person {
            name: p.name,
            role: p.role,
        }),
        journal: entries
            .into_iter()
            .map(|e| JournalNote {
                date: local_date(e.created_at),
                text: e.text,
                visibility: e.visibility,
            })
            .collect(),
        tasks: loaded
            .task_states
            .iter()
            .map(|t| TaskProgress {
                task: t.task,
                done: t.done,
                date: t.date,
                visibility: t.visibility,
            })
            .collect(),
        history: loaded.history,
        partner_allows,
        questions,
        answers,
        triggers,
        session_pages: session_page::for_report(state)?,
        parted_on: super::apart::parting(state)?.map(|p| p.date),
    })
}

pub fn check_range(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> AppResult<()> {
    report::check_range(from, to, today).map_err(|e| match e {
        RangeError::Reversed => AppError::validation(
            "to",
            "The end of the period comes before its start. Please pick the dates again.",
        ),
        RangeError::Future => {
            AppError::validation("to", "A report can cover days up to today, not later.")
        }
        RangeError::TooLong => AppError::validation(
            "from",
            "A report can cover at most a hundred years. Please pick a later start.",
        ),
    })
}

fn built(state: &AppState, from: NaiveDate, to: NaiveDate) -> AppResult<(Source, Report)> {
    let src = source(state)?;
    check_range(from, to, src.today)?;
    let r = report::build(&src, from, to);
    Ok((src, r))
}

pub fn preview(state: &AppState, from: NaiveDate, to: NaiveDate) -> AppResult<ReportPreview> {
    let (src, r) = built(state, from, to)?;
    let in_range = |d: NaiveDate| from <= d && d <= to;
    let mine = match src.me.role {
        Role::Op => &src.history.op.checkins,
        Role::Ap => &src.history.ap.checkins,
    };
    let mut kept = KeptPrivate::default();
    for c in mine.iter().filter(|c| in_range(c.date)) {
        kept.checkin_numbers += u32::from(!c.share.numbers.with_therapist());
        kept.checkin_notes +=
            u32::from(!c.note.trim().is_empty() && !c.share.note.with_therapist());
    }
    kept.journal = src
        .journal
        .iter()
        .filter(|j| in_range(j.date) && !j.visibility.with_therapist())
        .count() as u32;
    kept.tasks = src
        .tasks
        .iter()
        .filter(|t| t.date <= to && !t.visibility.with_therapist())
        .count() as u32;
    let out = |v: Visibility| !v.with_therapist();
    kept.questions = src
        .questions
        .iter()
        .filter(|q| q.date <= to && out(q.visibility))
        .count() as u32;
    kept.answers = src
        .answers
        .iter()
        .filter(|a| a.date <= to && out(a.visibility))
        .count() as u32;
    kept.triggers = src
        .triggers
        .iter()
        .filter(|t| in_range(t.date) && out(t.visibility))
        .count() as u32;
    let note = |date: NaiveDate, source: &str, text: &str| PreviewNote {
        date,
        source: source.to_owned(),
        text: text.to_owned(),
    };
    let asked: Vec<PreviewNote> = r
        .questions
        .iter()
        .map(|q| note(q.date, "question", &q.text))
        .chain(r.answers.iter().map(|a| note(a.date, "answer", &a.text)))
        .chain(r.triggers.iter().map(|t| note(t.date, "trigger", &t.what)))
        .collect();
    kept.session_pages = session_page::records(state)?
        .iter()
        .filter(|p| !p.for_therapist && in_range(local_date(p.updated_at)))
        .count() as u32;
    let me = src.me.role;
    let changes = |who: Role| {
        r.events
            .iter()
            .filter(|e| e.role == who && e.kind != "rupture")
            .count() as u32
    };
    let ruptures = |who: Role| {
        r.events
            .iter()
            .filter(|e| e.role == who && e.kind == "rupture")
            .count() as u32
    };
    Ok(ReportPreview {
        from,
        to,
        checkin_days: r.stance.len() as u32,
        weeks: r.weeks.len() as u32,
        notes: r
            .notes
            .iter()
            .map(|n| PreviewNote {
                date: n.date,
                source: n.source.clone(),
                text: n.text.clone(),
            })
            .collect(),
        tasks: r
            .tasks
            .iter()
            .map(|t| PreviewTask {
                title: t.title.clone(),
                done: t.done,
            })
            .collect(),
        asked,
        phase_spans: r.phases.iter().filter(|p| p.role == me).count() as u32,
        phase_changes: changes(me),
        ruptures: ruptures(me),
        patterns: r.dynamics.iter().map(|e| e.title.clone()).collect(),
        partner: PartnerPreview {
            state: match r.about_partner {
                AboutPartner::Included => PartnerInReport::Included,
                AboutPartner::NotAllowed => PartnerInReport::NotAllowed,
                AboutPartner::NoPartner => PartnerInReport::NoPartner,
            },
            name: src.partner.as_ref().map(|p| p.name.clone()),
            phase_spans: r.phases.iter().filter(|p| p.role != me).count() as u32,
            phase_changes: changes(me.other()),
            ruptures: ruptures(me.other()),
        },
        kept_private: kept,
        session_pages: r
            .session_pages
            .iter()
            .map(|p| PreviewNote {
                date: p.prepared_on,
                source: "session page".to_owned(),
                text: if p.bring.trim().is_empty() {
                    p.happened.clone()
                } else {
                    p.bring.clone()
                },
            })
            .collect(),
    })
}

fn render(r: &Report, format: Format) -> AppResult<Vec<u8>> {
    let d = report::doc::build(r);
    match format {
        Format::Html => Ok(report::html::render(&d).into_bytes()),
        Format::Pdf => report::pdf::render(&d).ok_or_else(AppError::internal),
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The bytes of a report, or of a packet holding it and its JSON.
pub fn make(
    state: &AppState,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
    lock: Option<PacketLock>,
) -> AppResult<Vec<u8>> {
    // Check the lock before the work, so a typo answers at once.
    let lock = match lock {
        None => None,
        Some(PacketLock::PdfPassword(p)) => {
            if format != Format::Pdf {
                return Err(AppError::validation(
                    "format",
                    "A report with a passphrase is a PDF. Please choose PDF.",
                ));
            }
            // Spaces at either end can't be seen or said aloud: they are not part of it.
            let p = p.trim();
            check_pdf_passphrase(state, p)?;
            let (_, r) = built(state, from, to)?;
            let pdf = Zeroizing::new(render(&r, Format::Pdf)?);
            return protect::encrypt(&pdf, p).map_err(|e| match e {
                protect::ProtectError::BadCharacter => AppError::validation(
                    PDF_PASSPHRASE,
                    "That passphrase holds a character a PDF can't take (an invisible control character). Please type it again.",
                ),
                protect::ProtectError::TooLong => too_long(),
                protect::ProtectError::Pdf => AppError::internal(),
            });
        }
        Some(PacketLock::Recipient(s)) => Some(packet::parse_recipient(&s).map_err(|_| {
            AppError::validation(
                "packet.recipient",
                "That isn't an age recipient. It starts with \"age1\"; please ask your therapist to send theirs again.",
            )
        })?),
        Some(PacketLock::Passphrase(p)) => {
            if !rules::passphrase_length_ok(&p) {
                return Err(AppError::validation(
                    "packet.passphrase",
                    format!(
                        "A passphrase for the packet needs {} to {} characters.",
                        rules::PASSPHRASE_MIN_CHARS,
                        rules::grouped(rules::PASSPHRASE_MAX_CHARS)
                    ),
                ));
            }
            Some(packet::Lock::Passphrase(p))
        }
    };
    let (_, r) = built(state, from, to)?;
    let body = render(&r, format)?;
    let Some(lock) = lock else {
        return Ok(body);
    };
    let json = serde_json::to_vec_pretty(&r).map_err(|_| AppError::internal())?;
    let name = match format {
        Format::Html => "report.html",
        Format::Pdf => "report.pdf",
    };
    let files = [
        packet::Entry { name, bytes: &body },
        packet::Entry {
            name: "report.json",
            bytes: &json,
        },
    ];
    packet::seal(&lock, &files, unix_now()).map_err(|_| AppError::internal())
}

const PDF_PASSPHRASE: &str = "pdf_passphrase";

fn too_long() -> AppError {
    AppError::validation(
        PDF_PASSPHRASE,
        format!(
            "That passphrase is longer than every PDF reader can take. Please keep it to {} characters (an accented letter counts as two).",
            protect::MAX_PASSWORD_BYTES
        ),
    )
}

/// The PDF's passphrase is judged like the profile's (zxcvbn, with both names as the
/// first guesses): the file may travel by email, where anyone can try guesses offline.
fn check_pdf_passphrase(state: &AppState, p: &str) -> AppResult<()> {
    if p.is_empty() {
        return Err(AppError::validation(
            PDF_PASSPHRASE,
            "Please choose a passphrase for the PDF, or keep the one Healing Arc suggests.",
        ));
    }
    if p.len() > protect::MAX_PASSWORD_BYTES {
        return Err(too_long());
    }
    let verdict = couple::passphrase_strength(state, &Passphrase::new(p.to_owned()), &[])?;
    if !verdict.accepted {
        return Err(AppError::validation(PDF_PASSPHRASE, verdict.hint));
    }
    Ok(())
}

/// A passphrase to suggest for a protected PDF: six words to read aloud.
pub fn suggest_passphrase() -> AppResult<Zeroizing<String>> {
    report::suggest::suggest().ok_or_else(AppError::internal)
}

/// Writes a report (or packet) to `path`, atomically. Returns its size.
pub fn save(
    state: &AppState,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
    lock: Option<PacketLock>,
    path: &Path,
) -> AppResult<u64> {
    check_target(path)?;
    let bytes = make(state, from, to, format, lock)?;
    write_file(path, &bytes)
}

/// Makes the report first (so a typo answers before any dialog opens), asks where to
/// save it, then writes it there. Nothing is written when the person cancels.
pub fn save_chosen(
    state: &AppState,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
    lock: Option<PacketLock>,
    chooser: &dyn ChooseFile,
) -> AppResult<Chosen<(PathBuf, u64)>> {
    let ext = match (&lock, format) {
        (Some(PacketLock::PdfPassword(_)), _) => "pdf",
        (Some(_), _) => "age",
        (None, Format::Html) => "html",
        (None, Format::Pdf) => "pdf",
    };
    let bytes = make(state, from, to, format, lock)?;
    let request = files::report_request(from, to, ext);
    files::with_chosen(chooser, &request, |path| write_chosen(state, path, &bytes))
}

/// Writes what was made before the dialog, unless the app locked while it was open.
pub(crate) fn write_chosen(
    state: &AppState,
    path: &Path,
    bytes: &[u8],
) -> AppResult<(PathBuf, u64)> {
    check_target(path)?;
    files::require_unlocked(state)?;
    Ok((path.to_owned(), write_file(path, bytes)?))
}

/// A path the person chose in the save dialog: absolute, in a folder that exists.
pub(crate) fn check_target(p: &Path) -> AppResult<()> {
    let ok = p.is_absolute()
        && p.parent().is_some_and(Path::is_dir)
        && p.file_name().is_some()
        && !p.is_dir();
    if !ok {
        return Err(AppError::validation(
            "path",
            "Please choose a file name in a folder that exists.",
        ));
    }
    Ok(())
}

/// Temp file, fsync, rename (the vault's own atomic write): the old file or the whole
/// new one, never half of it.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> AppResult<u64> {
    crate::vault::write_atomic(path, bytes).map_err(|_| {
        AppError::validation(
            "path",
            "Healing Arc couldn't write the file there. Nothing was saved. Please choose another folder.",
        )
    })?;
    Ok(bytes.len() as u64)
}
