//! The items of the couple's shared view: every note, journal entry and task mark a
//! partner chose to share with the other, with its date and author, newest first.
//! Own items come from the partner's own records (what they chose); the other
//! partner's only from their part of the couple space, so nothing private of theirs
//! can appear here.

use chrono::{Local, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::arc::Loaded;
use super::{journal, tasks, AppState};
use crate::error::AppResult;
use crate::model::{self, TaskId};

/// Who wrote a shared item, seen from the partner looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Author {
    Me,
    Partner,
}

/// What kind of item it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SharedKind {
    /// The note of a daily check-in.
    CheckInNote,
    Journal,
    /// A task marked done (or not done again).
    TaskMark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SharedItem {
    pub kind: SharedKind,
    pub author: Author,
    pub date: NaiveDate,
    /// The note or entry; for a task mark, the task's title.
    pub text: String,
    /// For a task mark: marked done (true) or not done again (false).
    pub task: Option<TaskId>,
    pub done: Option<bool>,
}

/// Everything shared between the two, newest first.
pub fn items(state: &AppState, loaded: &Loaded) -> AppResult<Vec<SharedItem>> {
    let mut out = Vec::new();
    for c in &loaded.my_checkins {
        if c.share.note.with_partner() && !c.note.trim().is_empty() {
            out.push(note(Author::Me, c.date, &c.note));
        }
    }
    for s in &loaded.partner_shared {
        if let Some(n) = s.note.as_ref().filter(|n| !n.trim().is_empty()) {
            out.push(note(Author::Partner, s.date, n));
        }
    }
    for e in journal::list(state)?
        .iter()
        .filter(|e| e.visibility.with_partner())
    {
        out.push(entry(Author::Me, e));
    }
    for e in journal::partner_list(state)? {
        out.push(entry(Author::Partner, &e));
    }
    for t in loaded
        .task_states
        .iter()
        .filter(|t| t.visibility.with_partner())
    {
        out.push(mark(Author::Me, t));
    }
    for t in tasks::partner_list(state)? {
        out.push(mark(Author::Partner, &t));
    }
    // Newest first; on one day, entries before notes before marks, then by author.
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(rank(a.kind).cmp(&rank(b.kind)))
            .then((a.author as u8).cmp(&(b.author as u8)))
    });
    Ok(out)
}

fn rank(kind: SharedKind) -> u8 {
    match kind {
        SharedKind::Journal => 0,
        SharedKind::CheckInNote => 1,
        SharedKind::TaskMark => 2,
    }
}

fn note(author: Author, date: NaiveDate, text: &str) -> SharedItem {
    SharedItem {
        kind: SharedKind::CheckInNote,
        author,
        date,
        text: text.to_string(),
        task: None,
        done: None,
    }
}

fn entry(author: Author, e: &journal::JournalEntry) -> SharedItem {
    SharedItem {
        kind: SharedKind::Journal,
        author,
        // The day it was written, on this computer's calendar.
        date: e.created_at.with_timezone(&Local).date_naive(),
        text: e.text.clone(),
        task: None,
        done: None,
    }
}

fn mark(author: Author, t: &tasks::TaskState) -> SharedItem {
    let title = model::catalogue()
        .iter()
        .find(|k| k.id == t.task)
        .map(|k| k.title.to_string())
        .unwrap_or_default();
    SharedItem {
        kind: SharedKind::TaskMark,
        author,
        date: t.date,
        text: title,
        task: Some(t.task),
        done: Some(t.done),
    }
}
