//! The trigger log: what set a painful moment off, how strong it felt, what helped.
//! Private unless its author shares an entry; on a shared entry the partner can add
//! what they did that helped, their own record, shared back to the author. Each side
//! sees the other's record only while it sits in the other's part of the couple space,
//! so taking an entry back takes it, and the note shown with it, off the partner's
//! screen in the same write. The daily check-in's trigger count is separate and stays.

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::items::{self, Item, Reply};
use super::AppState;
use crate::error::AppResult;
use crate::model::{rules, Visibility};
use crate::vault::{Changes, Slot};

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

impl Item for Trigger {
    const KIND: &'static str = KIND;
    const UNKNOWN: &'static str = "That item isn't known.";
    const GONE: &'static str = "That entry isn't there any more.";

    fn id(&self) -> &str {
        &self.id
    }

    fn visibility(&self) -> Visibility {
        self.visibility
    }
}

impl Reply for TriggerHelp {
    const KIND: &'static str = HELP_KIND;
    const FIELD: &'static str = "trigger";
    const GONE: &'static str = "That note isn't there any more.";
    const NOT_SHARED: &'static str = "Your partner isn't sharing that entry with you any more.";
    type On = Trigger;

    fn on(&self) -> &str {
        &self.trigger
    }

    fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
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

/// The writes that store one entry of the partner in `slot` (`items::stage`). Logging,
/// changing and importing all come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, t: &Trigger) -> AppResult<()> {
    items::stage(changes, slot, t)
}

/// The writes that store the partner's note: their copy and the author's.
pub(crate) fn stage_help(changes: &mut Changes, slot: Slot, h: &TriggerHelp) -> AppResult<()> {
    items::stage_reply(changes, slot, h)
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
        id: items::new_id()?,
        created_at: now,
        updated_at: now,
        date: now.with_timezone(&Local).date_naive(),
        what: edit.what,
        strength: edit.strength,
        helped: edit.helped,
        visibility: edit.visibility,
    };
    items::create(state, &t)?;
    Ok(t)
}

pub fn update(state: &AppState, id: &str, edit: TriggerEdit) -> AppResult<Trigger> {
    items::check_id::<Trigger>("id", id)?;
    check(&edit)?;
    items::update(state, id, |t: &mut Trigger| {
        t.what = edit.what;
        t.strength = edit.strength;
        t.helped = edit.helped;
        t.visibility = edit.visibility;
        t.updated_at = Utc::now();
    })
}

pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    items::delete::<Trigger>(state, id)
}

/// Adds (or changes) what the unlocked partner did that helped, on an entry the other
/// partner shares with them.
pub fn add_help(state: &AppState, trigger: &str, text: String) -> AppResult<TriggerHelp> {
    items::check_id::<Trigger>("trigger", trigger)?;
    rules::check_text("text", &text, rules::TRIGGER_TEXT_MAX_CHARS, "what you did")?;
    let now = Utc::now();
    items::reply(state, trigger, now, |created_at| TriggerHelp {
        trigger: trigger.to_owned(),
        created_at,
        updated_at: now,
        text,
    })
}

pub fn delete_help(state: &AppState, trigger: &str) -> AppResult<()> {
    items::delete_reply::<TriggerHelp>(state, trigger)
}

/// The unlocked partner's own entries (with the partner's notes) and the entries the
/// partner shares with them (with their own notes), newest first. A note on an entry no
/// longer shared is not shown: it went with the entry.
pub fn view(state: &AppState) -> AppResult<TriggersView> {
    let newest = |t: &Trigger| (t.date, t.created_at);
    let mine = items::with_replies::<TriggerHelp, _>(state, false, newest)?;
    let theirs = items::with_replies::<TriggerHelp, _>(state, true, newest)?;
    Ok(TriggersView {
        mine: mine
            .into_iter()
            .map(|(trigger, partner_help)| MyTrigger {
                trigger,
                partner_help,
            })
            .collect(),
        from_partner: theirs
            .into_iter()
            .map(|(trigger, my_help)| PartnerTrigger { trigger, my_help })
            .collect(),
    })
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
