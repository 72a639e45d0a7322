//! A couple's history as the app loads it from the vault, and the questions the app
//! asks of it. Pure functions of the history and a date: the app supplies "today".

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::checkin::CheckIn;
use super::engine::{CoupleState, DayReport};
use super::error::ModelError;
use super::phase::Phase;
use super::progress::{self, ArcEvent, Change};
use super::readiness::Readiness;
use super::role::{Pair, Role};
use super::tasks::TaskId;

/// How far back a history is replayed: about a century. Older records are ignored.
pub const MAX_HISTORY_DAYS: u64 = super::rules::MAX_SPAN_DAYS as u64;

/// A task marked done (or not done again) on a date. Separate from a check-in's
/// "worked on today" list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TaskMark {
    pub date: NaiveDate,
    pub task: TaskId,
    pub done: bool,
}

/// Everything one partner recorded. Order does not matter except among items of the
/// same date, where the later one wins (saving a check-in again replaces it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PartnerHistory {
    pub checkins: Vec<CheckIn>,
    pub marks: Vec<TaskMark>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct CoupleHistory {
    /// The day the couple began: a shared fact, and where every run of days (`since`)
    /// can start at the earliest. Records dated before it are ignored. Without it, the
    /// first recorded date is used; set it, or a private entry dated earlier than
    /// everything else would move where those runs start.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    pub op: PartnerHistory,
    pub ap: PartnerHistory,
    /// Advances, step backs, ruptures, declarations and withdrawals, in the order they
    /// happened.
    pub events: Vec<ArcEvent>,
}

/// Where the couple stands on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct CoupleStatus {
    pub day: DayReport,
    /// Each partner's readiness, with what is still open.
    pub readiness: Pair<Readiness>,
    /// Whether an advance would be accepted now (ready, and for `renew` the other
    /// partner has declared "ready to rebuild together" or is in `renew`). The app
    /// asks; it never moves anyone by itself.
    pub can_advance: Pair<bool>,
    /// Whether "ready to rebuild together" may be declared now (in `process`, ready,
    /// none standing). The standing ones are `day.rebuild`.
    pub can_declare: Pair<bool>,
    /// Whether an advance now would make the phases collide when they do not yet: the
    /// app says so and asks again before it records the advance.
    pub would_collide: Pair<bool>,
}

impl CoupleHistory {
    fn partner(&self, role: Role) -> &PartnerHistory {
        match role {
            Role::Op => &self.op,
            Role::Ap => &self.ap,
        }
    }

    fn first_date(&self) -> Option<NaiveDate> {
        let partner_dates = Role::BOTH.into_iter().flat_map(|r| {
            let p = self.partner(r);
            p.checkins
                .iter()
                .map(|c| c.date)
                .chain(p.marks.iter().map(|m| m.date))
        });
        partner_dates
            .chain(self.events.iter().map(|e| e.date))
            .min()
    }

    /// Runs every day before `on` and applies `on`'s own records, leaving the state
    /// open on `on` (not closed). Items after `on` are ignored.
    fn run(&self, on: NaiveDate, mut keep: Option<&mut Vec<DayReport>>) -> CoupleState {
        let start = self
            .start
            .or_else(|| self.first_date())
            .map_or(on, |d| d.min(on));
        // A stray date centuries back must not make every question walk that far.
        let earliest = on
            .checked_sub_days(Days::new(MAX_HISTORY_DAYS))
            .unwrap_or(start);
        let start = start.max(earliest);
        let by_date = |mut v: Vec<(NaiveDate, usize)>| {
            v.sort(); // stable on (date, original position)
            v
        };
        let checkins = Pair::new(
            by_date(
                self.op
                    .checkins
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.date, i))
                    .collect(),
            ),
            by_date(
                self.ap
                    .checkins
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.date, i))
                    .collect(),
            ),
        );
        let marks = Pair::new(
            by_date(
                self.op
                    .marks
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.date, i))
                    .collect(),
            ),
            by_date(
                self.ap
                    .marks
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.date, i))
                    .collect(),
            ),
        );
        let events = by_date(
            self.events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.date, i))
                .collect(),
        );
        let mut next = (Pair::new(0, 0), Pair::new(0, 0), 0usize);

        let mut state = CoupleState::new(start);
        loop {
            let date = state.date();
            for role in Role::BOTH {
                let (m, c) = (next.0.get_mut(role), next.1.get_mut(role));
                let partner = self.partner(role);
                while let Some(&(d, i)) = marks.get(role).get(*m).filter(|(d, _)| *d <= date) {
                    *m += 1;
                    if d == date {
                        let mark = &partner.marks[i];
                        state.mark(role, mark.task, mark.done);
                    }
                }
                while let Some(&(d, i)) = checkins.get(role).get(*c).filter(|(d, _)| *d <= date) {
                    *c += 1;
                    if d == date {
                        state.check_in(role, &partner.checkins[i]);
                    }
                }
            }
            while let Some(&(d, i)) = events.get(next.2).filter(|(d, _)| *d <= date) {
                next.2 += 1;
                if d == date {
                    let e = &self.events[i];
                    state.record(e.partner, &e.change);
                }
            }
            if date >= on {
                return state;
            }
            let report = state.close_day();
            if let Some(v) = keep.as_deref_mut() {
                v.push(report);
            }
            if state.date() == date {
                // The calendar ran out; nothing later exists to simulate.
                return state;
            }
        }
    }

    /// One report per day from the first recorded date through `today`.
    pub fn timeline(&self, today: NaiveDate) -> Vec<DayReport> {
        let mut days = Vec::new();
        let mut state = self.run(today, Some(&mut days));
        days.push(state.close_day());
        days
    }

    /// Phases, readiness and dynamics on `today`.
    pub fn status(&self, today: NaiveDate) -> CoupleStatus {
        let mut state = self.run(today, None);
        let readiness = Pair::new(state.readiness(Role::Op), state.readiness(Role::Ap));
        let (phases, declared) = (state.phases(), state.declared());
        let each = |f: &dyn Fn(Role) -> bool| Pair::new(f(Role::Op), f(Role::Ap));
        let can_advance = each(&|role| {
            let ready = readiness.get(role).ready;
            progress::check_advance(role, phases, ready, state.renew_gate(role)).is_ok()
        });
        let can_declare = each(&|role| {
            let (phase, ready) = (*phases.get(role), readiness.get(role).ready);
            progress::check_declare(phase, ready, *declared.get(role)).is_ok()
        });
        let would_collide = each(&|role| progress::would_collide(role, phases));
        CoupleStatus {
            day: state.close_day(),
            readiness,
            can_advance,
            can_declare,
            would_collide,
        }
    }

    /// Checks a change `role` wants to make on `on`, after everything recorded up to
    /// then. Returns their phase after it; the app records the event only if this is Ok.
    pub fn check(&self, role: Role, change: &Change, on: NaiveDate) -> Result<Phase, ModelError> {
        self.run(on, None).apply(role, change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_ancient_date_is_ignored_not_walked() {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        let mut h = CoupleHistory::default();
        h.op.checkins.push(CheckIn::neutral(NaiveDate::MIN));
        h.op.checkins.push(CheckIn::neutral(today));
        let days = h.timeline(today);
        assert_eq!(days.len(), MAX_HISTORY_DAYS as usize + 1);
        assert_eq!(h.status(today).readiness.op.checkins, 1);
    }

    #[test]
    fn check_asks_the_rules_at_that_moment() {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        let h = CoupleHistory {
            start: Some(today),
            ..CoupleHistory::default()
        };
        let err = h.check(Role::Op, &Change::Advance, today).unwrap_err();
        assert!(matches!(err, ModelError::NotAllowed { .. }));
        let back = Change::StepBack {
            to: None,
            reason: None,
        };
        assert!(h.check(Role::Ap, &back, today).is_err());
        let rupture = Change::Rupture {
            what: super::super::progress::RuptureKind::NewDisclosure,
            reason: None,
            agreement: None,
        };
        assert_eq!(h.check(Role::Ap, &rupture, today), Ok(Phase::Stabilize));
    }
}
