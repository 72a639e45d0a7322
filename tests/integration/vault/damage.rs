//! SECURITY.md 24 through the app: one damaged record hides only itself, and damaged
//! settings fall back to the defaults, each said plainly in the status.

use std::collections::BTreeSet;
use std::path::Path;

use healing_arc::app::couple;
use healing_arc::app::{journal, settings, AppState};
use healing_arc::model::Visibility;

use super::*;

/// sled lets go of its lock a moment after the app's store closes.
pub fn raw_db(dir: &Path) -> sled::Db {
    let mut last = None;
    for _ in 0..100 {
        // The app's segment size, which sled keeps in the store's config.
        match sled::Config::new()
            .path(dir.join("store"))
            .segment_size(128 * 1024)
            .open()
        {
            Ok(db) => return db,
            Err(e) => last = Some(e),
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the store did not open: {last:?}");
}

fn raw_keys(dir: &Path) -> BTreeSet<Vec<u8>> {
    let db = raw_db(dir);
    let tree = db.open_tree(b"r").unwrap();
    tree.iter().keys().map(|k| k.unwrap().to_vec()).collect()
}

fn flip_a_byte(dir: &Path, key: &[u8]) {
    let db = raw_db(dir);
    let tree = db.open_tree(b"r").unwrap();
    let mut v = tree.get(key).unwrap().unwrap().to_vec();
    let at = v.len() / 2;
    v[at] ^= 0x10;
    tree.insert(key, v).unwrap();
    db.flush().unwrap();
}

/// Runs `write` with partner 1 unlocked in a fresh app state, and returns the store keys
/// it added.
fn keys_added_by(dir: &Path, write: impl FnOnce(&AppState)) -> Vec<Vec<u8>> {
    // An unlock writes its own bookkeeping the first time (the digest of own records):
    // once before, so that only `write`'s records are new.
    let st = super::state(dir);
    couple::unlock(&st, 1, pass(P1)).unwrap();
    couple::lock(&st);
    drop(st);
    let before = raw_keys(dir);
    let st = super::state(dir);
    couple::unlock(&st, 1, pass(P1)).unwrap();
    write(&st);
    couple::lock(&st);
    drop(st);
    let after = raw_keys(dir);
    after.difference(&before).cloned().collect()
}

#[test]
fn req_24_one_damaged_record_hides_only_itself() {
    let c = couple();
    journal::create(&c.state, "first".into(), Visibility::Private).unwrap();
    journal::create(&c.state, "third".into(), Visibility::Private).unwrap();
    couple::lock(&c.state);
    let Couple {
        tmp: _tmp,
        dir,
        state,
        ..
    } = c;
    drop(state);
    let added = keys_added_by(&dir, |st| {
        journal::create(st, "second".into(), Visibility::Private).unwrap();
    });
    assert_eq!(added.len(), 1, "one private record");
    flip_a_byte(&dir, &added[0]);

    let st = super::state(&dir);
    couple::unlock(&st, 1, pass(P1)).unwrap();
    let mut texts: Vec<String> = journal::list(&st)
        .unwrap()
        .into_iter()
        .map(|e| e.text)
        .collect();
    texts.sort();
    assert_eq!(texts, vec!["first", "third"]);
    let status = couple::status(&st).unwrap();
    assert_eq!(
        (status.unreadable.entries, status.unreadable.settings),
        (1, false)
    );

    // The other partner is not told of this partner's damaged record.
    couple::lock(&st);
    couple::unlock(&st, 2, pass(P2)).unwrap();
    assert_eq!(couple::status(&st).unwrap().unreadable, Default::default());
}

#[test]
fn req_24_damaged_settings_fall_back_to_the_defaults_and_say_so() {
    let c = couple();
    couple::lock(&c.state);
    let Couple {
        tmp: _tmp,
        dir,
        state,
        ..
    } = c;
    drop(state);
    let added = keys_added_by(&dir, |st| {
        settings::set(
            st,
            settings::Settings {
                auto_lock_minutes: 17,
            },
        )
        .unwrap();
    });
    assert_eq!(added.len(), 1);
    flip_a_byte(&dir, &added[0]);

    let st = super::state(&dir);
    let me = couple::unlock(&st, 1, pass(P1)).expect("the unlock still works");
    assert_eq!(
        me.auto_lock_minutes,
        settings::Settings::default().auto_lock_minutes
    );
    let status = couple::status(&st).unwrap();
    assert_eq!(
        (status.unreadable.entries, status.unreadable.settings),
        (0, true)
    );
    // Saving them again mends it.
    settings::set(
        &st,
        settings::Settings {
            auto_lock_minutes: 9,
        },
    )
    .unwrap();
    assert!(!couple::status(&st).unwrap().unreadable.settings);
    couple::lock(&st);
    assert_eq!(
        couple::unlock(&st, 1, pass(P1)).unwrap().auto_lock_minutes,
        9
    );
}
