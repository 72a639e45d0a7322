//! A digest of each partner's own records, kept under their root key and checked at
//! unlock (SECURITY.md 22, second half): an older sealed value put back under its own
//! name, or a record taken out, opens fine on its own, but changes the digest.
//!
//! The digest is the XOR of SHA-256(store key, sealed value) over every own record, so
//! each write changes it by the old and new entries alone, in the same batch. The
//! vault's bookkeeping records (trust, the kinds list, the digest itself) are left out:
//! they change on reads too, and hold nothing a person wrote.

use std::collections::HashMap;

use ring::digest::{Context, SHA256};
use serde::{Deserialize, Serialize};

use super::chain::{Mark, TRUST_KIND};
use super::header::hex;
use super::keyring::{Keyring, Owner};
use super::keys::Namer;
use super::rotate::KINDS_KIND;
use super::storage::Write;
use super::{Vault, VaultError};

pub const DIGEST_KIND: &str = "digest";
const DIGEST_ID: &str = "self";

/// Kinds the digest leaves out.
pub fn counted(kind: &str) -> bool {
    ![TRUST_KIND, KINDS_KIND, DIGEST_KIND].contains(&kind)
}

type Digest = [u8; 32];

fn entry(key: &[u8], value: &[u8]) -> Digest {
    let mut ctx = Context::new(&SHA256);
    ctx.update(b"healing-arc/v2/own-record");
    ctx.update(&(key.len() as u32).to_be_bytes());
    ctx.update(key);
    ctx.update(value);
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

fn fold(into: &mut Digest, d: &Digest) {
    for (a, b) in into.iter_mut().zip(d) {
        *a ^= b;
    }
}

#[derive(Serialize, Deserialize)]
struct StoredDigest {
    #[serde(with = "hex")]
    d: Vec<u8>,
    /// The writer's own mark: the last entry of their log, written in the same batch
    /// as that entry (so it never lags the log, even after a crash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    own: Option<Mark>,
}

impl Vault {
    fn stored_digest(&self, keyring: &Keyring) -> Option<(Digest, Option<Mark>)> {
        let s: StoredDigest = self
            .get_or_skip(keyring, Owner::Mine, DIGEST_KIND, DIGEST_ID)
            .ok()
            .flatten()?;
        let own = s.own;
        Some((s.d.clone().try_into().ok()?, own))
    }

    /// The writer's own mark as kept with the digest.
    pub(super) fn stored_own_mark(&self, keyring: &Keyring) -> Option<Mark> {
        self.stored_digest(keyring).and_then(|(_, m)| m)
    }

    fn digest_record(
        &self,
        keyring: &Keyring,
        d: &Digest,
        own: Option<Mark>,
    ) -> Result<Write, VaultError> {
        let value = StoredDigest { d: d.to_vec(), own };
        self.seal_write(keyring, Owner::Mine, DIGEST_KIND, DIGEST_ID, &value)
    }

    /// The new digest record for a batch that writes these own records (store key and
    /// new sealed value, none for a delete) and, when it appends to the writer's log,
    /// their new own mark; none when neither, or while no digest exists yet (the check
    /// at unlock makes the first).
    pub(super) fn digest_write(
        &self,
        keyring: &Keyring,
        own: &[(Vec<u8>, Option<Vec<u8>>)],
        mark: Option<Mark>,
    ) -> Result<Option<Write>, VaultError> {
        if own.is_empty() && mark.is_none() {
            return Ok(None);
        }
        let Some((mut d, old_mark)) = self.stored_digest(keyring) else {
            return Ok(None);
        };
        // A key written twice in one batch: the second write replaces the first.
        let mut current: HashMap<&[u8], Option<Vec<u8>>> = HashMap::new();
        for (key, new) in own {
            let old = match current.get(key.as_slice()) {
                Some(v) => v.clone(),
                None => self.store.get(key)?,
            };
            if let Some(old) = &old {
                fold(&mut d, &entry(key, old));
            }
            if let Some(new) = new {
                fold(&mut d, &entry(key, new));
            }
            current.insert(key.as_slice(), new.clone());
        }
        self.digest_record(keyring, &d, mark.or(old_mark)).map(Some)
    }

    /// The digest of the own records as they are in the store now.
    fn computed_digest(&self, keyring: &Keyring) -> Result<Digest, VaultError> {
        let (owner_byte, keys) = keyring.resolve(Owner::Mine);
        let namer = Namer::new(&keys.ids);
        let mut d = [0u8; 32];
        for kind in self.own_kinds(keyring).iter().filter(|k| counted(k)) {
            self.store
                .scan(&namer.prefix(owner_byte, kind), |key, value| {
                    fold(&mut d, &entry(key, value));
                    Ok(())
                })?;
        }
        Ok(d)
    }

    /// At unlock: whether the partner's own records changed outside the app since the
    /// digest was last written. The digest is then written as the records are, so the
    /// notice is given once. `kinds` are kinds the app knows it stored before kinds
    /// were recorded; a profile without a digest gets its first one, and no notice.
    pub fn check_own_records(
        &self,
        keyring: &Keyring,
        kinds: &[&'static str],
    ) -> Result<bool, VaultError> {
        let mut writes = Vec::new();
        writes.extend(self.note_kinds(keyring, &kinds.iter().copied().collect())?);
        if !writes.is_empty() {
            self.store.apply(std::mem::take(&mut writes))?;
        }
        let now = self.computed_digest(keyring)?;
        let stored = self.stored_digest(keyring);
        if stored.is_some_and(|(d, _)| d == now) {
            return Ok(false);
        }
        self.store.apply(vec![self.fresh_digest(keyring, &now)?])?;
        Ok(stored.is_some())
    }

    /// After records were sealed again (rotation): the digest as they are now.
    pub(super) fn rewrite_digest(&self, keyring: &Keyring) -> Result<(), VaultError> {
        let now = self.computed_digest(keyring)?;
        self.store.apply(vec![self.fresh_digest(keyring, &now)?])
    }

    /// The digest record for `d`, keeping the writer's own mark as it stands.
    fn fresh_digest(&self, keyring: &Keyring, d: &Digest) -> Result<Write, VaultError> {
        let own = self
            .trust(keyring)
            .marks
            .get(&keyring.slot().number())
            .copied();
        self.digest_record(keyring, d, own)
    }
}
