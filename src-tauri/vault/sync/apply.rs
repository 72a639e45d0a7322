//! Applying the partner's bundle to this half of the vault, and making this author's
//! next bundle. The partner's entries are checked as `chain::verify` checks a log read
//! from the store, but before anything is written: a bundle that would not verify is
//! refused whole, and the last good state is kept.

use std::collections::{BTreeMap, BTreeSet};

use super::super::chain::{
    well_formed_checkpoint, Entry, StoreKey, LOG_KIND, SINGLE_ID, TRUST_KIND,
};
use super::super::keyring::{Keyring, Owner, Slot};
use super::super::keys::{Namer, PREFIX_LEN};
use super::super::records::{decode, record_ad};
use super::super::storage::Write;
use super::super::{Vault, VaultError};
use super::bundle::{Body, Rec};

/// What became of one of the partner's bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// New entries were checked and written.
    Applied,
    /// Nothing new in it (a copy, or an acknowledgement only).
    Old,
    /// It starts past the next entry expected: kept for a later sync.
    Waiting,
    /// A different entry where one was applied, or this half's view of the partner's
    /// log is itself damaged: changed outside the app.
    Fork,
    /// An entry does not chain or verify, or a record does not match what its entry
    /// signed: changed outside the app.
    Forged,
}

impl Vault {
    pub(super) fn apply_body(&self, keyring: &Keyring, body: &Body) -> Result<Outcome, VaultError> {
        let author = body.author;
        let trust = self.trust(keyring);
        let Some(pin) = trust.pin(author) else {
            return Ok(Outcome::Forged);
        };
        let state = self.author_state(keyring, author)?;
        if state.changed_outside {
            return Ok(Outcome::Fork);
        }
        let mut entries = body.entries.clone();
        entries.sort_by_key(|e| e.seq);
        if entries.windows(2).any(|w| w[1].seq != w[0].seq + 1) {
            return Ok(Outcome::Forged);
        }
        // Entries already applied must be the ones applied.
        let mut new = entries.as_slice();
        while let Some((e, rest)) = new.split_first() {
            if e.seq >= state.next_seq {
                break;
            }
            if self
                .stored_entry(keyring, author, e.seq)?
                .is_some_and(|s| s != *e)
            {
                return Ok(Outcome::Fork);
            }
            if e.seq + 1 == state.next_seq && e.hash(&keyring.vault_id, author) != state.head {
                return Ok(Outcome::Fork);
            }
            new = rest;
        }
        let Some(first) = new.first() else {
            return Ok(Outcome::Old);
        };
        if first.seq > state.next_seq && !first.checkpoint {
            return Ok(Outcome::Waiting);
        }
        // Right after the head an entry must link to it (past it, a checkpoint is taken
        // by its number, as in `chain::verify`).
        if first.seq == state.next_seq && state.next_seq > 0 && first.prev != state.head {
            return Ok(Outcome::Fork);
        }
        let mut next = (*state).clone();
        next.key = Some(pin.clone());
        for (i, e) in new.iter().enumerate() {
            let linked = i == 0 || e.prev == next.head;
            let whole = !e.checkpoint || well_formed_checkpoint(e);
            if !linked || !whole || !e.signed_by(&pin, &keyring.vault_id, author) {
                return Ok(Outcome::Forged);
            }
            next.apply(e, e.hash(&keyring.vault_id, author));
        }
        let start = new.iter().rposition(|e| e.checkpoint);
        let mut touched: BTreeSet<StoreKey> = new
            .iter()
            .flat_map(|e| e.ops.iter().map(|op| op.key))
            .collect();
        if start.is_some() {
            touched.extend(state.live.keys().copied());
        }
        let records: BTreeMap<StoreKey, &Rec> = body.records.iter().map(|r| (r.key, r)).collect();
        let owner = Owner::SharedBy(author);
        let (owner_byte, keys) = keyring.resolve(owner);
        let namer = Namer::new(&keys.ids);
        let sealer = keyring.opener(owner);
        let mut writes = Vec::new();
        if start.is_some() {
            // The author folded their log: so does this half.
            let prefix = namer.prefix(owner_byte, LOG_KIND);
            self.store.scan(&prefix, |key, _| {
                writes.push(Write::Delete(key.to_vec()));
                Ok(())
            })?;
        }
        for key in touched {
            let Some(hash) = next.live.get(&key) else {
                writes.push(Write::Delete(key.to_vec()));
                continue;
            };
            if state.live.get(&key) == Some(hash) && !records.contains_key(&key) {
                continue; // already here, as signed
            }
            let Some(rec) = records.get(&key) else {
                return Ok(Outcome::Forged);
            };
            let fits = !rec.kind.is_empty()
                && rec.kind.len() <= 32
                && rec.kind != LOG_KIND
                && key[..PREFIX_LEN] == namer.prefix(owner_byte, &rec.kind);
            let ad = record_ad(&keyring.vault_id, owner_byte, &rec.kind, &key);
            let matches = fits
                && sealer.open(&ad, &rec.sealed).is_ok_and(|plain| {
                    decode(&plain)
                        .is_ok_and(|json| super::super::chain::content_hash(&json) == *hash)
                });
            if !matches {
                return Ok(Outcome::Forged);
            }
            writes.push(Write::Put(key.to_vec(), rec.sealed.clone()));
        }
        for e in &new[start.unwrap_or(0)..] {
            writes.push(self.seal_entry(keyring, author, e)?);
        }
        let mut trust = trust;
        if let Some(mark) = next.mark() {
            trust.marks.insert(author.number(), mark);
        }
        writes.push(self.seal_write(keyring, Owner::Mine, TRUST_KIND, SINGLE_ID, &trust)?);
        self.store.apply(writes)?;
        self.forget_accepted_of(keyring);
        Ok(Outcome::Applied)
    }

    /// The partner's entry `seq` as this half stored it, if it still has it.
    fn stored_entry(
        &self,
        keyring: &Keyring,
        author: Slot,
        seq: u64,
    ) -> Result<Option<Entry>, VaultError> {
        let (owner_byte, keys) = keyring.resolve(Owner::SharedBy(author));
        let key = Namer::new(&keys.ids).store_key(owner_byte, LOG_KIND, &Entry::id(seq));
        let Some(sealed) = self.store.get(&key)? else {
            return Ok(None);
        };
        let ad = record_ad(&keyring.vault_id, owner_byte, LOG_KIND, &key);
        Ok(keyring
            .opener(Owner::SharedBy(author))
            .open(&ad, &sealed)
            .ok()
            .and_then(|plain| Entry::decode(&plain)))
    }

    /// This author's entries from `from` on (or from their latest checkpoint, when the
    /// ones before were folded), and every live record they name, for a bundle. None
    /// when the author's own log does not verify: nothing is sent from a damaged log.
    pub(super) fn export_body(
        &self,
        keyring: &Keyring,
        from: u64,
        kinds: &[&'static str],
    ) -> Result<Option<Body>, VaultError> {
        let me = keyring.slot;
        let state = self.author_state(keyring, me)?;
        if state.changed_outside {
            return Ok(None);
        }
        let mut entries: Vec<Entry> = self
            .log_entries(keyring, me)?
            .into_iter()
            .filter(|e| e.seq >= from && e.seq < state.next_seq)
            .collect();
        entries.sort_by_key(|e| e.seq);
        let wanted: BTreeSet<StoreKey> = entries
            .iter()
            .flat_map(|e| e.ops.iter().map(|op| op.key))
            .filter(|k| state.live.contains_key(k))
            .collect();
        let mut records = Vec::new();
        let (owner_byte, keys) = keyring.resolve(Owner::SharedBy(me));
        let namer = Namer::new(&keys.ids);
        for kind in kinds {
            self.store
                .scan(&namer.prefix(owner_byte, kind), |key, sealed| {
                    if let Ok(k) = StoreKey::try_from(key) {
                        if wanted.contains(&k) {
                            records.push(Rec {
                                kind: (*kind).to_owned(),
                                key: k,
                                sealed: sealed.to_vec(),
                            });
                        }
                    }
                    Ok(())
                })?;
        }
        let ack = self.author_state(keyring, me.other())?.next_seq;
        Ok(Some(Body {
            author: me,
            ack,
            entries,
            records,
        }))
    }
}
