//! The couple's state, day by day: the one place that applies the rules in order.
//! Scenario replay and the app's history both drive it, so they cannot disagree.
//!
//! Each day: task marks and check-ins, then events in order, then `close_day` computes
//! the day's phases, readiness and dynamics. Work per day is bounded (two windows of at
//! most 14 days), so a history of n days costs O(n).

use chrono::NaiveDate;
use serde::Serialize;
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::checkin::{CheckIn, Safety};
use super::dynamics::{self, Detection, DynamicKind, SharedDay, SharedWindow, LONG_WINDOW_DAYS};
use super::error::ModelError;
use super::phase::Phase;
use super::progress::{self, Change};
use super::readiness::{self, OwnWindow, Readiness, TaskSet, WINDOW_DAYS};
use super::role::{Pair, Role};
use super::tasks::TaskId;

/// What the app shows for one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DayReport {
    pub date: NaiveDate,
    pub phase: Pair<Phase>,
    pub ready: Pair<bool>,
    /// The standing "ready to rebuild together" declarations at the end of the day.
    pub rebuild: Pair<bool>,
    /// Sorted by kind.
    pub dynamics: Vec<Detection>,
}

/// The numbers of one check-in that the rules use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Day {
    stance: i32,
    hurt: Option<i32>,
    ambivalence: Option<i32>,
    /// A `no` answer; unanswered is not `no`.
    felt_unsafe: bool,
    repair_moment: bool,
    shared_with_partner: bool,
}

impl Day {
    fn of(c: &CheckIn) -> Day {
        Day {
            stance: c.stance,
            hurt: c.emotions.hurt,
            ambivalence: c.emotions.ambivalence,
            felt_unsafe: c.safety == Some(Safety::No),
            repair_moment: c.repair_moment,
            shared_with_partner: c.numbers_shared_with_partner(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CoupleState {
    date: NaiveDate,
    /// Offset of `date` from the first day; `days[*][index]` is today's check-in.
    index: usize,
    phases: Pair<Phase>,
    /// Standing "ready to rebuild together" declarations; only ever true in `process`.
    declared: Pair<bool>,
    done: Pair<TaskSet>,
    days: Pair<Vec<Option<Day>>>,
    /// Where each kind's current run of days began (indexed like `DynamicKind::ALL`).
    runs: [Option<NaiveDate>; DynamicKind::ALL.len()],
}

impl CoupleState {
    /// Both partners in phase 1, nothing done, on `start`.
    pub fn new(start: NaiveDate) -> Self {
        CoupleState {
            date: start,
            index: 0,
            phases: Pair::new(Phase::Stabilize, Phase::Stabilize),
            declared: Pair::default(),
            done: Pair::default(),
            days: Pair::new(vec![None], vec![None]),
            runs: [None; DynamicKind::ALL.len()],
        }
    }

    /// The day being filled.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn phases(&self) -> Pair<Phase> {
        self.phases
    }

    /// The standing "ready to rebuild together" declarations.
    pub fn declared(&self) -> Pair<bool> {
        self.declared
    }

    /// For `role`: the other partner has a standing declaration or is in `renew`.
    pub fn renew_gate(&self, role: Role) -> bool {
        progress::renew_gate(role, self.phases, self.declared)
    }

    pub fn done(&self, role: Role) -> TaskSet {
        *self.done.get(role)
    }

    pub fn mark(&mut self, role: Role, task: TaskId, done: bool) {
        self.done.get_mut(role).set(task, done);
    }

    /// Records `role`'s check-in for the current day (its date is the caller's concern),
    /// replacing one recorded earlier that day.
    pub fn check_in(&mut self, role: Role, checkin: &CheckIn) {
        if let Some(slot) = self.days.get_mut(role).get_mut(self.index) {
            *slot = Some(Day::of(checkin));
        }
    }

    fn own_window(&self, role: Role) -> OwnWindow {
        let first = self.index.saturating_sub(WINDOW_DAYS as usize - 1);
        let mut w = OwnWindow::default();
        for d in self.days.get(role)[first..=self.index].iter().flatten() {
            w.add(d.stance, d.hurt, d.felt_unsafe, d.repair_moment);
        }
        w
    }

    /// `role`'s readiness right now, with what is still open.
    pub fn readiness(&self, role: Role) -> Readiness {
        readiness::readiness(
            role,
            *self.phases.get(role),
            self.done.get(role),
            &self.own_window(role),
        )
    }

    pub fn ready(&self) -> Pair<bool> {
        let one = |role| {
            readiness::is_ready(
                role,
                *self.phases.get(role),
                self.done.get(role),
                &self.own_window(role),
            )
        };
        Pair::new(one(Role::Op), one(Role::Ap))
    }

    /// Applies a change if the rules allow it now; returns the partner's phase after it.
    pub fn apply(&mut self, role: Role, change: &Change) -> Result<Phase, ModelError> {
        let current = *self.phases.get(role);
        let declared = *self.declared.get(role);
        match change {
            Change::Advance => {
                let ready = *self.ready().get(role);
                progress::check_advance(role, self.phases, ready, self.renew_gate(role))?;
            }
            Change::StepBack { to, .. } => {
                progress::check_step_back(current, *to)?;
            }
            Change::Rupture { .. } => {}
            Change::ReadyToRebuild => {
                progress::check_declare(current, *self.ready().get(role), declared)?
            }
            Change::WithdrawReady => progress::check_withdraw(declared)?,
        }
        Ok(self.record(role, change))
    }

    /// Applies a change that was already recorded, without asking the rules again: a
    /// saved history is a fact, even if a check-in was edited after the move. Only the
    /// phase bounds are kept, and a declaration stands only in `process`.
    pub fn record(&mut self, role: Role, change: &Change) -> Phase {
        let current = *self.phases.get(role);
        let next = match change {
            Change::Advance => current.next().unwrap_or(current),
            Change::StepBack { to, .. } => {
                progress::check_step_back(current, *to).unwrap_or(current)
            }
            Change::Rupture { .. } | Change::ReadyToRebuild | Change::WithdrawReady => current,
        };
        *self.phases.get_mut(role) = next;
        match change {
            // A rupture, by either partner, clears both declarations.
            Change::Rupture { .. } => self.declared = Pair::default(),
            Change::ReadyToRebuild => *self.declared.get_mut(role) = next == Phase::Process,
            // Withdrawn, cleared by a step back, or ended by entering renew (a declaration
            // stands only in process, so any advance of its maker is into renew).
            Change::WithdrawReady | Change::Advance | Change::StepBack { .. } => {
                *self.declared.get_mut(role) = false;
            }
        }
        next
    }

    fn shared_window(&self) -> SharedWindow {
        let mut w = SharedWindow::empty(self.date, self.phases);
        for slot in 0..LONG_WINDOW_DAYS {
            let back = LONG_WINDOW_DAYS - 1 - slot;
            let Some(index) = self.index.checked_sub(back) else {
                continue;
            };
            for role in Role::BOTH {
                let shared = self.days.get(role)[index]
                    .filter(|d| d.shared_with_partner)
                    .map(|d| SharedDay {
                        stance: d.stance,
                        ambivalence: d.ambivalence,
                    });
                match role {
                    Role::Op => w.op[slot] = shared,
                    Role::Ap => w.ap[slot] = shared,
                }
            }
        }
        w
    }

    /// Computes the day's phases, readiness and dynamics, then moves on to the next day.
    pub fn close_day(&mut self) -> DayReport {
        let mut detections = dynamics::detect(&self.shared_window());
        for (i, kind) in DynamicKind::ALL.iter().enumerate() {
            match detections.iter_mut().find(|d| d.kind == *kind) {
                Some(d) => d.since = *self.runs[i].get_or_insert(self.date),
                None => self.runs[i] = None,
            }
        }
        let report = DayReport {
            date: self.date,
            phase: self.phases,
            ready: self.ready(),
            rebuild: self.declared,
            dynamics: detections,
        };
        // Past the last representable date there is nothing left to simulate; the
        // state keeps its date rather than wrapping.
        self.date = self.date.succ_opt().unwrap_or(self.date);
        self.index += 1;
        self.days.op.push(None);
        self.days.ap.push(None);
        report
    }
}
