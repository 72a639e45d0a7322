//! Deleting one profile of two: the other opens afterwards with all of its own data,
//! the deleted partner's records (private and shared) are gone, and a deletion that
//! fails midway leaves the store as it was.

use super::tests::couple;
use super::*;

const P1: &str = "first partner passphrase";
const P2: &str = "second partner passphrase";

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

/// Each partner keeps a private note and shares one; then each unlocks again, which
/// pins the other's key and marks how far their log was read.
fn seed(c: &mut super::tests::Couple) {
    for (kr, who) in [(&c.one, "one"), (&c.two, "two")] {
        let mut ch = Changes::new();
        ch.put(Owner::Mine, "note", "a", &format!("{who} private"))
            .unwrap();
        ch.put(
            Owner::SharedBy(kr.slot()),
            "note",
            "s",
            &format!("{who} shared"),
        )
        .unwrap();
        c.vault.apply(kr, ch).unwrap();
    }
    c.vault.prepare_couple_space(&mut c.one).unwrap();
    c.vault.prepare_couple_space(&mut c.two).unwrap();
}

fn raw_count(v: &Vault) -> usize {
    v.store.raw().len()
}

#[test]
fn deleting_one_profile_keeps_the_other_whole_and_takes_the_shared_items() {
    let mut c = couple();
    seed(&mut c);
    let shared_by_two: Option<String> = c
        .vault
        .get(&c.one, Owner::SharedBy(Slot::TWO), "note", "s")
        .unwrap();
    assert_eq!(shared_by_two.as_deref(), Some("two shared"));
    let before = raw_count(&c.vault);
    let two = c
        .vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .unwrap();
    c.vault
        .delete_profile(&two, pass(P2), 0, &["note"], &["note"], &[])
        .unwrap();
    assert!(raw_count(&c.vault) < before);
    drop(c.vault);

    // The vault opens again from disk; partner 1 unlocks with their data intact.
    let vault = Vault::open(&c.dir).unwrap();
    assert_eq!(vault.profiles(0).unwrap().len(), 1);
    let one = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    let mine: Option<String> = vault.get(&one, Owner::Mine, "note", "a").unwrap();
    assert_eq!(mine.as_deref(), Some("one private"));
    let theirs: Option<String> = vault
        .get(&one, Owner::SharedBy(Slot::ONE), "note", "s")
        .unwrap();
    assert_eq!(theirs.as_deref(), Some("one shared"));
    // Partner 2's shared item is gone, and nothing reads as damaged.
    assert!(vault
        .list::<String>(&one, Owner::SharedBy(Slot::TWO), "note")
        .unwrap()
        .is_empty());
    assert!(!vault.couple_space_changed(&one));
    assert!(vault.unreadable().is_empty());
    // Partner 2 opens nothing any more.
    assert!(matches!(
        vault.unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0),
        Err(VaultError::NoProfile)
    ));
    // Partner 1 goes on writing, shared and private.
    vault
        .put(
            &one,
            Owner::SharedBy(Slot::ONE),
            "note",
            "t",
            &"later".to_owned(),
        )
        .unwrap();
    vault
        .put(&one, Owner::Mine, "note", "b", &"later".to_owned())
        .unwrap();
}

#[test]
fn a_new_partner_can_be_set_up_where_one_was_deleted() {
    let mut c = couple();
    seed(&mut c);
    let two = c
        .vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .unwrap();
    c.vault
        .delete_profile(&two, pass(P2), 0, &[], &["note"], &[])
        .unwrap();
    let mut one = c
        .vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    let (slot, _, theirs) = c
        .vault
        .add_partner(&one, 2, &pass("a third passphrase here"), KdfParams::FLOOR)
        .unwrap();
    assert_eq!(slot, Slot::TWO);
    c.vault
        .put(
            &theirs,
            Owner::SharedBy(Slot::TWO),
            "note",
            "n",
            &"hello".to_owned(),
        )
        .unwrap();
    c.vault.prepare_couple_space(&mut one).unwrap();
    let read: Option<String> = c
        .vault
        .get(&one, Owner::SharedBy(Slot::TWO), "note", "n")
        .unwrap();
    assert_eq!(read.as_deref(), Some("hello"));
    assert!(!c.vault.couple_space_changed(&one));
}

#[test]
fn a_wrong_passphrase_or_a_failure_midway_changes_nothing() {
    let mut c = couple();
    seed(&mut c);
    let two = c
        .vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .unwrap();
    let before = c.vault.store.raw();
    assert!(matches!(
        c.vault
            .delete_profile(&two, pass("not the passphrase"), 0, &[], &["note"], &[]),
        Err(VaultError::WrongPassphrase)
    ));
    super::delete::FAIL_DELETE.with(|f| f.set(true));
    let broken = c
        .vault
        .delete_profile(&two, pass(P2), 0, &["note"], &["note"], &[]);
    super::delete::FAIL_DELETE.with(|f| f.set(false));
    assert!(broken.is_err());
    assert_eq!(c.vault.store.raw(), before, "the records are as they were");
    drop(c.vault);
    let vault = Vault::open(&c.dir).unwrap();
    assert_eq!(vault.profiles(0).unwrap().len(), 2);
    let two = vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .unwrap();
    let mine: Option<String> = vault.get(&two, Owner::Mine, "note", "a").unwrap();
    assert_eq!(mine.as_deref(), Some("two private"));
    let one = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    let shared: Option<String> = vault
        .get(&one, Owner::SharedBy(Slot::TWO), "note", "s")
        .unwrap();
    assert_eq!(shared.as_deref(), Some("two shared"));
}

#[test]
fn the_only_profile_is_not_deleted_alone_but_the_vault_can_be_destroyed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (mut vault, one, _) = Vault::create(&dir, KdfParams::FLOOR, 3, &pass(P1)).unwrap();
    assert!(vault.is_only_profile(Slot::ONE));
    assert!(matches!(
        vault.delete_profile(&one, pass(P1), 0, &[], &[], &[]),
        Err(VaultError::NoProfile)
    ));
    vault.check_passphrase(Slot::ONE, pass(P1), 0).unwrap();
    vault.destroy().unwrap();
    assert!(!Vault::present(&dir));
    assert!(matches!(Vault::open(&dir), Err(VaultError::NoVault)));
}

#[test]
fn a_closed_couple_space_takes_nothing_new_but_lets_a_share_be_taken_back() {
    let mut c = couple();
    seed(&mut c);
    c.one.close_couple_space();
    let mut ch = Changes::new();
    ch.put(Owner::Mine, "note", "c", &"private".to_owned())
        .unwrap();
    ch.put(
        Owner::SharedBy(Slot::ONE),
        "note",
        "c",
        &"shared".to_owned(),
    )
    .unwrap();
    c.vault.apply(&c.one, ch).unwrap();
    let private: Option<String> = c.vault.get(&c.one, Owner::Mine, "note", "c").unwrap();
    assert_eq!(private.as_deref(), Some("private"));
    let shared: Option<String> = c
        .vault
        .get(&c.two, Owner::SharedBy(Slot::ONE), "note", "c")
        .unwrap();
    assert_eq!(shared, None, "nothing new crosses");
    c.vault
        .delete(&c.one, Owner::SharedBy(Slot::ONE), "note", "s")
        .unwrap();
    let taken: Option<String> = c
        .vault
        .get(&c.two, Owner::SharedBy(Slot::ONE), "note", "s")
        .unwrap();
    assert_eq!(taken, None, "taking back still works");
}

#[test]
fn a_closed_couple_space_lets_a_narrowing_put_through_and_nothing_with_a_plain_one() {
    let mut c = couple();
    seed(&mut c);
    c.one.close_couple_space();
    let read = |c: &super::tests::Couple| -> Option<String> {
        c.vault
            .get(&c.two, Owner::SharedBy(Slot::ONE), "note", "s")
            .unwrap()
    };
    let before = read(&c);
    assert!(before.is_some());
    // A plain put beside a narrowing one: the whole shared part is dropped.
    let mut ch = Changes::new();
    ch.put(Owner::SharedBy(Slot::ONE), "note", "x", &"new".to_owned())
        .unwrap();
    ch.put_narrowed(Owner::SharedBy(Slot::ONE), "note", "s", &"less".to_owned())
        .unwrap();
    c.vault.apply(&c.one, ch).unwrap();
    assert_eq!(read(&c), before);
    // A narrowing put alone goes through (the caller vouches it only takes away).
    let mut ch = Changes::new();
    ch.put_narrowed(Owner::SharedBy(Slot::ONE), "note", "s", &"less".to_owned())
        .unwrap();
    c.vault.apply(&c.one, ch).unwrap();
    assert_eq!(read(&c).as_deref(), Some("less"));
}

#[test]
fn a_record_kept_at_deletion_is_still_read_by_the_other_partner() {
    let mut c = couple();
    seed(&mut c);
    let two = c
        .vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .unwrap();
    c.vault
        .delete_profile(&two, pass(P2), 0, &["note"], &["note"], &[("note", "s")])
        .unwrap();
    let one = c
        .vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    let kept: Option<String> = c
        .vault
        .get(&one, Owner::SharedBy(Slot::TWO), "note", "s")
        .unwrap();
    assert_eq!(kept.as_deref(), Some("two shared"));
    assert!(!c.vault.couple_space_changed(&one));
    let private: Option<String> = c.vault.get(&two, Owner::Mine, "note", "a").unwrap();
    assert_eq!(private, None, "the private note went");
}
