//! The private safety check (docs/SAFETY.md). The answers never reach the backend: the
//! page weighs them and forgets them. What is kept is one private record per partner,
//! written for every profile at set-up (or at the first unlock of an older profile),
//! that says only when the check was last offered. Offering, skipping and answering
//! each rewrite it to the same size, so nothing on disk tells them apart.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checkins::today;
use super::AppState;
use crate::error::AppResult;
use crate::vault::{Changes, Keyring, Owner, Vault, VaultError};

pub(crate) const KIND: &str = "safety-check";
const ID: &str = "safety-check";
/// The quiet prompt comes back this long after it was last offered.
pub const EVERY_DAYS: i64 = 28;
/// "Never offered", as wide as a date: the record's JSON has one length whatever it holds.
const NEVER: &str = "----------";

#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    /// `YYYY-MM-DD` or `NEVER`.
    offered: String,
}

impl Stored {
    fn on(day: Option<NaiveDate>) -> Self {
        Stored {
            offered: day.map_or_else(|| NEVER.to_owned(), |d| d.format("%Y-%m-%d").to_string()),
        }
    }

    fn day(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.offered, "%Y-%m-%d").ok()
    }
}

/// Stages the record of a profile being set up: never offered yet.
pub(crate) fn stage_new(changes: &mut Changes) -> Result<(), VaultError> {
    changes.put(Owner::Mine, KIND, ID, &Stored::on(None))?;
    Ok(())
}

/// A profile from before the check gets its record at unlock, so every profile holds
/// one whether or not its partner ever answers.
pub(crate) fn ensure(vault: &Vault, keyring: &Keyring) -> Result<(), VaultError> {
    if read(vault, keyring)?.is_none() {
        let mut changes = Changes::new();
        stage_new(&mut changes)?;
        vault.apply(keyring, changes)?;
    }
    Ok(())
}

fn read(vault: &Vault, keyring: &Keyring) -> Result<Option<Stored>, VaultError> {
    vault.get_or_skip(keyring, Owner::Mine, KIND, ID)
}

/// Whether the quiet prompt shows: never offered, or offered `EVERY_DAYS` ago or more.
/// It depends on the date alone, never on an answer.
pub fn due(state: &AppState) -> AppResult<bool> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let last = read(vault, &session.keyring)?.and_then(|s| s.day());
    Ok(is_due(last, today()))
}

fn is_due(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    last.is_none_or(|d| (today - d).num_days() >= EVERY_DAYS || d > today)
}

/// The check was offered and closed (skipped, answered or put off): the same rewrite
/// whichever it was.
pub fn offered(state: &AppState) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    changes.put(Owner::Mine, KIND, ID, &Stored::on(Some(today())))?;
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_prompt_returns_every_few_weeks_and_after_a_clock_turned_back() {
        let today = d("2026-03-29");
        assert!(is_due(None, today));
        assert!(!is_due(Some(d("2026-03-29")), today));
        assert!(!is_due(Some(d("2026-03-02")), today));
        assert!(is_due(Some(d("2026-03-01")), today));
        assert!(is_due(Some(d("2026-04-10")), today));
    }

    #[test]
    fn the_record_has_one_length_whatever_it_holds() {
        let never = serde_json::to_vec(&Stored::on(None)).unwrap();
        let dated = serde_json::to_vec(&Stored::on(Some(d("2026-12-31")))).unwrap();
        assert_eq!(never.len(), dated.len());
        assert_eq!(Stored::on(None).day(), None);
        assert_eq!(
            Stored::on(Some(d("2026-12-31"))).day(),
            Some(d("2026-12-31"))
        );
    }
}

#[cfg(test)]
mod records {
    use super::*;
    use crate::app::couple::{self, NewPartner};
    use crate::model::Role;
    use crate::vault::{KdfParams, Passphrase};

    /// The record of whoever is unlocked, and whether it sits in the couple space too.
    fn held(state: &AppState) -> (Option<String>, bool) {
        let mut inner = state.cell().lock();
        let (vault, session) = inner.unlocked().unwrap();
        let mine = read(vault, &session.keyring).unwrap().map(|s| s.offered);
        let shared = [session.slot, session.slot.other()].iter().any(|s| {
            !vault
                .list::<serde_json::Value>(&session.keyring, Owner::SharedBy(*s), KIND)
                .unwrap()
                .is_empty()
        });
        (mine, shared)
    }

    #[test]
    fn every_profile_holds_a_private_record_from_set_up_and_older_ones_get_it_at_unlock() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::with_kdf(tmp.path().join("data"), KdfParams::FLOOR);
        couple::create(
            &state,
            NewPartner::for_test("Alex", Role::Ap, "maple leaves in autumn"),
        )
        .unwrap();
        assert_eq!(held(&state), (Some(NEVER.into()), false));
        couple::add_partner(
            &state,
            NewPartner::for_test("Sam", Role::Op, "river stones at dusk"),
        )
        .unwrap();
        offered(&state).unwrap();
        let today = today().format("%Y-%m-%d").to_string();
        assert_eq!(held(&state), (Some(today), false));
        couple::lock(&state);
        couple::unlock(&state, 2, Passphrase::new("river stones at dusk".into())).unwrap();
        assert_eq!(
            held(&state),
            (Some(NEVER.into()), false),
            "set up for partner 2 too"
        );
        {
            // A profile from before the check: no record.
            let mut inner = state.cell().lock();
            let (vault, session) = inner.unlocked().unwrap();
            vault
                .delete(&session.keyring, Owner::Mine, KIND, ID)
                .unwrap();
        }
        couple::lock(&state);
        couple::unlock(&state, 2, Passphrase::new("river stones at dusk".into())).unwrap();
        assert_eq!(
            held(&state),
            (Some(NEVER.into()), false),
            "written at unlock"
        );
    }
}
