//! Who is unlocked, and since when. The open vault and the session live behind one
//! mutex; locking drops the session, which wipes every key it held. The vault itself
//! stays open (its header is public) so status and unlock work while locked.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zeroize::Zeroizing;

use super::clock::{BootInstant, Clock};
use crate::error::{AppError, AppResult};
use crate::model::Role;
use crate::vault::{KdfParams, Keyring, Slot, Vault, VaultError};

/// Minutes of inactivity before the vault locks itself, unless the partner set another.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;

/// The unlocked partner.
pub struct Session {
    pub(crate) keyring: Keyring,
    pub(crate) slot: Slot,
    pub(crate) role: Role,
    pub(crate) name: Zeroizing<String>,
    pub(crate) colour: u8,
    /// See `couple::Me::offer_fresh_start`.
    pub(crate) offer_fresh_start: bool,
    /// See `couple::Unreadable::own_changed`.
    pub(crate) own_changed: bool,
    idle_limit: Duration,
    /// On the clock that runs during suspend, so time asleep counts as idle.
    last_active: BootInstant,
}

impl Session {
    pub(crate) fn new(
        keyring: Keyring,
        role: Role,
        name: String,
        colour: u8,
        auto_lock_minutes: u32,
        now: BootInstant,
    ) -> Self {
        Session {
            slot: keyring.slot(),
            keyring,
            role,
            name: Zeroizing::new(name),
            colour,
            idle_limit: minutes(auto_lock_minutes),
            last_active: now,
            offer_fresh_start: false,
            own_changed: false,
        }
    }

    pub(crate) fn set_auto_lock(&mut self, auto_lock_minutes: u32) {
        self.idle_limit = minutes(auto_lock_minutes);
    }

    fn idle_at(&self, now: BootInstant) -> bool {
        now.saturating_duration_since(self.last_active) >= self.idle_limit
    }
}

/// Told each time the keys are dropped, whoever dropped them (the Lock button, the idle
/// limit, the desktop): the shell pushes it to the page as an event. Called with the
/// vault's mutex held, so it must not call back into the vault.
pub type OnLock = Arc<dyn Fn() + Send + Sync>;

fn minutes(m: u32) -> Duration {
    Duration::from_secs(u64::from(m) * 60)
}

/// The vault (once opened) and the session (while unlocked).
pub(crate) struct Inner {
    pub(crate) vault: Option<Vault>,
    pub(crate) session: Option<Session>,
    /// Where a damaged store was moved, so the UI can keep offering a restore.
    pub(crate) set_aside: Option<PathBuf>,
    /// The cell's clock, for the idle check on every call.
    clock: Clock,
    on_lock: Option<OnLock>,
}

pub(crate) struct VaultCell {
    inner: Mutex<Inner>,
    /// Serialises unlock attempts, so parallel tries cannot slip past the backoff.
    pub(crate) unlock_gate: Mutex<()>,
    pub(crate) kdf: KdfParams,
    /// The same clock as `Inner`'s, readable while `inner` is held.
    clock: Clock,
}

impl VaultCell {
    pub(crate) fn new(kdf: KdfParams, clock: Clock) -> Self {
        VaultCell {
            inner: Mutex::new(Inner {
                vault: None,
                session: None,
                set_aside: None,
                clock: clock.clone(),
                on_lock: None,
            }),
            unlock_gate: Mutex::new(()),
            kdf,
            clock,
        }
    }

    /// Now, on the clock idle time is measured on.
    pub(crate) fn now(&self) -> BootInstant {
        (self.clock)()
    }

    /// A poisoned lock still holds consistent data here (every change is a single
    /// assignment), so it is used rather than turned into a panic.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn gate(&self) -> MutexGuard<'_, ()> {
        self.unlock_gate.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops the keys now. Returns whether someone was unlocked.
    pub(crate) fn lock_now(&self) -> bool {
        self.lock().end_session()
    }

    /// Locks if the session has been idle for its limit at `now`.
    pub(crate) fn lock_if_idle(&self, now: BootInstant) -> bool {
        let mut inner = self.lock();
        if inner.session.as_ref().is_some_and(|s| s.idle_at(now)) {
            return inner.end_session();
        }
        false
    }

    /// Runs `work` with the unlocked partner's keys, without counting as activity (a
    /// timed sync must not keep an unattended app unlocked); None while locked, and a
    /// session idle past its limit is ended here instead.
    pub(crate) fn quietly_unlocked<T>(
        &self,
        work: impl FnOnce(&Vault, &Keyring) -> T,
    ) -> Option<T> {
        let mut inner = self.lock();
        let now = (inner.clock)();
        if inner.session.as_ref().is_some_and(|s| s.idle_at(now)) {
            inner.end_session();
            return None;
        }
        match (inner.vault.as_ref(), inner.session.as_ref()) {
            (Some(v), Some(s)) => Some(work(v, &s.keyring)),
            _ => None,
        }
    }

    pub(crate) fn set_on_lock(&self, on_lock: OnLock) {
        self.lock().on_lock = Some(on_lock);
    }
}

impl Inner {
    /// Drops the session (wiping its keys) and tells the listener; says whether someone
    /// was unlocked. A session replaced in one step (a restore) is not a lock.
    fn end_session(&mut self) -> bool {
        let ended = self.session.take().is_some();
        if let (true, Some(on_lock)) = (ended, &self.on_lock) {
            on_lock();
        }
        ended
    }

    /// Opens the vault in `dir` if there is one and it is not open yet.
    pub(crate) fn open(&mut self, dir: &Path) -> AppResult<Option<&mut Vault>> {
        if self.vault.is_none() {
            match Vault::open(dir) {
                Ok(v) => self.vault = Some(v),
                Err(VaultError::NoVault) => return Ok(None),
                Err(e) => {
                    if let VaultError::Damaged { set_aside: Some(p) } = &e {
                        self.set_aside = Some(p.clone());
                    }
                    return Err(e.into());
                }
            }
        }
        Ok(self.vault.as_mut())
    }

    /// The open vault and the unlocked session, or `locked`. Counts as activity, and
    /// enforces the idle limit here too, in case the ticker has not run yet.
    pub(crate) fn unlocked(&mut self) -> AppResult<(&mut Vault, &mut Session)> {
        let now = (self.clock)();
        if self.session.as_ref().is_some_and(|s| s.idle_at(now)) {
            self.end_session();
        }
        match (self.vault.as_mut(), self.session.as_mut()) {
            (Some(v), Some(s)) => {
                s.last_active = now;
                Ok((v, s))
            }
            _ => Err(AppError::locked()),
        }
    }
}

/// Seconds since the Unix epoch, for the stored backoff.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
