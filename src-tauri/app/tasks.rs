//! Task states: a partner marks one of their tasks done (or not done again). Private
//! unless shared; a shared state is copied under the couple key.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checkins::today;
use super::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{TaskId, Visibility};
use crate::vault::{Changes, Owner, Slot};

pub(crate) const KIND: &str = "task";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskState {
    pub task: TaskId,
    pub done: bool,
    /// The date it was last marked.
    pub date: NaiveDate,
    pub visibility: Visibility,
}

pub fn set(
    state: &AppState,
    task: TaskId,
    done: bool,
    visibility: Visibility,
) -> AppResult<TaskState> {
    set_on(state, task, done, visibility, today())
}

/// `set`, marked on `day` (the demo couple's marks lie in their past).
pub(crate) fn set_on(
    state: &AppState,
    task: TaskId,
    done: bool,
    visibility: Visibility,
    day: NaiveDate,
) -> AppResult<TaskState> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    if !task.belongs_to(session.role) {
        return Err(AppError::validation(
            "task",
            "This is one of your partner's tasks. You can mark your own and your shared tasks.",
        ));
    }
    let id = task.as_str();
    // Only sharing changed: the mark keeps the day it was made.
    let before: Option<TaskState> = vault.get_or_skip(&session.keyring, Owner::Mine, KIND, id)?;
    let date = match before {
        Some(b) if b.done == done => b.date,
        _ => day,
    };
    let ts = TaskState {
        task,
        done,
        date,
        visibility,
    };
    let mut changes = Changes::new();
    stage(&mut changes, session.slot, &ts)?;
    vault.apply(&session.keyring, changes)?;
    Ok(ts)
}

/// The writes that store one mark of the partner in `slot`: their own copy, and the
/// couple-space copy exactly while it is shared with the partner. Marking, sharing and
/// importing all come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, ts: &TaskState) -> AppResult<()> {
    let id = ts.task.as_str();
    changes.put(Owner::Mine, KIND, id, ts)?;
    if ts.visibility.with_partner() {
        changes.put(Owner::SharedBy(slot), KIND, id, ts)?;
    } else {
        changes.delete(Owner::SharedBy(slot), KIND, id);
    }
    Ok(())
}

pub fn list(state: &AppState) -> AppResult<Vec<TaskState>> {
    load(state, false)
}

pub fn partner_list(state: &AppState) -> AppResult<Vec<TaskState>> {
    load(state, true)
}

fn load(state: &AppState, partners: bool) -> AppResult<Vec<TaskState>> {
    let mut out: Vec<TaskState> = state.records(KIND, partners)?;
    out.sort_by_key(|t| t.task);
    Ok(out)
}
