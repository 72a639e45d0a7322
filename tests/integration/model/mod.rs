//! The model through its public API: golden scenarios, properties, boundaries.

mod bindings;
mod boundaries;
mod cli;
mod declaration;
mod golden;
mod properties;

use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use healing_arc::model::{
    CheckIn, CoupleHistory, Emotions, Role, Safety, Share, TaskId, TaskMark, Visibility,
};

/// The repository root. `file!()` is relative to it in the app crate; a scratch crate
/// that includes these files by absolute path sees an absolute path instead.
pub fn repo() -> PathBuf {
    let here = PathBuf::from(file!());
    if here.is_absolute() {
        // <root>/tests/integration/model/mod.rs
        if let Some(root) = here.ancestors().nth(4) {
            return root.to_path_buf();
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("test dates are valid")
}

pub fn day(start: NaiveDate, n: u64) -> NaiveDate {
    start
        .checked_add_days(Days::new(n))
        .expect("test dates are in range")
}

/// A check-in whose numbers are shared with the partner.
pub fn shared(date: NaiveDate, stance: i32) -> CheckIn {
    CheckIn {
        stance,
        share: Share {
            numbers: Visibility::Partner,
            note: Visibility::Private,
        },
        ..CheckIn::neutral(date)
    }
}

pub fn private(date: NaiveDate, stance: i32) -> CheckIn {
    CheckIn {
        stance,
        ..CheckIn::neutral(date)
    }
}

pub fn with_emotions(mut c: CheckIn, emotions: Emotions) -> CheckIn {
    c.emotions = emotions;
    c
}

pub fn with_safety(mut c: CheckIn, safety: Safety) -> CheckIn {
    c.safety = Some(safety);
    c
}

/// Shared stances per day for both partners (None = no check-in that day).
pub fn couple(start: NaiveDate, op: &[Option<i32>], ap: &[Option<i32>]) -> CoupleHistory {
    let mut h = CoupleHistory::default();
    for (i, s) in op.iter().enumerate() {
        if let Some(s) = s {
            h.op.checkins.push(shared(day(start, i as u64), *s));
        }
    }
    for (i, s) in ap.iter().enumerate() {
        if let Some(s) = s {
            h.ap.checkins.push(shared(day(start, i as u64), *s));
        }
    }
    h
}

/// Marks every required task of every phase done for `role` on `on`.
pub fn all_tasks_done(h: &mut CoupleHistory, role: Role, on: NaiveDate) {
    let marks = TaskId::ALL
        .iter()
        .filter(|t| t.belongs_to(role) && t.required())
        .map(|t| TaskMark {
            date: on,
            task: *t,
            done: true,
        });
    match role {
        Role::Op => h.op.marks.extend(marks),
        Role::Ap => h.ap.marks.extend(marks),
    }
}
