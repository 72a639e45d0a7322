//! Two devices, no server (docs/SYNC.md): pairing with the partner's device through a
//! folder both sync, syncing the couple space there, and disconnecting.

use std::path::Path;
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use super::couple::{self, Created, NewPartner, COUPLE_KINDS};
use super::files::{require_unlocked, with_chosen, ChooseFile, Chosen, DialogKind, FileRequest};
use super::session::{unix_now, VaultCell};
use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::Role;
use crate::vault::{Joining, Keyring, PairCode, SyncReport, Vault, VaultError};

/// Whether this device syncs with the partner's, and when something last arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncInfo {
    pub connected: bool,
    /// This device synced with the partner's and was disconnected: what arrived stays.
    pub stopped: bool,
    /// Seconds since the epoch.
    pub last_arrival: Option<u64>,
}

/// A: writes an invitation into `folder` (chosen in the native dialog) and returns the
/// code to read to the partner.
pub fn pair_start(state: &AppState, folder: &Path) -> AppResult<String> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    can_invite(vault, &session.keyring)?;
    let code = vault
        .pair_start(&session.keyring, folder, unix_now())
        .map_err(|e| folder_error(e, "Healing Arc couldn't write in that folder. Please choose a folder you can save files in, one your sync tool keeps in step."))?;
    Ok(code.display())
}

/// Pairing starts from a device holding this partner's profile alone, not yet synced.
fn can_invite(vault: &Vault, keyring: &Keyring) -> AppResult<()> {
    if vault.sync_status(keyring)?.is_some() {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            "This device is already connected to your partner's device.",
        ));
    }
    if vault.sync_stopped(keyring)? {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            "This device was connected to your partner's device before. Connecting it again is not possible yet.",
        ));
    }
    Ok(())
}

/// A folder out of reach (a drive not plugged in, a folder removed or read-only) is
/// said as such, not as a fault inside the app.
fn folder_error(e: VaultError, words: &str) -> AppError {
    match e {
        VaultError::Io(_) => AppError::new(ErrorCode::NotFound, words),
        e => e.into(),
    }
}

const FOLDER_GONE: &str = "Healing Arc couldn't reach the folder you both sync. If it is on a USB stick or another drive, connect it; if it was moved or renamed, put it back. Then try again. Nothing here was changed.";

/// A: the verification phrase once the partner's device answered (None until then).
/// Their key is pinned; this device syncs once both confirmed the phrase (`confirm`).
pub fn pair_check(state: &AppState) -> AppResult<Option<String>> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let note = Some(role_note(session.role));
    Ok(vault.pair_answer_with(&session.keyring, unix_now(), note)?)
}

/// The inviting partner's role, as the byte the welcome carries to the joining device.
fn role_note(role: Role) -> u8 {
    match role {
        Role::Ap => b'a',
        Role::Op => b'o',
    }
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
    {
        let mut inner = state.cell().lock();
        let (vault, session) = inner.unlocked()?;
        can_invite(vault, &session.keyring)?;
    }
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
    let now = unix_now();
    if !Joining::invitation_in(folder, now).map_err(|e| folder_error(e, FOLDER_GONE))? {
        return Err(AppError::new(
            ErrorCode::NotFound,
            "There is no invitation from your partner's device in this folder yet. If your sync tool is still bringing it over, wait a moment and try again. Otherwise, check that you both chose the same folder.",
        ));
    }
    let joining = Joining::start(folder, &code, now).map_err(|e| folder_error(e, FOLDER_GONE))?;
    let phrase = joining.phrase();
    *state.joining.lock().unwrap_or_else(|e| e.into_inner()) = Some(joining);
    Ok(phrase)
}

/// B, once the phrases matched: makes this device's half with the partner's own
/// passphrase, name and role, and syncs once.
pub fn join(state: &AppState, new: NewPartner) -> AppResult<Created> {
    let kept = state
        .welcomed
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    let joined = match kept {
        Some(joined) => joined,
        None => receive_welcome(state)?,
    };
    // Their partner's role came in the welcome: the same one is refused, as on one
    // device, and the welcome is kept for the next try.
    if joined.note == Some(role_note(new.role)) {
        *state.welcomed.lock().unwrap_or_else(|e| e.into_inner()) = Some(joined);
        return Err(couple::same_role());
    }
    let created = couple::create_joined(state, new, joined)?;
    let mut inner = state.cell().lock();
    if let Ok((vault, session)) = inner.unlocked() {
        quietly(vault, &session.keyring);
    }
    Ok(created)
}

fn receive_welcome(state: &AppState) -> AppResult<crate::vault::Joined> {
    let mut slot = state.joining.lock().unwrap_or_else(|e| e.into_inner());
    let joining = slot.take().ok_or(VaultError::Pairing)?;
    match joining.receive(unix_now())? {
        Ok(joined) => Ok(joined),
        Err(waiting) => {
            *slot = Some(waiting);
            Err(AppError::new(
                ErrorCode::NotAllowed,
                "Your partner's device hasn't answered yet. Once their screen shows the same phrase, try again.",
            ))
        }
    }
}

/// Reads what arrived from the partner's device and writes what is new here.
pub fn sync_now(state: &AppState) -> AppResult<SyncReport> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    vault
        .sync_folder(&session.keyring, COUPLE_KINDS, unix_now())
        .map_err(|e| folder_error(e, FOLDER_GONE))
}

pub fn status(state: &AppState) -> AppResult<SyncInfo> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let status = vault.sync_status(&session.keyring)?;
    Ok(SyncInfo {
        connected: status.is_some(),
        stopped: vault.sync_stopped(&session.keyring)?,
        last_arrival: status.and_then(|s| s.last_arrival),
    })
}

/// Stops syncing with the partner's device. What they shared before stays readable
/// here (their key stays pinned); nothing more is read or written in the folder.
pub fn disconnect(state: &AppState) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(vault.disconnect(&mut session.keyring)?)
}

/// The inviting device, once both looked at the phrase: matching, nothing to do; not
/// matching, the device that answered was not the partner's, and is forgotten.
pub fn confirm(state: &AppState, matches: bool) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    if matches {
        vault.confirm_pairing(&session.keyring)?;
        // This partner's card and shares go to the folder now, not before: nothing
        // reaches a device whose phrase was not confirmed.
        quietly(vault, &session.keyring);
        Ok(())
    } else {
        Ok(vault.forget_pairing(&session.keyring)?)
    }
}

/// How often a sync runs by itself while someone is unlocked.
pub const SYNC_EVERY: Duration = Duration::from_secs(3 * 60);

/// Starts the timed sync: every `every`, while a partner is unlocked, what arrived is
/// read and what is new here written; `on_arrival` is told when something arrived. It
/// never runs while locked (it looks under the vault's lock each time), does not count
/// as activity, and stops by itself once the app state is gone.
pub fn start_timer(
    state: &AppState,
    every: Duration,
    on_arrival: impl Fn() + Send + 'static,
) -> std::io::Result<JoinHandle<()>> {
    let cell: Weak<VaultCell> = Arc::downgrade(&state.vault);
    std::thread::Builder::new()
        .name("sync".into())
        .spawn(move || loop {
            std::thread::sleep(every);
            let Some(cell) = cell.upgrade() else { return };
            if timed_in(&cell).is_some_and(|r| r.applied > 0) {
                on_arrival();
            }
        })
}

/// One timed sync: None while locked or not paired (or if the folder is out of reach,
/// which the next one tries again).
pub fn timed(state: &AppState) -> Option<SyncReport> {
    timed_in(state.cell())
}

fn timed_in(cell: &VaultCell) -> Option<SyncReport> {
    cell.quietly_unlocked(|vault, keyring| {
        if !matches!(vault.sync_status(keyring), Ok(Some(_))) {
            return None;
        }
        vault.sync_folder(keyring, COUPLE_KINDS, unix_now()).ok()
    })
    .flatten()
}

/// A sync whose failure changes nothing: on unlock and after pairing, where the
/// person did not ask for one and a folder out of reach is no error.
pub(crate) fn quietly(vault: &Vault, keyring: &Keyring) {
    if matches!(vault.sync_status(keyring), Ok(Some(_))) {
        let _ = vault.sync_folder(keyring, COUPLE_KINDS, unix_now());
    }
}
