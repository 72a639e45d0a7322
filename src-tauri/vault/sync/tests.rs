//! The bundle's own checks, below what the folder tests can reach.

use super::super::chain::{Entry, Identity, Trust};
use super::super::header::hex;
use super::super::keyring::Slot;
use super::super::{KdfParams, Passphrase, Vault};
use super::bundle::{self, Body, Refused};

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
