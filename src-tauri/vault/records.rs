//! Typed records of an owner. A record is a serde value sealed with its id; its store
//! key is an HMAC of (owner, kind, id), and its associated data binds the format
//! version, vault id, owner, kind and that key, so a record moved to another key,
//! owner or vault does not open.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::chain::{author_of, content_hash, may_write, Hash, Op, StoreKey, LOG_KIND};
use super::keyring::{Keyring, Owner};
use super::keys::{Namer, STORE_KEY_LEN};
use super::own_digest::counted;
use super::seal::{Sealer, SEAL_VERSION};
use super::storage::Write;
use super::{Vault, VaultError};

const RECORD_AD: &[u8] = b"healing-arc/v1/record";
const KIND_MAX: usize = 32;

/// The plaintext's first byte says how the JSON inside is stored. 0.1.0 wrote RAW and
/// DEFLATE, unpadded; they are still read. New records are padded (SECURITY.md 26):
/// `codec ‖ u32 length ‖ data ‖ zeros`, the whole a Padmé size of at least `PAD_MIN`.
const RAW: u8 = 0;
const DEFLATE: u8 = 1;
const PADDED_RAW: u8 = 2;
const PADDED_DEFLATE: u8 = 3;
/// Records from this size on are deflated before sealing: a month of check-ins is
/// mostly repeated field names. (Only the record's owner ever writes into it, so no one
/// can mix chosen text with it to learn anything from the length.)
const COMPRESS_FROM: usize = 1024;
/// No record inflates past this, whatever its bytes say.
const MAX_PLAIN: usize = 64 * 1024 * 1024;
/// The smallest padded plaintext: a short note and an empty one look the same.
const PAD_MIN: usize = 256;

/// Padmé (Nikitin et al., 2019): rounds `len` up so that at most O(log log len) bits
/// of it show, and the overhead stays under 12%.
pub(super) fn padme(len: usize) -> usize {
    if len < 2 {
        return len;
    }
    let e = usize::BITS - 1 - len.leading_zeros(); // floor(log2 len)
    let s = u32::BITS - e.leading_zeros(); // floor(log2 e) + 1
    let mask = (1usize << (e - s)) - 1;
    (len + mask) & !mask
}

pub(super) fn encode(json: Vec<u8>) -> Zeroizing<Vec<u8>> {
    let json = Zeroizing::new(json);
    let mut codec = PADDED_RAW;
    let mut packed = None;
    if json.len() >= COMPRESS_FROM {
        let deflated = Zeroizing::new(miniz_oxide::deflate::compress_to_vec(&json, 6));
        if deflated.len() < json.len() {
            codec = PADDED_DEFLATE;
            packed = Some(deflated);
        }
    }
    let data: &[u8] = packed.as_deref().unwrap_or(&json);
    let size = padme((1 + 4 + data.len()).max(PAD_MIN));
    let mut out = Zeroizing::new(Vec::with_capacity(size));
    out.push(codec);
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(data);
    out.resize(size, 0);
    out
}

/// The data of a padded plaintext, without its length and zeros.
fn unpad(rest: &[u8]) -> Result<&[u8], VaultError> {
    let (len, data) = rest.split_first_chunk::<4>().ok_or(VaultError::Encoding)?;
    data.get(..u32::from_be_bytes(*len) as usize)
        .ok_or(VaultError::Encoding)
}

pub(super) fn decode(plain: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, VaultError> {
    let inflate = |packed: &[u8]| {
        miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_PLAIN)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| VaultError::Encoding)
    };
    match plain.split_first() {
        Some((&RAW, json)) => Ok(std::borrow::Cow::Borrowed(json)),
        Some((&DEFLATE, packed)) => inflate(packed),
        Some((&PADDED_RAW, rest)) => Ok(std::borrow::Cow::Borrowed(unpad(rest)?)),
        Some((&PADDED_DEFLATE, rest)) => inflate(unpad(rest)?),
        _ => Err(VaultError::Encoding),
    }
}

/// The envelope and the hash of its JSON, which a couple-space log entry names.
fn parse_hashed<T: DeserializeOwned>(plain: &[u8]) -> Result<(EnvelopeIn<T>, Hash), VaultError> {
    parse_env(plain, true)
}

/// The envelope, and the hash of its JSON when `hashed` (else zeros): only records in
/// the couple space are checked against a hash.
fn parse_env<T: DeserializeOwned>(
    plain: &[u8],
    hashed: bool,
) -> Result<(EnvelopeIn<T>, Hash), VaultError> {
    let json = decode(plain)?;
    let hash = if hashed { content_hash(&json) } else { [0; 32] };
    let parsed = serde_json::from_slice(&json).map_err(|_| VaultError::Encoding);
    if let std::borrow::Cow::Owned(mut inflated) = json {
        zeroize::Zeroize::zeroize(&mut inflated);
    }
    Ok((parsed?, hash))
}

pub(super) fn record_ad(vault_id: &[u8], owner: u8, kind: &str, store_key: &[u8]) -> Vec<u8> {
    let mut ad = Vec::with_capacity(RECORD_AD.len() + 20 + kind.len() + store_key.len());
    ad.extend_from_slice(RECORD_AD);
    ad.push(SEAL_VERSION);
    ad.extend_from_slice(vault_id);
    ad.push(owner);
    ad.push(kind.len() as u8);
    ad.extend_from_slice(kind.as_bytes());
    ad.extend_from_slice(store_key);
    ad
}

fn check_kind(kind: &str) -> Result<(), VaultError> {
    if kind.is_empty() || kind.len() > KIND_MAX {
        return Err(VaultError::Encoding);
    }
    Ok(())
}

#[derive(Serialize)]
struct EnvelopeOut<'a, T> {
    id: &'a str,
    v: &'a T,
}

#[derive(Deserialize)]
struct EnvelopeIn<T> {
    id: String,
    v: T,
}

/// A record as stored: its store key, id and envelope JSON.
pub(super) type OwnPlaintext = (Vec<u8>, String, Zeroizing<Vec<u8>>);

enum Change {
    Put {
        owner: Owner,
        kind: &'static str,
        id: String,
        plain: Zeroizing<Vec<u8>>,
        hash: Hash,
        /// Only takes away from what is in the couple space (`Changes::put_narrowed`).
        narrows: bool,
    },
    Delete {
        owner: Owner,
        kind: &'static str,
        id: String,
    },
}

/// A put that adds to the couple space (a narrowing one only takes away).
fn puts_shared(c: &Change) -> bool {
    matches!(
        c,
        Change::Put {
            owner: Owner::SharedBy(_),
            narrows: false,
            ..
        }
    )
}

/// Writes to apply together: all of them land, or none.
#[derive(Default)]
pub struct Changes(Vec<Change>, bool);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the partner's part of the couple space, if these changes touch it, as a
    /// signed checkpoint of all their live records there, and drops the log entries
    /// before it (when past months are folded: the log stays short).
    pub fn checkpoint(&mut self) -> &mut Self {
        self.1 = true;
        self
    }

    pub fn put<T: Serialize>(
        &mut self,
        owner: Owner,
        kind: &'static str,
        id: &str,
        value: &T,
    ) -> Result<&mut Self, VaultError> {
        self.push_put(owner, kind, id, value, false)
    }

    /// A put to a part of the couple space that only takes away from what is there: one
    /// part of a shared record, or one record out of a shared bundle of them, taken back.
    /// A closed couple space (`Keyring::close_couple_space`) lets it through, as it lets
    /// deletions through; the caller vouches that `value` holds nothing that was not
    /// there already.
    pub fn put_narrowed<T: Serialize>(
        &mut self,
        owner: Owner,
        kind: &'static str,
        id: &str,
        value: &T,
    ) -> Result<&mut Self, VaultError> {
        self.push_put(owner, kind, id, value, true)
    }

    fn push_put<T: Serialize>(
        &mut self,
        owner: Owner,
        kind: &'static str,
        id: &str,
        value: &T,
        narrows: bool,
    ) -> Result<&mut Self, VaultError> {
        check_kind(kind)?;
        let plain =
            serde_json::to_vec(&EnvelopeOut { id, v: value }).map_err(|_| VaultError::Encoding)?;
        let hash = content_hash(&plain);
        self.0.push(Change::Put {
            owner,
            kind,
            id: id.to_owned(),
            plain: encode(plain),
            hash,
            narrows,
        });
        Ok(self)
    }

    pub fn delete(&mut self, owner: Owner, kind: &'static str, id: &str) -> &mut Self {
        self.0.push(Change::Delete {
            owner,
            kind,
            id: id.to_owned(),
        });
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Vault {
    /// Seals and writes the changes in one atomic batch, flushed before returning.
    /// Changes to the partner's part of the couple space append one signed entry to
    /// their log in the same batch; the other partner's part is never written.
    pub fn apply(&self, keyring: &Keyring, changes: Changes) -> Result<(), VaultError> {
        self.check_keyring(keyring)?;
        let Changes(mut changes, checkpoint) = changes;
        if keyring.couple_space_closed && changes.iter().any(puts_shared) {
            // Closed (the couple parted): the private part only. A batch that only
            // removes shared records, or narrows them, is someone taking theirs back,
            // and goes through.
            changes.retain(|c| {
                !matches!(
                    c,
                    Change::Put {
                        owner: Owner::SharedBy(_),
                        ..
                    } | Change::Delete {
                        owner: Owner::SharedBy(_),
                        ..
                    }
                )
            });
        }
        let mut writes = Vec::with_capacity(changes.len() + 2);
        let mut written = Vec::with_capacity(changes.len());
        let mut ops = Vec::new();
        let mut mine = std::collections::BTreeSet::new();
        let mut own = Vec::new();
        for change in changes {
            let (Change::Put { owner, kind, .. } | Change::Delete { owner, kind, .. }) = &change;
            if !may_write(keyring, *owner) {
                return Err(VaultError::NotYours);
            }
            let (owner, kind) = (*owner, *kind);
            if let (Owner::Mine, Change::Put { .. }) = (owner, &change) {
                mine.insert(kind);
            }
            let (key, put) = match change {
                Change::Put {
                    id, plain, hash, ..
                } => {
                    let (key, sealed) = self.seal_at(keyring, owner, kind, &id, &plain)?;
                    if owner == Owner::Mine && counted(kind) {
                        own.push((key.to_vec(), Some(sealed.clone())));
                    }
                    writes.push(Write::Put(key.to_vec(), sealed));
                    (key, Some(hash))
                }
                Change::Delete { id, .. } => {
                    check_kind(kind)?;
                    let (owner_byte, keys) = keyring.resolve(owner);
                    let key = Namer::new(&keys.ids).store_key(owner_byte, kind, &id);
                    if owner == Owner::Mine && counted(kind) {
                        own.push((key.to_vec(), None));
                    }
                    writes.push(Write::Delete(key.to_vec()));
                    (key, None)
                }
            };
            written.push(key);
            if author_of(owner).is_some() {
                ops.push(Op { key, put });
            }
        }
        if !mine.is_empty() {
            writes.extend(self.note_kinds(keyring, &mine)?);
        }
        // Removing what was never shared changes nothing and appends nothing: otherwise
        // the other partner could count private writes by the length of the log.
        if ops.iter().any(|op| op.put.is_none()) {
            let state = self.author_state(keyring, keyring.slot())?;
            ops.retain(|op| op.put.is_some() || state.live.contains_key(&op.key));
        }
        let appended = if ops.is_empty() {
            writes.extend(self.digest_write(keyring, &own, None)?);
            None
        } else {
            let (entry, hash) = self.append_entry(keyring, ops, checkpoint, &mut writes)?;
            writes.extend(self.own_mark_write(keyring, &own, entry.seq, hash)?);
            Some((entry, hash))
        };
        self.store.apply(writes)?;
        if let Some((entry, hash)) = appended {
            self.remember_own_log(keyring, &entry, hash);
        }
        let mut unreadable = self.unreadable_set();
        for key in written {
            unreadable.remove(&key[..]);
        }
        Ok(())
    }

    /// Every record of `kind` the partner can open under `keyring`: its store key, id and
    /// JSON as stored (for sealing it again under a new key).
    pub(super) fn own_plaintexts(
        &self,
        keyring: &Keyring,
        kind: &str,
    ) -> Result<Vec<OwnPlaintext>, VaultError> {
        let mut out = Vec::new();
        self.open_each(keyring, Owner::Mine, kind, |key, opened| {
            let Ok(plain) = opened else {
                return Ok(());
            };
            let json = Zeroizing::new(decode(&plain)?.into_owned());
            let (env, _) = parse_env::<serde::de::IgnoredAny>(&plain, false)?;
            out.push((key.to_vec(), env.id, json));
            Ok(())
        })?;
        Ok(out)
    }

    /// Seals an envelope's JSON as it is, as `owner`'s record of `kind`.
    pub(super) fn seal_json(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &str,
        id: &str,
        json: Zeroizing<Vec<u8>>,
    ) -> Result<Write, VaultError> {
        let plain = encode(json.to_vec());
        let (key, sealed) = self.seal_at(keyring, owner, kind, id, &plain)?;
        Ok(Write::Put(key.to_vec(), sealed))
    }

    /// The store key of `owner`'s record of `kind` and `id`, and the plaintext sealed
    /// for that place.
    pub(super) fn seal_at(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &str,
        id: &str,
        plain: &[u8],
    ) -> Result<([u8; STORE_KEY_LEN], Vec<u8>), VaultError> {
        let (owner_byte, keys) = keyring.resolve(owner);
        let key = Namer::new(&keys.ids).store_key(owner_byte, kind, id);
        let ad = record_ad(&keyring.vault_id, owner_byte, kind, &key);
        let sealed = Sealer::new(&keys.seal).seal(&self.rng, &ad, plain)?;
        Ok((key, sealed))
    }

    /// Seals a value as `owner`'s record into a raw write (for the log and trust).
    pub(super) fn seal_write<T: Serialize>(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &'static str,
        id: &str,
        value: &T,
    ) -> Result<Write, VaultError> {
        let json =
            serde_json::to_vec(&EnvelopeOut { id, v: value }).map_err(|_| VaultError::Encoding)?;
        self.seal_json(keyring, owner, kind, id, Zeroizing::new(json))
    }

    pub fn put<T: Serialize>(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &'static str,
        id: &str,
        value: &T,
    ) -> Result<(), VaultError> {
        let mut changes = Changes::new();
        changes.put(owner, kind, id, value)?;
        self.apply(keyring, changes)
    }

    pub fn delete(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &'static str,
        id: &str,
    ) -> Result<(), VaultError> {
        let mut changes = Changes::new();
        changes.delete(owner, kind, id);
        self.apply(keyring, changes)
    }

    pub fn get<T: DeserializeOwned>(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &'static str,
        id: &str,
    ) -> Result<Option<T>, VaultError> {
        self.check_keyring(keyring)?;
        check_kind(kind)?;
        let (owner_byte, keys) = keyring.resolve(owner);
        let key = Namer::new(&keys.ids).store_key(owner_byte, kind, id);
        let Some(sealed) = self.store.get(&key)? else {
            return Ok(None);
        };
        let ad = record_ad(&keyring.vault_id, owner_byte, kind, &key);
        let plain = keyring.opener(owner).open(&ad, &sealed)?;
        let (env, hash): (EnvelopeIn<T>, Hash) = parse_env(&plain, author_of(owner).is_some())?;
        if env.id != id {
            return Err(VaultError::Integrity);
        }
        if let Some(author) = author_of(owner) {
            // In the couple space only what the author's signed log names is theirs.
            if kind != LOG_KIND && !self.author_state(keyring, author)?.accepts(&key, &hash) {
                return Err(VaultError::Integrity);
            }
        }
        Ok(Some(env.v))
    }

    /// Like `get`, but a record that does not open reads as absent and is noted (see
    /// `unreadable`): for reads whose caller can go on without it.
    pub fn get_or_skip<T: DeserializeOwned>(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &'static str,
        id: &str,
    ) -> Result<Option<T>, VaultError> {
        match self.get(keyring, owner, kind, id) {
            Err(VaultError::Integrity | VaultError::Encoding) => {
                let (owner_byte, keys) = keyring.resolve(owner);
                let key = Namer::new(&keys.ids).store_key(owner_byte, kind, id);
                self.unreadable_set().insert(key.to_vec(), kind);
                Ok(None)
            }
            other => other,
        }
    }

    /// Every record of `kind` for `owner` that opens, with its id, in no particular
    /// order. One that does not open is left out and noted (see `unreadable`): one
    /// damaged record hides itself, never the list.
    pub fn list<T: DeserializeOwned>(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &'static str,
    ) -> Result<Vec<(String, T)>, VaultError> {
        self.check_keyring(keyring)?;
        check_kind(kind)?;
        let mut out = Vec::new();
        let mut bad = Vec::new();
        // In the couple space only what the author's signed log names is theirs.
        let author = match author_of(owner) {
            Some(a) if kind != LOG_KIND => Some(self.author_state(keyring, a)?),
            _ => None,
        };
        self.open_each(keyring, owner, kind, |key, opened| {
            match opened.and_then(|plain| parse_env::<T>(&plain, author.is_some())) {
                Ok((env, hash)) if author.as_ref().is_none_or(|a| a.accepts(key, &hash)) => {
                    out.push((env.id, env.v))
                }
                _ => bad.push(key.to_vec()),
            }
            Ok(())
        })?;
        self.note_unreadable(bad, kind);
        Ok(out)
    }

    pub(super) fn note_unreadable(&self, bad: Vec<Vec<u8>>, kind: &'static str) {
        if !bad.is_empty() {
            let mut unreadable = self.unreadable_set();
            for key in bad {
                unreadable.insert(key, kind);
            }
        }
    }

    /// The store key and content hash of every record of `kind` for `owner` that opens,
    /// without asking any log: for adopting records written before signed sequences.
    pub(super) fn hashes(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &str,
    ) -> Result<Vec<(StoreKey, Hash)>, VaultError> {
        let mut out = Vec::new();
        self.open_each(keyring, owner, kind, |key, opened| {
            let parsed = opened.and_then(|p| parse_hashed::<serde::de::IgnoredAny>(&p));
            if let (Ok((_, hash)), Ok(key)) = (parsed, StoreKey::try_from(key)) {
                out.push((key, hash));
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Opens every record of `kind` for `owner` in store order and hands `f` its store
    /// key and plaintext, or the failure (`Integrity` for a key of the wrong length).
    pub(super) fn open_each(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &str,
        mut f: impl FnMut(&[u8], Result<Zeroizing<Vec<u8>>, VaultError>) -> Result<(), VaultError>,
    ) -> Result<(), VaultError> {
        let (owner_byte, keys) = keyring.resolve(owner);
        let prefix = Namer::new(&keys.ids).prefix(owner_byte, kind);
        let sealer = keyring.opener(owner);
        let mut ad = record_ad(&keyring.vault_id, owner_byte, kind, &[0; STORE_KEY_LEN]);
        let key_at = ad.len() - STORE_KEY_LEN;
        self.store.scan(&prefix, |key, sealed| {
            if key.len() != STORE_KEY_LEN {
                return f(key, Err(VaultError::Integrity));
            }
            ad[key_at..].copy_from_slice(key);
            f(key, sealer.open(&ad, sealed))
        })
    }

    /// The kinds of the records that did not open since this vault was opened, one
    /// entry per record.
    pub fn unreadable(&self) -> Vec<&'static str> {
        self.unreadable_set().values().copied().collect()
    }

    pub fn forget_unreadable(&self) {
        self.unreadable_set().clear();
    }

    fn unreadable_set(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<Vec<u8>, &'static str>> {
        // Only inserts and removes happen under it: a poisoned set is still whole.
        self.unreadable.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn check_keyring(&self, keyring: &Keyring) -> Result<(), VaultError> {
        if keyring.vault_id[..] != self.header.vault_id[..] {
            return Err(VaultError::NoProfile);
        }
        Ok(())
    }
}
