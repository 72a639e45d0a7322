//! One partner's view of the healing arc: the model run over what this partner may
//! read. That is all of their own records, and of the other partner's only what was
//! shared with them, plus the phase events both partners record.
//!
//! Nothing computed crosses (MODEL.md v2): the phase-4 gate reads the other partner's
//! "ready to rebuild together" declaration, an event they chose to record, never their
//! readiness. (0.1.0 published each partner's readiness under `READINESS_KIND`; it is
//! no longer written or read.)

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checkins::{self, today};
use super::tasks;
use super::AppState;
use crate::error::AppResult;
use crate::model::{
    self, rules, ArcEvent, Change, CheckIn, CoupleHistory, CoupleStatus, DayReport, Numbers,
    PartnerHistory, Phase, Role, RuptureKind, Share, SharedCheckIn, TaskMark, Visibility,
};
use crate::vault::{Changes, Owner, Slot};

pub(crate) const EVENT_KIND: &str = "arc-event";
/// Written by 0.1.0 only; kept so its records are still adopted when an old profile opens.
pub(crate) const READINESS_KIND: &str = "readiness";

/// A phase event as stored: `seq` orders events of the same day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredEvent {
    pub(crate) seq: u64,
    pub(crate) event: ArcEvent,
}

/// Everything this partner may read, as the model wants it.
pub struct Loaded {
    pub role: Role,
    pub today: NaiveDate,
    pub history: CoupleHistory,
    pub my_checkins: Vec<CheckIn>,
    pub partner_shared: Vec<SharedCheckIn>,
    pub task_states: Vec<tasks::TaskState>,
    /// Above every event's `seq`, own or the partner's: a new event's number (and so its
    /// id) is never one an imported event already has.
    next_seq: u64,
}

/// The model's status for this partner.
pub struct View {
    pub loaded: Loaded,
    pub status: CoupleStatus,
    /// Whether an advance would be accepted now.
    pub can_advance: bool,
    /// Why a ready partner cannot advance yet (the pace of the slower partner).
    pub waiting_for_partner: bool,
    /// The couple's parting, if recorded: from then on nothing is computed for them.
    pub parting: Option<model::Parting>,
}

pub fn load(state: &AppState) -> AppResult<Loaded> {
    let my_checkins = checkins::list(state, None, None)?;
    let partner_shared = checkins::partner_list(state, None, None)?;
    let task_states = tasks::list(state)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let role = session.role;
    let mine = session.slot;
    // My own events from my private copies (they keep my reasons); the partner's from
    // the shared space (reasons are never shared).
    let mut stored: Vec<StoredEvent> = Vec::new();
    for owner in [Owner::Mine, Owner::SharedBy(mine.other())] {
        stored.extend(
            vault
                .list::<StoredEvent>(&session.keyring, owner, EVENT_KIND)?
                .into_iter()
                .map(|(_, e)| e),
        );
    }
    drop(inner);

    stored.sort_by_key(|e| (e.event.date, e.seq));
    let next_seq = stored
        .iter()
        .map(|e| e.seq.saturating_add(1))
        .max()
        .unwrap_or(0);
    let marks: Vec<TaskMark> = task_states
        .iter()
        .map(|t| TaskMark {
            date: t.date,
            task: t.task,
            done: t.done,
        })
        .collect();
    let me = PartnerHistory {
        checkins: my_checkins.clone(),
        marks,
    };
    let partner = PartnerHistory {
        checkins: partner_shared.iter().filter_map(as_checkin).collect(),
        marks: Vec::new(),
    };
    let (op, ap) = match role {
        Role::Op => (me, partner),
        Role::Ap => (partner, me),
    };
    Ok(Loaded {
        role,
        today: today(),
        history: CoupleHistory {
            op,
            ap,
            events: stored.into_iter().map(|e| e.event).collect(),
            start: None,
        },
        my_checkins,
        partner_shared,
        task_states,
        next_seq,
    })
}

/// The other partner's shared numbers as a check-in the model can read. Only numbers
/// shared with the partner reach here; the safety answer is never shared (the model
/// uses it only for that partner's own readiness, which is not computed from this).
fn as_checkin(s: &SharedCheckIn) -> Option<CheckIn> {
    let n: &Numbers = s.numbers.as_ref()?;
    let mut c = CheckIn::neutral(s.date);
    c.stance = n.stance;
    c.emotions = n.emotions;
    c.triggers = n.triggers;
    c.repair_moment = n.repair_moment;
    c.share = Share {
        numbers: Visibility::Partner,
        note: Visibility::Private,
    };
    Some(c)
}

/// Runs the model for today. The gate reads the partner's declaration (an event in the
/// shared space) and this partner's own readiness; nothing is published.
pub fn view(state: &AppState) -> AppResult<View> {
    let loaded = load(state)?;
    let parting = super::apart::parting(state)?;
    let status = match &parting {
        Some(p) => loaded.history.status_parted(p),
        None => loaded.history.status(loaded.today),
    };
    let role = loaded.role;
    let can_advance = *status.can_advance.get(role);
    let waiting_for_partner = status.readiness.get(role).ready && !can_advance;
    Ok(View {
        loaded,
        status,
        can_advance,
        waiting_for_partner,
        parting,
    })
}

/// Advances, steps back, records a rupture, declares or withdraws "ready to rebuild
/// together" for this partner, after the model's rules.
pub fn change(state: &AppState, change: Change) -> AppResult<Phase> {
    // The rules are checked on one reading and the event written on it: no second
    // change in between.
    let _one = state.one_use_case();
    let View {
        loaded,
        status,
        parting,
        ..
    } = view(state)?;
    if parting.is_some() {
        return Err(crate::error::AppError::new(
            crate::error::ErrorCode::NotAllowed,
            "A parting is recorded, so the phases no longer change. Nothing was recorded.",
        ));
    }
    let role = loaded.role;
    let phases = status.day.phase;
    let my_ready = status.readiness.get(role).ready;
    let declared = *status.day.rebuild.get(role);
    let new_phase = match &change {
        Change::Advance => model::check_advance(
            role,
            phases,
            my_ready,
            model::renew_gate(role, phases, status.day.rebuild),
        )?,
        Change::StepBack { to, reason } => {
            rules::check_reason(reason.as_deref())?;
            model::check_step_back(*phases.get(role), *to)?
        }
        Change::Rupture { .. } => *phases.get(role),
        Change::ReadyToRebuild => {
            model::check_declare(*phases.get(role), my_ready, declared)?;
            *phases.get(role)
        }
        Change::WithdrawReady => {
            model::check_withdraw(declared)?;
            *phases.get(role)
        }
    };
    store(
        state,
        ArcEvent {
            date: loaded.today,
            partner: role,
            change,
        },
        loaded.next_seq,
    )?;
    Ok(new_phase)
}

/// Stores an event as it happened, without the rules (seeding the demo couple's past).
pub fn record(state: &AppState, event: ArcEvent) -> AppResult<()> {
    let seq = load(state)?.next_seq;
    store(state, event, seq)
}

/// Writes a private copy (with any reason) and a shared copy (without) in one batch.
/// The copy of a change the other partner may see: the reason a person wrote for a
/// step back or a rupture stays theirs.
pub(crate) fn without_reason(change: &Change) -> Change {
    match change {
        Change::StepBack { to, .. } => Change::StepBack {
            to: *to,
            reason: None,
        },
        // Which agreement a rupture concerns is part of what the partner sees happened.
        Change::Rupture {
            what, agreement, ..
        } => Change::Rupture {
            what: *what,
            reason: None,
            agreement: agreement.clone(),
        },
        Change::Advance => Change::Advance,
        Change::ReadyToRebuild => Change::ReadyToRebuild,
        Change::WithdrawReady => Change::WithdrawReady,
    }
}

fn store(state: &AppState, event: ArcEvent, seq: u64) -> AppResult<()> {
    let private = StoredEvent { seq, event };
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    stage(&mut changes, session.slot, &private)?;
    // Both copies or neither: one atomic, flushed batch.
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The writes that store one phase event of the partner in `slot`: their own copy
/// (with any reason they wrote) and, always, the copy the other partner reads, without
/// the reason. Recording and importing both come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, event: &StoredEvent) -> AppResult<()> {
    let id = format!("{}-{:08}", event.event.date, event.seq);
    let shared = StoredEvent {
        seq: event.seq,
        event: ArcEvent {
            change: without_reason(&event.event.change),
            ..event.event.clone()
        },
    };
    changes.put(Owner::Mine, EVENT_KIND, &id, event)?;
    changes.put(Owner::SharedBy(slot), EVENT_KIND, &id, &shared)?;
    Ok(())
}

/// A rupture of the kind the person chose; it stores no words of theirs.
pub fn rupture(what: RuptureKind) -> Change {
    Change::Rupture {
        what,
        reason: None,
        agreement: None,
    }
}

/// One report per day since the couple's first record, for the chart's phase bands;
/// after a parting, only up to its day (nothing is computed past it).
pub fn timeline(loaded: &Loaded, parting: Option<&model::Parting>) -> Vec<DayReport> {
    let last = parting.map_or(loaded.today, |p| p.date.min(loaded.today));
    loaded.history.timeline(last)
}
