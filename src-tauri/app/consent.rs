//! A partner's choice that their partner's therapist reports may include facts about
//! them: their phases, the phase changes and ruptures they recorded, and the patterns
//! computed from the numbers they shared (shared MODEL.md v2, *Consent*). Off until they
//! turn it on.
//!
//! It lives in the partner's own signed part of the couple space, because the other
//! partner's report has to read it; only its author can write there (the vault answers
//! `NotYours` to anyone else). Missing or unreadable reads as "not allowed".

use serde::{Deserialize, Serialize};

use super::AppState;
use crate::error::AppResult;
use crate::vault::{Keyring, Owner, Slot, Vault};

pub(crate) const KIND: &str = "report-consent";
const ID: &str = "report-consent";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct Stored {
    /// The partner's therapist reports may include facts about the author.
    partner_reports_include_me: bool,
}

fn read(vault: &Vault, keyring: &Keyring, author: Slot) -> bool {
    vault
        .get_or_skip::<Stored>(keyring, Owner::SharedBy(author), KIND, ID)
        .ok()
        .flatten()
        .unwrap_or_default()
        .partner_reports_include_me
}

/// Whether the unlocked partner allows their partner's reports to include them.
pub fn mine(state: &AppState) -> AppResult<bool> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(read(vault, &session.keyring, session.slot))
}

/// Whether the other partner allows the unlocked partner's reports to include them.
pub fn partners(state: &AppState) -> AppResult<bool> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(read(vault, &session.keyring, session.slot.other()))
}

/// Records the unlocked partner's choice, signed in their own part. The next report
/// the other partner makes reads it.
pub fn set(state: &AppState, allow: bool) -> AppResult<bool> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let value = Stored {
        partner_reports_include_me: allow,
    };
    vault.put(
        &session.keyring,
        Owner::SharedBy(session.slot),
        KIND,
        ID,
        &value,
    )?;
    Ok(read(vault, &session.keyring, session.slot))
}
