//! Every threshold of MODEL.md at its edge: the value that counts and the one just short.

use chrono::NaiveDate;
use healing_arc::model::{
    detect, phases_collide, trends, CheckIn, CoupleHistory, DynamicKind, Emotions, Pair, Phase,
    Role, Safety, Share, SharedDay, SharedWindow, Visibility,
};

use super::{all_tasks_done, couple, date, day, private, shared, with_emotions, with_safety};

const D: &str = "2026-03-20";

/// A window on `D` from the last days' stances: `op[i]` / `ap[i]` is day `D - (len-1-i)`.
fn window(op: &[Option<i32>], ap: &[Option<i32>]) -> SharedWindow {
    window_with(op, ap, &[], Pair::new(Phase::Stabilize, Phase::Stabilize))
}

fn window_with(
    op: &[Option<i32>],
    ap: &[Option<i32>],
    op_amb: &[i32],
    phases: Pair<Phase>,
) -> SharedWindow {
    let mut w = SharedWindow::empty(date(D), phases);
    let fill = |slots: &mut [Option<SharedDay>; 14], values: &[Option<i32>], amb: &[i32]| {
        let offset = 14 - values.len();
        for (i, v) in values.iter().enumerate() {
            slots[offset + i] = v.map(|stance| SharedDay {
                stance,
                ambivalence: amb.get(i).copied(),
            });
        }
    };
    fill(&mut w.op, op, op_amb);
    fill(&mut w.ap, ap, &[]);
    w
}

fn kinds(w: &SharedWindow) -> Vec<DynamicKind> {
    detect(w).into_iter().map(|d| d.kind).collect()
}

fn s(v: i32) -> Option<i32> {
    Some(v)
}

#[test]
fn model_boundary_both_out_three_days_not_two() {
    let two = window(&[s(-1), s(-1), s(0)], &[s(-1), s(-2), s(-1)]);
    assert_eq!(kinds(&two), vec![]);
    let three = window(&[s(-1), s(-1), s(-3)], &[s(-1), s(-2), s(-1)]);
    assert_eq!(kinds(&three), vec![DynamicKind::MutualWithdrawal]);
}

#[test]
fn model_boundary_turn_taking_three_days_not_two() {
    let two = window(&[s(1), s(-1), s(0)], &[s(-1), s(2), s(-1)]);
    assert_eq!(kinds(&two), vec![]);
    let three = window(&[s(1), s(-1), s(2)], &[s(-1), s(2), s(-1)]);
    let found = detect(&three);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, DynamicKind::TurnTaking);
    // The most recent turn-taking day says who leans out: here the AP.
    use healing_arc::model::Position;
    assert_eq!(found[0].guidance.ap.position, Some(Position::LeaningOut));
    assert_eq!(found[0].guidance.op.position, Some(Position::LeaningIn));
    assert_eq!(found[0].guidance.ap.role, Role::Ap);
}

#[test]
fn model_boundary_leaning_in_together_four_days_not_three() {
    let three = window(&[s(1), s(1), s(1), s(0)], &[s(1), s(3), s(1), s(1)]);
    assert_eq!(kinds(&three), vec![]);
    let four = window(&[s(1), s(1), s(1), s(2)], &[s(1), s(3), s(1), s(1)]);
    assert_eq!(kinds(&four), vec![DynamicKind::LeaningInTogether]);
}

#[test]
fn model_boundary_insufficient_data_below_three_paired_days() {
    // Two paired days, even with strong OP ambivalence on three OP-only days: only
    // insufficient_data shows.
    let w = window_with(
        &[s(1), s(-1), s(1), s(-1)],
        &[None, None, s(0), s(0)],
        &[4, 4, 4, 4],
        Pair::new(Phase::Stabilize, Phase::Stabilize),
    );
    assert_eq!(kinds(&w), vec![DynamicKind::InsufficientData]);
    let three = window(&[s(0), s(0), s(0)], &[s(0), s(0), s(0)]);
    assert_eq!(kinds(&three), vec![]);
    // Only colliding_trajectories may appear beside it.
    let w = window_with(&[], &[], &[], Pair::new(Phase::Process, Phase::Stabilize));
    assert_eq!(
        kinds(&w),
        vec![
            DynamicKind::CollidingTrajectories,
            DynamicKind::InsufficientData
        ]
    );
}

#[test]
fn model_boundary_empty_windows() {
    let start = date("2026-01-05");
    let h = CoupleHistory::default();
    let status = h.status(start);
    assert_eq!(status.day.dynamics.len(), 1);
    assert_eq!(status.day.dynamics[0].kind, DynamicKind::InsufficientData);
    assert_eq!(status.day.dynamics[0].since, start);
    for r in [&status.readiness.op, &status.readiness.ap] {
        assert!(!r.ready);
        assert_eq!(r.checkins, 0);
    }
    assert_eq!(status.can_advance, Pair::new(false, false));
    let t = trends(&[], start);
    assert_eq!((t.checkins, t.stance_slope), (0, None));
    assert_eq!(h.timeline(start).len(), 1);
}

#[test]
fn model_boundary_slope_exactly_0_3() {
    // Four points 0,0,0,1 on d-3..d: slope exactly +0.3; the mirror is exactly -0.3.
    let exact = window(&[s(0), s(0), s(0), s(1)], &[s(0), s(0), s(0), s(-1)]);
    assert!(kinds(&exact).contains(&DynamicKind::PursueWithdraw));
    // Five points 0,0,0,1,1: also exactly 0.3.
    let exact5 = window(
        &[s(0), s(0), s(0), s(1), s(1)],
        &[s(0), s(0), s(0), s(-1), s(-1)],
    );
    assert!(kinds(&exact5).contains(&DynamicKind::PursueWithdraw));
    // Seven points 0,0,0,0,0,1,2: 8/28 ≈ 0.286, just short.
    let short = window(
        &[s(0), s(0), s(0), s(0), s(0), s(1), s(2)],
        &[s(0), s(0), s(0), s(0), s(0), s(-1), s(-2)],
    );
    assert!(!kinds(&short).contains(&DynamicKind::PursueWithdraw));
    // One side exactly at -0.3, the other flat: nothing.
    let one_sided = window(&[s(0), s(0), s(0), s(0)], &[s(0), s(0), s(0), s(-1)]);
    assert!(!kinds(&one_sided).contains(&DynamicKind::PursueWithdraw));
    // Either partner may be the one rising.
    let mirrored = window(&[s(0), s(0), s(0), s(-1)], &[s(0), s(0), s(0), s(1)]);
    assert!(kinds(&mirrored).contains(&DynamicKind::PursueWithdraw));
}

#[test]
fn model_boundary_pursue_withdraw_needs_four_shared_check_ins_each() {
    // Three points each with steep slopes, on three paired days: no slope is computed.
    let three = window(&[s(-3), s(0), s(3)], &[s(3), s(0), s(-3)]);
    assert!(!kinds(&three).contains(&DynamicKind::PursueWithdraw));
    // The OP has four shared check-ins, the AP three: still nothing.
    let w = window(&[s(-3), s(-1), s(1), s(3)], &[None, s(3), s(0), s(-3)]);
    assert!(!kinds(&w).contains(&DynamicKind::PursueWithdraw));
}

#[test]
fn model_boundary_sign_changes_three_not_two_zeros_skipped() {
    let ap = [s(0); 14].map(|v| v);
    // + 0 - 0 + : two changes.
    let two = window(&[s(1), s(0), s(-1), s(0), s(2)], &ap[9..]);
    assert!(!kinds(&two).contains(&DynamicKind::OpAmbivalence));
    // + - + - : three changes.
    let three = window(&[s(1), s(0), s(-1), s(0), s(2), s(-2)], &ap[8..]);
    assert!(kinds(&three).contains(&DynamicKind::OpAmbivalence));
}

#[test]
fn model_boundary_fourteen_day_window_first_and_last_day() {
    // Changes: d-13 → d-12, d-2 → d-1, d-1 → d. The first sits on d-13 (slot 0).
    let mut op = [None; 14];
    op[0] = s(-1);
    op[1] = s(1);
    for slot in &mut op[7..12] {
        *slot = s(1);
    }
    op[12] = s(-1);
    op[13] = s(1);
    let ap = [s(0); 14];
    assert!(kinds(&window(&op, &ap)).contains(&DynamicKind::OpAmbivalence));
    let mut without_first = op;
    without_first[0] = None;
    assert!(!kinds(&window(&without_first, &ap)).contains(&DynamicKind::OpAmbivalence));

    // Through a history: on day 13 day 0 is d-13 and counts; on day 14 it is d-14.
    let start = date("2026-03-01");
    let mut op: Vec<Option<i32>> = vec![None; 15];
    op[0] = s(-1);
    op[1] = s(1);
    for slot in &mut op[7..12] {
        *slot = s(1);
    }
    op[12] = s(-1);
    op[13] = s(1);
    op[14] = s(1);
    let ap = vec![s(0); 15];
    let h = couple(start, &op, &ap);
    let has = |n: u64| {
        h.status(day(start, n))
            .day
            .dynamics
            .iter()
            .any(|d| d.kind == DynamicKind::OpAmbivalence)
    };
    assert!(has(13), "d-13 counts");
    assert!(!has(14), "d-14 does not");
}

#[test]
fn model_boundary_ambivalence_three_days_of_value_three() {
    let ap = [s(0); 7];
    let op = [s(1); 7];
    let three = window_with(
        &op,
        &ap,
        &[0, 0, 0, 0, 3, 4, 3],
        Pair::new(Phase::Stabilize, Phase::Stabilize),
    );
    assert!(kinds(&three).contains(&DynamicKind::OpAmbivalence));
    let value_two = window_with(
        &op,
        &ap,
        &[0, 0, 0, 0, 3, 2, 3],
        Pair::new(Phase::Stabilize, Phase::Stabilize),
    );
    assert!(!kinds(&value_two).contains(&DynamicKind::OpAmbivalence));
    // d-7 is outside the 7-day window: only two days count.
    let op8 = [s(1); 8];
    let ap8 = [s(0); 8];
    let outside = window_with(
        &op8,
        &ap8,
        &[3, 0, 0, 0, 0, 0, 3, 3],
        Pair::new(Phase::Stabilize, Phase::Stabilize),
    );
    assert!(!kinds(&outside).contains(&DynamicKind::OpAmbivalence));
}

#[test]
fn model_boundary_seven_day_window_first_and_last_day_and_since() {
    // Both out on days 0, 1, 2; neutral after. Mutual withdrawal holds on days 2..=6
    // (day 0 is d-6 on day 6) and ends on day 7.
    let start = date("2026-03-01");
    let op = [s(-1), s(-1), s(-1), s(0), s(0), s(0), s(0), s(0)];
    let h = couple(start, &op, &op);
    let days = h.timeline(day(start, 7));
    let mw: Vec<Option<NaiveDate>> = days
        .iter()
        .map(|r| {
            r.dynamics
                .iter()
                .find(|d| d.kind == DynamicKind::MutualWithdrawal)
                .map(|d| d.since)
        })
        .collect();
    let since = Some(day(start, 2));
    assert_eq!(
        mw,
        vec![None, None, since, since, since, since, since, None]
    );
}

#[test]
fn model_boundary_therapist_only_numbers_are_not_shared() {
    let start = date("2026-03-01");
    let mut h = CoupleHistory::default();
    for n in 0..7 {
        h.op.checkins.push(shared(day(start, n), -2));
        let mut c = shared(day(start, n), -2);
        c.share = Share {
            numbers: Visibility::Therapist,
            note: Visibility::Partner,
        };
        h.ap.checkins.push(c);
    }
    let kinds: Vec<_> = h
        .status(day(start, 6))
        .day
        .dynamics
        .iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(kinds, vec![DynamicKind::InsufficientData]);
    for c in &mut h.ap.checkins {
        c.share.numbers = Visibility::PartnerAndTherapist;
    }
    let kinds: Vec<_> = h
        .status(day(start, 6))
        .day
        .dynamics
        .iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(kinds, vec![DynamicKind::MutualWithdrawal]);
}

#[test]
fn model_boundary_colliding_trajectories() {
    use Phase::*;
    for (op, ap, collide) in [
        (Account, Stabilize, false),
        (Process, Account, false),
        (Renew, Process, false),
        (Stabilize, Account, false),
        (Process, Stabilize, true),
        (Stabilize, Process, true),
        (Renew, Account, true),
        (Renew, Stabilize, true),
    ] {
        assert_eq!(phases_collide(Pair::new(op, ap)), collide, "{op:?}/{ap:?}");
    }
}

/// The OP with all tasks done and stance +1 on the given days before `on`.
fn op_readiness(days_back: &[u64], stance: i32) -> bool {
    let on = date(D);
    let mut h = CoupleHistory::default();
    all_tasks_done(
        &mut h,
        Role::Op,
        on.checked_sub_days(chrono::Days::new(30)).expect("date"),
    );
    for back in days_back {
        let d = on.checked_sub_days(chrono::Days::new(*back)).expect("date");
        h.op.checkins.push(private(d, stance));
    }
    h.status(on).readiness.op.ready
}

#[test]
fn model_boundary_readiness_window_four_check_ins_first_and_last_day() {
    assert!(op_readiness(&[0, 1, 2, 3], 1));
    assert!(
        op_readiness(&[3, 4, 5, 6], 1),
        "d-6 is the first day of the window"
    );
    assert!(!op_readiness(&[4, 5, 6, 7], 1), "d-7 is outside");
    assert!(
        !op_readiness(&[0, 1, 2], 3),
        "three check-ins are not enough"
    );
    assert!(
        !op_readiness(&[0, 1, 2, 3], 0),
        "stance 0 is not leaning in"
    );
}

#[test]
fn model_boundary_ap_unsafe_day_and_mean_hurt() {
    let on = date(D);
    let back = |n: u64| on.checked_sub_days(chrono::Days::new(n)).expect("date");
    let ap_ready = |checkins: Vec<CheckIn>, phase_steps: usize| {
        let mut h = CoupleHistory::default();
        all_tasks_done(&mut h, Role::Ap, back(40));
        for i in 0..phase_steps {
            // Recorded advances: a saved history is replayed as a fact.
            h.events.push(healing_arc::model::ArcEvent {
                date: back(30 - i as u64),
                partner: Role::Ap,
                change: healing_arc::model::Change::Advance,
            });
        }
        h.ap.checkins = checkins;
        h.status(on).readiness.ap.ready
    };
    let safe = |n| private(back(n), 0);
    // Phase 1: a `no` on d-6 blocks; on d-7 it has left the window.
    let mut days = vec![safe(0), safe(1), safe(2), with_safety(safe(6), Safety::No)];
    assert!(!ap_ready(days.clone(), 0));
    days[3] = with_safety(safe(7), Safety::No);
    days.push(safe(3));
    assert!(ap_ready(days, 0));
    // Phase 3: mean hurt exactly 2.5 with a repair moment holds; 2.75 does not.
    let hurt = |n, h: i32, repair: bool| {
        let mut c = with_emotions(
            safe(n),
            Emotions {
                hurt: Some(h),
                ..Emotions::default()
            },
        );
        c.repair_moment = repair;
        c
    };
    assert!(ap_ready(
        vec![
            hurt(0, 3, true),
            hurt(1, 2, false),
            hurt(2, 3, false),
            hurt(3, 2, false)
        ],
        2
    ));
    assert!(!ap_ready(
        vec![
            hurt(0, 3, true),
            hurt(1, 3, false),
            hurt(2, 3, false),
            hurt(3, 2, false)
        ],
        2
    ));
    assert!(!ap_ready(
        vec![
            hurt(0, 0, false),
            hurt(1, 0, false),
            hurt(2, 0, false),
            hurt(3, 0, false)
        ],
        2
    ));
}

#[test]
fn model_boundary_one_day_date_grace() {
    let today = date(D);
    let next = |n| today.checked_add_days(chrono::Days::new(n)).expect("date");
    assert!(CheckIn::neutral(today).validate(Role::Op, today).is_ok());
    assert!(CheckIn::neutral(next(1)).validate(Role::Op, today).is_ok());
    let err = CheckIn::neutral(next(2))
        .validate(Role::Op, today)
        .unwrap_err();
    assert_eq!(err.field(), Some("date"));
}

#[test]
fn model_status_says_when_an_advance_would_make_the_phases_collide() {
    // The `unanswered` scenario: on day 11 Sky (the partner who was hurt) is in phase 2
    // and ready, Drew in phase 1. Sky moving on would put them two phases apart.
    let text = std::fs::read_to_string(super::repo().join("tests/scenarios/unanswered.json"))
        .expect("the scenario");
    let scenario = healing_arc::model::Scenario::parse(&text).expect("valid");
    let history = scenario.to_history();
    let on = |n| scenario.date_of(n).expect("a date");
    let status = history.status(on(11));
    assert_eq!(
        status.day.phase,
        Pair::new(Phase::Stabilize, Phase::Account)
    );
    assert_eq!(status.would_collide, Pair::new(false, true));
    assert!(
        status.can_advance.ap,
        "still only a question: the app asks again"
    );
    // In phase 3 and ready (day 15), Sky may declare; Drew, in phase 1, may not.
    let status = history.status(on(15));
    assert_eq!(status.can_declare, Pair::new(false, true));
    assert_eq!(status.would_collide, Pair::new(false, false));
}
