//! Typed records of an owner. A record is a serde value sealed with its id; its store
//! key is an HMAC of (owner, kind, id), and its associated data binds the format
//! version, vault id, owner, kind and that key, so a record moved to another key,
//! owner or vault does not open.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::keyring::{Keyring, Owner};
use super::keys::{Namer, STORE_KEY_LEN};
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

fn parse<T: DeserializeOwned>(plain: &[u8]) -> Result<EnvelopeIn<T>, VaultError> {
    let json = decode(plain)?;
    let parsed = serde_json::from_slice(&json).map_err(|_| VaultError::Encoding);
    if let std::borrow::Cow::Owned(mut inflated) = json {
        zeroize::Zeroize::zeroize(&mut inflated);
    }
    parsed
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

enum Change {
    Put {
        owner: Owner,
        kind: &'static str,
        id: String,
        plain: Zeroizing<Vec<u8>>,
    },
    Delete {
        owner: Owner,
        kind: &'static str,
        id: String,
    },
}

/// Writes to apply together: all of them land, or none.
#[derive(Default)]
pub struct Changes(Vec<Change>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn put<T: Serialize>(
        &mut self,
        owner: Owner,
        kind: &'static str,
        id: &str,
        value: &T,
    ) -> Result<&mut Self, VaultError> {
        check_kind(kind)?;
        let plain =
            serde_json::to_vec(&EnvelopeOut { id, v: value }).map_err(|_| VaultError::Encoding)?;
        self.0.push(Change::Put {
            owner,
            kind,
            id: id.to_owned(),
            plain: encode(plain),
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
    pub fn apply(&self, keyring: &Keyring, changes: Changes) -> Result<(), VaultError> {
        self.check_keyring(keyring)?;
        let mut writes = Vec::with_capacity(changes.0.len());
        let mut written = Vec::with_capacity(changes.0.len());
        for change in changes.0 {
            match change {
                Change::Put {
                    owner,
                    kind,
                    id,
                    plain,
                } => {
                    let (owner_byte, keys) = keyring.resolve(owner);
                    let key = Namer::new(&keys.ids).store_key(owner_byte, kind, &id);
                    let ad = record_ad(&keyring.vault_id, owner_byte, kind, &key);
                    let sealed = Sealer::new(&keys.seal).seal(&self.rng, &ad, &plain)?;
                    written.push(key.to_vec());
                    writes.push(Write::Put(key.to_vec(), sealed));
                }
                Change::Delete { owner, kind, id } => {
                    check_kind(kind)?;
                    let (owner_byte, keys) = keyring.resolve(owner);
                    let key = Namer::new(&keys.ids).store_key(owner_byte, kind, &id);
                    written.push(key.to_vec());
                    writes.push(Write::Delete(key.to_vec()));
                }
            }
        }
        self.store.apply(writes)?;
        let mut unreadable = self.unreadable_set();
        for key in written {
            unreadable.remove(&key);
        }
        Ok(())
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
        let plain = Sealer::new(&keys.seal).open(&ad, &sealed)?;
        let env: EnvelopeIn<T> = parse(&plain)?;
        if env.id != id {
            return Err(VaultError::Integrity);
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
        let (owner_byte, keys) = keyring.resolve(owner);
        let namer = Namer::new(&keys.ids);
        let prefix = namer.prefix(owner_byte, kind);
        let sealer = Sealer::new(&keys.seal);
        let mut ad = record_ad(&keyring.vault_id, owner_byte, kind, &[0; STORE_KEY_LEN]);
        let key_at = ad.len() - STORE_KEY_LEN;
        let mut out = Vec::new();
        let mut bad = Vec::new();
        self.store.scan(&prefix, |key, sealed| {
            if key.len() != STORE_KEY_LEN {
                bad.push(key.to_vec());
                return Ok(());
            }
            ad[key_at..].copy_from_slice(key);
            match sealer
                .open(&ad, sealed)
                .and_then(|plain| parse::<T>(&plain))
            {
                Ok(env) => out.push((env.id, env.v)),
                Err(_) => bad.push(key.to_vec()),
            }
            Ok(())
        })?;
        if !bad.is_empty() {
            let mut unreadable = self.unreadable_set();
            for key in bad {
                unreadable.insert(key, kind);
            }
        }
        Ok(out)
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
