//! The vault's side of the signed couple space (see `chain`): the partner's
//! signing key and trust, read and written under their root key, and what each reader
//! accepted of each author's log, kept in memory while the vault is open.

use std::sync::Arc;

use super::chain::{
    next_entry, verify, AuthorState, Entry, Hash, Identity, Mark, Op, StoredIdentity, Trust,
    IDENTITY_KIND, LOG_KIND, SINGLE_ID, TRUST_KIND,
};
use super::keyring::{Keyring, Owner, Slot};
use super::keys::Namer;
use super::storage::Write;
use super::{Vault, VaultError};

impl Vault {
    /// Loads the partner's signing key (making one for a profile from before signed
    /// sequences), pins keys seen for the first time and records how far each author's
    /// log is accepted. Runs whenever a keyring is made, and again when the other
    /// partner's first records were just written beside it (set-up).
    pub fn prepare_couple_space(&self, keyring: &mut Keyring) -> Result<(), VaultError> {
        self.forget_accepted(keyring.slot);
        self.forget_deleted_partner(keyring)?;
        let stored: Option<StoredIdentity> =
            self.get(keyring, Owner::Mine, IDENTITY_KIND, SINGLE_ID)?;
        let identity = match stored {
            Some(s) => Identity::from_pkcs8(s.pkcs8.clone())?,
            None => {
                let made = Identity::generate(&self.rng)?;
                self.put(
                    keyring,
                    Owner::Mine,
                    IDENTITY_KIND,
                    SINGLE_ID,
                    &StoredIdentity::of(&made),
                )?;
                made
            }
        };
        let before = self.trust(keyring);
        let mut trust = before.clone();
        let me = keyring.slot.number();
        trust
            .pins
            .entry(me)
            .or_insert_with(|| super::header::hex::encode(&identity.public()));
        keyring.identity = Some(identity);
        for author in Slot::BOTH {
            let state = self.author_state(keyring, author)?;
            if let Some(key) = &state.key {
                trust
                    .pins
                    .entry(author.number())
                    .or_insert_with(|| super::header::hex::encode(key));
            }
            if let (false, Some(mark)) = (state.changed_outside, state.mark()) {
                trust.marks.insert(author.number(), mark);
            }
        }
        if trust != before {
            self.put(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID, &trust)?;
            self.forget_accepted(keyring.slot);
        }
        Ok(())
    }

    /// For a profile from before signed sequences (its log never started): its shared
    /// records become the first entry of its log (it is their author, and now signs
    /// them). `kinds` are the record kinds the app keeps in the couple space.
    pub fn adopt_shared_records(
        &self,
        keyring: &Keyring,
        kinds: &[&'static str],
    ) -> Result<(), VaultError> {
        // Only a log never started: a profile made with signed sequences has its card
        // as its first entry, and one that lost its log is damage, not a fresh start.
        let own = self.author_state(keyring, keyring.slot)?;
        if own.next_seq > 0 || own.changed_outside {
            return Ok(());
        }
        let mut ops = Vec::new();
        for kind in kinds {
            for (key, put) in self.hashes(keyring, Owner::SharedBy(keyring.slot), kind)? {
                ops.push(Op {
                    key,
                    put: Some(put),
                });
            }
        }
        if ops.is_empty() {
            return Ok(());
        }
        let mut writes = Vec::new();
        let (entry, hash) = self.append_entry(keyring, ops, false, &mut writes)?;
        writes.extend(self.own_mark_write(keyring, &[], entry.seq, hash)?);
        self.store.apply(writes)?;
        self.remember_own_log(keyring, &entry, hash);
        Ok(())
    }

    /// What `keyring`'s partner accepts of `author`'s log (cached while the vault is open).
    pub(super) fn author_state(
        &self,
        keyring: &Keyring,
        author: Slot,
    ) -> Result<Arc<AuthorState>, VaultError> {
        let at = (keyring.slot.number(), author.number());
        if let Some(s) = self.accepted().get(&at) {
            return Ok(s.clone());
        }
        let entries = self.log_entries(keyring, author)?;
        let state = Arc::new(verify(
            entries,
            &keyring.vault_id,
            author,
            &self.trust(keyring),
        ));
        self.accepted().insert(at, state.clone());
        Ok(state)
    }

    /// Every entry of `author`'s log that opens and parses; one that does not is noted
    /// as unreadable (and the gap it leaves is damage to the log).
    pub(super) fn log_entries(
        &self,
        keyring: &Keyring,
        author: Slot,
    ) -> Result<Vec<Entry>, VaultError> {
        let mut out = Vec::new();
        let mut bad = Vec::new();
        self.open_each(keyring, Owner::SharedBy(author), LOG_KIND, |key, opened| {
            match opened.ok().and_then(|plain| Entry::decode(&plain)) {
                Some(e) => out.push(e),
                None => bad.push(key.to_vec()),
            }
            Ok(())
        })?;
        self.note_unreadable(bad, LOG_KIND);
        Ok(out)
    }

    /// Whether any author's log, as this partner reads it, was changed outside the app.
    pub fn couple_space_changed(&self, keyring: &Keyring) -> bool {
        Slot::BOTH.iter().any(|a| {
            self.author_state(keyring, *a)
                .map_or(true, |s| s.changed_outside)
        })
    }

    /// The signed entry for `ops` (a checkpoint when asked and the log is whole),
    /// sealed into `writes`. A checkpoint also removes every entry before it.
    pub(super) fn append_entry(
        &self,
        keyring: &Keyring,
        ops: Vec<Op>,
        checkpoint: bool,
        writes: &mut Vec<Write>,
    ) -> Result<(Entry, Hash), VaultError> {
        let me = keyring.slot;
        let identity = keyring.identity.as_ref().ok_or(VaultError::NotYours)?;
        let state = self.author_state(keyring, me)?;
        // A damaged log is not declared whole by a checkpoint: it keeps appending.
        let checkpoint = checkpoint && !state.changed_outside && state.next_seq > 0;
        let entry = next_entry(&state, identity, &keyring.vault_id, me, ops, checkpoint);
        let hash = entry.hash(&keyring.vault_id, me);
        let sealed = self.seal_entry(keyring, me, &entry)?;
        if checkpoint {
            let (owner_byte, keys) = keyring.resolve(Owner::SharedBy(me));
            let prefix = Namer::new(&keys.ids).prefix(owner_byte, LOG_KIND);
            self.store.scan(&prefix, |key, _| {
                writes.push(Write::Delete(key.to_vec()));
                Ok(())
            })?;
        }
        // After the deletes: in one batch the last write to a key is the one that lands.
        writes.push(sealed);
        Ok((entry, hash))
    }

    /// A log entry of `author`, sealed under the couple key at its number's name.
    pub(super) fn seal_entry(
        &self,
        keyring: &Keyring,
        author: Slot,
        entry: &Entry,
    ) -> Result<Write, VaultError> {
        let owner = Owner::SharedBy(author);
        let id = Entry::id(entry.seq);
        let (key, sealed) = self.seal_at(keyring, owner, LOG_KIND, &id, &entry.encode())?;
        Ok(Write::Put(key.to_vec(), sealed))
    }

    /// The write that keeps the writer's own mark with a batch that appends to their
    /// log: in the own-records digest, which the batch writes anyway, or (before the
    /// first digest exists) in their trust record. Same batch, so a crash never leaves
    /// the log ahead of the mark.
    pub(super) fn own_mark_write(
        &self,
        keyring: &Keyring,
        own: &[(Vec<u8>, Option<Vec<u8>>)],
        seq: u64,
        hash: Hash,
    ) -> Result<Option<Write>, VaultError> {
        let mark = Mark { seq, hash };
        if let Some(w) = self.digest_write(keyring, own, Some(mark))? {
            return Ok(Some(w));
        }
        let mut trust = self.trust(keyring);
        trust.marks.insert(keyring.slot.number(), mark);
        self.seal_write(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID, &trust)
            .map(Some)
    }

    /// After an own write is on disk: this reader's view of their own log moves on in
    /// place; any other reader's is read again.
    pub(super) fn remember_own_log(&self, keyring: &Keyring, entry: &Entry, hash: Hash) {
        let me = keyring.slot.number();
        let mut accepted = self.accepted();
        accepted.retain(|(reader, author), _| *author != me || *reader == me);
        let state = accepted.entry((me, me)).or_default();
        let state = Arc::make_mut(state);
        state.apply(entry, hash);
        state.changed_outside = false;
        state.legacy = false;
    }

    /// The partner's trust, with their own mark as last written beside their log.
    pub(super) fn trust(&self, keyring: &Keyring) -> Trust {
        let mut trust: Trust = self
            .get_or_skip(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID)
            .ok()
            .flatten()
            .unwrap_or_default();
        let me = keyring.slot.number();
        let own = Mark::later(trust.marks.get(&me).copied(), self.stored_own_mark(keyring));
        if let Some(m) = own {
            trust.marks.insert(me, m);
        }
        trust
    }

    /// A partner whose profile was deleted (delete.rs) took their part of the couple
    /// space with them: the pin and mark kept for them would read that as damage, and
    /// would refuse a partner set up later in the same place. They go.
    pub(crate) fn forget_deleted_partner(&self, keyring: &Keyring) -> Result<(), VaultError> {
        let present = |slot: &u8| self.header.profiles.iter().any(|p| p.slot == *slot);
        let stored: Option<Trust> =
            self.get_or_skip(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID)?;
        let Some(mut trust) = stored else {
            return Ok(());
        };
        // A partner on another device (docs/SYNC.md) is absent from this header, not deleted.
        if self.is_paired(keyring)? {
            return Ok(());
        }
        let before = trust.clone();
        trust.pins.retain(|slot, _| present(slot));
        trust.marks.retain(|slot, _| present(slot));
        if trust != before {
            self.put(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID, &trust)?;
            self.forget_all_accepted();
        }
        Ok(())
    }

    pub(super) fn forget_all_accepted(&self) {
        self.accepted().clear();
    }

    pub(super) fn forget_accepted_of(&self, keyring: &Keyring) {
        self.forget_accepted(keyring.slot);
    }

    fn forget_accepted(&self, reader: Slot) {
        self.accepted().retain(|(r, _), _| *r != reader.number());
    }

    fn accepted(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<(u8, u8), Arc<AuthorState>>> {
        // Only whole values are put in or taken out: a poisoned map is still whole.
        self.authors.lock().unwrap_or_else(|e| e.into_inner())
    }
}
