//! Every promise of sharing, tested from the other side: what one partner shares with
//! the partner is found by the *other* partner (unlocked as themselves) in the shared
//! view, and is gone there once it is taken back. Private items never appear.

use healing_arc::app::checkins::{self, today};
use healing_arc::app::couple;
use healing_arc::app::journal;
use healing_arc::app::shared_view::{Author, SharedItem, SharedKind};
use healing_arc::app::tasks;
use healing_arc::app::views::{self, TogetherView};
use healing_arc::model::{RuptureKind, Share, TaskId, Visibility};

use crate::vault::{couple, pass, Couple, P1, P2};

/// Partner one is the partner who was hurt (Alex), two the partner who broke trust (Sam).
fn as_partner(c: &Couple, slot: u8) {
    couple::lock(&c.state);
    let p = if slot == 1 { P1 } else { P2 };
    couple::unlock(&c.state, slot, pass(p)).unwrap();
}

fn together(c: &Couple) -> TogetherView {
    views::together_view(&c.state).unwrap()
}

fn find<'a>(view: &'a TogetherView, kind: SharedKind, text: &str) -> Option<&'a SharedItem> {
    view.shared
        .iter()
        .find(|i| i.kind == kind && i.text == text)
}

fn share(numbers: Visibility, note: Visibility) -> Share {
    Share { numbers, note }
}

#[test]
fn every_kind_shared_with_the_partner_is_seen_by_them_and_gone_when_taken_back() {
    let c = couple();
    let day = today();
    let stop_harm = healing_arc::model::catalogue()
        .iter()
        .find(|t| t.id == TaskId::P1OpStopHarm)
        .unwrap()
        .title;

    // Sam shares a check-in (numbers and note), a journal entry and a task mark, and
    // keeps another entry and another mark private.
    as_partner(&c, 2);
    let mut checkin = crate::vault::checkin(&day.to_string(), 2, "sam's shared note");
    checkin.share = share(Visibility::Partner, Visibility::Partner);
    checkins::save(&c.state, checkin.clone()).unwrap();
    let entry =
        journal::create(&c.state, "sam's shared entry".into(), Visibility::Partner).unwrap();
    journal::create(
        &c.state,
        "sam's private entry".into(),
        Visibility::Therapist,
    )
    .unwrap();
    tasks::set(&c.state, TaskId::P1OpStopHarm, true, Visibility::Partner).unwrap();
    tasks::set(&c.state, TaskId::P1OpCommit, true, Visibility::Private).unwrap();
    // Sam's own view lists what Sam shared, as Sam's.
    let mine = together(&c);
    assert_eq!(
        find(&mine, SharedKind::Journal, "sam's shared entry").map(|i| i.author),
        Some(Author::Me)
    );
    assert!(!mine.i_share_nothing);

    // Alex finds each of them, with date and author, and nothing private.
    as_partner(&c, 1);
    let seen = together(&c);
    let note = find(&seen, SharedKind::CheckInNote, "sam's shared note").expect("the note");
    assert_eq!((note.author, note.date), (Author::Partner, day));
    let e = find(&seen, SharedKind::Journal, "sam's shared entry").expect("the entry");
    assert_eq!(e.author, Author::Partner);
    let m = find(&seen, SharedKind::TaskMark, stop_harm).expect("the task mark");
    assert_eq!(
        (m.author, m.task, m.done, m.date),
        (Author::Partner, Some(TaskId::P1OpStopHarm), Some(true), day)
    );
    assert_eq!(seen.shared.len(), 3, "nothing private: {:?}", seen.shared);
    assert!(!seen.partner_shares_nothing);
    assert_eq!(seen.chart.partner.last().copied().flatten(), Some(2));
    let entries = journal::partner_list(&c.state).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].text, "sam's shared entry");

    // Sam takes each back.
    as_partner(&c, 2);
    checkin.share = share(Visibility::Private, Visibility::Therapist);
    checkins::save(&c.state, checkin).unwrap();
    journal::update(&c.state, &entry.id, entry.text.clone(), Visibility::Private).unwrap();
    tasks::set(&c.state, TaskId::P1OpStopHarm, true, Visibility::Therapist).unwrap();
    assert!(together(&c).i_share_nothing);

    // Alex finds nothing of Sam's any more.
    as_partner(&c, 1);
    let after = together(&c);
    assert!(after.shared.is_empty(), "{:?}", after.shared);
    assert!(after.partner_shares_nothing);
    assert!(after.chart.partner.iter().all(Option::is_none));
    assert!(journal::partner_list(&c.state).unwrap().is_empty());
    assert!(tasks::partner_list(&c.state).unwrap().is_empty());
}

#[test]
fn a_task_mark_is_private_until_shared_and_sharing_it_keeps_its_day() {
    let c = couple();
    as_partner(&c, 2);
    // Private by default: the command's input without a visibility.
    let input: healing_arc::commands::journal::TaskInput =
        serde_json::from_value(serde_json::json!({"task": "p1.op.commit", "done": true})).unwrap();
    assert_eq!(input.visibility, Visibility::Private);
    let first = tasks::set(&c.state, input.task, input.done, input.visibility).unwrap();
    as_partner(&c, 1);
    assert!(together(&c).shared.is_empty());

    as_partner(&c, 2);
    let shared = tasks::set(&c.state, TaskId::P1OpCommit, true, Visibility::Partner).unwrap();
    assert_eq!(shared.date, first.date);
    let view = views::arc_view(&c.state).unwrap();
    let t = view
        .tasks
        .iter()
        .find(|t| t.id == TaskId::P1OpCommit)
        .unwrap();
    assert_eq!((t.done, t.visibility), (true, Some(Visibility::Partner)));
    let never = view
        .tasks
        .iter()
        .find(|t| t.id == TaskId::P1OpStopHarm)
        .unwrap();
    assert_eq!(
        never.visibility, None,
        "a task never marked has no mark to share"
    );

    as_partner(&c, 1);
    let seen = together(&c);
    assert_eq!(seen.shared.len(), 1);
    assert_eq!(seen.shared[0].task, Some(TaskId::P1OpCommit));
}

/// Puts the unlocked partner in `process` (two recorded advances, days ago), marks
/// their phase-3 steps and checks in so that they look ready.
fn ready_in_process(c: &Couple, role: healing_arc::model::Role) {
    use healing_arc::app::arc;
    use healing_arc::model::{required_tasks, ArcEvent, Change, Emotions, Phase};
    let today = today();
    for back in [20, 10] {
        arc::record(
            &c.state,
            ArcEvent {
                date: today - chrono::Days::new(back),
                partner: role,
                change: Change::Advance,
            },
        )
        .unwrap();
    }
    for t in required_tasks(Phase::Process, role) {
        tasks::set(&c.state, t, true, Visibility::Private).unwrap();
    }
    for back in 0..5 {
        let mut ci = crate::vault::checkin(&(today - chrono::Days::new(back)).to_string(), 2, "");
        ci.emotions = Emotions {
            hurt: Some(1),
            ..Emotions::default()
        };
        ci.repair_moment = true;
        checkins::save(&c.state, ci).unwrap();
    }
    let view = views::arc_view(&c.state).unwrap();
    assert_eq!(view.phase, Phase::Process);
    assert!(view.readiness.ready, "{:?}", view.readiness);
}

#[test]
fn rebuild_together_waits_for_the_partner_s_declaration_never_their_readiness() {
    use healing_arc::app::arc;
    use healing_arc::model::{Change, Role};
    let c = couple();
    // Both in process and ready; nothing said yet.
    as_partner(&c, 2);
    ready_in_process(&c, Role::Op);
    as_partner(&c, 1);
    ready_in_process(&c, Role::Ap);
    let alex = views::arc_view(&c.state).unwrap();
    assert!(!alex.can_advance, "Sam's readiness alone opens nothing");
    assert!(alex.can_declare);
    assert!(arc::change(&c.state, Change::Advance).is_err());

    // Sam declares; Alex may now enter renew. Sam's declaration is not announced to
    // Alex: no event in Alex's path says it.
    as_partner(&c, 2);
    arc::change(&c.state, Change::ReadyToRebuild).unwrap();
    let sam = views::arc_view(&c.state).unwrap();
    assert_eq!(sam.declared_on, Some(today()));
    assert!(!sam.can_declare, "one standing declaration");
    assert!(arc::change(&c.state, Change::ReadyToRebuild).is_err());
    as_partner(&c, 1);
    let alex = views::arc_view(&c.state).unwrap();
    assert!(alex.can_advance);
    assert_eq!(alex.declared_on, None);
    assert!(
        alex.events.iter().all(|e| !e.words.contains("ready")),
        "{:?}",
        alex.events
    );

    // Sam takes it back: closed again.
    as_partner(&c, 2);
    arc::change(&c.state, Change::WithdrawReady).unwrap();
    assert_eq!(views::arc_view(&c.state).unwrap().declared_on, None);
    assert!(arc::change(&c.state, Change::WithdrawReady).is_err());
    as_partner(&c, 1);
    assert!(!views::arc_view(&c.state).unwrap().can_advance);

    // Declared again, then a rupture (by Alex) clears it.
    as_partner(&c, 2);
    arc::change(&c.state, Change::ReadyToRebuild).unwrap();
    as_partner(&c, 1);
    assert!(views::arc_view(&c.state).unwrap().can_advance);
    arc::change(&c.state, arc::rupture(RuptureKind::BrokenAgreement)).unwrap();
    assert!(!views::arc_view(&c.state).unwrap().can_advance);
    as_partner(&c, 2);
    assert_eq!(views::arc_view(&c.state).unwrap().declared_on, None);
}

#[test]
fn changes_racing_each_other_record_one_declaration() {
    use healing_arc::app::arc;
    use healing_arc::model::{Change, Role};
    let c = couple();
    ready_in_process(&c, Role::Ap);
    // Started together, so that without one use case at a time several read "none
    // standing" before any writes.
    let start = std::sync::Barrier::new(12);
    let results: Vec<bool> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..12)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    arc::change(&c.state, Change::ReadyToRebuild).is_ok()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|ok| **ok).count(), 1, "{results:?}");
    let declared = arc::load(&c.state)
        .unwrap()
        .history
        .events
        .iter()
        .filter(|e| e.change == Change::ReadyToRebuild)
        .count();
    assert_eq!(declared, 1);
}
