//! The encrypted store (shared docs: SECURITY.md). Knows nothing of phases; stores
//! typed records for an owner.
//!
//! Keys: passphrase (or recovery code) → Argon2id → key-encryption key, which unwraps
//! the partner's random root key; the root key unwraps the couple key. HKDF subkeys of
//! each seal records and name them. See docs/VAULT.md for the whole picture.
//!
//! A crate of its own (healing-arc-vault, this file its root): no app framework, no model.

mod backoff;
mod backup;
mod chain;
#[cfg(test)]
mod chain_tests;
mod compact;
mod couple_key;
mod couple_space;
mod delete;
#[cfg(test)]
mod delete_tests;
mod header;
#[cfg(test)]
mod kat;
mod kdf;
mod keyring;
mod keys;
mod layout;
mod own_digest;
mod profiles;
mod records;
mod recovery;
mod rotate;
mod seal;
mod secret;
mod storage;
mod sync;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};

pub use backoff::{
    restore_attempts, set_restore_attempts, Attempts, FIRST_WAIT, FREE_TRIES, MAX_WAIT,
};
pub use backup::{OpenedBackup, MAX_BACKUP_BYTES};
pub use kdf::KdfParams;
pub use keyring::{Keyring, Owner, Slot};
pub use layout::{create_private_dir, set_aside_as, write_atomic, MARKER, STORE_DIR};
pub use records::Changes;
pub use recovery::RecoveryCode;
pub use secret::{Passphrase, Secret};
pub use sync::{
    Joined, Joining, PairCode, SyncReport, SyncStatus, INVITE_SECONDS, MAX_BUNDLE_BYTES,
};

use header::{Header, FORMAT};
use layout::Marker;
use storage::Store;

const HEADER_KEY: &str = "header";
/// The header's second copy (format 2 on): one damaged header never locks anyone out.
const HEADER_COPY_KEY: &str = "header-copy";

/// Both header copies, for one batch.
fn header_entries(bytes: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    [HEADER_KEY, HEADER_COPY_KEY]
        .iter()
        .map(|k| (k.as_bytes().to_vec(), bytes.to_vec()))
        .collect()
}

/// What went wrong, coarsely: crypto failures never say which byte or key was wrong.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("there is no vault in this folder")]
    NoVault,
    #[error("a vault already exists in this folder")]
    AlreadyExists,
    #[error("the store is in use by another process")]
    Busy,
    /// A wrong passphrase or recovery code.
    #[error("the passphrase or recovery code did not open this profile")]
    WrongPassphrase,
    /// Every copy of the wrapped key fails its checksum: no secret can open it.
    #[error("this profile's lock is damaged")]
    LockDamaged,
    #[error("too many wrong tries in a row; wait {wait:?}")]
    TryLater { wait: Duration },
    /// A stored value did not authenticate.
    #[error("a stored value failed its integrity check")]
    Integrity,
    /// The store could not be opened; it was moved to `set_aside`.
    #[error("the store is damaged")]
    Damaged { set_aside: Option<PathBuf> },
    #[error("KDF parameters are outside the accepted range")]
    KdfParams,
    #[error("no such profile")]
    NoProfile,
    /// A write to the other partner's part of the couple space.
    #[error("only a partner writes their own part of the couple space")]
    NotYours,
    #[error("both profiles of this vault are taken")]
    Full,
    #[error("not a Healing Arc backup, or a damaged one")]
    BadBackup,
    /// Pairing did not complete: a wrong code, or an invitation used, expired or
    /// changed. Which one is not said (docs/SYNC.md).
    #[error("pairing did not complete")]
    Pairing,
    #[error("this device is not connected to a partner's device")]
    NotPaired,
    #[error("the file is larger than any backup can be")]
    TooLarge,
    #[error("the system random number generator failed")]
    Crypto,
    #[error("encoding failed")]
    Encoding,
    #[error("storage error: {0}")]
    Store(String),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

/// One profile as it may be shown while locked: no name, no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileInfo {
    pub slot: Slot,
    pub colour: u8,
    /// How long before another unlock try is allowed.
    pub wait: Option<Duration>,
}

/// An opened vault: its store and header. Locked until a `Keyring` is unlocked.
pub struct Vault {
    dir: PathBuf,
    /// The folder name of the live store (see `layout::Marker::store`).
    store_name: String,
    store: Store,
    header: Header,
    /// The second copy, as read (none before format 2, or when it does not parse).
    header_copy: Option<Header>,
    rng: SystemRandom,
    /// Records that failed to open since the vault was opened, with their kind: each
    /// hides only itself (SECURITY.md 24). Forgotten once the record is written again.
    unreadable: std::sync::Mutex<std::collections::BTreeMap<Vec<u8>, &'static str>>,
    /// What each reader accepted of each author's log: (reader, author) → state.
    #[allow(clippy::type_complexity)]
    authors:
        std::sync::Mutex<std::collections::HashMap<(u8, u8), std::sync::Arc<chain::AuthorState>>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Whether any part of a vault is in `dir` (so creating one there is refused).
    pub fn present(dir: &Path) -> bool {
        layout::present(dir)
    }

    /// Opens the vault in `dir`. A damaged store is moved aside (never deleted) and
    /// reported as `Damaged` with the folder it went to; it never opens as empty.
    pub fn open(dir: &Path) -> Result<Vault, VaultError> {
        if !layout::present(dir) {
            return Err(VaultError::NoVault);
        }
        match Self::open_intact(dir) {
            Err(VaultError::Damaged { .. }) => {
                let aside = layout::set_aside(dir)?;
                Err(VaultError::Damaged {
                    set_aside: Some(aside),
                })
            }
            other => other,
        }
    }

    fn open_intact(dir: &Path) -> Result<Vault, VaultError> {
        let damaged = || VaultError::Damaged { set_aside: None };
        let marker = Marker::read(dir)?;
        let store = Store::open(&dir.join(&marker.store))?;
        let read = |key: &str| -> Option<Header> {
            let bytes = store.meta_get(key).ok()??;
            let h = Header::from_bytes(&bytes).ok()?;
            (h.vault_id == marker.vault_id && !h.profiles.is_empty()).then_some(h)
        };
        let (first, copy) = (read(HEADER_KEY), read(HEADER_COPY_KEY));
        // Either copy opens the vault; the first one whole is the one used.
        let header = first.clone().or_else(|| copy.clone()).ok_or_else(damaged)?;
        let header_copy = if first.is_some() { copy } else { None };
        // Folders left by a compaction cut short: never the live store.
        for stale in layout::stale_stores(dir, &marker.store) {
            let _ = std::fs::remove_dir_all(stale);
        }
        Ok(Vault {
            dir: dir.to_owned(),
            store_name: marker.store,
            store,
            header,
            header_copy,
            rng: SystemRandom::new(),
            unreadable: Default::default(),
            authors: Default::default(),
        })
    }

    /// Creates a vault with its first profile, which comes back unlocked, with the
    /// recovery code to show once.
    pub fn create(
        dir: &Path,
        params: KdfParams,
        colour: u8,
        passphrase: &Passphrase,
    ) -> Result<(Vault, Keyring, RecoveryCode), VaultError> {
        let rng = SystemRandom::new();
        let mut vault_id = [0u8; 16];
        rng.fill(&mut vault_id).map_err(|_| VaultError::Crypto)?;
        let couple = secret::Key32::random(&rng)?;
        let (vault, mut keyring, code) =
            Self::create_half(dir, params, colour, passphrase, vault_id, Slot::ONE, couple)?;
        vault.prepare_couple_space(&mut keyring)?;
        Ok((vault, keyring, code))
    }

    /// A vault holding one profile, `slot`, of the couple vault `vault_id` with
    /// `couple` as its couple key (the other profile may live on another device). The
    /// keyring comes back before its signing key is loaded.
    fn create_half(
        dir: &Path,
        params: KdfParams,
        colour: u8,
        passphrase: &Passphrase,
        vault_id: [u8; 16],
        slot: Slot,
        couple: secret::Key32,
    ) -> Result<(Vault, Keyring, RecoveryCode), VaultError> {
        params.check()?;
        if layout::present(dir) {
            return Err(VaultError::AlreadyExists);
        }
        layout::create_private_dir(dir)?;
        let rng = SystemRandom::new();
        let root = secret::Key32::random(&rng)?;
        let couple = couple_key::CoupleKey::new(couple);
        let (profile, code) = profiles::make_profile(
            &rng, &vault_id, slot, colour, &root, &couple, passphrase, params,
        )?;
        let header = Header {
            format: FORMAT,
            vault_id: vault_id.to_vec(),
            profiles: vec![profile],
        };
        let store_dir = dir.join(STORE_DIR);
        let store = Store::create(&store_dir)?;
        let written = header
            .to_bytes()
            .and_then(|b| store.meta_put_all(header_entries(&b)))
            .and_then(|_| {
                Marker {
                    format: FORMAT,
                    vault_id: vault_id.to_vec(),
                    store: STORE_DIR.to_owned(),
                }
                .write(dir)
            });
        if let Err(e) = written {
            // Nothing but the new header was in it: leave no half-made vault behind.
            drop(store);
            let _ = std::fs::remove_dir_all(&store_dir);
            return Err(e);
        }
        let vault = Vault {
            dir: dir.to_owned(),
            store_name: STORE_DIR.to_owned(),
            store,
            header_copy: Some(header.current()),
            header: header.current(),
            rng,
            unreadable: Default::default(),
            authors: Default::default(),
        };
        let keyring = Keyring::new(slot, vault_id, root, couple);
        Ok((vault, keyring, code))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn vault_id(&self) -> [u8; 16] {
        let mut id = [0u8; 16];
        id.copy_from_slice(&self.header.vault_id);
        id
    }
}
