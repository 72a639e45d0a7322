//! The vault's side of the signed couple space (see `chain`): the partner's
//! signing key and trust, read and written under their root key, and what each reader
//! accepted of each author's log, kept in memory while the vault is open.

use std::sync::Arc;

use super::chain::{
    next_entry, verify, AuthorState, Entry, Identity, Mark, Op, StoredIdentity, Trust,
    IDENTITY_KIND, LOG_KIND, SINGLE_ID, TRUST_KIND,
};
use super::keyring::{Keyring, Owner, Slot};
use super::storage::Write;
use super::{Vault, VaultError};

impl Vault {
    /// Loads the partner's signing key (making one for a profile from before signed
    /// sequences), pins keys seen for the first time and records how far each author's
    /// log is accepted. Runs whenever a keyring is made, and again when the other
    /// partner's first records were just written beside it (set-up).
    pub fn prepare_couple_space(&self, keyring: &mut Keyring) -> Result<(), VaultError> {
        self.forget_accepted(keyring.slot);
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
            for (id, put) in self.hashes(keyring, Owner::SharedBy(keyring.slot), kind)? {
                ops.push(Op {
                    kind: (*kind).to_owned(),
                    id,
                    put: Some(put),
                });
            }
        }
        if ops.is_empty() {
            return Ok(());
        }
        let mut writes = Vec::new();
        let state = self.append_entry(keyring, ops, &mut writes)?;
        self.store.apply(writes)?;
        self.remember_own_log(keyring, state);
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
        let entries: Vec<Entry> = self
            .list::<Entry>(keyring, Owner::SharedBy(author), LOG_KIND)?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let state = Arc::new(verify(
            entries,
            &keyring.vault_id,
            author,
            &self.trust(keyring),
        ));
        self.accepted().insert(at, state.clone());
        Ok(state)
    }

    /// Whether any author's log, as this partner reads it, was changed outside the app.
    pub fn couple_space_changed(&self, keyring: &Keyring) -> bool {
        Slot::BOTH.iter().any(|a| {
            self.author_state(keyring, *a)
                .map_or(true, |s| s.changed_outside)
        })
    }

    /// The signed entry for `ops`, sealed into `writes` with this partner's new mark.
    pub(super) fn append_entry(
        &self,
        keyring: &Keyring,
        ops: Vec<Op>,
        writes: &mut Vec<Write>,
    ) -> Result<AuthorState, VaultError> {
        let me = keyring.slot;
        let identity = keyring.identity.as_ref().ok_or(VaultError::NotYours)?;
        let mut state = (*self.author_state(keyring, me)?).clone();
        let entry = next_entry(&state, identity, &keyring.vault_id, me, ops);
        let hash = entry.hash(&keyring.vault_id, me);
        writes.push(self.seal_write(
            keyring,
            Owner::SharedBy(me),
            LOG_KIND,
            &Entry::id(entry.seq),
            &entry,
        )?);
        let mut trust = self.trust(keyring);
        trust.marks.insert(
            me.number(),
            Mark {
                seq: entry.seq,
                hash,
            },
        );
        writes.push(self.seal_write(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID, &trust)?);
        state.apply(&entry, hash);
        state.changed_outside = false;
        state.legacy = false;
        Ok(state)
    }

    /// After an own write: this reader's view of their own log moves on; any other
    /// reader's is read again.
    pub(super) fn remember_own_log(&self, keyring: &Keyring, state: AuthorState) {
        let me = keyring.slot.number();
        let mut accepted = self.accepted();
        accepted.retain(|(_, author), _| *author != me);
        accepted.insert((me, me), Arc::new(state));
    }

    fn trust(&self, keyring: &Keyring) -> Trust {
        self.get_or_skip(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID)
            .ok()
            .flatten()
            .unwrap_or_default()
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
