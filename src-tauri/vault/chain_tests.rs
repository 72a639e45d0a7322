//! SECURITY.md 21 and 22 at the vault: authors sign what they share, and each reader
//! notices a changed order. Real sled in a temporary folder, keys at the KDF floor.

use super::chain::{self, Entry, Op, LOG_KIND};
use super::keys::Namer;
use super::storage::Write;
use super::tests::{couple, Couple};
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

fn store_key(kr: &Keyring, owner: Owner, kind: &str, id: &str) -> Vec<u8> {
    let (byte, keys) = kr.resolve(owner);
    Namer::new(&keys.ids).store_key(byte, kind, id).to_vec()
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
        kind: KIND.into(),
        id: "b".into(),
        put: Some(hash),
    };
    let forged = chain::next_entry(
        &state,
        c.one.identity.as_ref().unwrap(),
        &c.one.vault_id,
        Slot::TWO,
        vec![op],
    );
    plant(
        &c,
        &c.one,
        Owner::SharedBy(Slot::TWO),
        LOG_KIND,
        &Entry::id(forged.seq),
        &forged,
    );
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
        kind: KIND.into(),
        id: "b".into(),
        put: Some(chain::content_hash(b"other")),
    };
    let fork = chain::next_entry(
        &before_b,
        c.two.identity.as_ref().unwrap(),
        &c.two.vault_id,
        Slot::TWO,
        vec![op],
    );
    plant(
        &c,
        &c.two,
        Owner::SharedBy(Slot::TWO),
        LOG_KIND,
        &Entry::id(fork.seq),
        &fork,
    );
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
