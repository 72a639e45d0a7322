//! Two devices, no server (docs/SYNC.md): each partner's half of the couple vault on
//! their own device, the couple space kept in step through a folder both sync. Pairing
//! in `pair`, the file format in `bundle`, checking and applying in `apply`.

mod apply;
mod bundle;
mod files;
mod pair;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};

use super::chain::{StoredIdentity, Trust, IDENTITY_KIND, SINGLE_ID, TRUST_KIND};
use super::header::hex;
use super::keyring::{Keyring, Owner};
use super::layout::write_atomic;
use super::{KdfParams, Passphrase, RecoveryCode, Vault, VaultError};
use apply::Outcome;
use bundle::Refused;
use files::{read_capped, remove_quietly};

pub use bundle::MAX_BUNDLE_BYTES;
pub use pair::{Joined, Joining, PairCode, INVITE_SECONDS};

/// Private: where this half syncs and how far.
const SYNC_KIND: &str = "sync";
const BUNDLE_EXT: &str = ".bundle";
/// Private: this half stopped syncing, and its partner (absent from this header, on
/// their own device) is no deleted profile: what they shared stays readable.
const ENDED_KIND: &str = "sync-ended";

#[derive(Serialize, Deserialize, Default)]
struct SyncEnded {}

#[derive(Serialize, Deserialize, Default)]
struct SyncState {
    folder: String,
    /// This author's first entry not yet written to a bundle.
    #[serde(default)]
    exported: u64,
    /// The acknowledgement last written.
    #[serde(default)]
    sent_ack: u64,
    /// How much of this author's log the partner said they applied.
    #[serde(default)]
    partner_ack: u64,
    /// Bundles this device wrote and has not removed yet.
    #[serde(default)]
    mine: Vec<OwnBundle>,
    #[serde(default)]
    last_arrival: Option<u64>,
    /// A, between the partner's answer and both confirming the phrase: nothing is read
    /// or written yet (absent in older records: they were confirmed).
    #[serde(default)]
    unconfirmed: bool,
}

#[derive(Serialize, Deserialize)]
struct OwnBundle {
    name: String,
    /// This author's next entry after the ones in it.
    end: u64,
}

/// What one sync did and found. Anything in `changed_outside` was refused and changed
/// nothing here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// The partner's bundles applied.
    pub applied: u32,
    /// Bundles with nothing new (copies, conflict copies, acknowledgements).
    pub old: u32,
    /// Bundles that start past what arrived so far: applied once the rest arrives.
    pub waiting: u32,
    /// Bundles that were forked, forged, rolled back or signed by a key never paired.
    pub changed_outside: u32,
    /// Files that do not open: half-written, truncated, or from another couple.
    pub unreadable: u32,
    pub too_large: u32,
    /// Whether this device wrote a bundle.
    pub written: bool,
    /// When something last arrived from the partner (seconds since the epoch).
    pub last_arrival: Option<u64>,
}

/// Where and how far this half syncs, for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub folder: PathBuf,
    pub last_arrival: Option<u64>,
}

/// Called on A once the partner's reply opened (unconfirmed: it syncs there once both
/// confirmed the phrase), and on B as its half is made.
fn start_state(
    vault: &Vault,
    keyring: &Keyring,
    folder: &Path,
    unconfirmed: bool,
) -> Result<(), VaultError> {
    let state = SyncState {
        folder: folder.to_string_lossy().into_owned(),
        unconfirmed,
        ..SyncState::default()
    };
    vault.put(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID, &state)
}

impl Vault {
    /// B: makes this device's half of the couple's vault from the welcome, with B's
    /// own passphrase and recovery code, both signing keys pinned.
    pub fn create_joined(
        dir: &Path,
        params: KdfParams,
        colour: u8,
        passphrase: &Passphrase,
        joined: Joined,
    ) -> Result<(Vault, Keyring, RecoveryCode), VaultError> {
        let Joined {
            vault_id,
            couple,
            slot,
            partner_key,
            identity,
            folder,
            ..
        } = joined;
        let (vault, mut keyring, code) =
            Self::create_half(dir, params, colour, passphrase, vault_id, slot, couple)?;
        let mut trust = Trust::default();
        trust
            .pins
            .insert(slot.number(), hex::encode(&identity.public()));
        trust
            .pins
            .insert(slot.other().number(), hex::encode(&partner_key));
        vault.put(
            &keyring,
            Owner::Mine,
            IDENTITY_KIND,
            SINGLE_ID,
            &StoredIdentity::of(&identity),
        )?;
        vault.put(&keyring, Owner::Mine, TRUST_KIND, SINGLE_ID, &trust)?;
        // Syncing first: the partner lives on the other device, absent from this header,
        // and preparing the couple space must not take that for a deleted profile.
        start_state(&vault, &keyring, &folder, false)?;
        vault.prepare_couple_space(&mut keyring)?;
        Ok((vault, keyring, code))
    }

    /// A: both partners saw the same phrase; from now on this half syncs.
    pub fn confirm_pairing(&self, keyring: &Keyring) -> Result<(), VaultError> {
        let mut state: SyncState = self
            .get(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID)?
            .ok_or(VaultError::NotPaired)?;
        if state.unconfirmed {
            state.unconfirmed = false;
            self.put(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID, &state)?;
        }
        Ok(())
    }

    /// Whether this half syncs, where, and when something last arrived (None until the
    /// phrase is confirmed).
    pub fn sync_status(&self, keyring: &Keyring) -> Result<Option<SyncStatus>, VaultError> {
        let state: Option<SyncState> = self.get(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID)?;
        Ok(state.filter(|s| !s.unconfirmed).map(|s| SyncStatus {
            folder: PathBuf::from(s.folder),
            last_arrival: s.last_arrival,
        }))
    }

    /// Reads the partner's bundles from the folder and applies what is next, then
    /// writes this author's new entries (and what it applied) as a bundle, and removes
    /// its own bundles the partner has applied. `kinds` are the couple-space record
    /// kinds to send; `now` is seconds since the epoch.
    pub fn sync_folder(
        &self,
        keyring: &Keyring,
        kinds: &[&'static str],
        now: u64,
    ) -> Result<SyncReport, VaultError> {
        let mut state: SyncState = self
            .get(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID)?
            .filter(|s: &SyncState| !s.unconfirmed)
            .ok_or(VaultError::NotPaired)?;
        let folder = PathBuf::from(&state.folder);
        let mut report = SyncReport::default();
        let mut theirs = self.read_folder(keyring, &folder, &mut report)?;
        for b in &theirs {
            state.partner_ack = state.partner_ack.max(b.ack);
        }
        theirs.sort_by_key(|b| b.entries.iter().map(|e| e.seq).min());
        // Out-of-order files: apply what is next until nothing more is.
        loop {
            let mut progress = false;
            let mut later = Vec::new();
            for b in theirs {
                match self.apply_body(keyring, &b)? {
                    Outcome::Applied => {
                        report.applied += 1;
                        progress = true;
                    }
                    Outcome::Old => report.old += 1,
                    Outcome::Waiting => later.push(b),
                    Outcome::Fork | Outcome::Forged => report.changed_outside += 1,
                }
            }
            theirs = later;
            if !progress || theirs.is_empty() {
                break;
            }
        }
        report.waiting = theirs.len() as u32;
        if report.applied > 0 {
            state.last_arrival = Some(now);
        }
        report.written = self.write_bundle(keyring, &folder, kinds, &mut state)?;
        self.prune(&folder, &mut state);
        report.last_arrival = state.last_arrival;
        self.put(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID, &state)?;
        Ok(report)
    }

    /// The partner's bundles in the folder that open and verify; the rest counted.
    fn read_folder(
        &self,
        keyring: &Keyring,
        folder: &Path,
        report: &mut SyncReport,
    ) -> Result<Vec<bundle::Body>, VaultError> {
        let trust = self.trust(keyring);
        let mut theirs = Vec::new();
        for entry in std::fs::read_dir(folder)?.filter_map(Result::ok) {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            // Hidden files are temp files (ours and sync tools'); conflict copies and
            // renamed files still end in `.bundle`.
            if name.starts_with('.') || !name.ends_with(BUNDLE_EXT) {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            if meta.len() > MAX_BUNDLE_BYTES {
                report.too_large += 1;
                continue;
            }
            let Some(bytes) = read_capped(&path, MAX_BUNDLE_BYTES) else {
                report.unreadable += 1;
                continue;
            };
            match bundle::open(keyring, &trust, &bytes) {
                Ok(b) if b.author == keyring.slot => {}
                Ok(b) => theirs.push(b),
                Err(Refused::Unreadable) => report.unreadable += 1,
                Err(Refused::Forged) => report.changed_outside += 1,
            }
        }
        Ok(theirs)
    }

    /// Writes a bundle when this author has new entries or applied more of the
    /// partner's since the last one.
    fn write_bundle(
        &self,
        keyring: &Keyring,
        folder: &Path,
        kinds: &[&'static str],
        state: &mut SyncState,
    ) -> Result<bool, VaultError> {
        let own_next = self.author_state(keyring, keyring.slot)?.next_seq;
        let ack = self.author_state(keyring, keyring.slot.other())?.next_seq;
        if own_next <= state.exported && ack == state.sent_ack {
            return Ok(false);
        }
        let Some(body) = self.export_body(keyring, state.exported, kinds)? else {
            return Ok(false);
        };
        let bytes = bundle::seal(keyring, &self.rng, &body)?;
        let mut name = [0u8; 16];
        self.rng.fill(&mut name).map_err(|_| VaultError::Crypto)?;
        let name = format!("{}{BUNDLE_EXT}", hex::encode(&name));
        write_atomic(&folder.join(&name), &bytes)?;
        state.mine.push(OwnBundle {
            name,
            end: own_next,
        });
        state.exported = own_next;
        state.sent_ack = body.ack;
        Ok(true)
    }

    /// Removes this device's bundles whose entries the partner applied, keeping the
    /// newest (it carries the latest acknowledgement).
    fn prune(&self, folder: &Path, state: &mut SyncState) {
        let newest = state.mine.len().saturating_sub(1);
        let ack = state.partner_ack;
        let mut kept = Vec::new();
        for (i, b) in std::mem::take(&mut state.mine).into_iter().enumerate() {
            if i < newest && b.end <= ack {
                remove_quietly(&folder.join(&b.name));
            } else {
                kept.push(b);
            }
        }
        state.mine = kept;
    }

    /// Whether this profile's partner lives on another device (syncing now, or synced
    /// until a disconnect), so their profile is rightly absent from this header. A
    /// device that answered but whose phrase was never confirmed is no partner.
    pub fn is_paired(&self, keyring: &Keyring) -> Result<bool, VaultError> {
        Ok(self.sync_status(keyring)?.is_some() || self.sync_stopped(keyring)?)
    }

    /// Whether this half synced with its partner's device and then disconnected.
    pub fn sync_stopped(&self, keyring: &Keyring) -> Result<bool, VaultError> {
        let ended: Option<SyncEnded> = self.get(keyring, Owner::Mine, ENDED_KIND, SINGLE_ID)?;
        Ok(ended.is_some())
    }

    /// Stops syncing: this device's bundles are removed from the folder (when it is
    /// reachable) and it forgets the folder. Nothing more is read or written there.
    /// The partner's pin stays, so what they shared before stays readable here. Then
    /// the couple's sealing key is replaced on this side, so nothing written here from
    /// now on opens on the partner's device (`finish_disconnect`).
    pub fn disconnect(&mut self, keyring: &mut Keyring) -> Result<(), VaultError> {
        self.stop_syncing(keyring)?;
        let mut changes = super::Changes::new();
        changes.delete(Owner::Mine, SYNC_KIND, SINGLE_ID).put(
            Owner::Mine,
            ENDED_KIND,
            SINGLE_ID,
            &SyncEnded {},
        )?;
        self.apply(keyring, changes)?;
        self.finish_disconnect(keyring)
    }

    /// The key replacement a disconnect ends with, done again at unlock in case the
    /// app stopped between the two; nothing once it is done, or without a disconnect.
    pub fn finish_disconnect(&mut self, keyring: &mut Keyring) -> Result<(), VaultError> {
        if keyring.couple_seal_replaced() || !self.sync_stopped(keyring)? {
            return Ok(());
        }
        self.replace_couple_seal(keyring)
    }

    /// The phrases did not match: the device that answered was not the partner's. This
    /// half stops syncing and forgets that device's key, as if never paired; anything
    /// that arrived from it no longer verifies and is not shown.
    pub fn forget_pairing(&self, keyring: &Keyring) -> Result<(), VaultError> {
        self.stop_syncing(keyring)?;
        self.delete(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID)?;
        self.forget_deleted_partner(keyring)
    }

    fn stop_syncing(&self, keyring: &Keyring) -> Result<(), VaultError> {
        let state: SyncState = self
            .get(keyring, Owner::Mine, SYNC_KIND, SINGLE_ID)?
            .ok_or(VaultError::NotPaired)?;
        let folder = PathBuf::from(&state.folder);
        for b in &state.mine {
            remove_quietly(&folder.join(&b.name));
        }
        Ok(())
    }
}
