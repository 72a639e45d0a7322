//! The vault through the app's public API, against real sled stores in temporary
//! folders. Tests named `req_NN_…` prove SECURITY.md requirement NN; the vault's unit
//! tests (src-tauri/vault/tests.rs) prove the crypto-level parts.

mod crash;
mod requirements;
mod strength;

use std::path::{Path, PathBuf};

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
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let state = state(&dir);
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
