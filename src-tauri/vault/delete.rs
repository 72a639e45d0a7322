//! Deleting a profile (a couple who parted, docs/MODEL-NOTES.md). The partner's lock
//! goes from both header copies, with their try counter, every private record of theirs
//! and their whole part of the couple space, in one transaction; then the store is
//! compacted so no copy stays in sled's files. The other profile is not touched: its
//! keys, its records and its own part of the couple space stay as they were.

use std::collections::BTreeSet;

use super::chain::{Op, LOG_KIND};
use super::keyring::{Keyring, Owner, Slot};
use super::keys::Namer;
use super::secret::{Passphrase, Secret};
use super::storage::Write;
use super::{header_entries, layout, Vault, VaultError};

#[cfg(test)]
thread_local! {
    /// Tests set this to break a deletion just before its commit.
    pub(super) static FAIL_DELETE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Vault {
    /// Whether the vault holds only this one profile (deleting it deletes the vault).
    pub fn is_only_profile(&self, slot: Slot) -> bool {
        self.header.profiles.iter().all(|p| p.slot == slot.number())
    }

    /// Checks the unlocked partner's passphrase again, with the same backoff as unlocking.
    pub fn check_passphrase(
        &self,
        slot: Slot,
        current: Passphrase,
        now: u64,
    ) -> Result<(), VaultError> {
        drop(self.unlock(slot, &Secret::Passphrase(current), now)?);
        Ok(())
    }

    /// Removes the unlocked partner's profile from a vault of two, after `current`
    /// opens it again. `private_kinds` are kinds the app knows it stored before kinds
    /// were recorded; `couple_kinds` the kinds it keeps in the couple space (records
    /// from before signed sequences that no log names). On any failure nothing changed.
    pub fn delete_profile(
        &mut self,
        keyring: &Keyring,
        current: Passphrase,
        now: u64,
        private_kinds: &[&str],
        couple_kinds: &[&str],
        keep: &[(&'static str, &str)],
    ) -> Result<(), VaultError> {
        let slot = keyring.slot;
        self.check_passphrase(slot, current, now)?;
        if self.is_only_profile(slot) {
            // A header with no profile never opens: the whole vault goes instead.
            return Err(VaultError::NoProfile);
        }
        let mut keys: BTreeSet<Vec<u8>> = BTreeSet::new();
        let mut kinds = self.own_kinds(keyring);
        kinds.extend(private_kinds.iter().map(|k| (*k).to_owned()));
        for kind in &kinds {
            self.keys_with_prefix(keyring, Owner::Mine, kind, &mut keys)?;
        }
        let mut shared: BTreeSet<&str> = couple_kinds.iter().copied().collect();
        shared.insert(LOG_KIND);
        for kind in shared {
            self.keys_with_prefix(keyring, Owner::SharedBy(slot), kind, &mut keys)?;
        }
        // Whatever else the log names (a kind this build does not know of).
        keys.extend(
            self.author_state(keyring, slot)?
                .live
                .keys()
                .map(|k| k.to_vec()),
        );
        // What the other partner still needs to read (the decision to part) stays,
        // named by a last signed checkpoint of this partner's log that names nothing else.
        let mut writes = Vec::new();
        let mut kept = Vec::new();
        for (kind, id) in keep {
            let (owner_byte, ids) = keyring.resolve(Owner::SharedBy(slot));
            let key = Namer::new(&ids.ids).store_key(owner_byte, kind, id);
            if let Some((k, hash)) = self
                .hashes(keyring, Owner::SharedBy(slot), kind)?
                .into_iter()
                .find(|(k, _)| *k == key)
            {
                keys.remove(&k[..]);
                kept.push(Op {
                    key: k,
                    put: Some(hash),
                });
            }
        }
        let mut deletes: Vec<Write> = keys.into_iter().map(Write::Delete).collect();
        if !kept.is_empty() {
            self.append_entry(keyring, kept, true, &mut writes)?;
            // The checkpoint's own deletes of the older entries are already in `deletes`.
            writes.retain(|w| matches!(w, Write::Put(..)));
        }
        deletes.extend(writes);
        let mut header = self.header.clone();
        header.profiles.retain(|p| p.slot != slot.number());
        let bytes = header.to_bytes()?;
        #[cfg(test)]
        let fail = FAIL_DELETE.with(|f| f.get());
        #[cfg(not(test))]
        let fail = false;
        self.store.apply_with_meta(
            deletes,
            header_entries(&bytes),
            vec![format!("tries/{}", slot.number())],
            fail,
        )?;
        let current = header.current();
        self.header_copy = Some(current.clone());
        self.header = current;
        self.forget_all_accepted();
        self.forget_unreadable();
        // The deletion is done; a compaction that fails now is tried again at the next
        // unlock (compact_if_bloated) and changes nothing that was said.
        let _ = self.compact();
        Ok(())
    }

    /// Removes the whole vault (its only profile asked, with the passphrase checked by
    /// `check_passphrase` first). The marker goes first: without it no vault opens here.
    pub fn destroy(self) -> Result<(), VaultError> {
        let dir = self.dir.clone();
        drop(self);
        std::fs::remove_file(dir.join(layout::MARKER))?;
        for store in layout::stale_stores(&dir, "") {
            std::fs::remove_dir_all(store)?;
        }
        Ok(())
    }

    fn keys_with_prefix(
        &self,
        keyring: &Keyring,
        owner: Owner,
        kind: &str,
        out: &mut BTreeSet<Vec<u8>>,
    ) -> Result<(), VaultError> {
        let (owner_byte, keys) = keyring.resolve(owner);
        let prefix = Namer::new(&keys.ids).prefix(owner_byte, kind);
        self.store.scan(&prefix, |key, _| {
            out.insert(key.to_vec());
            Ok(())
        })
    }
}
