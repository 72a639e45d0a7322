//! The couple space as per-author signed sequences (SECURITY.md 21 and 22).
//!
//! Every write a partner makes to their part of the couple space appends one entry to
//! their log: a counter, the hash of the entry before, and for each record it changes
//! the record's kind, id and the SHA-256 of its content (or "removed"), all signed with
//! the partner's Ed25519 key. A reader accepts a record only when the author's log,
//! verified from its first entry, ends with that record's hash; anything else is damage
//! and never shown. The content of a record taken back is deleted from the store; its
//! log entry keeps only the hash, so the chain still verifies.
//!
//! Each reader keeps, under their own root key, the public keys they pinned and the last
//! entry they accepted of each author. A log shorter than that (rollback), with a
//! missing entry (gap) or a different entry at that place (fork) is reported as changed
//! outside the app, and only what still verifies is shown. Rolling back the whole folder
//! cannot be seen this way: nothing outside the folder remembers it (docs/VAULT.md).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use ring::digest::{Context, SHA256};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::header::hex;
use super::keyring::{Keyring, Owner, Slot};
use super::VaultError;

/// One entry of an author's log, stored under the couple key with the entry's number as id.
pub const LOG_KIND: &str = "log";
/// Private: the partner's own signing key (PKCS#8), under their root key.
pub const IDENTITY_KIND: &str = "identity";
/// Private: pinned public keys and the last accepted entry of each author.
pub const TRUST_KIND: &str = "trust";
pub const SINGLE_ID: &str = "self";

const SIGN_LABEL: &[u8] = b"healing-arc/v2/couple-log";

pub type Hash = [u8; 32];

pub fn content_hash(json: &[u8]) -> Hash {
    let mut ctx = Context::new(&SHA256);
    ctx.update(b"healing-arc/v2/content");
    ctx.update(json);
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// A partner's signing key. Built from the stored PKCS#8 bytes, which are wiped on drop.
pub struct Identity {
    pkcs8: Zeroizing<Vec<u8>>,
    pair: Ed25519KeyPair,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Identity(<redacted>)")
    }
}

impl Identity {
    pub fn generate(rng: &SystemRandom) -> Result<Identity, VaultError> {
        let doc = Ed25519KeyPair::generate_pkcs8(rng).map_err(|_| VaultError::Crypto)?;
        Identity::from_pkcs8(doc.as_ref().to_vec())
    }

    pub fn from_pkcs8(bytes: Vec<u8>) -> Result<Identity, VaultError> {
        let pkcs8 = Zeroizing::new(bytes);
        let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).map_err(|_| VaultError::Integrity)?;
        Ok(Identity { pkcs8, pair })
    }

    pub fn public(&self) -> Vec<u8> {
        self.pair.public_key().as_ref().to_vec()
    }

    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.pair.sign(msg).as_ref().to_vec()
    }
}

/// The private record that holds the signing key.
#[derive(Serialize, Deserialize)]
pub struct StoredIdentity {
    #[serde(with = "hex")]
    pub pkcs8: Vec<u8>,
}

impl Drop for StoredIdentity {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.pkcs8);
    }
}

impl StoredIdentity {
    pub fn of(identity: &Identity) -> StoredIdentity {
        StoredIdentity {
            pkcs8: identity.pkcs8.to_vec(),
        }
    }
}

/// How far a reader accepted one author's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub seq: u64,
    #[serde(with = "hash_hex")]
    pub hash: Hash,
}

/// A reader's private trust: pinned keys and accepted marks, by author slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trust {
    #[serde(default)]
    pub pins: BTreeMap<u8, String>,
    #[serde(default)]
    pub marks: BTreeMap<u8, Mark>,
}

impl Trust {
    fn pin(&self, author: Slot) -> Option<Vec<u8>> {
        self.pins.get(&author.number()).and_then(|h| hex::decode(h))
    }
}

/// One change to a record, as the log records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub kind: String,
    pub id: String,
    /// The content's hash; none when the record was removed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "opt_hash_hex"
    )]
    pub put: Option<Hash>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub seq: u64,
    #[serde(with = "hash_hex")]
    pub prev: Hash,
    /// The author's public key, in the first entry (how a reader pins it when the
    /// profile was made before this format: trust on first use).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub key: Option<Vec<u8>>,
    pub ops: Vec<Op>,
    #[serde(with = "hex")]
    pub sig: Vec<u8>,
}

impl Entry {
    fn signed_bytes(&self, vault_id: &[u8], author: Slot) -> Vec<u8> {
        let mut m = Vec::with_capacity(128 + self.ops.len() * 64);
        m.extend_from_slice(SIGN_LABEL);
        m.extend_from_slice(vault_id);
        m.push(author.number());
        m.extend_from_slice(&self.seq.to_be_bytes());
        m.extend_from_slice(&self.prev);
        let key = self.key.as_deref().unwrap_or(&[]);
        m.push(key.len() as u8);
        m.extend_from_slice(key);
        m.extend_from_slice(&(self.ops.len() as u32).to_be_bytes());
        for op in &self.ops {
            for part in [op.kind.as_bytes(), op.id.as_bytes()] {
                m.extend_from_slice(&(part.len() as u32).to_be_bytes());
                m.extend_from_slice(part);
            }
            match &op.put {
                Some(h) => {
                    m.push(1);
                    m.extend_from_slice(h);
                }
                None => m.push(0),
            }
        }
        m
    }

    /// What the next entry names as `prev`: covers the signature too.
    pub fn hash(&self, vault_id: &[u8], author: Slot) -> Hash {
        let mut ctx = Context::new(&SHA256);
        ctx.update(&self.signed_bytes(vault_id, author));
        ctx.update(&self.sig);
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.finish().as_ref());
        out
    }

    pub fn id(seq: u64) -> String {
        format!("{seq:016}")
    }
}

/// What a reader accepted of one author's log.
#[derive(Debug, Clone, Default)]
pub struct AuthorState {
    /// No log yet: a profile from before signed sequences, shown as it is until its
    /// author unlocks once with this version.
    pub legacy: bool,
    /// The log did not verify to its end, or ended before what this reader accepted.
    pub changed_outside: bool,
    pub next_seq: u64,
    pub head: Hash,
    /// The public key the log verified against (to pin on first use).
    pub key: Option<Vec<u8>>,
    /// Live records: (kind, id) → content hash.
    pub live: HashMap<(String, String), Hash>,
}

impl AuthorState {
    pub fn accepts(&self, kind: &str, id: &str, hash: &Hash) -> bool {
        self.legacy
            || self
                .live
                .get(&(kind.to_owned(), id.to_owned()))
                .is_some_and(|h| h == hash)
    }

    pub fn mark(&self) -> Option<Mark> {
        (self.next_seq > 0).then(|| Mark {
            seq: self.next_seq - 1,
            hash: self.head,
        })
    }

    pub fn apply(&mut self, entry: &Entry, hash: Hash) {
        for op in &entry.ops {
            let key = (op.kind.clone(), op.id.clone());
            match op.put {
                Some(h) => {
                    self.live.insert(key, h);
                }
                None => {
                    self.live.remove(&key);
                }
            }
        }
        self.next_seq = entry.seq + 1;
        self.head = hash;
    }
}

/// Verifies an author's entries (in any order) against the reader's trust. Signatures
/// are checked for every entry past the reader's mark; the entries up to it are held by
/// the hash chain ending at the mark's hash.
pub fn verify(entries: Vec<Entry>, vault_id: &[u8], author: Slot, trust: &Trust) -> AuthorState {
    let mark = trust.marks.get(&author.number()).copied();
    let mut state = AuthorState::default();
    if entries.is_empty() {
        // A reader who accepted entries before must see them: their absence is damage.
        // With a pinned key and nothing accepted yet, the author has not shared anything.
        // With neither, the profile is from before signed sequences.
        state.changed_outside = mark.is_some();
        state.legacy = mark.is_none() && trust.pin(author).is_none();
        return state;
    }
    let mut by_seq: BTreeMap<u64, Entry> = BTreeMap::new();
    for e in entries {
        by_seq.insert(e.seq, e);
    }
    let key = trust
        .pin(author)
        .or_else(|| by_seq.get(&0).and_then(|e| e.key.clone()));
    let Some(key) = key else {
        state.changed_outside = true;
        return state;
    };
    let public = UnparsedPublicKey::new(&ED25519, key.clone());
    state.key = Some(key);
    let mut prev = [0u8; 32];
    for (expected, (seq, entry)) in (0u64..).zip(&by_seq) {
        let signed_ok = || {
            public
                .verify(&entry.signed_bytes(vault_id, author), &entry.sig)
                .is_ok()
        };
        let past_mark = mark.is_none_or(|m| *seq > m.seq);
        if *seq != expected || entry.prev != prev || (past_mark && !signed_ok()) {
            state.changed_outside = true;
            break;
        }
        let hash = entry.hash(vault_id, author);
        if let Some(m) = mark.filter(|m| m.seq == *seq) {
            if m.hash != hash {
                // A different entry where one was accepted: a fork.
                state = AuthorState {
                    changed_outside: true,
                    key: state.key,
                    ..AuthorState::default()
                };
                break;
            }
        }
        state.apply(entry, hash);
        prev = hash;
    }
    if mark.is_some_and(|m| state.next_seq <= m.seq) {
        // Shorter than what was accepted: a rollback, or entries taken out.
        state.changed_outside = true;
    }
    state
}

/// The next entry of `author`'s log after `state`, signed.
pub fn next_entry(
    state: &AuthorState,
    identity: &Identity,
    vault_id: &[u8],
    author: Slot,
    ops: Vec<Op>,
) -> Entry {
    let mut entry = Entry {
        seq: state.next_seq,
        prev: state.head,
        key: (state.next_seq == 0).then(|| identity.public()),
        ops,
        sig: Vec::new(),
    };
    entry.sig = identity.sign(&entry.signed_bytes(vault_id, author));
    entry
}

/// Which author's log a couple-space owner is, and whether the keyring may write it.
pub fn author_of(owner: Owner) -> Option<Slot> {
    match owner {
        Owner::Mine => None,
        Owner::SharedBy(s) => Some(s),
    }
}

pub fn may_write(keyring: &Keyring, owner: Owner) -> bool {
    author_of(owner).is_none_or(|s| s == keyring.slot())
}

mod hash_hex {
    use super::{hex, Hash};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(h: &Hash, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(h))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
        let s = String::deserialize(d)?;
        hex::decode(&s)
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| serde::de::Error::custom("not a 32-byte hash"))
    }
}

mod opt_hash_hex {
    use super::{hex, Hash};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(h: &Option<Hash>, s: S) -> Result<S::Ok, S::Error> {
        match h {
            Some(h) => s.serialize_str(&hex::encode(h)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Hash>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        s.map(|s| {
            hex::decode(&s)
                .and_then(|v| v.try_into().ok())
                .ok_or_else(|| serde::de::Error::custom("not a 32-byte hash"))
        })
        .transpose()
    }
}

mod opt_hex {
    use super::hex;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&hex::encode(v)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        s.map(|s| hex::decode(&s).ok_or_else(|| serde::de::Error::custom("not hex")))
            .transpose()
    }
}
