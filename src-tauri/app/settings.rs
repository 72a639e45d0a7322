//! A partner's own settings, sealed under their root key.

use serde::{Deserialize, Serialize};

use super::session::DEFAULT_AUTO_LOCK_MINUTES;
use super::AppState;
use crate::error::AppResult;
use crate::model::rules;
use crate::vault::{Changes, Keyring, Owner, Vault, VaultError};

pub(crate) const KIND: &str = "settings";
pub(crate) const ID: &str = "settings";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Minutes without activity before the app locks itself (`rules::check_auto_lock`).
    pub auto_lock_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
        }
    }
}

pub(crate) fn load(vault: &Vault, keyring: &Keyring) -> Result<Settings, VaultError> {
    Ok(vault
        .get_or_skip(keyring, Owner::Mine, KIND, ID)?
        .unwrap_or_default())
}

pub fn get(state: &AppState) -> AppResult<Settings> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(load(vault, &session.keyring)?)
}

pub fn set(state: &AppState, settings: Settings) -> AppResult<Settings> {
    rules::check_auto_lock(settings.auto_lock_minutes)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    stage(&mut changes, &settings)?;
    vault.apply(&session.keyring, changes)?;
    session.set_auto_lock(settings.auto_lock_minutes);
    Ok(settings)
}

/// The write that stores the partner's settings: private, never in the couple space.
pub(crate) fn stage(changes: &mut Changes, settings: &Settings) -> AppResult<()> {
    changes.put(Owner::Mine, KIND, ID, settings)?;
    Ok(())
}
