//! The private safety check (issue 13, docs/SAFETY.md): every profile holds its record
//! from set-up, and closing the check (however it was closed) changes nothing that
//! either partner's data, views, reports or export show. The answers themselves never
//! reach the backend: no command takes one.

use healing_arc::app::AppState;
use healing_arc::app::{checkins, couple, export, journal, report, safety_check, tasks, views};

use super::vault::{checkin, couple, date, pass, P1, P2};

/// Everything `slot`'s partner can read through the app, as text.
fn everything(st: &AppState) -> String {
    let (from, to) = (date("2026-01-01"), checkins::today());
    [
        format!("{:?}", couple::me(st).unwrap()),
        format!("{:?}", views::arc_view(st).unwrap()),
        format!("{:?}", views::together_view(st).unwrap()),
        format!("{:?}", views::guidance_view(st).unwrap()),
        format!("{:?}", checkins::partner_list(st, None, None).unwrap()),
        format!("{:?}", journal::partner_list(st).unwrap()),
        format!("{:?}", tasks::partner_list(st).unwrap()),
        format!("{:?}", checkins::list(st, None, None).unwrap()),
        format!("{:?}", report::preview(st, from, to).unwrap()),
        export::json(st).unwrap(),
    ]
    .join("\n")
}

#[test]
fn closing_the_safety_check_changes_nothing_either_partner_can_read() {
    let c = couple();
    let st = &c.state;
    let today = checkins::today().format("%Y-%m-%d").to_string();
    // A check-in, so the views and the export have something in them.
    checkins::save(st, checkin(&today, 1, "a shared line")).unwrap();
    assert!(
        safety_check::due(st).unwrap(),
        "offered at set-up, not yet closed"
    );
    let mine_before = everything(st);
    safety_check::offered(st).unwrap();
    assert!(
        !safety_check::due(st).unwrap(),
        "not offered again for a few weeks"
    );
    assert_eq!(
        everything(st),
        mine_before,
        "nothing of it in a view, report or export"
    );
    assert!(!mine_before.contains("safety-check"));

    // The other partner: due by their own record (set up for them too), and their app
    // reads the same as it would have.
    couple::lock(st);
    couple::unlock(st, 2, pass(P2)).unwrap();
    assert!(
        safety_check::due(st).unwrap(),
        "partner 2 holds their own record"
    );
    // Their first unlock makes a one-time offer of its own; compare from the second.
    couple::lock(st);
    couple::unlock(st, 2, pass(P2)).unwrap();
    let theirs_before = everything(st);
    couple::lock(st);
    couple::unlock(st, 1, pass(P1)).unwrap();
    safety_check::offered(st).unwrap();
    couple::lock(st);
    couple::unlock(st, 2, pass(P2)).unwrap();
    assert_eq!(everything(st), theirs_before);
}
