//! What the step-back and rupture dialogs promise (ui/src/lib/words.ts, EVENT_SEEN),
//! checked from the other partner's side: they see each event, never its reason.

use healing_arc::app::{arc, checkins, couple};
use healing_arc::model::{ArcEvent, Change, Phase, Role, RuptureKind};

use crate::vault::{couple as set_up, pass, P2};

#[test]
fn the_partner_sees_a_step_back_and_a_rupture_but_never_the_reason() {
    let c = set_up();
    let today = checkins::today();
    for change in [
        Change::StepBack {
            to: Some(Phase::Stabilize),
            reason: Some("my own reason".into()),
        },
        Change::Rupture {
            what: RuptureKind::NewDisclosure,
            reason: Some("my own words".into()),
            agreement: None,
        },
    ] {
        let event = ArcEvent {
            date: today,
            partner: Role::Ap,
            change,
        };
        arc::record(&c.state, event).unwrap();
    }
    // The maker keeps the reasons.
    let mine = arc::load(&c.state).unwrap().history.events;
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|e| reason(&e.change).is_some()), "{mine:?}");

    couple::lock(&c.state);
    couple::unlock(&c.state, 2, pass(P2)).unwrap();
    let seen = arc::load(&c.state).unwrap().history.events;
    assert_eq!(seen.len(), 2, "the partner sees both: {seen:?}");
    assert!(matches!(
        seen[0].change,
        Change::StepBack {
            to: Some(Phase::Stabilize),
            ..
        }
    ));
    assert!(matches!(
        seen[1].change,
        Change::Rupture {
            what: RuptureKind::NewDisclosure,
            ..
        }
    ));
    assert!(seen.iter().all(|e| reason(&e.change).is_none()), "{seen:?}");
}

fn reason(c: &Change) -> Option<&str> {
    match c {
        Change::StepBack { reason, .. } | Change::Rupture { reason, .. } => reason.as_deref(),
        _ => None,
    }
}
