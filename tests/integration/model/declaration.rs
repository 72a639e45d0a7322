//! "Ready to rebuild together" through the app, from both sides (MODEL.md v2): the
//! phase-4 gate reads the other partner's declaration, which they make, withdraw, or
//! lose to a rupture; never their readiness or their private answers.

use chrono::Days;
use healing_arc::app::{arc, checkins, couple, views, AppState};
use healing_arc::error::ErrorCode;
use healing_arc::model::{
    Change, CheckIn, Emotions, Phase, Role, RuptureKind, Safety, TaskId, Visibility,
};

use crate::vault::{code_of, couple, pass, P1, P2};

fn as_partner(state: &AppState, slot: u8) {
    couple::lock(state);
    let p = if slot == 1 { P1 } else { P2 };
    couple::unlock(state, slot, pass(p)).expect("unlocks");
}

/// Every required task of phases 1–3 done, four good private check-ins (safety left
/// unanswered), then two advances: the unlocked partner is in `process` and ready.
fn reach_process_ready(state: &AppState, role: Role) {
    for t in TaskId::ALL
        .iter()
        .filter(|t| t.belongs_to(role) && t.required())
    {
        if t.phase() != Phase::Renew {
            healing_arc::app::tasks::set(state, *t, true, Visibility::Private).expect("marks");
        }
    }
    let today = checkins::today();
    for back in 0..4 {
        let date = today.checked_sub_days(Days::new(back)).expect("a date");
        let c = CheckIn {
            stance: 2,
            emotions: Emotions {
                hurt: Some(1),
                ..Emotions::default()
            },
            repair_moment: true,
            ..CheckIn::neutral(date)
        };
        assert_eq!(c.safety, None, "a skipped safety answer");
        checkins::save(state, c).expect("saves");
    }
    assert_eq!(
        arc::change(state, Change::Advance).expect("advances"),
        Phase::Account
    );
    assert_eq!(
        arc::change(state, Change::Advance).expect("advances"),
        Phase::Process
    );
    let view = arc::view(state).expect("a view");
    assert!(view.status.readiness.get(role).ready);
    assert!(*view.status.can_declare.get(role));
}

fn gate_for_op(state: &AppState) -> (bool, bool) {
    as_partner(state, 2);
    let view = arc::view(state).expect("a view");
    (view.can_advance, view.waiting_for_partner)
}

#[test]
fn model_the_renew_gate_reads_the_partners_declaration_from_both_sides() {
    let c = couple(); // slot 1: Alex, the partner who was hurt, unlocked
    reach_process_ready(&c.state, Role::Ap);
    as_partner(&c.state, 2);
    reach_process_ready(&c.state, Role::Op);

    // Alex is ready too, but has declared nothing: Sam waits.
    assert_eq!(gate_for_op(&c.state), (false, true));
    assert_eq!(
        code_of(arc::change(&c.state, Change::Advance)),
        ErrorCode::NotAllowed
    );

    // Alex's private "did not feel safe" today changes nothing Sam can see.
    as_partner(&c.state, 1);
    let unsafe_today = CheckIn {
        stance: 2,
        emotions: Emotions {
            hurt: Some(1),
            ..Emotions::default()
        },
        safety: Some(Safety::No),
        repair_moment: true,
        ..CheckIn::neutral(checkins::today())
    };
    checkins::save(&c.state, unsafe_today).expect("saves");
    assert_eq!(gate_for_op(&c.state), (false, true));

    // Alex declares: Sam's gate opens, though nothing announces it in Sam's events.
    as_partner(&c.state, 1);
    arc::change(&c.state, Change::ReadyToRebuild).expect("declares");
    assert!(arc::view(&c.state).expect("a view").status.day.rebuild.ap);
    let mine = views::arc_view(&c.state).expect("Alex's arc");
    assert!(mine
        .events
        .iter()
        .any(|e| e.words.contains("ready to rebuild together")));
    assert_eq!(
        code_of(arc::change(&c.state, Change::ReadyToRebuild)),
        ErrorCode::NotAllowed
    );
    assert_eq!(gate_for_op(&c.state), (true, false));
    let sams = views::arc_view(&c.state).expect("Sam's arc");
    assert!(
        !sams.events.iter().any(|e| e.words.contains("rebuild")),
        "{:?}",
        sams.events
    );

    // Withdrawn: closed again. Declared again, then Sam records a rupture: closed.
    as_partner(&c.state, 1);
    arc::change(&c.state, Change::WithdrawReady).expect("withdraws");
    assert_eq!(
        code_of(arc::change(&c.state, Change::WithdrawReady)),
        ErrorCode::NotAllowed
    );
    assert_eq!(gate_for_op(&c.state), (false, true));
    as_partner(&c.state, 1);
    arc::change(&c.state, Change::ReadyToRebuild).expect("declares again");
    assert_eq!(gate_for_op(&c.state), (true, false));
    let rupture = Change::Rupture {
        what: RuptureKind::BrokenAgreement,
        reason: None,
        agreement: None,
    };
    arc::change(&c.state, rupture).expect("records a rupture");
    assert_eq!(gate_for_op(&c.state), (false, true));

    // Declared once more: Sam enters renew, and then Alex may (Sam is in renew).
    as_partner(&c.state, 1);
    arc::change(&c.state, Change::ReadyToRebuild).expect("declares");
    as_partner(&c.state, 2);
    assert_eq!(
        arc::change(&c.state, Change::Advance).expect("enters"),
        Phase::Renew
    );
    as_partner(&c.state, 1);
    assert_eq!(
        arc::change(&c.state, Change::Advance).expect("enters"),
        Phase::Renew
    );
    assert!(!arc::view(&c.state).expect("a view").status.day.rebuild.ap);
}
