//! Use cases that join the model and the vault. The only place that knows who is
//! unlocked and what time it is.

pub mod agreements;
pub mod apart;
pub mod arc;
pub mod auto_lock;
pub mod checkins;
pub mod clock;
pub mod consent;
pub mod couple;
mod data_dir;
pub mod demo;
#[cfg(target_os = "linux")]
pub mod desktop_lock;
pub mod export;
mod export_asked;
pub mod files;
mod items;
pub mod journal;
pub mod questions;
pub mod report;
pub mod safety_check;
mod session;
pub mod session_page;
pub mod settings;
pub mod shared_view;
pub mod strength;
pub mod support;
pub mod sync;
pub mod tasks;
pub mod triggers;
pub mod views;
mod words;

pub use data_dir::{
    carry_over_old_folders, make_private, resolve_data_dir, DataDirState, DATA_DIR_ENV,
    OLD_IDENTIFIER,
};

use std::path::PathBuf;
use std::sync::Arc;

/// Process-wide state, managed by Tauri and handed to every command. Cheap to clone:
/// commands move a clone into their blocking task.
#[derive(Clone)]
pub struct AppState {
    data_dir: PathBuf,
    vault: Arc<session::VaultCell>,
    /// Held by a use case that reads, checks and then writes (a phase change): two at
    /// once would both pass the rules on the same reading.
    use_case: Arc<std::sync::Mutex<()>>,
    /// On a device joining a partner's: between the code and the welcome.
    joining: Arc<std::sync::Mutex<Option<crate::vault::Joining>>>,
    /// The welcome, kept while the joining partner's profile is refused (the same role
    /// as their partner's), so choosing again needs no new pairing.
    welcomed: Arc<std::sync::Mutex<Option<crate::vault::Joined>>>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        Self::with_kdf(data_dir, crate::vault::KdfParams::DEFAULT)
    }

    /// With other Argon2id costs (tests use the enforced floor; never below it).
    pub fn with_kdf(data_dir: PathBuf, kdf: crate::vault::KdfParams) -> Self {
        Self::with_clock(data_dir, kdf, clock::system())
    }

    /// With another clock for idle time (tests move one to play a suspend).
    pub fn with_clock(
        data_dir: PathBuf,
        kdf: crate::vault::KdfParams,
        clock: clock::Clock,
    ) -> Self {
        Self {
            data_dir,
            vault: Arc::new(session::VaultCell::new(kdf, clock)),
            use_case: Arc::new(std::sync::Mutex::new(())),
            joining: Arc::new(std::sync::Mutex::new(None)),
            welcomed: Arc::new(std::sync::Mutex::new(None)),
        }
    }

    /// One read-check-write use case at a time (a poisoned lock only means another
    /// one panicked; the vault itself is consistent, so go on).
    pub(crate) fn one_use_case(&self) -> std::sync::MutexGuard<'_, ()> {
        self.use_case.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn cell(&self) -> &session::VaultCell {
        &self.vault
    }

    /// Calls `on_lock` each time the keys are dropped (see `session::OnLock`).
    pub fn on_lock(&self, on_lock: impl Fn() + Send + Sync + 'static) {
        self.vault.set_on_lock(Arc::new(on_lock));
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Every record of `kind` the unlocked partner wrote, or with `partners` every one
    /// the other partner shared with them; in store order.
    pub(crate) fn records<T: serde::de::DeserializeOwned>(
        &self,
        kind: &'static str,
        partners: bool,
    ) -> crate::error::AppResult<Vec<T>> {
        let mut inner = self.cell().lock();
        let (vault, session) = inner.unlocked()?;
        let owner = if partners {
            crate::vault::Owner::SharedBy(session.slot.other())
        } else {
            crate::vault::Owner::Mine
        };
        let records = vault.list(&session.keyring, owner, kind)?;
        Ok(records.into_iter().map(|(_, r)| r).collect())
    }
}
