//! Two devices, no server (docs/SYNC.md): pairing with the partner's device through a
//! folder both sync, syncing the couple space there, and disconnecting.

use std::path::Path;

use super::couple::{self, Created, NewPartner, COUPLE_KINDS};
use super::files::{require_unlocked, with_chosen, ChooseFile, Chosen, DialogKind, FileRequest};
use super::session::unix_now;
use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::vault::{Joining, Keyring, PairCode, SyncReport, Vault, VaultError};

/// Whether this device syncs with the partner's, and when something last arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncInfo {
    pub connected: bool,
    /// Seconds since the epoch.
    pub last_arrival: Option<u64>,
}

/// A: writes an invitation into `folder` (chosen in the native dialog) and returns the
/// code to read to the partner.
pub fn pair_start(state: &AppState, folder: &Path) -> AppResult<String> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let code = vault.pair_start(&session.keyring, folder, unix_now())?;
    Ok(code.display())
}

/// A: the verification phrase once the partner's device answered (None until then).
/// Their key is pinned and this device syncs from then on.
pub fn pair_check(state: &AppState) -> AppResult<Option<String>> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let phrase = vault.pair_answer(&session.keyring, unix_now())?;
    if phrase.is_some() {
        // This partner's card and shares are in the folder before the partner joins.
        quietly(vault, &session.keyring);
    }
    Ok(phrase)
}

/// The folder dialog for the shared folder.
fn folder_request() -> FileRequest {
    FileRequest {
        kind: DialogKind::Folder,
        title: "Choose the folder you both sync",
        file_name: String::new(),
        filter: ("Folders", &[]),
    }
}

/// A: `pair_start` in the folder the person picks.
pub fn pair_start_chosen(state: &AppState, chooser: &dyn ChooseFile) -> AppResult<Chosen<String>> {
    require_unlocked(state)?;
    with_chosen(chooser, &folder_request(), |folder| {
        pair_start(state, folder)
    })
}

/// B: `pair_join` in the folder the person picks.
pub fn pair_join_chosen(
    state: &AppState,
    chooser: &dyn ChooseFile,
    code: &str,
) -> AppResult<Chosen<String>> {
    // The code is checked before the dialog, so nobody picks a folder for nothing.
    PairCode::parse(code).ok_or_else(bad_code)?;
    with_chosen(chooser, &folder_request(), |folder| {
        pair_join(state, folder, code)
    })
}

fn bad_code() -> AppError {
    AppError::validation(
        "code",
        "The code has 8 digits. Please check it with your partner and try again.",
    )
}

/// B: answers the invitation in `folder` with the typed code; the phrase to compare.
pub fn pair_join(state: &AppState, folder: &Path, code: &str) -> AppResult<String> {
    if Vault::present(state.data_dir()) {
        return Err(VaultError::AlreadyExists.into());
    }
    let code = PairCode::parse(code).ok_or_else(bad_code)?;
    let joining = Joining::start(folder, &code, unix_now())?;
    let phrase = joining.phrase();
    *state.joining.lock().unwrap_or_else(|e| e.into_inner()) = Some(joining);
    Ok(phrase)
}

/// B, once the phrases matched: makes this device's half with the partner's own
/// passphrase, name and role, and syncs once.
pub fn join(state: &AppState, new: NewPartner) -> AppResult<Created> {
    let mut slot = state.joining.lock().unwrap_or_else(|e| e.into_inner());
    let joining = slot.take().ok_or(VaultError::Pairing)?;
    let joined = match joining.receive(unix_now())? {
        Ok(joined) => joined,
        Err(waiting) => {
            *slot = Some(waiting);
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "Your partner's device hasn't answered yet. Once their screen shows the same phrase, try again.",
            ));
        }
    };
    drop(slot);
    let created = couple::create_joined(state, new, joined)?;
    let mut inner = state.cell().lock();
    if let Ok((vault, session)) = inner.unlocked() {
        quietly(vault, &session.keyring);
    }
    Ok(created)
}

/// Reads what arrived from the partner's device and writes what is new here.
pub fn sync_now(state: &AppState) -> AppResult<SyncReport> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(vault.sync_folder(&session.keyring, COUPLE_KINDS, unix_now())?)
}

pub fn status(state: &AppState) -> AppResult<SyncInfo> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let status = vault.sync_status(&session.keyring)?;
    Ok(SyncInfo {
        connected: status.is_some(),
        last_arrival: status.and_then(|s| s.last_arrival),
    })
}

/// Stops syncing with the partner's device (also when the phrases did not match).
pub fn disconnect(state: &AppState) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(vault.disconnect(&session.keyring)?)
}

/// A sync whose failure changes nothing: on unlock and after pairing, where the
/// person did not ask for one and a folder out of reach is no error.
pub(crate) fn quietly(vault: &Vault, keyring: &Keyring) {
    if matches!(vault.sync_status(keyring), Ok(Some(_))) {
        let _ = vault.sync_folder(keyring, COUPLE_KINDS, unix_now());
    }
}
