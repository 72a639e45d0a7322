//! Two devices through the app's own use cases (docs/SYNC.md): two app states over two
//! data folders and one shared folder. What one partner shares on their device is found
//! by the other on theirs, and gone there once taken back.

use healing_arc::app::checkins::{self, today};
use healing_arc::app::shared_view::{Author, SharedKind};
use healing_arc::app::views;
use healing_arc::app::{couple, journal, sync, AppState};
use healing_arc::model::{Role, Share, Visibility};

use healing_arc::vault::KdfParams;

use crate::vault::{partner, state, TestClock, P1, P2};

struct Devices {
    _tmp: tempfile::TempDir,
    a: AppState,
    b: AppState,
}

fn paired() -> Devices {
    paired_on(None)
}

/// Paired, with device A's idle time on `clock` when one is given.
fn paired_on(clock: Option<&TestClock>) -> Devices {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let a = match clock {
        Some(c) => AppState::with_clock(tmp.path().join("a"), KdfParams::FLOOR, c.clock()),
        None => state(&tmp.path().join("a")),
    };
    let b = state(&tmp.path().join("b"));
    couple::create(&a, partner("Alex", Role::Ap, 0, P1)).unwrap();
    let code = sync::pair_start(&a, &folder).unwrap();
    assert_eq!(sync::pair_check(&a).unwrap(), None, "no answer yet");
    // A mistyped code is a clear error naming the field, and changes nothing.
    let e = sync::pair_join(&b, &folder, "12 34").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("code"));
    let phrase_b = sync::pair_join(&b, &folder, &code).unwrap();
    let phrase_a = sync::pair_check(&a).unwrap().expect("the answer is there");
    assert_eq!(phrase_a, phrase_b);
    // Nothing reaches the folder for the other device before the phrase is confirmed.
    assert!(sync::timed(&a).is_none());
    assert!(!sync::status(&a).unwrap().connected);
    sync::confirm(&a, true).unwrap();
    // Connected: no second invitation.
    let e = sync::pair_start(&a, &folder).unwrap_err();
    assert_eq!(e.code, healing_arc::error::ErrorCode::NotAllowed);
    // Alex's role came in the welcome: the same one is refused, naming the field, and
    // nothing is made; choosing the other needs no new pairing.
    let e = sync::join(&b, partner("Sam", Role::Ap, 1, P2)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("role"));
    assert!(couple::me(&b).is_err(), "no profile was made");
    let created = sync::join(&b, partner("Sam", Role::Op, 1, P2)).unwrap();
    assert_eq!(created.slot, 2);
    Devices { _tmp: tmp, a, b }
}

fn shared_texts(s: &AppState, author: Author) -> Vec<String> {
    let mut out: Vec<String> = views::together_view(s)
        .unwrap()
        .shared
        .into_iter()
        .filter(|i| i.author == author)
        .map(|i| i.text)
        .collect();
    out.sort();
    out
}

#[test]
fn sync_app_each_sees_the_others_card_and_shares_on_their_own_device() {
    let d = paired();
    // B's first sync (at joining) brought A's card; A's next sync brings B's.
    let me_b = couple::me(&d.b).unwrap();
    assert_eq!(
        me_b.partner.map(|p| (p.name, p.role)),
        Some(("Alex".into(), Role::Ap))
    );
    sync::sync_now(&d.a).unwrap();
    let me_a = couple::me(&d.a).unwrap();
    assert_eq!(
        me_a.partner.map(|p| (p.name, p.role)),
        Some(("Sam".into(), Role::Op))
    );

    let mut c = crate::vault::checkin(&today().to_string(), 2, "alex's shared note");
    c.share = Share {
        numbers: Visibility::Partner,
        note: Visibility::Partner,
    };
    checkins::save(&d.a, c).unwrap();
    let entry = journal::create(&d.b, "sam's shared entry".into(), Visibility::Partner).unwrap();
    journal::create(&d.b, "sam's private entry".into(), Visibility::Therapist).unwrap();
    sync::sync_now(&d.a).unwrap();
    let r = sync::sync_now(&d.b).unwrap();
    assert_eq!(r.changed_outside, 0);
    sync::sync_now(&d.a).unwrap();
    assert_eq!(
        shared_texts(&d.b, Author::Partner),
        vec!["alex's shared note".to_owned()]
    );
    assert_eq!(
        shared_texts(&d.a, Author::Partner),
        vec!["sam's shared entry".to_owned()]
    );
    assert!(sync::status(&d.b).unwrap().last_arrival.is_some());

    // Taken back on B's device: gone on A's after a sync.
    journal::update(
        &d.b,
        &entry.id,
        "sam's shared entry".into(),
        Visibility::Private,
    )
    .unwrap();
    sync::sync_now(&d.b).unwrap();
    sync::sync_now(&d.a).unwrap();
    let kinds: Vec<SharedKind> = views::together_view(&d.a)
        .unwrap()
        .shared
        .into_iter()
        .filter(|i| i.author == Author::Partner)
        .map(|i| i.kind)
        .collect();
    assert!(kinds.is_empty(), "{kinds:?}");
}

#[test]
fn sync_app_unlock_and_lock_sync_and_disconnect_stops() {
    let d = paired();
    let entry = journal::create(
        &d.b,
        "written while A was locked".into(),
        Visibility::Partner,
    );
    entry.unwrap();
    sync::sync_now(&d.b).unwrap();
    couple::lock(&d.a);
    couple::unlock(&d.a, 1, crate::vault::pass(P1)).unwrap();
    assert_eq!(
        shared_texts(&d.a, Author::Partner),
        vec!["written while A was locked".to_owned()]
    );
    // Locking writes what is new here into the folder.
    journal::create(
        &d.a,
        "written just before locking".into(),
        Visibility::Partner,
    )
    .unwrap();
    couple::lock(&d.a);
    sync::sync_now(&d.b).unwrap();
    assert_eq!(
        shared_texts(&d.b, Author::Partner),
        vec!["written just before locking".to_owned()]
    );
    couple::unlock(&d.a, 1, crate::vault::pass(P1)).unwrap();
    sync::disconnect(&d.a).unwrap();
    assert!(!sync::status(&d.a).unwrap().connected);
    assert!(sync::status(&d.a).unwrap().stopped);
    assert!(sync::sync_now(&d.a).is_err());
    // The partner's profile is not made on this device either.
    let e = couple::add_partner(&d.a, partner("Sam", Role::Op, 1, P2)).unwrap_err();
    assert_eq!(e.code, healing_arc::error::ErrorCode::NotAllowed);
    // Not offered again: the old partner's key stays pinned for what they shared.
    assert!(sync::pair_start(&d.a, &d._tmp.path().join("shared")).is_err());
}

#[test]
fn sync_app_after_disconnect_what_arrived_stays_readable_and_nothing_new_crosses() {
    let d = paired();
    journal::create(
        &d.b,
        "sam's entry before the end".into(),
        Visibility::Partner,
    )
    .unwrap();
    sync::sync_now(&d.b).unwrap();
    sync::sync_now(&d.a).unwrap();
    let before = vec!["sam's entry before the end".to_owned()];
    assert_eq!(shared_texts(&d.a, Author::Partner), before);

    sync::disconnect(&d.a).unwrap();
    // The partner lives on the other device: at the next unlock they are absent from
    // this header, which is no deletion, and what they shared stays readable.
    couple::lock(&d.a);
    couple::unlock(&d.a, 1, crate::vault::pass(P1)).unwrap();
    assert_eq!(shared_texts(&d.a, Author::Partner), before);
    let status = couple::status(&d.a).unwrap();
    assert!(!status.unreadable.shared_changed, "{:?}", status.unreadable);
    assert_eq!(
        couple::me(&d.a).unwrap().partner.map(|p| p.name),
        Some("Sam".into())
    );
    assert!(!sync::status(&d.a).unwrap().connected);

    // Nothing new crosses either way.
    journal::create(
        &d.b,
        "sam's entry after the end".into(),
        Visibility::Partner,
    )
    .unwrap();
    sync::sync_now(&d.b).unwrap();
    journal::create(
        &d.a,
        "alex's entry after the end".into(),
        Visibility::Partner,
    )
    .unwrap();
    assert!(sync::sync_now(&d.a).is_err());
    couple::lock(&d.a);
    couple::unlock(&d.a, 1, crate::vault::pass(P1)).unwrap();
    assert_eq!(shared_texts(&d.a, Author::Partner), before);
    sync::sync_now(&d.b).unwrap();
    assert!(!shared_texts(&d.b, Author::Partner).contains(&"alex's entry after the end".to_owned()));
}

#[test]
fn sync_app_the_timed_sync_runs_only_while_unlocked_and_is_no_activity() {
    let clock = TestClock::new();
    let d = paired_on(Some(&clock));
    journal::create(
        &d.b,
        "sam writes while alex is away".into(),
        Visibility::Partner,
    )
    .unwrap();
    sync::sync_now(&d.b).unwrap();

    // Locked: the timed sync reads nothing and writes nothing.
    couple::lock(&d.a);
    let folder = d._tmp.path().join("shared");
    let files = |dir: &std::path::Path| {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let before = files(&folder);
    assert!(sync::timed(&d.a).is_none());
    assert_eq!(files(&folder), before);

    // Unlocked: what arrived is applied.
    couple::unlock(&d.a, 1, crate::vault::pass(P1)).unwrap();
    journal::create(&d.b, "sam writes again".into(), Visibility::Partner).unwrap();
    sync::sync_now(&d.b).unwrap();
    let r = sync::timed(&d.a).expect("unlocked and paired");
    assert_eq!(r.applied, 1);
    assert_eq!(
        shared_texts(&d.a, Author::Partner),
        vec![
            "sam writes again".to_owned(),
            "sam writes while alex is away".to_owned()
        ]
    );

    // Not activity: a timed sync just before the idle limit does not push it back.
    let limit = std::time::Duration::from_secs(60 * 5);
    clock.advance(limit - std::time::Duration::from_secs(10));
    assert!(sync::timed(&d.a).is_some());
    clock.advance(std::time::Duration::from_secs(20));
    assert!(
        sync::timed(&d.a).is_none(),
        "idle past the limit: locked, no sync"
    );
    assert!(
        couple::me(&d.a).is_err(),
        "the timed sync ended the idle session"
    );
}

#[test]
fn sync_app_the_timer_brings_what_arrived_and_says_so() {
    let d = paired();
    journal::create(&d.b, "carried by the timer".into(), Visibility::Partner).unwrap();
    sync::sync_now(&d.b).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let _timer = sync::start_timer(&d.a, std::time::Duration::from_millis(20), move || {
        let _ = tx.send(());
    })
    .unwrap();
    rx.recv_timeout(std::time::Duration::from_secs(30))
        .expect("the timer told of an arrival");
    assert_eq!(
        shared_texts(&d.a, Author::Partner),
        vec!["carried by the timer".to_owned()]
    );
}

#[test]
fn sync_app_phrases_that_do_not_match_forget_the_other_device() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let a = state(&tmp.path().join("a"));
    let b = state(&tmp.path().join("b"));
    couple::create(&a, partner("Alex", Role::Ap, 0, P1)).unwrap();
    // No invitation yet: said as such, before any code is tried.
    let e = sync::pair_join(&b, &folder, "1234 5678").unwrap_err();
    assert_eq!(e.code, healing_arc::error::ErrorCode::NotFound);
    let code = sync::pair_start(&a, &folder).unwrap();
    sync::pair_join(&b, &folder, &code).unwrap();
    sync::pair_check(&a).unwrap().expect("answered");
    journal::create(&a, "alex's share, for sam only".into(), Visibility::Partner).unwrap();
    // Unconfirmed: A neither reads nor writes there, by request, by the timer or at lock.
    assert!(sync::sync_now(&a).is_err());
    assert!(sync::timed(&a).is_none());
    couple::lock(&a);
    couple::unlock(&a, 1, crate::vault::pass(P1)).unwrap();
    let bundles = || {
        std::fs::read_dir(&folder)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter(|n| n.ends_with(".bundle"))
            .count()
    };
    assert_eq!(bundles(), 0, "nothing of A's went to the folder");
    sync::join(&b, partner("Sam", Role::Op, 1, P2)).unwrap();
    journal::create(
        &b,
        "from a device alex did not confirm".into(),
        Visibility::Partner,
    )
    .unwrap();
    sync::sync_now(&b).unwrap();
    assert!(shared_texts(&b, Author::Partner).is_empty());

    sync::confirm(&a, false).unwrap();
    let s = sync::status(&a).unwrap();
    assert!(!s.connected && !s.stopped);
    assert!(sync::sync_now(&a).is_err());
    assert!(shared_texts(&a, Author::Partner).is_empty());
    // Forgotten as if never paired: a new invitation can be made.
    sync::pair_start(&a, &folder).unwrap();
}
