//! The bundle file (docs/SYNC.md): one author's new log entries and the records they
//! name, signed by the author, padded and sealed under a key derived from the couple
//! key. Nothing in it is readable without the couple key, and nothing in it is used
//! before the author's signature verified against the key pinned at pairing.

use super::super::chain::{Entry, StoreKey, Trust};
use super::super::keyring::{Keyring, Slot};
use super::super::keys::{subkey, STORE_KEY_LEN};
use super::super::records::{decode, encode};
use super::super::seal::Sealer;
use super::super::VaultError;

/// No bundle file is read past this size.
pub const MAX_BUNDLE_BYTES: u64 = 32 * 1024 * 1024;
const FORMAT: u8 = 1;
const SEAL_AD: &[u8] = b"healing-arc/v1/sync-bundle";
const SIGN_LABEL: &[u8] = b"healing-arc/v1/sync-bundle-sig";
const SIG_LEN: usize = 64;

/// A record as the author's store holds it: its kind (for the associated data), store
/// key and sealed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rec {
    pub kind: String,
    pub key: StoreKey,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub author: Slot,
    /// How much of the reader's own log the author had applied (its next number).
    pub ack: u64,
    pub entries: Vec<Entry>,
    pub records: Vec<Rec>,
}

impl Body {
    /// `format ‖ author ‖ ack ‖ n ‖ n × (len ‖ entry) ‖ m ‖ m × (kind len ‖ kind ‖ key ‖ len ‖ sealed)`
    pub fn encode(&self) -> Vec<u8> {
        let mut m = vec![FORMAT, self.author.number()];
        m.extend_from_slice(&self.ack.to_be_bytes());
        m.extend_from_slice(&(self.entries.len() as u32).to_be_bytes());
        for e in &self.entries {
            let bytes = e.encode();
            m.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
            m.extend_from_slice(&bytes);
        }
        m.extend_from_slice(&(self.records.len() as u32).to_be_bytes());
        for r in &self.records {
            m.push(r.kind.len() as u8);
            m.extend_from_slice(r.kind.as_bytes());
            m.extend_from_slice(&r.key);
            m.extend_from_slice(&(r.sealed.len() as u32).to_be_bytes());
            m.extend_from_slice(&r.sealed);
        }
        m
    }

    pub fn decode(bytes: &[u8]) -> Option<Body> {
        let mut r = Reader(bytes);
        if r.take(1)?[0] != FORMAT {
            return None;
        }
        let author = Slot::from_number(r.take(1)?[0])?;
        let ack = u64::from_be_bytes(r.take(8)?.try_into().ok()?);
        let n = r.u32()?;
        let mut entries = Vec::new();
        for _ in 0..n {
            let len = r.u32()? as usize;
            entries.push(Entry::decode(r.take(len)?)?);
        }
        let n = r.u32()?;
        let mut records = Vec::new();
        for _ in 0..n {
            let len = r.take(1)?[0] as usize;
            let kind = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
            let key: StoreKey = r.take(STORE_KEY_LEN)?.try_into().ok()?;
            let len = r.u32()? as usize;
            records.push(Rec {
                kind,
                key,
                sealed: r.take(len)?.to_vec(),
            });
        }
        r.0.is_empty().then_some(Body {
            author,
            ack,
            entries,
            records,
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
}

fn seal_ad(vault_id: &[u8]) -> Vec<u8> {
    [SEAL_AD, vault_id].concat()
}

fn signed_bytes(vault_id: &[u8], body: &[u8]) -> Vec<u8> {
    [SIGN_LABEL, vault_id, body].concat()
}

fn sealer(keyring: &Keyring) -> Sealer {
    Sealer::new(&subkey(keyring.couple.link(), b"sync-bundle"))
}

/// The file's bytes for `body`, signed by the unlocked partner.
pub fn seal(
    keyring: &Keyring,
    rng: &ring::rand::SystemRandom,
    body: &Body,
) -> Result<Vec<u8>, VaultError> {
    let identity = keyring.identity.as_ref().ok_or(VaultError::NotYours)?;
    let mut plain = body.encode();
    let sig = identity.sign(&signed_bytes(&keyring.vault_id, &plain));
    plain.extend_from_slice(&sig);
    sealer(keyring).seal(rng, &seal_ad(&keyring.vault_id), &encode(plain))
}

/// Why a file in the folder was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Does not open under the couple key: half-written, truncated, changed, or from
    /// a device that was never paired.
    Unreadable,
    /// Opens, but is not signed by the key pinned for the author it names.
    Forged,
}

/// Opens a bundle and checks its author's signature against the reader's pins.
pub fn open(keyring: &Keyring, trust: &Trust, bytes: &[u8]) -> Result<Body, Refused> {
    let padded = sealer(keyring)
        .open(&seal_ad(&keyring.vault_id), bytes)
        .map_err(|_| Refused::Unreadable)?;
    let plain = decode(&padded).map_err(|_| Refused::Unreadable)?;
    let (body, sig) = plain
        .split_at_checked(plain.len().checked_sub(SIG_LEN).ok_or(Refused::Forged)?)
        .ok_or(Refused::Forged)?;
    // The author byte is read before the signature only to know whose key to check.
    let author = body
        .get(1)
        .and_then(|b| Slot::from_number(*b))
        .ok_or(Refused::Forged)?;
    let key = trust.pin(author).ok_or(Refused::Forged)?;
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, key)
        .verify(&signed_bytes(&keyring.vault_id, body), sig)
        .map_err(|_| Refused::Forged)?;
    Body::decode(body).ok_or(Refused::Forged)
}
