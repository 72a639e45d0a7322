//! The vault through the app's public API, against real sled stores in temporary
//! folders. Tests named `req_NN_…` prove SECURITY.md requirement NN; the vault's unit
//! tests (src-tauri/vault/tests.rs) prove the crypto-level parts.

mod crash;
mod damage;
#[cfg(target_os = "linux")]
mod desktop_lock;
mod fixtures;
mod fixtures_v2;
mod requirements;
mod strength;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use healing_arc::app::clock::{self, BootInstant, Clock};
use healing_arc::app::couple::{self, NewPartner};
use healing_arc::app::AppState;
use healing_arc::error::{AppError, ErrorCode};
use healing_arc::model::{CheckIn, Role};
use healing_arc::vault::{KdfParams, Passphrase};

pub const P1: &str = "maple leaves in autumn";
pub const P2: &str = "river stones at dusk";

/// The app state over `dir`, at the enforced KDF floor (never weaker).
pub fn state(dir: &Path) -> AppState {
    AppState::with_kdf(dir.to_owned(), KdfParams::FLOOR)
}

pub fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

pub fn partner(name: &str, role: Role, colour: u8, passphrase: &str) -> NewPartner {
    NewPartner {
        name: name.to_owned(),
        role,
        colour,
        passphrase: pass(passphrase),
    }
}

pub struct Couple {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub state: AppState,
    pub codes: [String; 2],
}

/// Both partners set up; partner 1 (the partner who was hurt) is unlocked.
pub fn couple_named(one: &str, two: &str) -> Couple {
    couple_with(one, two, clock::system())
}

/// A clock the test moves by hand: a jump forward with no call in between is what a
/// suspend looks like to the app.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<BootInstant>>);

impl TestClock {
    /// Starts far beyond any real boot time, so code that read the system clock instead
    /// would never see the session as idle, and the tests would fail.
    pub fn new() -> Self {
        TestClock(Arc::new(Mutex::new(BootInstant::from_origin(
            Duration::from_secs(1 << 40),
        ))))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap();
        *now = *now + by;
    }

    pub fn now(&self) -> BootInstant {
        *self.0.lock().unwrap()
    }

    pub fn clock(&self) -> Clock {
        let me = self.clone();
        Arc::new(move || me.now())
    }
}

/// `couple()` on a clock the test moves.
pub fn couple_on(clock: &TestClock) -> Couple {
    couple_with("Alex", "Sam", clock.clock())
}

fn couple_with(one: &str, two: &str, clock: Clock) -> Couple {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let state = AppState::with_clock(dir.clone(), KdfParams::FLOOR, clock);
    let c1 = couple::create(&state, partner(one, Role::Ap, 2, P1)).unwrap();
    let c2 = couple::add_partner(&state, partner(two, Role::Op, 6, P2)).unwrap();
    Couple {
        tmp,
        dir,
        state,
        codes: [
            c1.recovery_code.reveal().to_owned(),
            c2.recovery_code.reveal().to_owned(),
        ],
    }
}

pub fn couple() -> Couple {
    couple_named("Alex", "Sam")
}

pub fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

pub fn checkin(d: &str, stance: i32, note: &str) -> CheckIn {
    CheckIn {
        stance,
        note: note.to_owned(),
        ..CheckIn::neutral(date(d))
    }
}

pub fn code_of<T: std::fmt::Debug>(r: Result<T, AppError>) -> ErrorCode {
    r.expect_err("an error").code
}
