//! The trigger log: what set a painful moment off, how strong it felt, what helped.
//! Private unless its author shares an entry; on a shared entry the partner can add
//! what they did that helped, their own record, shared back to the author. Each side
//! sees the other's record only while it sits in the other's part of the couple space,
//! so taking an entry back takes it, and the note shown with it, off the partner's
//! screen in the same write. The daily check-in's trigger count is separate and stays.

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::questions::{check_id, new_id};
use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{rules, Visibility};
use crate::vault::{Changes, Owner, Slot};

pub(crate) const KIND: &str = "trigger";
pub(crate) const HELP_KIND: &str = "trigger-help";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// 32 hex digits, random.
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The day it happened (the day it was logged, on this computer's calendar).
    pub date: NaiveDate,
    /// What set it off.
    pub what: String,
    /// How strong it felt, 0..=10, when the person said.
    #[serde(default)]
    pub strength: Option<i32>,
    /// What helped, if anything (may be empty).
    #[serde(default)]
    pub helped: String,
    pub visibility: Visibility,
}

/// What the partner did that helped, stored under the id of the entry it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerHelp {
    pub trigger: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyTrigger {
    pub trigger: Trigger,
    /// The partner's note, while they keep it there.
    pub partner_help: Option<TriggerHelp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerTrigger {
    pub trigger: Trigger,
    pub my_help: Option<TriggerHelp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TriggersView {
    pub mine: Vec<MyTrigger>,
    pub from_partner: Vec<PartnerTrigger>,
}

/// The fields an entry carries as the person writes it.
pub struct TriggerEdit {
    pub what: String,
    pub strength: Option<i32>,
    pub helped: String,
    pub visibility: Visibility,
}

fn check(edit: &TriggerEdit) -> AppResult<()> {
    rules::check_text(
        "what",
        &edit.what,
        rules::TRIGGER_TEXT_MAX_CHARS,
        "what set it off",
    )?;
    rules::check_trigger_strength(edit.strength)?;
    rules::check_optional_text("helped", &edit.helped, rules::TRIGGER_TEXT_MAX_CHARS)?;
    Ok(())
}

fn gone() -> AppError {
    AppError::new(ErrorCode::NotFound, "That entry isn't there any more.")
}

/// The writes that store one entry of the partner in `slot`: their own copy, and the
/// couple-space copy exactly while it is shared. Logging, changing and importing all
/// come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, t: &Trigger) -> AppResult<()> {
    changes.put(Owner::Mine, KIND, &t.id, t)?;
    if t.visibility.with_partner() {
        changes.put(Owner::SharedBy(slot), KIND, &t.id, t)?;
    } else {
        changes.delete(Owner::SharedBy(slot), KIND, &t.id);
    }
    Ok(())
}

/// The writes that store the partner's note: their copy and the author's.
pub(crate) fn stage_help(changes: &mut Changes, slot: Slot, h: &TriggerHelp) -> AppResult<()> {
    changes.put(Owner::Mine, HELP_KIND, &h.trigger, h)?;
    changes.put(Owner::SharedBy(slot), HELP_KIND, &h.trigger, h)?;
    Ok(())
}

pub fn log(state: &AppState, edit: TriggerEdit) -> AppResult<Trigger> {
    log_at(state, edit, Utc::now())
}

/// An entry logged at `now` (the demo's and the bench's lie in the past).
pub(crate) fn log_at(
    state: &AppState,
    edit: TriggerEdit,
    now: DateTime<Utc>,
) -> AppResult<Trigger> {
    check(&edit)?;
    let t = Trigger {
        id: new_id()?,
        created_at: now,
        updated_at: now,
        date: now.with_timezone(&Local).date_naive(),
        what: edit.what,
        strength: edit.strength,
        helped: edit.helped,
        visibility: edit.visibility,
    };
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    stage(&mut changes, session.slot, &t)?;
    vault.apply(&session.keyring, changes)?;
    Ok(t)
}

pub fn update(state: &AppState, id: &str, edit: TriggerEdit) -> AppResult<Trigger> {
    check_id("id", id)?;
    check(&edit)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut t: Trigger = vault
        .get(&session.keyring, Owner::Mine, KIND, id)?
        .ok_or_else(gone)?;
    t.what = edit.what;
    t.strength = edit.strength;
    t.helped = edit.helped;
    t.visibility = edit.visibility;
    t.updated_at = Utc::now();
    let mut changes = Changes::new();
    stage(&mut changes, session.slot, &t)?;
    vault.apply(&session.keyring, changes)?;
    Ok(t)
}

pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    check_id("id", id)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let t: Option<Trigger> = vault.get(&session.keyring, Owner::Mine, KIND, id)?;
    t.ok_or_else(gone)?;
    let mut changes = Changes::new();
    changes
        .delete(Owner::Mine, KIND, id)
        .delete(Owner::SharedBy(session.slot), KIND, id);
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// Adds (or changes) what the unlocked partner did that helped, on an entry the other
/// partner shares with them.
pub fn add_help(state: &AppState, trigger: &str, text: String) -> AppResult<TriggerHelp> {
    check_id("trigger", trigger)?;
    rules::check_text("text", &text, rules::TRIGGER_TEXT_MAX_CHARS, "what you did")?;
    let now = Utc::now();
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let kr = &session.keyring;
    let shared: Option<Trigger> =
        vault.get_or_skip(kr, Owner::SharedBy(session.slot.other()), KIND, trigger)?;
    if shared.is_none() {
        return Err(AppError::new(
            ErrorCode::NotFound,
            "Your partner isn't sharing that entry with you any more.",
        ));
    }
    let before: Option<TriggerHelp> = vault.get_or_skip(kr, Owner::Mine, HELP_KIND, trigger)?;
    let h = TriggerHelp {
        trigger: trigger.to_owned(),
        created_at: before.map_or(now, |b| b.created_at),
        updated_at: now,
        text,
    };
    let mut changes = Changes::new();
    stage_help(&mut changes, session.slot, &h)?;
    vault.apply(kr, changes)?;
    Ok(h)
}

pub fn delete_help(state: &AppState, trigger: &str) -> AppResult<()> {
    check_id("trigger", trigger)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let h: Option<TriggerHelp> = vault.get(&session.keyring, Owner::Mine, HELP_KIND, trigger)?;
    h.ok_or_else(|| AppError::new(ErrorCode::NotFound, "That note isn't there any more."))?;
    let mut changes = Changes::new();
    changes.delete(Owner::Mine, HELP_KIND, trigger).delete(
        Owner::SharedBy(session.slot),
        HELP_KIND,
        trigger,
    );
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The unlocked partner's own entries (with the partner's notes) and the entries the
/// partner shares with them (with their own notes), newest first. A note on an entry no
/// longer shared is not shown: it went with the entry.
pub fn view(state: &AppState) -> AppResult<TriggersView> {
    let mine: Vec<Trigger> = state.records(KIND, false)?;
    let help_for_me: Vec<TriggerHelp> = state.records(HELP_KIND, true)?;
    let theirs: Vec<Trigger> = state.records(KIND, true)?;
    let my_help: Vec<TriggerHelp> = state.records(HELP_KIND, false)?;
    let find = |list: &[TriggerHelp], id: &str| list.iter().find(|h| h.trigger == id).cloned();
    let mut out = TriggersView {
        mine: mine
            .into_iter()
            .map(|t| MyTrigger {
                partner_help: find(&help_for_me, &t.id),
                trigger: t,
            })
            .collect(),
        from_partner: theirs
            .into_iter()
            .map(|t| PartnerTrigger {
                my_help: find(&my_help, &t.id),
                trigger: t,
            })
            .collect(),
    };
    out.mine
        .sort_by_key(|m| std::cmp::Reverse((m.trigger.date, m.trigger.created_at)));
    out.from_partner
        .sort_by_key(|p| std::cmp::Reverse((p.trigger.date, p.trigger.created_at)));
    Ok(out)
}

/// The unlocked partner's own entries and notes, as stored (export, report, trends).
pub fn own(state: &AppState) -> AppResult<(Vec<Trigger>, Vec<TriggerHelp>)> {
    let mut ts: Vec<Trigger> = state.records(KIND, false)?;
    ts.sort_by(|a, b| (a.date, a.created_at, &a.id).cmp(&(b.date, b.created_at, &b.id)));
    let mut help: Vec<TriggerHelp> = state.records(HELP_KIND, false)?;
    help.sort_by(|a, b| (a.created_at, &a.trigger).cmp(&(b.created_at, &b.trigger)));
    Ok((ts, help))
}

/// The unlocked partner's trigger log as a report reads it.
pub fn report_notes(state: &AppState) -> AppResult<Vec<crate::report::asked::TriggerNote>> {
    let (ts, _) = own(state)?;
    Ok(ts
        .into_iter()
        .map(|t| crate::report::asked::TriggerNote {
            date: t.date,
            what: t.what,
            strength: t.strength,
            helped: t.helped,
            visibility: t.visibility,
        })
        .collect())
}
