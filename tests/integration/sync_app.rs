//! Two devices through the app's own use cases (docs/SYNC.md): two app states over two
//! data folders and one shared folder. What one partner shares on their device is found
//! by the other on theirs, and gone there once taken back.

use healing_arc::app::checkins::{self, today};
use healing_arc::app::shared_view::{Author, SharedKind};
use healing_arc::app::views;
use healing_arc::app::{couple, journal, sync, AppState};
use healing_arc::model::{Role, Share, Visibility};

use crate::vault::{partner, state, P1, P2};

struct Devices {
    _tmp: tempfile::TempDir,
    a: AppState,
    b: AppState,
}

fn paired() -> Devices {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let a = state(&tmp.path().join("a"));
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
    assert!(sync::sync_now(&d.a).is_err());
}
