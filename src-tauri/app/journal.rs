//! Journal entries: free text with timestamps, private unless the partner shares one.
//! A shared entry is copied under the couple key; taking it back removes the copy in
//! the same atomic write.

use chrono::{DateTime, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{rules, Visibility};
use crate::vault::{Changes, Owner, Slot};

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

fn check_text(text: &str) -> AppResult<()> {
    Ok(rules::check_journal_text(text)?)
}

fn check_id(id: &str) -> AppResult<()> {
    if id.len() != 32
        || !id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(AppError::validation(
            "id",
            "That journal entry isn't known.",
        ));
    }
    Ok(())
}

fn not_found() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "That journal entry isn't there any more.",
    )
}

fn new_id() -> AppResult<String> {
    let mut b = [0u8; 16];
    SystemRandom::new()
        .fill(&mut b)
        .map_err(|_| AppError::internal())?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// `before`: how the entry was shared until now (`None` for a new one).
fn write(state: &AppState, entry: &JournalEntry, before: Option<Visibility>) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    super::apart::check_nothing_new_shared(
        &session.keyring,
        "visibility",
        entry.visibility,
        before,
    )?;
    let mut changes = Changes::new();
    stage(&mut changes, session.slot, entry)?;
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The writes that store one entry of the partner in `slot`: their own copy, and the
/// couple-space copy exactly while it is shared with the partner. Writing, editing and
/// importing all come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, entry: &JournalEntry) -> AppResult<()> {
    changes.put(Owner::Mine, KIND, &entry.id, entry)?;
    if entry.visibility.with_partner() {
        changes.put(Owner::SharedBy(slot), KIND, &entry.id, entry)?;
    } else {
        changes.delete(Owner::SharedBy(slot), KIND, &entry.id);
    }
    Ok(())
}

fn find(state: &AppState, id: &str) -> AppResult<JournalEntry> {
    check_id(id)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    vault
        .get(&session.keyring, Owner::Mine, KIND, id)?
        .ok_or_else(not_found)
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
        id: new_id()?,
        created_at: now,
        updated_at: now,
        text,
        visibility,
    };
    write(state, &entry, None)?;
    Ok(entry)
}

pub fn update(
    state: &AppState,
    id: &str,
    text: String,
    visibility: Visibility,
) -> AppResult<JournalEntry> {
    check_text(&text)?;
    let mut entry = find(state, id)?;
    let before = entry.visibility;
    entry.text = text;
    entry.visibility = visibility;
    entry.updated_at = Utc::now();
    write(state, &entry, Some(before))?;
    Ok(entry)
}

pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    find(state, id)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    changes
        .delete(Owner::Mine, KIND, id)
        .delete(Owner::SharedBy(session.slot), KIND, id);
    vault.apply(&session.keyring, changes)?;
    Ok(())
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
