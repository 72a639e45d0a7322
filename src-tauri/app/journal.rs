//! Journal entries: free text with timestamps, private unless the partner shares one.
//! A shared entry is copied under the couple key; taking it back removes the copy in
//! the same atomic write.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::items::{self, Item};
use super::AppState;
use crate::error::AppResult;
use crate::model::{rules, Visibility};
use crate::vault::{Changes, Slot};

pub(crate) const KIND: &str = "journal";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// 32 hex digits, random.
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
    pub visibility: Visibility,
}

impl Item for JournalEntry {
    const KIND: &'static str = KIND;
    const UNKNOWN: &'static str = "That journal entry isn't known.";
    const GONE: &'static str = "That journal entry isn't there any more.";

    fn id(&self) -> &str {
        &self.id
    }

    fn visibility(&self) -> Visibility {
        self.visibility
    }
}

fn check_text(text: &str) -> AppResult<()> {
    Ok(rules::check_journal_text(text)?)
}

/// The writes that store one entry of the partner in `slot` (`items::stage`). Writing,
/// editing and importing all come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, entry: &JournalEntry) -> AppResult<()> {
    items::stage(changes, slot, entry)
}

pub fn create(state: &AppState, text: String, visibility: Visibility) -> AppResult<JournalEntry> {
    create_at(state, text, visibility, Utc::now())
}

/// An entry written at `now` (the demo couple's entries lie in their past).
pub(crate) fn create_at(
    state: &AppState,
    text: String,
    visibility: Visibility,
    now: DateTime<Utc>,
) -> AppResult<JournalEntry> {
    check_text(&text)?;
    let entry = JournalEntry {
        id: items::new_id()?,
        created_at: now,
        updated_at: now,
        text,
        visibility,
    };
    items::create(state, &entry)?;
    Ok(entry)
}

pub fn update(
    state: &AppState,
    id: &str,
    text: String,
    visibility: Visibility,
) -> AppResult<JournalEntry> {
    check_text(&text)?;
    items::check_id::<JournalEntry>("id", id)?;
    items::update(state, id, |entry: &mut JournalEntry| {
        entry.text = text;
        entry.visibility = visibility;
        entry.updated_at = Utc::now();
    })
}

pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    items::delete::<JournalEntry>(state, id)
}

/// The unlocked partner's own entries, newest first.
pub fn list(state: &AppState) -> AppResult<Vec<JournalEntry>> {
    load(state, false)
}

/// The entries the partner shared, newest first.
pub fn partner_list(state: &AppState) -> AppResult<Vec<JournalEntry>> {
    load(state, true)
}

fn load(state: &AppState, partners: bool) -> AppResult<Vec<JournalEntry>> {
    let mut out: Vec<JournalEntry> = state.records(KIND, partners)?;
    out.sort_by_key(|e| std::cmp::Reverse(e.created_at));
    Ok(out)
}
