//! Locking out older copies (SECURITY.md 23). A passphrase change that only re-wraps the
//! root key leaves every older copy of the files (a backup, sled's own log) opening with
//! the old passphrase. Rotation gives the partner a new root key, seals each of their
//! records again under it, writes a new recovery code, and compacts the store into a
//! fresh folder so that no older wrapped key or record stays in sled's files. Replacing
//! only the recovery code re-wraps the same root key and compacts the same way.

use std::collections::BTreeSet;

use super::chain::{IDENTITY_KIND, TRUST_KIND};
use super::kdf::KdfParams;
use super::keyring::{Keyring, Owner};
use super::own_digest::DIGEST_KIND;
use super::profiles::make_profile;
use super::recovery::RecoveryCode;
use super::secret::{Key32, Passphrase, Secret};
use super::storage::Write;
use super::{Vault, VaultError};

/// Private: every kind this partner ever stored, so rotation reseals all of them.
pub const KINDS_KIND: &str = "kinds";
const KINDS_ID: &str = "self";

impl Vault {
    /// The kinds this partner stored (as recorded with each write), with the vault's
    /// own private kinds.
    pub(super) fn own_kinds(&self, keyring: &Keyring) -> BTreeSet<String> {
        let mut kinds: BTreeSet<String> = self
            .get_or_skip(keyring, Owner::Mine, KINDS_KIND, KINDS_ID)
            .ok()
            .flatten()
            .unwrap_or_default();
        // The digest too: sealed again (with the own mark in it) and then rewritten, so
        // no copy under the old key stays behind.
        kinds.extend([IDENTITY_KIND, TRUST_KIND, KINDS_KIND, DIGEST_KIND].map(str::to_owned));
        kinds
    }

    /// A write of the kinds record when `used` adds a kind to it (kept with each write,
    /// so a kind added later is never left out of a rotation).
    pub(super) fn note_kinds(
        &self,
        keyring: &Keyring,
        used: &BTreeSet<&'static str>,
    ) -> Result<Option<Write>, VaultError> {
        let stored: BTreeSet<String> = self
            .get_or_skip(keyring, Owner::Mine, KINDS_KIND, KINDS_ID)?
            .unwrap_or_default();
        if used.iter().all(|k| *k == KINDS_KIND || stored.contains(*k)) {
            return Ok(None);
        }
        let mut all = stored;
        all.extend(
            used.iter()
                .filter(|k| **k != KINDS_KIND)
                .map(|k| (*k).to_owned()),
        );
        self.seal_write(keyring, Owner::Mine, KINDS_KIND, KINDS_ID, &all)
            .map(Some)
    }

    /// Gives the unlocked partner a new root key, a new passphrase and a new recovery
    /// code, seals every one of their records again under the new key, and compacts the
    /// store. `current` is checked first, with the backoff. `more_kinds` are kinds the
    /// app knows it stored before kinds were recorded (profiles from 0.1.0). On
    /// success `keyring` holds the new keys; on failure nothing the old passphrase opens
    /// has changed.
    pub fn rotate(
        &mut self,
        keyring: &mut Keyring,
        current: Passphrase,
        new: &Passphrase,
        params: KdfParams,
        now: u64,
        more_kinds: &[&str],
    ) -> Result<RecoveryCode, VaultError> {
        params.check()?;
        drop(self.unlock(keyring.slot, &Secret::Passphrase(current), now)?);
        let mut kinds = self.own_kinds(keyring);
        kinds.extend(more_kinds.iter().map(|k| (*k).to_owned()));

        let root = Key32::random(&self.rng)?;
        let mut fresh = Keyring::new(keyring.slot, keyring.vault_id, root, keyring.couple.clone());
        let mut writes = Vec::new();
        let mut old_keys = Vec::new();
        for kind in &kinds {
            for (old_key, id, json) in self.own_plaintexts(keyring, kind)? {
                writes.push(self.seal_json(&fresh, Owner::Mine, kind, &id, json)?);
                old_keys.push(old_key);
            }
        }
        // 1. The records under the new key, beside the old ones: a crash here leaves
        //    the old header, which still opens the old records.
        self.store.apply(writes)?;
        // 2. The new lock, both header copies in one write: from here the new key opens.
        let colour = self.header.profile(keyring.slot.number())?.colour;
        let vault_id = self.vault_id();
        let (profile, code) = make_profile(
            &self.rng,
            &vault_id,
            keyring.slot,
            colour,
            &fresh.root,
            &fresh.couple,
            new,
            params,
        )?;
        let mut header = self.header.clone();
        *header.profile_mut(keyring.slot.number())? = profile;
        self.save_header(header)?;
        // 3. The old records go, and a compaction leaves none of them (nor the old
        //    header) in sled's files.
        self.store
            .apply(old_keys.into_iter().map(Write::Delete).collect())?;
        fresh.identity = keyring.identity.take();
        fresh.couple_space_closed = keyring.couple_space_closed;
        *keyring = fresh;
        self.forget_accepted_of(keyring);
        self.rewrite_digest(keyring)?;
        self.compact()?;
        Ok(code)
    }

    /// A new recovery code for the unlocked partner; the old one opens nothing in the
    /// store from now on (compacted, so no older header stays in sled's files).
    pub fn replace_recovery_code(
        &mut self,
        keyring: &Keyring,
        params: KdfParams,
    ) -> Result<RecoveryCode, VaultError> {
        params.check()?;
        let code = self.rewrap_recovery(keyring, params)?;
        self.compact()?;
        Ok(code)
    }
}
