//! The bundle's own checks, below what the folder tests can reach.

use super::super::chain::{Entry, Identity, Trust};
use super::super::header::hex;
use super::super::keyring::{Keyring, Owner, Slot};
use super::super::records::encode;
use super::super::{KdfParams, Passphrase, Vault};
use super::apply::Outcome;
use super::bundle::{self, Body, Refused};
use super::Joining;

fn body() -> Body {
    Body {
        author: Slot::TWO,
        ack: 3,
        entries: Vec::<Entry>::new(),
        records: Vec::new(),
    }
}

#[test]
fn a_bundle_signed_by_a_key_never_paired_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let pass = Passphrase::new("maple leaves in autumn".to_owned());
    let (vault, mut keyring, _) =
        Vault::create(&tmp.path().join("v"), KdfParams::FLOOR, 0, &pass).unwrap();
    let partner = Identity::generate(&vault.rng).unwrap();
    let intruder = Identity::generate(&vault.rng).unwrap();
    let mut trust = Trust::default();
    trust.pins.insert(2, hex::encode(&partner.public()));
    // Under the right couple key, but signed by a key that was never pinned.
    keyring.identity = Some(intruder);
    let sealed = bundle::seal(&keyring, &vault.rng, &body()).unwrap();
    assert_eq!(
        bundle::open(&keyring, &trust, &sealed),
        Err(Refused::Forged)
    );
    // No pin for the author it names at all.
    assert_eq!(
        bundle::open(&keyring, &Trust::default(), &sealed),
        Err(Refused::Forged)
    );
    keyring.identity = Some(partner);
    let sealed = bundle::seal(&keyring, &vault.rng, &body()).unwrap();
    assert_eq!(bundle::open(&keyring, &trust, &sealed), Ok(body()));
}

#[test]
fn a_bundle_body_round_trips_and_rejects_trailing_bytes() {
    let b = body();
    assert_eq!(Body::decode(&b.encode()), Some(b.clone()));
    let mut longer = b.encode();
    longer.push(0);
    assert_eq!(Body::decode(&longer), None);
    assert_eq!(Body::decode(&b.encode()[..5]), None);
}

/// Two halves paired through a folder in `tmp`.
fn paired(tmp: &std::path::Path) -> (Vault, Keyring, Vault, Keyring) {
    let folder = tmp.join("shared");
    std::fs::create_dir(&folder).unwrap();
    let pass = Passphrase::new("maple leaves in autumn".to_owned());
    let (a, ka, _) = Vault::create(&tmp.join("a"), KdfParams::FLOOR, 0, &pass).unwrap();
    let code = a.pair_start(&ka, &folder, 0).unwrap();
    let joining = Joining::start(&folder, &code, 0).unwrap();
    a.pair_answer(&ka, 0).unwrap().unwrap();
    a.confirm_pairing(&ka).unwrap();
    let Ok(joined) = joining.receive(0).unwrap() else {
        panic!("no welcome")
    };
    let (b, kb, _) =
        Vault::create_joined(&tmp.join("b"), KdfParams::FLOOR, 1, &pass, joined).unwrap();
    (a, ka, b, kb)
}

#[test]
fn a_record_that_does_not_match_its_signed_entry_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, ka, b, kb) = paired(tmp.path());
    let owner = Owner::SharedBy(Slot::TWO);
    b.put(&kb, owner, "note", "n1", &"as signed".to_owned())
        .unwrap();
    let mut body = b.export_body(&kb, 0, &["note"]).unwrap().unwrap();
    // The same place, other content: it opens, but its hash is not the signed one.
    let json = br#"{"id":"n1","v":"not as signed"}"#.to_vec();
    let (_, sealed) = b.seal_at(&kb, owner, "note", "n1", &encode(json)).unwrap();
    body.records[0].sealed = sealed;
    assert_eq!(a.apply_body(&ka, &body).unwrap(), Outcome::Forged);
    assert!(a.list::<String>(&ka, owner, "note").unwrap().is_empty());
    // The bundle as written applies.
    let body = b.export_body(&kb, 0, &["note"]).unwrap().unwrap();
    assert_eq!(a.apply_body(&ka, &body).unwrap(), Outcome::Applied);
    assert_eq!(a.list::<String>(&ka, owner, "note").unwrap().len(), 1);
}

#[test]
fn after_a_disconnect_the_partner_on_the_other_device_keeps_their_pin_and_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut a, mut ka, b, kb) = paired(tmp.path());
    b.put(
        &kb,
        Owner::SharedBy(Slot::TWO),
        "note",
        "n1",
        &"from b".to_owned(),
    )
    .unwrap();
    b.sync_folder(&kb, &["note"], 0).unwrap();
    assert_eq!(a.sync_folder(&ka, &["note"], 0).unwrap().applied, 1);
    let before = a.trust(&ka);
    assert!(before.pins.contains_key(&2) && before.marks.contains_key(&2));

    a.disconnect(&mut ka).unwrap();
    // What the next unlock runs: B is absent from this header, yet no deleted profile.
    a.forget_deleted_partner(&ka).unwrap();
    let after = a.trust(&ka);
    assert_eq!(after.pins.get(&2), before.pins.get(&2));
    assert_eq!(after.marks.get(&2), before.marks.get(&2));
    let notes = a
        .list::<String>(&ka, Owner::SharedBy(Slot::TWO), "note")
        .unwrap();
    assert_eq!(notes.len(), 1);
}

#[test]
fn after_a_disconnect_nothing_this_side_writes_opens_with_the_key_the_partner_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut a, mut ka, b, kb) = paired(tmp.path());
    let mine = Owner::SharedBy(Slot::ONE);
    let theirs = Owner::SharedBy(Slot::TWO);
    a.put(&ka, mine, "note", "old", &"shared before".to_owned())
        .unwrap();
    b.put(&kb, theirs, "note", "n1", &"from b".to_owned())
        .unwrap();
    b.sync_folder(&kb, &["note"], 0).unwrap();
    a.sync_folder(&ka, &["note"], 0).unwrap();
    // What the partner's device holds: the couple key both got at pairing.
    let held_there = Keyring::new(
        Slot::ONE,
        ka.vault_id,
        ka.root.clone(),
        super::super::couple_key::CoupleKey::new(ka.couple.link().clone()),
    );

    a.disconnect(&mut ka).unwrap();
    assert!(ka.couple_seal_replaced());
    a.put(&ka, mine, "note", "new", &"written after".to_owned())
        .unwrap();
    // This side reads all three: two under the key before, one under the new one.
    let read = |a: &Vault, k: &Keyring, owner| a.list::<String>(k, owner, "note").unwrap();
    assert_eq!(read(&a, &ka, mine).len(), 2);
    let from_b: Vec<String> = read(&a, &ka, theirs).into_iter().map(|(_, v)| v).collect();
    assert_eq!(from_b, vec!["from b".to_owned()]);
    // The key the partner holds opens what was shared before, never what came after.
    assert!(a.get::<String>(&held_there, mine, "note", "old").is_ok());
    assert!(a.get::<String>(&held_there, mine, "note", "new").is_err());
    // Nor the log entry that names the new record.
    let entries = |k: &Keyring| a.log_entries(k, Slot::ONE).unwrap().len();
    assert_eq!(entries(&held_there) + 1, entries(&ka));

    // The new key is in the header: it survives a lock and an unlock, and a second
    // disconnect step changes nothing.
    let pass = Passphrase::new("maple leaves in autumn".to_owned());
    drop(ka);
    let path = a.dir().to_owned();
    drop(a);
    let mut a = Vault::open(&path).unwrap();
    let mut ka = a
        .unlock(Slot::ONE, &super::super::Secret::Passphrase(pass), 0)
        .unwrap();
    assert!(ka.couple_seal_replaced());
    a.finish_disconnect(&mut ka).unwrap();
    assert_eq!(read(&a, &ka, mine).len(), 2);
    assert_eq!(read(&a, &ka, theirs).len(), 1);
    assert!(!a.couple_space_changed(&ka));
}
