//! SECURITY.md 21 and 22 at the vault: authors sign what they share, and each reader
//! notices a changed order. Real sled in a temporary folder, keys at the KDF floor.

use super::chain::{self, Entry, Op, StoreKey, LOG_KIND, SINGLE_ID, TRUST_KIND};
use super::keys::Namer;
use super::storage::Write;
use super::tests::{couple, Couple};
use super::Changes;
use super::*;

const KIND: &str = "note";

fn shared(c: &Couple, reader: &Keyring, author: Slot) -> Vec<String> {
    let mut out: Vec<String> = c
        .vault
        .list::<String>(reader, Owner::SharedBy(author), KIND)
        .unwrap()
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    out.sort();
    out
}

/// Writes a value sealed as `owner`'s record of `kind`, around every check (what anyone
/// with the couple key and the files can do).
fn plant<T: serde::Serialize>(
    c: &Couple,
    kr: &Keyring,
    owner: Owner,
    kind: &'static str,
    id: &str,
    v: &T,
) {
    let w = c.vault.seal_write(kr, owner, kind, id, v).unwrap();
    c.vault.store.apply(vec![w]).unwrap();
}

/// Writes a log entry as `author`'s, around every check.
fn plant_entry(c: &Couple, kr: &Keyring, author: Slot, entry: &Entry) {
    let w = c.vault.seal_entry(kr, author, entry).unwrap();
    c.vault.store.apply(vec![w]).unwrap();
}

fn store_key(kr: &Keyring, owner: Owner, kind: &str, id: &str) -> Vec<u8> {
    let (byte, keys) = kr.resolve(owner);
    Namer::new(&keys.ids).store_key(byte, kind, id).to_vec()
}

fn shared_key(kr: &Keyring, author: Slot, id: &str) -> StoreKey {
    store_key(kr, Owner::SharedBy(author), KIND, id)
        .try_into()
        .unwrap()
}

/// The stored entries of `author`'s log (as raw store entries).
fn log_records(c: &Couple, kr: &Keyring, author: Slot) -> Vec<(Vec<u8>, Vec<u8>)> {
    let (byte, keys) = kr.resolve(Owner::SharedBy(author));
    let prefix = Namer::new(&keys.ids).prefix(byte, LOG_KIND);
    c.vault
        .store
        .raw()
        .into_iter()
        .filter(|(k, _)| k.starts_with(&prefix))
        .collect()
}

/// Reads everything again from disk, as a new unlock would.
fn reread(c: &mut Couple) {
    c.vault.prepare_couple_space(&mut c.one).unwrap();
    c.vault.prepare_couple_space(&mut c.two).unwrap();
}

#[test]
fn req_21_a_partner_cannot_write_forge_or_alter_the_others_shared_records() {
    let mut c = couple();
    c.vault
        .put(
            &c.two,
            Owner::SharedBy(Slot::TWO),
            KIND,
            "a",
            &"two's own words",
        )
        .unwrap();
    reread(&mut c);
    assert_eq!(shared(&c, &c.one, Slot::TWO), vec!["two's own words"]);

    // Through the vault: refused.
    assert!(matches!(
        c.vault
            .put(&c.one, Owner::SharedBy(Slot::TWO), KIND, "b", &"forged"),
        Err(VaultError::NotYours)
    ));
    // Around it, with the couple key: a new record and a changed one are shown to no one.
    plant(&c, &c.one, Owner::SharedBy(Slot::TWO), KIND, "b", &"forged");
    plant(
        &c,
        &c.one,
        Owner::SharedBy(Slot::TWO),
        KIND,
        "a",
        &"altered",
    );
    reread(&mut c);
    for reader in [&c.one, &c.two] {
        assert_eq!(shared(&c, reader, Slot::TWO), Vec::<String>::new());
    }
    assert_eq!(c.vault.unreadable().len(), 2);

    // A log entry signed with the wrong key is damage, and nothing it names is shown.
    let state = c.vault.author_state(&c.two, Slot::TWO).unwrap();
    let hash = chain::content_hash(br#"{"id":"b","v":"forged"}"#);
    let op = Op {
        key: shared_key(&c.one, Slot::TWO, "b"),
        put: Some(hash),
    };
    let forged = chain::next_entry(
        &state,
        c.one.identity.as_ref().unwrap(),
        &c.one.vault_id,
        Slot::TWO,
        vec![op],
        false,
    );
    plant_entry(&c, &c.one, Slot::TWO, &forged);
    reread(&mut c);
    assert!(c.vault.couple_space_changed(&c.one));
    assert!(c.vault.couple_space_changed(&c.two));
    assert_eq!(shared(&c, &c.one, Slot::TWO), Vec::<String>::new());
    // Partner one's own part is untouched by any of it.
    c.vault
        .put(
            &c.one,
            Owner::SharedBy(Slot::ONE),
            KIND,
            "x",
            &"one's words",
        )
        .unwrap();
    assert_eq!(shared(&c, &c.two, Slot::ONE), vec!["one's words"]);
}

#[test]
fn req_22_rollback_gap_and_fork_are_reported_and_only_what_verifies_shows() {
    let mut c = couple();
    let put = |c: &Couple, id: &str, v: &str| {
        c.vault
            .put(&c.two, Owner::SharedBy(Slot::TWO), KIND, id, &v.to_owned())
            .unwrap()
    };
    put(&c, "a", "first");
    let before_b = c.vault.author_state(&c.two, Slot::TWO).unwrap();
    put(&c, "b", "second");
    put(&c, "c", "third");
    reread(&mut c);
    assert_eq!(
        shared(&c, &c.one, Slot::TWO),
        vec!["first", "second", "third"]
    );
    assert!(!c.vault.couple_space_changed(&c.one));
    let last = before_b.next_seq + 1;
    let log_key = |seq: u64| {
        store_key(
            &c.two,
            Owner::SharedBy(Slot::TWO),
            LOG_KIND,
            &Entry::id(seq),
        )
    };
    let saved: Vec<_> = c.vault.store.raw();
    let restore = |c: &Couple| {
        let writes = saved
            .iter()
            .map(|(k, v)| Write::Put(k.clone(), v.clone()))
            .collect();
        c.vault.store.apply(writes).unwrap();
    };

    // Rollback: the last entry taken away, as an older copy of the files would be.
    c.vault
        .store
        .apply(vec![Write::Delete(log_key(last))])
        .unwrap();
    c.vault.prepare_couple_space(&mut c.one).unwrap();
    assert!(c.vault.couple_space_changed(&c.one), "rollback");
    assert_eq!(shared(&c, &c.one, Slot::TWO), vec!["first", "second"]);
    restore(&c);

    // Gap: an entry in the middle missing.
    c.vault
        .store
        .apply(vec![Write::Delete(log_key(last - 1))])
        .unwrap();
    c.vault.prepare_couple_space(&mut c.one).unwrap();
    assert!(c.vault.couple_space_changed(&c.one), "gap");
    assert_eq!(shared(&c, &c.one, Slot::TWO), vec!["first"]);
    restore(&c);
    c.vault.prepare_couple_space(&mut c.one).unwrap();
    assert!(!c.vault.couple_space_changed(&c.one), "whole again");

    // Fork: validly signed by the author, but not what the reader accepted before.
    let op = Op {
        key: shared_key(&c.two, Slot::TWO, "b"),
        put: Some(chain::content_hash(b"other")),
    };
    let fork = chain::next_entry(
        &before_b,
        c.two.identity.as_ref().unwrap(),
        &c.two.vault_id,
        Slot::TWO,
        vec![op],
        false,
    );
    plant_entry(&c, &c.two, Slot::TWO, &fork);
    c.vault.prepare_couple_space(&mut c.one).unwrap();
    assert!(c.vault.couple_space_changed(&c.one), "fork");
    assert!(!shared(&c, &c.one, Slot::TWO).contains(&"second".to_owned()));
}

#[test]
fn taking_a_share_back_erases_its_content_and_the_log_still_verifies() {
    let mut c = couple();
    c.vault
        .put(
            &c.two,
            Owner::SharedBy(Slot::TWO),
            KIND,
            "a",
            &"taken back soon",
        )
        .unwrap();
    let key = store_key(&c.two, Owner::SharedBy(Slot::TWO), KIND, "a");
    assert!(c.vault.store.raw().iter().any(|(k, _)| *k == key));
    c.vault
        .delete(&c.two, Owner::SharedBy(Slot::TWO), KIND, "a")
        .unwrap();
    assert!(
        !c.vault.store.raw().iter().any(|(k, _)| *k == key),
        "content gone"
    );
    reread(&mut c);
    assert!(!c.vault.couple_space_changed(&c.one));
    assert_eq!(shared(&c, &c.one, Slot::TWO), Vec::<String>::new());
    // Removing what was never shared appends nothing (no count of private writes).
    let before = c.vault.author_state(&c.two, Slot::TWO).unwrap().next_seq;
    c.vault
        .delete(&c.two, Owner::SharedBy(Slot::TWO), KIND, "never")
        .unwrap();
    assert_eq!(
        c.vault.author_state(&c.two, Slot::TWO).unwrap().next_seq,
        before
    );
}

/// Partner two shares `id` with `v`; with `checkpoint`, as a fold does.
fn share(c: &Couple, id: &str, v: &str, checkpoint: bool) {
    let mut ch = Changes::new();
    if checkpoint {
        ch.checkpoint();
    }
    ch.put(Owner::SharedBy(Slot::TWO), KIND, id, &v.to_owned())
        .unwrap();
    c.vault.apply(&c.two, ch).unwrap();
}

#[test]
fn a_checkpoint_drops_the_entries_before_it_and_reads_the_same() {
    let mut c = couple();
    share(&c, "a", "first", false);
    share(&c, "b", "second", false);
    c.vault
        .delete(&c.two, Owner::SharedBy(Slot::TWO), KIND, "b")
        .unwrap();
    reread(&mut c);
    let before = log_records(&c, &c.two, Slot::TWO).len();
    assert!(before >= 3);
    share(&c, "c", "third", true);
    assert_eq!(
        log_records(&c, &c.two, Slot::TWO).len(),
        1,
        "only the checkpoint"
    );
    for _ in 0..2 {
        for reader in [&c.one, &c.two] {
            assert_eq!(shared(&c, reader, Slot::TWO), vec!["first", "third"]);
        }
        assert!(!c.vault.couple_space_changed(&c.one));
        assert!(!c.vault.couple_space_changed(&c.two));
        assert!(c.vault.unreadable().is_empty());
        reread(&mut c);
    }
    // The log goes on after it; taking back works as before.
    share(&c, "d", "fourth", false);
    c.vault
        .delete(&c.two, Owner::SharedBy(Slot::TWO), KIND, "a")
        .unwrap();
    reread(&mut c);
    assert_eq!(log_records(&c, &c.two, Slot::TWO).len(), 3);
    assert_eq!(shared(&c, &c.one, Slot::TWO), vec!["fourth", "third"]);
    assert!(!c.vault.couple_space_changed(&c.one));
}

#[test]
fn req_22_a_rolled_back_forged_or_unlinked_checkpoint_is_rejected() {
    let mut c = couple();
    share(&c, "a", "first", false);
    share(&c, "b", "second", true);
    share(&c, "c", "third", false);
    reread(&mut c);
    let older = log_records(&c, &c.two, Slot::TWO);
    share(&c, "d", "fourth", true);
    reread(&mut c);
    let current = log_records(&c, &c.two, Slot::TWO);
    assert_eq!(current.len(), 1);
    let all = vec!["first", "fourth", "second", "third"];
    assert_eq!(shared(&c, &c.one, Slot::TWO), all);
    let put_back = |c: &Couple, records: &[(Vec<u8>, Vec<u8>)]| {
        let mut writes: Vec<Write> = log_records(c, &c.two, Slot::TWO)
            .into_iter()
            .map(|(k, _)| Write::Delete(k))
            .collect();
        writes.extend(
            records
                .iter()
                .map(|(k, v)| Write::Put(k.clone(), v.clone())),
        );
        c.vault.store.apply(writes).unwrap();
    };

    // Rolled back: the older checkpoint and the entry after it, as an older copy of
    // the files has them. Both readers accepted the newer one: reported, and only the
    // older state (which verifies) shows.
    put_back(&c, &older);
    reread(&mut c);
    for reader in [&c.one, &c.two] {
        assert!(c.vault.couple_space_changed(reader), "rollback");
        assert_eq!(
            shared(&c, reader, Slot::TWO),
            vec!["first", "second", "third"]
        );
    }
    put_back(&c, &current);
    reread(&mut c);
    assert!(!c.vault.couple_space_changed(&c.one), "whole again");

    // Forged: a checkpoint signed by the other partner, one past the head, that leaves
    // out "a". It is not the author's: the real checkpoint stays the start, the forged
    // one is damage after it, and "a" still shows.
    let state = c.vault.author_state(&c.one, Slot::TWO).unwrap();
    let keep_out_a = vec![Op {
        key: shared_key(&c.one, Slot::TWO, "a"),
        put: None,
    }];
    let forged = chain::next_entry(
        &state,
        c.one.identity.as_ref().unwrap(),
        &c.one.vault_id,
        Slot::TWO,
        keep_out_a,
        true,
    );
    plant_entry(&c, &c.one, Slot::TWO, &forged);
    reread(&mut c);
    assert!(c.vault.couple_space_changed(&c.one), "forged");
    assert_eq!(shared(&c, &c.one, Slot::TWO), all);
    put_back(&c, &current);
    reread(&mut c);

    // Not linked to what the reader accepted: validly signed by the author, right
    // after the reader's mark, but naming another entry before it (a fork).
    let mut unlinked = (*c.vault.author_state(&c.two, Slot::TWO).unwrap()).clone();
    unlinked.head = [7; 32];
    let fork = chain::next_entry(
        &unlinked,
        c.two.identity.as_ref().unwrap(),
        &c.two.vault_id,
        Slot::TWO,
        Vec::new(),
        true,
    );
    put_back(&c, &[]);
    plant_entry(&c, &c.two, Slot::TWO, &fork);
    c.vault.prepare_couple_space(&mut c.one).unwrap();
    assert!(c.vault.couple_space_changed(&c.one), "unlinked");
    assert!(shared(&c, &c.one, Slot::TWO).is_empty());
}

/// A checkpoint the author signed that leaves out a record whose content is still
/// there: the record is not shown and counts as damage. (Left out together with its
/// content, it is a share taken back, which is the author's to do.)
#[test]
fn req_22_a_checkpoint_that_drops_a_live_record_hides_it_as_damage() {
    let mut c = couple();
    share(&c, "a", "first", false);
    share(&c, "b", "second", false);
    reread(&mut c);
    let state = c.vault.author_state(&c.two, Slot::TWO).unwrap();
    let drop_a = vec![Op {
        key: shared_key(&c.two, Slot::TWO, "a"),
        put: None,
    }];
    let dropping = chain::next_entry(
        &state,
        c.two.identity.as_ref().unwrap(),
        &c.two.vault_id,
        Slot::TWO,
        drop_a,
        true,
    );
    plant_entry(&c, &c.two, Slot::TWO, &dropping);
    c.vault.forget_unreadable();
    reread(&mut c);
    assert_eq!(shared(&c, &c.one, Slot::TWO), vec!["second"]);
    assert_eq!(
        c.vault.unreadable(),
        vec![KIND],
        "the left-out record is damage"
    );
}

/// The writer's own mark moves with each write in the same batch (in the own-records
/// digest), not in the trust record: after any acknowledged write, an older log of
/// their own is a rollback to them.
#[test]
fn req_22_the_writers_own_mark_is_written_with_each_entry() {
    let mut c = couple();
    c.vault.check_own_records(&c.two, &[KIND]).unwrap();
    let trust_key = store_key(&c.two, Owner::Mine, TRUST_KIND, SINGLE_ID);
    let trust_before = c.vault.store.get(&trust_key).unwrap();
    let mut ch = Changes::new();
    ch.put(Owner::Mine, KIND, "p", &"private".to_owned())
        .unwrap();
    ch.put(Owner::SharedBy(Slot::TWO), KIND, "a", &"first".to_owned())
        .unwrap();
    c.vault.apply(&c.two, ch).unwrap();
    share(&c, "b", "second", false);
    assert_eq!(
        c.vault.store.get(&trust_key).unwrap(),
        trust_before,
        "no trust write per save"
    );
    // What a crash right after the last write leaves: the files as they are. The last
    // entry taken away is a rollback to the writer, at their next unlock.
    let last = c.vault.author_state(&c.two, Slot::TWO).unwrap().next_seq - 1;
    let key = store_key(
        &c.two,
        Owner::SharedBy(Slot::TWO),
        LOG_KIND,
        &Entry::id(last),
    );
    c.vault.store.apply(vec![Write::Delete(key)]).unwrap();
    c.vault.prepare_couple_space(&mut c.two).unwrap();
    assert!(c.vault.couple_space_changed(&c.two), "own rollback");
}
