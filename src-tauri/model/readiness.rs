//! Whether a partner looks ready to leave their phase (MODEL.md "Progress through the
//! phases"). Only the partner's own check-ins count, private ones included: readiness
//! is theirs, and it is only ever a question the app asks them.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::phase::Phase;
use super::role::Role;
use super::tasks::{required_tasks, TaskId};

/// The readiness window: the 7 calendar days `d-6 ..= d`.
pub const WINDOW_DAYS: i64 = 7;
/// Check-ins the window must hold.
pub const MIN_CHECKINS: u32 = 4;
/// The OP's signal: stance ≥ +1 on this many window check-ins.
pub const LEANING_IN_DAYS: u32 = 4;

/// The tasks a partner has marked done. A `both` task counts per partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct TaskSet(u32);

impl TaskSet {
    pub fn new() -> Self {
        Self::default()
    }

    fn bit(task: TaskId) -> u32 {
        1u32 << (task as u32)
    }

    pub fn contains(&self, task: TaskId) -> bool {
        self.0 & Self::bit(task) != 0
    }

    pub fn set(&mut self, task: TaskId, done: bool) {
        if done {
            self.0 |= Self::bit(task);
        } else {
            self.0 &= !Self::bit(task);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = TaskId> + '_ {
        TaskId::ALL.iter().copied().filter(|t| self.contains(*t))
    }
}

impl FromIterator<TaskId> for TaskSet {
    fn from_iter<I: IntoIterator<Item = TaskId>>(iter: I) -> Self {
        let mut set = TaskSet::new();
        for t in iter {
            set.set(t, true);
        }
        set
    }
}

/// What one partner's own check-ins in the window add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OwnWindow {
    pub checkins: u32,
    /// Check-ins with stance ≥ +1.
    pub leaning_in: u32,
    /// Check-ins answering `no` to "I felt safe today".
    pub unsafe_days: u32,
    pub repair_moments: u32,
    /// Check-ins that answered hurt (an unanswered feeling is left out, never 0).
    pub hurt_answered: u32,
    pub hurt_sum: i64,
}

impl OwnWindow {
    /// Adds one check-in. `felt_unsafe` is a `no` answer only: unanswered is not `no`.
    pub fn add(&mut self, stance: i32, hurt: Option<i32>, felt_unsafe: bool, repair_moment: bool) {
        self.checkins += 1;
        self.leaning_in += u32::from(stance >= 1);
        self.unsafe_days += u32::from(felt_unsafe);
        self.repair_moments += u32::from(repair_moment);
        if let Some(hurt) = hurt {
            self.hurt_answered += 1;
            self.hurt_sum += i64::from(hurt);
        }
    }

    /// Mean hurt over the window's check-ins that answered it, `None` without any.
    pub fn mean_hurt(&self) -> Option<f64> {
        (self.hurt_answered > 0).then(|| self.hurt_sum as f64 / f64::from(self.hurt_answered))
    }

    /// mean hurt ≤ 2.5 over the answered days, compared exactly: 2·sum ≤ 5·answered.
    fn hurt_eased(&self) -> bool {
        self.hurt_answered > 0 && 2 * self.hurt_sum <= 5 * i64::from(self.hurt_answered)
    }
}

/// The phase's signal, with the numbers behind it so the app can explain it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signal {
    /// OP, phases 1–3: stance ≥ +1 on at least 4 window check-ins.
    LeaningIn { days: u32, needed: u32 },
    /// AP, phase 1: no `no` safety answer in the window (unanswered is not `no`).
    FeltSafe { unsafe_days: u32 },
    /// AP, phase 2: at least one repair moment in the window.
    RepairMoment { moments: u32 },
    /// AP, phase 3: mean hurt ≤ 2.5 over the window's check-ins that answered it (at
    /// least one) and at least one repair moment.
    HurtEasing {
        #[cfg_attr(feature = "ts", ts(optional))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean_hurt: Option<f64>,
        /// How many check-ins of the window answered hurt.
        #[serde(default)]
        answered: u32,
        moments: u32,
    },
    /// Phase 4 is the last: there is nothing to be ready for.
    LastPhase,
}

/// A partner's readiness to leave their phase, with what is still open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Readiness {
    pub phase: Phase,
    pub ready: bool,
    /// Required tasks of the phase (own and shared) not yet marked done.
    pub missing_tasks: Vec<TaskId>,
    pub checkins: u32,
    pub checkins_needed: u32,
    pub signal: Signal,
    pub signal_held: bool,
}

/// Readiness of a partner of `role` in `phase`, given their done tasks and window.
pub fn readiness(role: Role, phase: Phase, done: &TaskSet, window: &OwnWindow) -> Readiness {
    let missing_tasks: Vec<TaskId> = required_tasks(phase, role)
        .filter(|t| !done.contains(*t))
        .collect();
    let (signal, signal_held) = signal(role, phase, window);
    let ready = phase != Phase::Renew
        && missing_tasks.is_empty()
        && window.checkins >= MIN_CHECKINS
        && signal_held;
    Readiness {
        phase,
        ready,
        missing_tasks,
        checkins: window.checkins,
        checkins_needed: MIN_CHECKINS,
        signal,
        signal_held,
    }
}

/// Just the answer, without building the explanation (used on every replayed day).
pub fn is_ready(role: Role, phase: Phase, done: &TaskSet, window: &OwnWindow) -> bool {
    phase != Phase::Renew
        && window.checkins >= MIN_CHECKINS
        && signal(role, phase, window).1
        && required_tasks(phase, role).all(|t| done.contains(t))
}

fn signal(role: Role, phase: Phase, w: &OwnWindow) -> (Signal, bool) {
    match (phase, role) {
        (Phase::Renew, _) => (Signal::LastPhase, false),
        (_, Role::Op) => (
            Signal::LeaningIn {
                days: w.leaning_in,
                needed: LEANING_IN_DAYS,
            },
            w.leaning_in >= LEANING_IN_DAYS,
        ),
        (Phase::Stabilize, Role::Ap) => (
            Signal::FeltSafe {
                unsafe_days: w.unsafe_days,
            },
            w.unsafe_days == 0,
        ),
        (Phase::Account, Role::Ap) => (
            Signal::RepairMoment {
                moments: w.repair_moments,
            },
            w.repair_moments >= 1,
        ),
        (Phase::Process, Role::Ap) => (
            Signal::HurtEasing {
                mean_hurt: w.mean_hurt(),
                answered: w.hurt_answered,
                moments: w.repair_moments,
            },
            w.hurt_eased() && w.repair_moments >= 1,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(days: &[(i32, i32, bool, bool)]) -> OwnWindow {
        let mut w = OwnWindow::default();
        for &(stance, hurt, felt_unsafe, repair) in days {
            w.add(stance, Some(hurt), felt_unsafe, repair);
        }
        w
    }

    fn all_required(phase: Phase, role: Role) -> TaskSet {
        required_tasks(phase, role).collect()
    }

    fn check(role: Role, phase: Phase, done: &TaskSet, w: &OwnWindow) -> bool {
        let full = readiness(role, phase, done, w);
        assert_eq!(full.ready, is_ready(role, phase, done, w));
        full.ready
    }

    #[test]
    fn op_needs_tasks_four_checkins_and_four_leaning_in() {
        let done = all_required(Phase::Stabilize, Role::Op);
        let four_in = window(&[(1, 0, false, false); 4]);
        assert!(check(Role::Op, Phase::Stabilize, &done, &four_in));
        let three_in = window(&[
            (1, 0, false, false),
            (1, 0, false, false),
            (1, 0, false, false),
            (0, 0, false, false),
        ]);
        assert!(!check(Role::Op, Phase::Stabilize, &done, &three_in));
        let three_checkins = window(&[(3, 0, false, false); 3]);
        assert!(!check(Role::Op, Phase::Stabilize, &done, &three_checkins));
        let mut missing = done;
        missing.set(TaskId::P1OpCommit, false);
        let r = readiness(Role::Op, Phase::Stabilize, &missing, &four_in);
        assert!(!r.ready);
        assert_eq!(r.missing_tasks, vec![TaskId::P1OpCommit]);
        // Optional tasks are never needed.
        assert!(!done.contains(TaskId::P1OpTransparency));
    }

    #[test]
    fn ap_phase_one_needs_no_unsafe_day() {
        let done = all_required(Phase::Stabilize, Role::Ap);
        let calm = window(&[(-2, 4, false, false); 4]);
        assert!(check(Role::Ap, Phase::Stabilize, &done, &calm));
        let one_unsafe = window(&[
            (-2, 4, false, false),
            (0, 0, false, false),
            (0, 0, false, false),
            (0, 0, true, false),
        ]);
        assert!(!check(Role::Ap, Phase::Stabilize, &done, &one_unsafe));
    }

    #[test]
    fn ap_phase_two_needs_a_repair_moment() {
        let done = all_required(Phase::Account, Role::Ap);
        assert!(!check(
            Role::Ap,
            Phase::Account,
            &done,
            &window(&[(0, 0, false, false); 4])
        ));
        let one = window(&[
            (0, 0, false, false),
            (0, 0, false, false),
            (0, 0, false, false),
            (0, 0, false, true),
        ]);
        assert!(check(Role::Ap, Phase::Account, &done, &one));
    }

    #[test]
    fn ap_phase_three_mean_hurt_boundary_is_2_5() {
        let done = all_required(Phase::Process, Role::Ap);
        // 3+2+3+2 = 10 over 4 = 2.5: holds.
        let at = window(&[
            (0, 3, false, true),
            (0, 2, false, false),
            (0, 3, false, false),
            (0, 2, false, false),
        ]);
        assert!(check(Role::Ap, Phase::Process, &done, &at));
        // 11 over 4 = 2.75: does not.
        let over = window(&[
            (0, 3, false, true),
            (0, 3, false, false),
            (0, 3, false, false),
            (0, 2, false, false),
        ]);
        assert!(!check(Role::Ap, Phase::Process, &done, &over));
        // Hurt eased but no repair moment.
        let no_repair = window(&[(0, 0, false, false); 4]);
        assert!(!check(Role::Ap, Phase::Process, &done, &no_repair));
    }

    #[test]
    fn ap_phase_three_hurt_mean_counts_answered_days_only() {
        let done = all_required(Phase::Process, Role::Ap);
        // Hurt 2 on one day, unanswered on three: the mean is 2, not 0.5 and not "no data".
        let mut w = OwnWindow::default();
        w.add(0, Some(2), false, true);
        for _ in 0..3 {
            w.add(0, None, false, false);
        }
        assert_eq!(w.mean_hurt(), Some(2.0));
        assert!(check(Role::Ap, Phase::Process, &done, &w));
        // Hurt 4 on one day, unanswered on the rest: 4, not 1.
        let mut heavy = OwnWindow::default();
        heavy.add(0, Some(4), false, true);
        for _ in 0..3 {
            heavy.add(0, None, false, false);
        }
        assert_eq!(heavy.mean_hurt(), Some(4.0));
        assert!(!check(Role::Ap, Phase::Process, &done, &heavy));
        // No day answered hurt: the signal cannot hold (unanswered is not 0).
        let mut none = OwnWindow::default();
        for _ in 0..4 {
            none.add(0, None, false, true);
        }
        assert_eq!(none.mean_hurt(), None);
        assert!(!check(Role::Ap, Phase::Process, &done, &none));
        assert!(matches!(
            readiness(Role::Ap, Phase::Process, &done, &none).signal,
            Signal::HurtEasing {
                mean_hurt: None,
                answered: 0,
                moments: 4
            }
        ));
    }

    #[test]
    fn nobody_is_ready_in_renew() {
        for role in Role::BOTH {
            let done: TaskSet = TaskId::ALL.iter().copied().collect();
            let w = window(&[(3, 0, false, true); 7]);
            let r = readiness(role, Phase::Renew, &done, &w);
            assert!(!r.ready);
            assert_eq!(r.signal, Signal::LastPhase);
        }
    }

    #[test]
    fn task_set_marks_and_unmarks() {
        let mut s = TaskSet::new();
        s.set(TaskId::P4BothRelapsePlan, true);
        s.set(TaskId::P1OpStopHarm, true);
        s.set(TaskId::P1OpStopHarm, false);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            vec![TaskId::P4BothRelapsePlan]
        );
    }
}
