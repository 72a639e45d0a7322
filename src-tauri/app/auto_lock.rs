//! The backend locks the vault by itself after the partner's idle limit: a background
//! ticker drops the keys, so an unattended app holds none, whatever the UI does.
//! Idle time is read on the state's clock, which runs during suspend: the first tick
//! after waking from a long sleep locks.

use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use super::clock::BootInstant;
use super::session::VaultCell;
use super::AppState;

/// How often the ticker looks.
pub const TICK: Duration = Duration::from_secs(5);

/// Starts the ticker. It stops by itself once the app state is gone. It reads the time
/// on the state's clock (`AppState::with_clock`).
pub fn start(state: &AppState, every: Duration) -> std::io::Result<JoinHandle<()>> {
    let cell: Weak<VaultCell> = Arc::downgrade(&state.vault);
    std::thread::Builder::new()
        .name("auto-lock".into())
        .spawn(move || loop {
            std::thread::sleep(every);
            match cell.upgrade() {
                Some(cell) => {
                    cell.lock_if_idle(cell.now());
                }
                None => return,
            }
        })
}

/// Locks now if the session has been idle for its limit at `now`; says whether it did.
pub fn lock_if_idle(state: &AppState, now: BootInstant) -> bool {
    state.vault.lock_if_idle(now)
}
