//! Properties that must hold for any couple, checked on generated histories.

use chrono::NaiveDate;
use healing_arc::model::{
    replay, required_tasks, ArcEvent, Change, CheckIn, CoupleHistory, CoupleState, Emotions, Entry,
    EventKind, PartnerInfo, Partners, Phase, Role, RuptureKind, Safety, Scenario, ScenarioDay,
    ScenarioEvent, Share, TaskId, TaskMark, Visibility,
};
use proptest::prelude::*;

use super::{date, day};

fn start() -> NaiveDate {
    date("2026-01-05")
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Op), Just(Role::Ap)]
}

fn visibility() -> impl Strategy<Value = Visibility> {
    prop_oneof![
        Just(Visibility::Private),
        Just(Visibility::Partner),
        Just(Visibility::Therapist),
        Just(Visibility::PartnerAndTherapist),
    ]
}

fn safety() -> impl Strategy<Value = Safety> {
    prop_oneof![6 => Just(Safety::Yes), 2 => Just(Safety::Somewhat), 1 => Just(Safety::No)]
}

/// An answer, or (one time in five) unanswered.
fn answer<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.8, s)
}

fn hurt() -> impl Strategy<Value = Option<i32>> {
    answer(0i32..=4)
}

fn task_of(role: Role) -> impl Strategy<Value = TaskId> {
    let tasks: Vec<TaskId> = TaskId::ALL
        .iter()
        .copied()
        .filter(|t| t.belongs_to(role))
        .collect();
    proptest::sample::select(tasks)
}

/// One step of a couple's life, as the engine sees it.
#[derive(Debug, Clone)]
enum Action {
    Mark(Role, TaskId, bool),
    CheckIn(Role, i32, Option<i32>, Option<Safety>, bool),
    Advance(Role),
    StepBack(Role, Option<u8>),
    Rupture(Role),
    Declare(Role),
    Withdraw(Role),
    Close,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => role().prop_flat_map(|r| (task_of(r), prop::bool::weighted(0.85)).prop_map(move |(t, d)| Action::Mark(r, t, d))),
        3 => (role(), -1i32..=3, hurt(), answer(safety()), any::<bool>()).prop_map(|(r, s, h, f, m)| Action::CheckIn(r, s, h, f, m)),
        // Good days, so that runs often reach the later phases and the renew gate.
        4 => role().prop_map(|r| Action::CheckIn(r, 2, Some(1), Some(Safety::Yes), true)),
        3 => role().prop_map(Action::Advance),
        1 => (role(), prop::option::of(1u8..=4)).prop_map(|(r, to)| Action::StepBack(r, to)),
        1 => role().prop_map(Action::Rupture),
        3 => role().prop_map(Action::Declare),
        1 => role().prop_map(Action::Withdraw),
        2 => Just(Action::Close),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Never `ready` with a required task undone; nobody enters phase 4 unless the other
    /// partner had a standing "ready to rebuild together" or was in renew at that moment;
    /// every accepted advance or declaration was from a `ready` partner; a declaration
    /// stands only in `process` and a rupture clears both.
    #[test]
    fn model_ready_needs_tasks_and_renew_needs_the_gate(steps in prop::collection::vec(action(), 1..600)) {
        let mut state = CoupleState::new(start());
        for s in steps {
            match s {
                Action::Mark(r, t, d) => state.mark(r, t, d),
                Action::CheckIn(r, stance, hurt, safety, repair) => {
                    let c = CheckIn {
                        stance,
                        emotions: Emotions { hurt, ..Emotions::default() },
                        safety,
                        repair_moment: repair,
                        ..CheckIn::neutral(state.date())
                    };
                    state.check_in(r, &c);
                }
                Action::Advance(r) => {
                    let (phases, ready, declared) = (state.phases(), state.ready(), state.declared());
                    if let Ok(next) = state.apply(r, &Change::Advance) {
                        prop_assert!(*ready.get(r), "advanced without being ready");
                        prop_assert_eq!(Some(next), phases.get(r).next());
                        if next == Phase::Renew {
                            let other = r.other();
                            let gate = *phases.get(other) == Phase::Renew || *declared.get(other);
                            prop_assert!(gate, "entered renew without the other's declaration: {:?} {:?}", phases, declared);
                            prop_assert!(!state.declared().get(r), "a declaration outlived entering renew");
                        }
                    }
                }
                Action::Rupture(r) => {
                    let rupture = Change::Rupture { what: RuptureKind::Other, reason: None, agreement: None };
                    prop_assert!(state.apply(r, &rupture).is_ok());
                    prop_assert_eq!(state.declared(), healing_arc::model::Pair::new(false, false));
                }
                Action::Declare(r) => {
                    let (phase, ready, before) = (*state.phases().get(r), *state.ready().get(r), *state.declared().get(r));
                    let accepted = state.apply(r, &Change::ReadyToRebuild).is_ok();
                    prop_assert_eq!(accepted, phase == Phase::Process && ready && !before);
                    prop_assert_eq!(*state.declared().get(r), before || accepted);
                }
                Action::Withdraw(r) => {
                    let before = *state.declared().get(r);
                    prop_assert_eq!(state.apply(r, &Change::WithdrawReady).is_ok(), before);
                    prop_assert!(!state.declared().get(r));
                }
                Action::StepBack(r, to) => {
                    let before = *state.phases().get(r);
                    let to = to.and_then(Phase::from_number);
                    let declared = *state.declared().get(r);
                    match state.apply(r, &Change::StepBack { to, reason: None }) {
                        Ok(after) => {
                            prop_assert!(after < before);
                            prop_assert!(!state.declared().get(r), "a step back keeps a declaration");
                        }
                        Err(_) => {
                            prop_assert_eq!(*state.phases().get(r), before);
                            prop_assert_eq!(*state.declared().get(r), declared);
                        }
                    }
                }
                Action::Close => {
                    state.close_day();
                }
            }
            for r in Role::BOTH {
                if *state.declared().get(r) {
                    prop_assert_eq!(*state.phases().get(r), Phase::Process, "a declaration outside process");
                }
                let readiness = state.readiness(r);
                prop_assert_eq!(readiness.ready, *state.ready().get(r));
                if readiness.ready {
                    let done = state.done(r);
                    for t in required_tasks(*state.phases().get(r), r) {
                        prop_assert!(done.contains(t), "ready with {} undone", t);
                    }
                    prop_assert!(*state.phases().get(r) != Phase::Renew);
                }
            }
        }
    }
}

/// A random couple history: check-ins with any visibility, task marks, and recorded
/// phase changes (a saved history replays without asking the rules again).
fn history(days: u64) -> impl Strategy<Value = CoupleHistory> {
    let checkin = move || (0..days, -3i32..=3, hurt(), visibility());
    let event = (0..days, role(), 0u8..5, prop::option::of(1u8..=4));
    (
        prop::collection::vec(checkin(), 0..(days as usize * 2)),
        prop::collection::vec(checkin(), 0..(days as usize * 2)),
        prop::collection::vec(event, 0..8),
        prop::collection::vec(
            (0..days, role().prop_flat_map(|r| (Just(r), task_of(r)))),
            0..20,
        ),
    )
        .prop_map(move |(op, ap, events, marks)| {
            let to_checkin = |(d, stance, amb, v): (u64, i32, Option<i32>, Visibility)| CheckIn {
                stance,
                emotions: Emotions {
                    ambivalence: amb,
                    hurt: amb,
                    ..Emotions::default()
                },
                share: Share {
                    numbers: v,
                    note: Visibility::Private,
                },
                ..CheckIn::neutral(day(start(), d))
            };
            let mut h = CoupleHistory {
                start: Some(start()),
                ..CoupleHistory::default()
            };
            h.op.checkins = op.into_iter().map(to_checkin).collect();
            h.ap.checkins = ap.into_iter().map(to_checkin).collect();
            for (d, (r, t)) in marks {
                let mark = TaskMark {
                    date: day(start(), d),
                    task: t,
                    done: true,
                };
                match r {
                    Role::Op => h.op.marks.push(mark),
                    Role::Ap => h.ap.marks.push(mark),
                }
            }
            let mut events: Vec<ArcEvent> = events
                .into_iter()
                .map(|(d, partner, kind, to)| ArcEvent {
                    date: day(start(), d),
                    partner,
                    change: match kind {
                        0 => Change::Advance,
                        1 => Change::StepBack {
                            to: to.and_then(Phase::from_number),
                            reason: None,
                        },
                        2 => Change::Rupture {
                            what: RuptureKind::Other,
                            reason: None,
                            agreement: None,
                        },
                        3 => Change::ReadyToRebuild,
                        _ => Change::WithdrawReady,
                    },
                })
                .collect();
            events.sort_by_key(|e| e.date);
            h.events = events;
            h
        })
}

/// Where the dynamics may not look: a check-in whose numbers are not shared with the partner.
#[derive(Debug, Clone)]
struct PrivateChange {
    role: Role,
    day: u64,
    stance: i32,
    ambivalence: Option<i32>,
    visibility: Visibility,
}

fn private_change(days: u64) -> impl Strategy<Value = PrivateChange> {
    (
        role(),
        0..days,
        -3i32..=3,
        hurt(),
        prop_oneof![Just(Visibility::Private), Just(Visibility::Therapist)],
    )
        .prop_map(
            |(role, day, stance, ambivalence, visibility)| PrivateChange {
                role,
                day,
                stance,
                ambivalence,
                visibility,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Changing or adding a private (or therapist-only) check-in never changes the dynamics.
    #[test]
    fn model_dynamics_depend_only_on_shared_data(h in history(40), change in private_change(40)) {
        let today = day(start(), 45);
        let before = h.timeline(today);
        let on = day(start(), change.day);
        let mut changed = h.clone();
        let list = match change.role {
            Role::Op => &mut changed.op.checkins,
            Role::Ap => &mut changed.ap.checkins,
        };
        // The later check-in of a date wins, so only touch dates where the winner is
        // not shared with the partner (or where there is none).
        let winner_shared = list.iter().rev().find(|c| c.date == on).is_some_and(|c| c.share.numbers.with_partner());
        prop_assume!(!winner_shared);
        list.push(CheckIn {
            stance: change.stance,
            emotions: Emotions { ambivalence: change.ambivalence, ..Emotions::default() },
            share: Share { numbers: change.visibility, note: Visibility::Partner },
            ..CheckIn::neutral(on)
        });
        let after = changed.timeline(today);
        prop_assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            prop_assert_eq!(&b.dynamics, &a.dynamics, "on {}", b.date);
            prop_assert_eq!(b.phase, a.phase);
        }
    }
}

fn entry() -> impl Strategy<Value = Option<Entry>> {
    prop::option::weighted(
        0.8,
        (
            -3i32..=3,
            hurt(),
            hurt(),
            // Omitted, `null`, or an answer.
            prop::option::of(answer(safety())),
            any::<bool>(),
            visibility(),
        )
            .prop_map(|(stance, hurt, amb, safety, repair, share)| Entry {
                stance: Some(stance),
                emotions: Some(Emotions {
                    hurt,
                    ambivalence: amb,
                    ..Emotions::default()
                }),
                safety,
                repair_moment: Some(repair),
                share: Some(share),
                ..Entry::default()
            }),
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec((entry(), entry()), 1..60),
        prop::collection::vec((0u32..60, role(), 0u8..5), 0..4),
        any::<u64>(),
    )
        .prop_map(|(days, events, seed)| {
            let mut days: Vec<ScenarioDay> = days
                .into_iter()
                .enumerate()
                .map(|(i, (op, ap))| ScenarioDay {
                    day: i as u32,
                    op,
                    ap,
                })
                .collect();
            // Days may come in any order.
            let n = days.len();
            for i in 0..n {
                let j = (seed.rotate_left(i as u32) as usize) % n;
                days.swap(i, j);
            }
            let events = events
                .into_iter()
                .map(|(day, partner, k)| ScenarioEvent {
                    day,
                    partner,
                    kind: [
                        EventKind::Advance,
                        EventKind::StepBack,
                        EventKind::Rupture,
                        EventKind::ReadyToRebuild,
                        EventKind::WithdrawReady,
                    ][usize::from(k)],
                    to: None,
                    reason: None,
                })
                .collect();
            Scenario {
                start: start(),
                partners: Partners {
                    op: PartnerInfo { name: "A".into() },
                    ap: PartnerInfo { name: "B".into() },
                },
                days,
                events,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Replay is deterministic, independent of the order days are listed in, and the
    /// same after a round trip through JSON.
    #[test]
    fn model_replay_is_deterministic(s in scenario()) {
        let first = replay(&s).map(|r| r.to_json());
        let second = replay(&s).map(|r| r.to_json());
        prop_assert_eq!(&first, &second);

        let mut sorted = s.clone();
        sorted.days.sort_by_key(|d| d.day);
        prop_assert_eq!(&first, &replay(&sorted).map(|r| r.to_json()));

        let text = serde_json::to_string(&s).expect("a scenario serializes");
        let parsed = Scenario::parse(&text).expect("a generated scenario is valid");
        prop_assert_eq!(&first, &replay(&parsed).map(|r| r.to_json()));

        // The app's way (recorded moves taken as facts, declarations included) gives the
        // same days as the replay that asked the rules.
        if let Ok(r) = replay(&s) {
            if let Some(last) = r.days.last() {
                let timeline = s.to_history().timeline(last.report.date);
                prop_assert_eq!(timeline.len(), r.days.len());
                for (t, d) in timeline.iter().zip(&r.days) {
                    prop_assert_eq!(t, &d.report);
                }
            }
        }
    }

    /// Any text at all: an answer, never a panic.
    #[test]
    fn model_scenario_parse_never_panics(text in ".{0,400}") {
        let _ = Scenario::parse(&text);
    }

    /// Valid scenarios with one byte changed: still an answer, never a panic.
    #[test]
    fn model_damaged_scenarios_never_panic(s in scenario(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = serde_json::to_vec(&s).expect("serializes");
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            if let Ok(parsed) = Scenario::parse(&text) {
                let _ = replay(&parsed);
            }
        }
    }

    /// Validation answers for any numbers, and accepts exactly the ranges of the table.
    #[test]
    fn model_validation_accepts_exactly_the_ranges(stance in any::<i32>(), hurt in any::<i32>(), triggers in any::<i32>()) {
        let c = CheckIn {
            stance,
            emotions: Emotions { hurt: Some(hurt), ..Emotions::default() },
            triggers,
            ..CheckIn::neutral(start())
        };
        let ok = (-3..=3).contains(&stance) && (0..=4).contains(&hurt) && (0..=50).contains(&triggers);
        prop_assert_eq!(c.validate(Role::Ap, start()).is_ok(), ok);
    }
}
