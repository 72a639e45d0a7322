//! Compaction. sled reuses the space of old values slowly, so a store that rewrote much
//! (a month of days folded into one record, say) can take several times the room of
//! what it holds. Compacting copies every entry, still sealed, into a fresh store
//! folder, flushes it, and then switches the marker to it: the one atomic step. A crash
//! before the switch leaves the old store live; after it, the new one. Either way the
//! other folder is removed at the next open.

use super::header::FORMAT;
use super::layout::{self, next_store_name, Marker};
use super::storage::{Store, Write};
use super::{Vault, VaultError};

/// Compact when the store takes more than this many times the bytes it holds...
const BLOAT_FACTOR: u64 = 2;
/// ...and more than this in all (small stores are left alone).
pub(super) const MIN_BYTES: u64 = 1024 * 1024;

impl Vault {
    /// Bytes the live store takes on disk, and bytes of the entries it holds.
    pub fn store_sizes(&self) -> Result<(u64, u64), VaultError> {
        let mut live: u64 = self
            .store
            .meta_all()?
            .iter()
            .map(|(k, v)| (k.len() + v.len()) as u64)
            .sum();
        self.store.scan(b"", |k, v| {
            live += (k.len() + v.len()) as u64;
            Ok(())
        })?;
        Ok((layout::size_of(&self.dir.join(&self.store_name)), live))
    }

    /// Compacts if the store has grown well past what it holds. Says whether it did.
    pub fn compact_if_bloated(&mut self) -> Result<bool, VaultError> {
        let (on_disk, live) = self.store_sizes()?;
        if on_disk <= MIN_BYTES || on_disk <= live.saturating_mul(BLOAT_FACTOR) {
            return Ok(false);
        }
        self.compact()?;
        Ok(true)
    }

    /// Rewrites the store into a fresh folder and switches to it.
    pub fn compact(&mut self) -> Result<(), VaultError> {
        let name = next_store_name(&self.store_name);
        let path = self.dir.join(&name);
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        let copied = (|| {
            let fresh = Store::create(&path)?;
            fresh.meta_put_all(self.store.meta_all()?)?;
            let mut writes = Vec::new();
            self.store.scan(b"", |k, v| {
                writes.push(Write::Put(k.to_vec(), v.to_vec()));
                Ok(())
            })?;
            fresh.apply(writes)?;
            Marker {
                format: FORMAT,
                vault_id: self.header.vault_id.clone(),
                store: name.clone(),
            }
            .write(&self.dir)?;
            Ok(fresh)
        })();
        let fresh = match copied {
            Ok(fresh) => fresh,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&path);
                return Err(e);
            }
        };
        let old = std::mem::replace(&mut self.store, fresh);
        drop(old);
        let old_path = self.dir.join(std::mem::replace(&mut self.store_name, name));
        let _ = std::fs::remove_dir_all(old_path);
        Ok(())
    }
}
