//! The couple space as per-author signed sequences (SECURITY.md 21 and 22).
//!
//! Every write a partner makes to their part of the couple space appends one entry to
//! their log: a counter, the hash of the entry before, and for each record it changes
//! the record's 24-byte store key and the SHA-256 of its content (or "removed"), all
//! signed with the partner's Ed25519 key. A reader accepts a record only when the
//! author's log, verified from its start, ends with that record's hash; anything else
//! is damage and never shown. The content of a record taken back is deleted from the
//! store; its log entry keeps only the hash, so the chain still verifies.
//!
//! When past months are folded the author writes a checkpoint instead of an entry: a
//! signed list of every live record, after which the entries before it are dropped.
//! A log starts at entry 0 or at its latest checkpoint that verifies.
//!
//! Each reader keeps, under their own root key, the public keys they pinned and the last
//! entry they accepted of each author. A log shorter than that (rollback), with a
//! missing entry (gap) or a different entry at that place (fork) is reported as changed
//! outside the app, and only what still verifies is shown. Across a checkpoint the
//! entries between the mark and it are gone, so only its number is checked there (and,
//! right after the mark, that it links to the accepted entry). Rolling back the whole
//! folder cannot be seen this way: nothing outside the folder remembers it
//! (docs/VAULT.md).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use ring::digest::{Context, SHA256};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::header::hex;
use super::keyring::{Keyring, Owner, Slot};
use super::keys::STORE_KEY_LEN;
use super::VaultError;

/// One entry of an author's log, stored under the couple key with the entry's number as id.
pub const LOG_KIND: &str = "log";
/// Private: the partner's own signing key (PKCS#8), under their root key.
pub const IDENTITY_KIND: &str = "identity";
/// Private: pinned public keys and the last accepted entry of each author.
pub const TRUST_KIND: &str = "trust";
pub const SINGLE_ID: &str = "self";

const SIGN_LABEL: &[u8] = b"healing-arc/v2/couple-log-bin";
/// The first byte of a stored log entry: its binary layout (see `Entry::encode`).
const ENTRY_FORMAT: u8 = 0x10;
const TAG_ENTRY: u8 = 0;
const TAG_CHECKPOINT: u8 = 1;
const PUBLIC_LEN: usize = 32;
const SIG_LEN: usize = 64;
/// Store key, a put flag and a hash: every op has this size, put or removed.
const OP_LEN: usize = STORE_KEY_LEN + 1 + 32;
const HEAD_LEN: usize = 1 + 1 + 8 + 32 + PUBLIC_LEN + 4;

pub type Hash = [u8; 32];
pub type StoreKey = [u8; STORE_KEY_LEN];

pub fn content_hash(json: &[u8]) -> Hash {
    let mut ctx = Context::new(&SHA256);
    ctx.update(b"healing-arc/v2/content");
    ctx.update(json);
    finish(ctx)
}

fn finish(ctx: Context) -> Hash {
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

    pub(super) fn sign(&self, msg: &[u8]) -> Vec<u8> {
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

impl Mark {
    /// The later of two marks of one author (by number; `a` on a tie).
    pub fn later(a: Option<Mark>, b: Option<Mark>) -> Option<Mark> {
        match (a, b) {
            (Some(a), Some(b)) if b.seq > a.seq => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }
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
    pub(super) fn pin(&self, author: Slot) -> Option<Vec<u8>> {
        self.pins.get(&author.number()).and_then(|h| hex::decode(h))
    }
}

/// One change to a record, as the log records it: the record's store key and its
/// content's hash, or none when it was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    pub key: StoreKey,
    pub put: Option<Hash>,
}

/// A log entry, or a checkpoint (every live record as a put, entries before it dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub checkpoint: bool,
    pub seq: u64,
    pub prev: Hash,
    /// The author's public key, in every entry (how a reader pins it on first sight
    /// when the profile was made before this format: trust on first use).
    pub key: [u8; PUBLIC_LEN],
    pub ops: Vec<Op>,
    pub sig: Vec<u8>,
}

impl Entry {
    /// `format ‖ tag ‖ seq ‖ prev ‖ key ‖ n ‖ n × (store key ‖ put? ‖ hash)`, then the
    /// signature. Every field has a fixed size, so an entry's size says only how many
    /// records it names (a removal is as long as a put).
    fn unsigned(&self) -> Vec<u8> {
        let mut m = Vec::with_capacity(HEAD_LEN + self.ops.len() * OP_LEN + SIG_LEN);
        m.push(ENTRY_FORMAT);
        m.push(if self.checkpoint {
            TAG_CHECKPOINT
        } else {
            TAG_ENTRY
        });
        m.extend_from_slice(&self.seq.to_be_bytes());
        m.extend_from_slice(&self.prev);
        m.extend_from_slice(&self.key);
        m.extend_from_slice(&(self.ops.len() as u32).to_be_bytes());
        for op in &self.ops {
            m.extend_from_slice(&op.key);
            m.push(u8::from(op.put.is_some()));
            m.extend_from_slice(&op.put.unwrap_or([0; 32]));
        }
        m
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut m = self.unsigned();
        m.extend_from_slice(&self.sig);
        m
    }

    pub fn decode(bytes: &[u8]) -> Option<Entry> {
        let (head, rest) = bytes.split_at_checked(HEAD_LEN)?;
        if head[0] != ENTRY_FORMAT {
            return None;
        }
        let checkpoint = match head[1] {
            TAG_ENTRY => false,
            TAG_CHECKPOINT => true,
            _ => return None,
        };
        let seq = u64::from_be_bytes(head[2..10].try_into().ok()?);
        let prev: Hash = head[10..42].try_into().ok()?;
        let key: [u8; PUBLIC_LEN] = head[42..74].try_into().ok()?;
        let n = u32::from_be_bytes(head[74..78].try_into().ok()?) as usize;
        let (ops, sig) = rest.split_at_checked(n.checked_mul(OP_LEN)?)?;
        if sig.len() != SIG_LEN {
            return None;
        }
        let ops = ops
            .chunks_exact(OP_LEN)
            .map(|c| {
                let key: StoreKey = c[..STORE_KEY_LEN].try_into().ok()?;
                let hash: Hash = c[STORE_KEY_LEN + 1..].try_into().ok()?;
                let put = match c[STORE_KEY_LEN] {
                    0 if hash == [0; 32] => None,
                    1 => Some(hash),
                    _ => return None,
                };
                Some(Op { key, put })
            })
            .collect::<Option<Vec<Op>>>()?;
        Some(Entry {
            checkpoint,
            seq,
            prev,
            key,
            ops,
            sig: sig.to_vec(),
        })
    }

    fn signed_bytes(&self, vault_id: &[u8], author: Slot) -> Vec<u8> {
        let body = self.unsigned();
        let mut m = Vec::with_capacity(SIGN_LABEL.len() + vault_id.len() + 1 + body.len());
        m.extend_from_slice(SIGN_LABEL);
        m.extend_from_slice(vault_id);
        m.push(author.number());
        m.extend_from_slice(&body);
        m
    }

    /// What the next entry names as `prev`: covers the signature too.
    pub fn hash(&self, vault_id: &[u8], author: Slot) -> Hash {
        let mut ctx = Context::new(&SHA256);
        ctx.update(&self.signed_bytes(vault_id, author));
        ctx.update(&self.sig);
        finish(ctx)
    }

    pub(super) fn signed_by(&self, key: &[u8], vault_id: &[u8], author: Slot) -> bool {
        UnparsedPublicKey::new(&ED25519, key)
            .verify(&self.signed_bytes(vault_id, author), &self.sig)
            .is_ok()
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
    /// Live records: store key → content hash.
    pub live: HashMap<StoreKey, Hash>,
}

impl AuthorState {
    pub fn accepts(&self, key: &[u8], hash: &Hash) -> bool {
        self.legacy
            || <&StoreKey>::try_from(key)
                .ok()
                .and_then(|k| self.live.get(k))
                .is_some_and(|h| h == hash)
    }

    pub fn mark(&self) -> Option<Mark> {
        (self.next_seq > 0).then(|| Mark {
            seq: self.next_seq - 1,
            hash: self.head,
        })
    }

    pub fn apply(&mut self, entry: &Entry, hash: Hash) {
        if entry.checkpoint {
            self.live.clear();
        }
        for op in &entry.ops {
            match op.put {
                Some(h) => {
                    self.live.insert(op.key, h);
                }
                None => {
                    self.live.remove(&op.key);
                }
            }
        }
        self.next_seq = entry.seq + 1;
        self.head = hash;
    }

    /// The live records after `ops`, as the ops of a checkpoint (in key order).
    pub fn checkpoint_ops(&self, ops: &[Op]) -> Vec<Op> {
        let mut live = self.live.clone();
        for op in ops {
            match op.put {
                Some(h) => live.insert(op.key, h),
                None => live.remove(&op.key),
            };
        }
        let mut out: Vec<Op> = live
            .into_iter()
            .map(|(key, h)| Op { key, put: Some(h) })
            .collect();
        out.sort_unstable_by_key(|op| op.key);
        out
    }
}

/// Whether a checkpoint lists each record once, all as puts.
pub(super) fn well_formed_checkpoint(entry: &Entry) -> bool {
    entry.ops.iter().all(|op| op.put.is_some()) && entry.ops.windows(2).all(|w| w[0].key < w[1].key)
}

/// Verifies an author's entries (in any order) against the reader's trust. The log
/// starts at its latest checkpoint whose signature holds, else at entry 0. Signatures
/// are checked for every entry past the reader's mark; the entries up to it are held
/// by the hash chain ending at the mark's hash.
pub fn verify(entries: Vec<Entry>, vault_id: &[u8], author: Slot, trust: &Trust) -> AuthorState {
    let mark = trust.marks.get(&author.number()).copied();
    let pin = trust.pin(author);
    let mut state = AuthorState::default();
    if entries.is_empty() {
        // A reader who accepted entries before must see them: their absence is damage.
        // With a pinned key and nothing accepted yet, the author has not shared anything.
        // With neither, the profile is from before signed sequences.
        state.changed_outside = mark.is_some();
        state.legacy = mark.is_none() && pin.is_none();
        return state;
    }
    let mut by_seq: BTreeMap<u64, Entry> = BTreeMap::new();
    for e in entries {
        by_seq.insert(e.seq, e);
    }
    let key_of = |e: &Entry| pin.clone().unwrap_or_else(|| e.key.to_vec());
    let start = by_seq
        .values()
        .rev()
        .filter(|e| e.checkpoint && well_formed_checkpoint(e))
        .find(|e| e.signed_by(&key_of(e), vault_id, author))
        .or_else(|| by_seq.get(&0).filter(|e| !e.checkpoint));
    let Some(start) = start else {
        // Entries, but neither a first one nor a checkpoint that verifies.
        state.changed_outside = true;
        state.key = pin;
        return state;
    };
    let key = key_of(start);
    state.key = Some(key.clone());
    if mark.is_some_and(|m| m.seq + 1 == start.seq && start.prev != m.hash) {
        // The entries between the mark and a checkpoint are gone: only its number
        // tells it is newer. Right after the mark it must link to the accepted entry;
        // one that does not is a fork.
        state.changed_outside = true;
        return state;
    }
    let walked = walk(&by_seq, start.seq, &key, vault_id, author, mark, false);
    if mark.is_some_and(|m| walked.next_seq <= m.seq) {
        // Shorter than what was accepted: a rollback, or entries taken out. Nothing
        // here is held by the chain to the mark, so each signature is checked.
        let mut state = walk(&by_seq, start.seq, &key, vault_id, author, None, true);
        state.changed_outside = true;
        return state;
    }
    walked
}

/// Applies the entries from `start` on while they chain and verify.
fn walk(
    by_seq: &BTreeMap<u64, Entry>,
    start: u64,
    key: &[u8],
    vault_id: &[u8],
    author: Slot,
    mark: Option<Mark>,
    check_all: bool,
) -> AuthorState {
    let mut state = AuthorState {
        key: Some(key.to_vec()),
        ..AuthorState::default()
    };
    let mut prev = by_seq.get(&start).map_or([0; 32], |e| e.prev);
    for (expected, (seq, entry)) in (start..).zip(by_seq.range(start..)) {
        let past_mark = check_all || mark.is_none_or(|m| *seq > m.seq);
        let bad = *seq != expected
            || entry.prev != prev
            || (past_mark && !entry.signed_by(key, vault_id, author))
            || (entry.checkpoint && !well_formed_checkpoint(entry));
        if bad {
            state.changed_outside = true;
            break;
        }
        let hash = entry.hash(vault_id, author);
        if mark.is_some_and(|m| m.seq == *seq && m.hash != hash) {
            // A different entry where one was accepted: a fork.
            return AuthorState {
                changed_outside: true,
                key: state.key,
                ..AuthorState::default()
            };
        }
        state.apply(entry, hash);
        prev = hash;
    }
    state
}

/// The next entry of `author`'s log after `state`, signed: a checkpoint of the live
/// records after `ops` when `checkpoint`, else an entry of `ops`.
pub fn next_entry(
    state: &AuthorState,
    identity: &Identity,
    vault_id: &[u8],
    author: Slot,
    ops: Vec<Op>,
    checkpoint: bool,
) -> Entry {
    let mut key = [0u8; PUBLIC_LEN];
    key.copy_from_slice(identity.pair.public_key().as_ref());
    let mut entry = Entry {
        checkpoint,
        seq: state.next_seq,
        prev: state.head,
        key,
        ops: if checkpoint {
            state.checkpoint_ops(&ops)
        } else {
            ops
        },
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
