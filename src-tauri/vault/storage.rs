//! The only module that knows sled. Everything it is given is already sealed or is
//! public metadata (the header, the try counters); every write is flushed before it
//! returns, so "saved" means on disk. Swapping sled means rewriting this file.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use super::VaultError;

/// sled keeps its log in segments of this size; smaller segments keep a small vault's
/// file small (sled grows the file a segment at a time). Fixed at creation.
const SEGMENT_SIZE: usize = 128 * 1024;
const RECORDS_TREE: &[u8] = b"r";
/// How long an open waits for another holder of the store's lock to let go.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub struct Store {
    db: sled::Db,
    records: sled::Tree,
}

/// A raw key and value.
pub type Entry = (Vec<u8>, Vec<u8>);

/// One change to the records, applied with others all-or-nothing.
pub enum Write {
    Put(Vec<u8>, Vec<u8>),
    Delete(Vec<u8>),
}

impl Store {
    /// A new, empty store; fails if one is already there.
    pub fn create(path: &Path) -> Result<Store, VaultError> {
        Self::open_with(path, true)
    }

    /// An existing store. Missing files or a store sled cannot read are `Damaged`,
    /// never a fresh empty store.
    pub fn open(path: &Path) -> Result<Store, VaultError> {
        for file in ["db", "conf"] {
            match std::fs::metadata(path.join(file)) {
                Ok(m) if m.is_file() && m.len() > 0 => {}
                _ => return Err(VaultError::Damaged { set_aside: None }),
            }
        }
        Self::open_with(path, false).map_err(|e| match e {
            VaultError::Busy => VaultError::Busy,
            _ => VaultError::Damaged { set_aside: None },
        })
    }

    /// sled releases its file lock from background threads a moment after a store is
    /// dropped, so a reopen right after a close may find it still held: wait a little.
    fn open_with(path: &Path, create_new: bool) -> Result<Store, VaultError> {
        let started = std::time::Instant::now();
        loop {
            match Self::open_once(path, create_new) {
                Err(VaultError::Busy) if started.elapsed() < BUSY_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(10))
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path, create_new: bool) -> Result<Store, VaultError> {
        let config = sled::Config::new()
            .path(path)
            .segment_size(SEGMENT_SIZE)
            .create_new(create_new);
        // sled panics on some damaged files instead of returning an error.
        let opened = catch_unwind(AssertUnwindSafe(|| {
            let db = config.open()?;
            let records = db.open_tree(RECORDS_TREE)?;
            Ok::<_, sled::Error>(Store { db, records })
        }));
        match opened {
            Ok(Ok(store)) => Ok(store),
            Ok(Err(e)) => Err(from_sled(e)),
            Err(_) => Err(VaultError::Damaged { set_aside: None }),
        }
    }

    /// Every metadata entry, raw (for compaction).
    pub fn meta_all(&self) -> Result<Vec<Entry>, VaultError> {
        self.db
            .iter()
            .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())).map_err(from_sled))
            .collect()
    }

    /// Writes raw metadata entries, then flushes.
    pub fn meta_put_all(&self, entries: Vec<Entry>) -> Result<(), VaultError> {
        let mut batch = sled::Batch::default();
        for (k, v) in entries {
            batch.insert(k, v);
        }
        self.db.apply_batch(batch).map_err(from_sled)?;
        self.flush()
    }

    pub fn meta_get(&self, key: &str) -> Result<Option<Vec<u8>>, VaultError> {
        Ok(self.db.get(key).map_err(from_sled)?.map(|v| v.to_vec()))
    }

    pub fn meta_put(&self, key: &str, value: &[u8]) -> Result<(), VaultError> {
        self.db.insert(key, value).map_err(from_sled)?;
        self.flush()
    }

    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, VaultError> {
        Ok(self
            .records
            .get(key)
            .map_err(from_sled)?
            .map(|v| v.to_vec()))
    }

    /// Calls `f` for every record whose key starts with `prefix`, in key order.
    pub fn scan(
        &self,
        prefix: &[u8],
        mut f: impl FnMut(&[u8], &[u8]) -> Result<(), VaultError>,
    ) -> Result<(), VaultError> {
        for item in self.records.scan_prefix(prefix) {
            let (k, v) = item.map_err(from_sled)?;
            f(&k, &v)?;
        }
        Ok(())
    }

    /// Applies all writes atomically, then flushes.
    pub fn apply(&self, writes: Vec<Write>) -> Result<(), VaultError> {
        let mut batch = sled::Batch::default();
        for w in writes {
            match w {
                Write::Put(k, v) => batch.insert(k, v),
                Write::Delete(k) => batch.remove(k),
            }
        }
        self.records.apply_batch(batch).map_err(from_sled)?;
        self.flush()
    }

    /// Applies record writes and metadata changes (puts, then removals) in one sled
    /// transaction over both trees, then flushes: all of it lands, or none. `fail`
    /// aborts just before the commit (tests break a deletion midway with it).
    pub fn apply_with_meta(
        &self,
        writes: Vec<Write>,
        meta_put: Vec<Entry>,
        meta_remove: Vec<String>,
        fail: bool,
    ) -> Result<(), VaultError> {
        use sled::transaction::{abort, TransactionError};
        use sled::Transactional;
        let mut records = sled::Batch::default();
        for w in writes {
            match w {
                Write::Put(k, v) => records.insert(k, v),
                Write::Delete(k) => records.remove(k),
            }
        }
        let mut meta = sled::Batch::default();
        for (k, v) in meta_put {
            meta.insert(k, v);
        }
        for k in meta_remove {
            meta.remove(k.as_bytes());
        }
        let meta_tree: &sled::Tree = &self.db;
        let done = (meta_tree, &self.records).transaction(|(m, r)| {
            r.apply_batch(&records)?;
            m.apply_batch(&meta)?;
            if fail {
                return abort(());
            }
            Ok(())
        });
        match done {
            Ok(()) => self.flush(),
            Err(TransactionError::Abort(())) => Err(VaultError::Store("aborted".into())),
            Err(TransactionError::Storage(e)) => Err(from_sled(e)),
        }
    }

    /// Every record, raw, for tests that tamper with the store.
    #[cfg(test)]
    pub fn raw(&self) -> Vec<Entry> {
        self.records
            .iter()
            .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap())
            .collect()
    }

    pub fn flush(&self) -> Result<(), VaultError> {
        self.db.flush().map_err(from_sled).map(|_| ())
    }
}

fn from_sled(e: sled::Error) -> VaultError {
    match e {
        // Another process (a second window of the app) holds the store's file lock.
        sled::Error::Io(e) if e.to_string().contains("could not acquire lock") => VaultError::Busy,
        sled::Error::Io(e) => VaultError::Io(e),
        sled::Error::Corruption { .. } => VaultError::Integrity,
        other => VaultError::Store(other.to_string()),
    }
}
