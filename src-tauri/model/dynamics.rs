//! How the two partners lean toward and away from each other (MODEL.md "Dynamics").
//!
//! Computed only from numbers both partners chose to share with each other, and from
//! the phases (shared facts within the couple). Nothing here sees a private check-in.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::phase::Phase;
use super::role::{Pair, Role};
use super::stats;

/// The usual window: `d-6 ..= d`.
pub const WINDOW_DAYS: usize = 7;
/// The OP's sign changes are counted over `d-13 ..= d`.
pub const LONG_WINDOW_DAYS: usize = 14;

pub const MIN_PAIRED_DAYS: usize = 3;
pub const BOTH_OUT_DAYS: usize = 3;
pub const TURN_TAKING_DAYS: usize = 3;
pub const TOGETHER_IN_DAYS: usize = 4;
pub const SLOPE_THRESHOLD: f64 = 0.3;
pub const MIN_SLOPE_CHECKINS: usize = 4;
pub const SIGN_CHANGES: u32 = 3;
pub const STRONG_AMBIVALENCE: i32 = 3;
pub const AMBIVALENT_DAYS: usize = 3;

/// Kinds sort alphabetically by id, which is how the replay lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum DynamicKind {
    CollidingTrajectories,
    InsufficientData,
    LeaningInTogether,
    MutualWithdrawal,
    OpAmbivalence,
    PursueWithdraw,
    TurnTaking,
}

impl DynamicKind {
    pub const ALL: [DynamicKind; 7] = [
        DynamicKind::CollidingTrajectories,
        DynamicKind::InsufficientData,
        DynamicKind::LeaningInTogether,
        DynamicKind::MutualWithdrawal,
        DynamicKind::OpAmbivalence,
        DynamicKind::PursueWithdraw,
        DynamicKind::TurnTaking,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DynamicKind::CollidingTrajectories => "colliding_trajectories",
            DynamicKind::InsufficientData => "insufficient_data",
            DynamicKind::LeaningInTogether => "leaning_in_together",
            DynamicKind::MutualWithdrawal => "mutual_withdrawal",
            DynamicKind::OpAmbivalence => "op_ambivalence",
            DynamicKind::PursueWithdraw => "pursue_withdraw",
            DynamicKind::TurnTaking => "turn_taking",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            DynamicKind::InsufficientData
            | DynamicKind::TurnTaking
            | DynamicKind::LeaningInTogether => Severity::Info,
            DynamicKind::PursueWithdraw | DynamicKind::OpAmbivalence => Severity::Watch,
            DynamicKind::MutualWithdrawal | DynamicKind::CollidingTrajectories => Severity::Risk,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Watch,
    Risk,
}

/// The class of a paired day (a date on which both partners shared a check-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "kebab-case")]
pub enum DayClass {
    TogetherIn,
    BothOut,
    TurnTaking,
    Neutral,
}

/// Classifies a paired day; for `turn-taking` also says who leans out.
pub fn classify(op_stance: i32, ap_stance: i32) -> (DayClass, Option<Role>) {
    match (
        op_stance >= 1,
        op_stance <= -1,
        ap_stance >= 1,
        ap_stance <= -1,
    ) {
        (true, _, true, _) => (DayClass::TogetherIn, None),
        (_, true, _, true) => (DayClass::BothOut, None),
        (true, _, _, true) => (DayClass::TurnTaking, Some(Role::Ap)),
        (_, true, true, _) => (DayClass::TurnTaking, Some(Role::Op)),
        _ => (DayClass::Neutral, None),
    }
}

/// The numbers of one shared check-in that the dynamics use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SharedDay {
    pub stance: i32,
    /// `None` when unanswered; only an answer ≥ 3 counts as strong.
    pub ambivalence: Option<i32>,
}

/// What the dynamics see for a date `d`: each partner's shared check-ins on
/// `d-13 ..= d` (index 13 is `d`; `None` = nothing shared that day), and the phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedWindow {
    pub date: NaiveDate,
    pub op: [Option<SharedDay>; LONG_WINDOW_DAYS],
    pub ap: [Option<SharedDay>; LONG_WINDOW_DAYS],
    pub phases: Pair<Phase>,
}

impl SharedWindow {
    pub fn empty(date: NaiveDate, phases: Pair<Phase>) -> Self {
        SharedWindow {
            date,
            op: [None; LONG_WINDOW_DAYS],
            ap: [None; LONG_WINDOW_DAYS],
            phases,
        }
    }

    /// The date of slot `i` (0 is `d-13`).
    pub fn date_of(&self, i: usize) -> NaiveDate {
        let back = (LONG_WINDOW_DAYS - 1 - i) as u64;
        self.date
            .checked_sub_days(Days::new(back))
            .unwrap_or(NaiveDate::MIN)
    }

    fn days(&self, role: Role) -> &[Option<SharedDay>; LONG_WINDOW_DAYS] {
        match role {
            Role::Op => &self.op,
            Role::Ap => &self.ap,
        }
    }
}

/// Slots `7 ..= 13`: the window `d-6 ..= d`.
const SHORT: std::ops::Range<usize> = (LONG_WINDOW_DAYS - WINDOW_DAYS)..LONG_WINDOW_DAYS;

/// One paired day of the window, as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PairedDay {
    pub date: NaiveDate,
    pub op: i32,
    pub ap: i32,
    pub class: DayClass,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaning_out: Option<Role>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DatedValue {
    pub date: NaiveDate,
    pub value: i32,
}

/// One partner's shared stances in the window and their least-squares slope (per day).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct StanceTrend {
    pub stances: Vec<DatedValue>,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slope: Option<f64>,
}

/// The dates and values a detection used, so the app can say why it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Evidence {
    /// The paired days of the window `from ..= to`.
    PairedDays {
        from: NaiveDate,
        to: NaiveDate,
        days: Vec<PairedDay>,
    },
    /// Both partners' shared stances over `from ..= to`; `rising` leans in more and more.
    Slopes {
        from: NaiveDate,
        to: NaiveDate,
        op: StanceTrend,
        ap: StanceTrend,
        rising: Role,
    },
    /// The OP's shared stances over `from ..= to` (14 days), the sign changes among them,
    /// and the days of the last 7 with ambivalence ≥ 3.
    Ambivalence {
        from: NaiveDate,
        to: NaiveDate,
        stances: Vec<DatedValue>,
        sign_changes: u32,
        strong_ambivalence: Vec<DatedValue>,
    },
    /// The phases that collide.
    Phases { op: Phase, ap: Phase },
}

/// Where a partner stands in a pattern, for guidance that depends on more than the
/// role: who leans in or out (`turn_taking`: on the latest paired day on which they took
/// turns; `pursue_withdraw`: who rises, who falls) and who is ahead (`colliding_trajectories`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Position {
    LeaningIn,
    LeaningOut,
    /// In the higher phase.
    Ahead,
    Behind,
}

impl Position {
    pub fn id(self) -> &'static str {
        match self {
            Position::LeaningIn => "leaning_in",
            Position::LeaningOut => "leaning_out",
            Position::Ahead => "ahead",
            Position::Behind => "behind",
        }
    }
}

/// Which prompts of the catalogue apply to whom: `guidance::dynamic_prompts(r)` gives
/// the prompts for the partner of `role`, in `position` where the pattern has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct GuidanceRef {
    pub kind: DynamicKind,
    pub role: Role,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

impl GuidanceRef {
    /// The catalogue key, e.g. `ap_leaning_out`, `op_ahead` or `ap`.
    pub fn key(&self) -> String {
        match self.position {
            Some(p) => format!("{}_{}", self.role.id(), p.id()),
            None => self.role.id().to_owned(),
        }
    }
}

/// A pattern that holds on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Detection {
    pub kind: DynamicKind,
    pub severity: Severity,
    /// The first date of the current unbroken run of days on which it showed.
    pub since: NaiveDate,
    pub evidence: Evidence,
    pub guidance: Pair<GuidanceRef>,
}

/// The patterns that hold at `w.date`, sorted by kind, with `since` set to `w.date`
/// (the caller, who knows the days before, replaces it with the start of the run).
pub fn detect(w: &SharedWindow) -> Vec<Detection> {
    let mut found = Vec::new();
    let (from, to) = (w.date_of(SHORT.start), w.date);

    let paired: Vec<PairedDay> = SHORT
        .filter_map(|i| {
            let (op, ap) = (w.op[i]?, w.ap[i]?);
            let (class, leaning_out) = classify(op.stance, ap.stance);
            Some(PairedDay {
                date: w.date_of(i),
                op: op.stance,
                ap: ap.stance,
                class,
                leaning_out,
            })
        })
        .collect();
    let count = |class: DayClass| paired.iter().filter(|p| p.class == class).count();

    let colliding = phases_collide(w.phases);
    if colliding {
        found.push(detection(
            DynamicKind::CollidingTrajectories,
            w.date,
            Evidence::Phases {
                op: w.phases.op,
                ap: w.phases.ap,
            },
            by_position(
                DynamicKind::CollidingTrajectories,
                ahead(w.phases),
                Position::Ahead,
                Position::Behind,
            ),
        ));
    }

    let paired_evidence = |days: &[PairedDay]| Evidence::PairedDays {
        from,
        to,
        days: days.to_vec(),
    };

    if paired.len() < MIN_PAIRED_DAYS {
        found.push(detection(
            DynamicKind::InsufficientData,
            w.date,
            paired_evidence(&paired),
            by_role(DynamicKind::InsufficientData),
        ));
        found.sort_by_key(|d| d.kind);
        return found;
    }

    if count(DayClass::BothOut) >= BOTH_OUT_DAYS {
        found.push(detection(
            DynamicKind::MutualWithdrawal,
            w.date,
            paired_evidence(&paired),
            by_role(DynamicKind::MutualWithdrawal),
        ));
    }
    if count(DayClass::TurnTaking) >= TURN_TAKING_DAYS {
        // The latest paired day on which they took turns says who leans in and who out
        // (the prompts speak of one leaning in while the other pulls back).
        let out = paired
            .iter()
            .rev()
            .find_map(|p| p.leaning_out)
            .unwrap_or(Role::Op);
        found.push(detection(
            DynamicKind::TurnTaking,
            w.date,
            paired_evidence(&paired),
            by_position(
                DynamicKind::TurnTaking,
                out.other(),
                Position::LeaningIn,
                Position::LeaningOut,
            ),
        ));
    }
    if count(DayClass::TogetherIn) >= TOGETHER_IN_DAYS {
        found.push(detection(
            DynamicKind::LeaningInTogether,
            w.date,
            paired_evidence(&paired),
            by_role(DynamicKind::LeaningInTogether),
        ));
    }
    if let Some(d) = pursue_withdraw(w, from, to) {
        found.push(d);
    }
    if let Some(d) = op_ambivalence(w) {
        found.push(d);
    }
    found.sort_by_key(|d| d.kind);
    found
}

/// Phases differ by 2 or more, or the OP is in phase 3 or 4 while the AP is in phase 1.
pub fn phases_collide(phases: Pair<Phase>) -> bool {
    let gap = phases.op.number().abs_diff(phases.ap.number());
    gap >= 2 || (phases.op >= Phase::Process && phases.ap == Phase::Stabilize)
}

fn detection(
    kind: DynamicKind,
    date: NaiveDate,
    evidence: Evidence,
    guidance: Pair<GuidanceRef>,
) -> Detection {
    Detection {
        kind,
        severity: kind.severity(),
        since: date,
        evidence,
        guidance,
    }
}

fn by_role(kind: DynamicKind) -> Pair<GuidanceRef> {
    let to = |role| GuidanceRef {
        kind,
        role,
        position: None,
    };
    Pair::new(to(Role::Op), to(Role::Ap))
}

/// `first` for the partner of role `who`, `second` for the other.
fn by_position(
    kind: DynamicKind,
    who: Role,
    first: Position,
    second: Position,
) -> Pair<GuidanceRef> {
    let to = |role: Role| GuidanceRef {
        kind,
        role,
        position: Some(if role == who { first } else { second }),
    };
    Pair::new(to(Role::Op), to(Role::Ap))
}

/// The partner in the higher phase (colliding phases always differ).
fn ahead(phases: Pair<Phase>) -> Role {
    if phases.ap > phases.op {
        Role::Ap
    } else {
        Role::Op
    }
}

fn stance_trend(w: &SharedWindow, role: Role) -> StanceTrend {
    let days = w.days(role);
    let stances: Vec<DatedValue> = SHORT
        .filter_map(|i| {
            days[i].map(|s| DatedValue {
                date: w.date_of(i),
                value: s.stance,
            })
        })
        .collect();
    let slope = if stances.len() >= MIN_SLOPE_CHECKINS {
        stats::slope(SHORT.filter_map(|i| days[i].map(|s| (i as i64, i64::from(s.stance)))))
    } else {
        None
    };
    StanceTrend { stances, slope }
}

fn pursue_withdraw(w: &SharedWindow, from: NaiveDate, to: NaiveDate) -> Option<Detection> {
    let op = stance_trend(w, Role::Op);
    let ap = stance_trend(w, Role::Ap);
    let (op_slope, ap_slope) = (op.slope?, ap.slope?);
    let rising = |s: f64| stats::at_least(s, SLOPE_THRESHOLD);
    let falling = |s: f64| stats::at_most(s, -SLOPE_THRESHOLD);
    let rising_role = if rising(op_slope) && falling(ap_slope) {
        Role::Op
    } else if rising(ap_slope) && falling(op_slope) {
        Role::Ap
    } else {
        return None;
    };
    Some(detection(
        DynamicKind::PursueWithdraw,
        w.date,
        Evidence::Slopes {
            from,
            to,
            op,
            ap,
            rising: rising_role,
        },
        // The partner rising pursues (leans in), the one falling withdraws.
        by_position(
            DynamicKind::PursueWithdraw,
            rising_role,
            Position::LeaningIn,
            Position::LeaningOut,
        ),
    ))
}

fn op_ambivalence(w: &SharedWindow) -> Option<Detection> {
    let stances: Vec<DatedValue> = (0..LONG_WINDOW_DAYS)
        .filter_map(|i| {
            w.op[i].map(|s| DatedValue {
                date: w.date_of(i),
                value: s.stance,
            })
        })
        .collect();
    let sign_changes = sign_changes(stances.iter().map(|v| v.value));
    let strong_ambivalence: Vec<DatedValue> = SHORT
        .filter_map(|i| {
            w.op[i]
                .and_then(|s| s.ambivalence)
                .filter(|a| *a >= STRONG_AMBIVALENCE)
                .map(|value| DatedValue {
                    date: w.date_of(i),
                    value,
                })
        })
        .collect();
    if sign_changes < SIGN_CHANGES && strong_ambivalence.len() < AMBIVALENT_DAYS {
        return None;
    }
    Some(detection(
        DynamicKind::OpAmbivalence,
        w.date,
        Evidence::Ambivalence {
            from: w.date_of(0),
            to: w.date,
            stances,
            sign_changes,
            strong_ambivalence,
        },
        by_role(DynamicKind::OpAmbivalence),
    ))
}

/// Changes between strictly positive and strictly negative values, zeros skipped.
pub fn sign_changes(values: impl IntoIterator<Item = i32>) -> u32 {
    let mut last = 0i32;
    let mut changes = 0;
    for v in values.into_iter().map(i32::signum).filter(|s| *s != 0) {
        if last != 0 && v != last {
            changes += 1;
        }
        last = v;
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_sort_alphabetically_by_id() {
        let mut ids: Vec<&str> = DynamicKind::ALL.iter().map(|k| k.id()).collect();
        let in_enum_order = ids.clone();
        ids.sort_unstable();
        assert_eq!(ids, in_enum_order);
        let mut sorted = DynamicKind::ALL;
        sorted.sort();
        assert_eq!(sorted, DynamicKind::ALL);
        for k in DynamicKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(k.id()));
        }
    }

    #[test]
    fn paired_day_classes() {
        assert_eq!(classify(1, 1), (DayClass::TogetherIn, None));
        assert_eq!(classify(-1, -3), (DayClass::BothOut, None));
        assert_eq!(classify(2, -1), (DayClass::TurnTaking, Some(Role::Ap)));
        assert_eq!(classify(-1, 1), (DayClass::TurnTaking, Some(Role::Op)));
        for (op, ap) in [(0, 0), (0, 3), (-3, 0), (1, 0), (0, -1)] {
            assert_eq!(classify(op, ap), (DayClass::Neutral, None), "{op}/{ap}");
        }
        assert_eq!(
            serde_json::to_value(DayClass::TurnTaking).unwrap(),
            "turn-taking"
        );
    }

    #[test]
    fn sign_changes_skip_zeros() {
        assert_eq!(sign_changes([1, 0, -1, 0, 0, 2, -3]), 3);
        assert_eq!(sign_changes([0, 0, 0]), 0);
        assert_eq!(sign_changes([3, 2, 1]), 0);
        assert_eq!(sign_changes([-1, 1]), 1);
    }

    #[test]
    fn colliding_guidance_goes_by_who_is_ahead_whatever_the_role() {
        let on: NaiveDate = "2026-03-10".parse().unwrap();
        for (phases, ahead) in [
            (Pair::new(Phase::Process, Phase::Stabilize), Role::Op),
            (Pair::new(Phase::Stabilize, Phase::Process), Role::Ap),
            (Pair::new(Phase::Account, Phase::Renew), Role::Ap),
        ] {
            let found = detect(&SharedWindow::empty(on, phases));
            let d = found
                .iter()
                .find(|d| d.kind == DynamicKind::CollidingTrajectories)
                .unwrap();
            for role in Role::BOTH {
                let r = d.guidance.get(role);
                assert_eq!(r.role, role);
                let want = if role == ahead {
                    Position::Ahead
                } else {
                    Position::Behind
                };
                assert_eq!(r.position, Some(want), "{phases:?} {role:?}");
            }
        }
    }

    #[test]
    fn turn_taking_positions_come_from_the_latest_turn_taking_day() {
        let on: NaiveDate = "2026-03-10".parse().unwrap();
        let mut w = SharedWindow::empty(on, Pair::new(Phase::Stabilize, Phase::Stabilize));
        let day = |stance| {
            Some(SharedDay {
                stance,
                ambivalence: None,
            })
        };
        // Slots 9..=13: turn-taking (OP out), (OP in), (OP out), (OP in), then both in.
        for (i, (op, ap)) in [(-1, 2), (2, -1), (-2, 1), (1, -2), (2, 2)]
            .into_iter()
            .enumerate()
        {
            w.op[9 + i] = day(op);
            w.ap[9 + i] = day(ap);
        }
        let d = detect(&w)
            .into_iter()
            .find(|d| d.kind == DynamicKind::TurnTaking)
            .unwrap();
        assert_eq!(d.guidance.op.position, Some(Position::LeaningIn));
        assert_eq!(d.guidance.ap.position, Some(Position::LeaningOut));
        assert_eq!(d.guidance.ap.key(), "ap_leaning_out");
    }

    #[test]
    fn severities_match_the_table() {
        use DynamicKind::*;
        let expected = [
            (InsufficientData, Severity::Info),
            (MutualWithdrawal, Severity::Risk),
            (TurnTaking, Severity::Info),
            (LeaningInTogether, Severity::Info),
            (PursueWithdraw, Severity::Watch),
            (OpAmbivalence, Severity::Watch),
            (CollidingTrajectories, Severity::Risk),
        ];
        for (kind, severity) in expected {
            assert_eq!(kind.severity(), severity, "{kind:?}");
        }
    }
}
