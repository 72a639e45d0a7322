//! Profiles and their keys: wrapping a root key under a passphrase and a recovery code,
//! unlocking (with the wrong-passphrase backoff), adding the second partner, changing a
//! passphrase (only the wrapped root key changes; no record is rewritten), recovering.

use ring::rand::{SecureRandom, SystemRandom};

use super::backoff::Attempts;
use super::couple_key::CoupleKey;
use super::header::{Header, ProfileSlot, Wrapped};
use super::header::{Intact, Lock, FORMAT};
use super::kdf::{self, KdfParams};
use super::keyring::{Keyring, Slot};
use super::keys::couple_wrap_key;
use super::recovery::RecoveryCode;
use super::seal::Sealer;
use super::secret::{Key32, Passphrase, Secret};
use super::{header_entries, ProfileInfo, Vault, VaultError};

const WRAP_AD: &[u8] = b"healing-arc/v1/wrap";
const SALT_LEN: usize = 16;

#[derive(Clone, Copy)]
enum Purpose {
    Passphrase = 1,
    Recovery = 2,
    Couple = 3,
}

/// Binds a wrapped key to its vault, profile and purpose, and (for a KDF-wrapped key)
/// to the KDF parameters and salt, so none of them can be swapped.
fn wrap_ad(
    vault_id: &[u8],
    slot: Slot,
    purpose: Purpose,
    kdf: Option<(KdfParams, &[u8])>,
) -> Vec<u8> {
    let mut ad = Vec::with_capacity(80);
    ad.extend_from_slice(WRAP_AD);
    ad.extend_from_slice(vault_id);
    ad.push(slot.number());
    ad.push(purpose as u8);
    if let Some((params, salt)) = kdf {
        ad.extend_from_slice(&params.to_bytes());
        ad.extend_from_slice(salt);
    }
    ad
}

fn wrap_root(
    rng: &SystemRandom,
    vault_id: &[u8],
    slot: Slot,
    purpose: Purpose,
    secret: &[u8],
    params: KdfParams,
    root: &Key32,
) -> Result<Wrapped, VaultError> {
    let mut salt = vec![0u8; SALT_LEN];
    rng.fill(&mut salt).map_err(|_| VaultError::Crypto)?;
    let kek = kdf::derive(secret, &salt, params)?;
    let ad = wrap_ad(vault_id, slot, purpose, Some((params, &salt)));
    let key = Sealer::new(&kek).seal(rng, &ad, root.bytes())?;
    Ok(Wrapped {
        kdf: params,
        salt,
        key,
    })
}

/// Any failure here, from odd parameters to a failed tag, is `WrongPassphrase`.
fn unwrap_root(
    vault_id: &[u8],
    slot: Slot,
    purpose: Purpose,
    secret: &[u8],
    w: &Wrapped,
) -> Result<Key32, VaultError> {
    if w.salt.len() != SALT_LEN {
        return Err(VaultError::WrongPassphrase);
    }
    let kek = kdf::derive(secret, &w.salt, w.kdf).map_err(|_| VaultError::WrongPassphrase)?;
    let ad = wrap_ad(vault_id, slot, purpose, Some((w.kdf, &w.salt)));
    let mut plain = Sealer::new(&kek)
        .open(&ad, &w.key)
        .map_err(|_| VaultError::WrongPassphrase)?;
    Key32::take(&mut plain).ok_or(VaultError::WrongPassphrase)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn make_profile(
    rng: &SystemRandom,
    vault_id: &[u8],
    slot: Slot,
    colour: u8,
    root: &Key32,
    couple: &CoupleKey,
    passphrase: &Passphrase,
    params: KdfParams,
) -> Result<(ProfileSlot, RecoveryCode), VaultError> {
    let code = RecoveryCode::generate(rng)?;
    let by_passphrase = wrap_root(
        rng,
        vault_id,
        slot,
        Purpose::Passphrase,
        passphrase.as_bytes(),
        params,
        root,
    )?;
    let by_code = wrap_root(
        rng,
        vault_id,
        slot,
        Purpose::Recovery,
        &code.kdf_input(),
        params,
        root,
    )?;
    let couple = wrap_couple(rng, vault_id, slot, root, couple)?;
    let profile = ProfileSlot {
        slot: slot.number(),
        colour,
        passphrase: by_passphrase,
        recovery: by_code,
        couple,
        sums: None,
    };
    Ok((profile, code))
}

/// The couple key wrapped by a subkey of this profile's root key.
pub(super) fn wrap_couple(
    rng: &SystemRandom,
    vault_id: &[u8],
    slot: Slot,
    root: &Key32,
    couple: &CoupleKey,
) -> Result<Vec<u8>, VaultError> {
    let ad = wrap_ad(vault_id, slot, Purpose::Couple, None);
    Sealer::new(&couple_wrap_key(root)).seal(rng, &ad, &couple.plain())
}

fn attempts_key(slot: Slot) -> String {
    format!("tries/{}", slot.number())
}

impl Vault {
    /// The profiles to choose from while locked.
    pub fn profiles(&self, now: u64) -> Result<Vec<ProfileInfo>, VaultError> {
        self.header
            .profiles
            .iter()
            .map(|p| {
                let slot = Slot::from_number(p.slot).ok_or(VaultError::Integrity)?;
                Ok(ProfileInfo {
                    slot,
                    colour: p.colour,
                    wait: self.attempts(slot)?.wait(now),
                })
            })
            .collect()
    }

    pub fn attempts(&self, slot: Slot) -> Result<Attempts, VaultError> {
        match self.store.meta_get(&attempts_key(slot))? {
            // Unreadable counters count as the most failures: never as none.
            Some(b) => Ok(serde_json::from_slice(&b).unwrap_or(Attempts {
                failures: u32::MAX,
                last_failure: 0,
            })),
            None => Ok(Attempts::default()),
        }
    }

    /// Counts a wrong try made elsewhere (a restore over this vault) for `slot`.
    pub fn note_failed_try(&self, slot: Slot, now: u64) -> Result<(), VaultError> {
        self.set_attempts(slot, self.attempts(slot)?.failed(now))
    }

    fn set_attempts(&self, slot: Slot, a: Attempts) -> Result<(), VaultError> {
        let bytes = serde_json::to_vec(&a).map_err(|_| VaultError::Encoding)?;
        self.store.meta_put(&attempts_key(slot), &bytes)
    }

    /// Unlocks a profile. `now` is seconds since the Unix epoch, for the backoff.
    pub fn unlock(&self, slot: Slot, secret: &Secret, now: u64) -> Result<Keyring, VaultError> {
        self.header.profile(slot.number())?;
        let lock = match secret {
            Secret::Passphrase(_) => Lock::Passphrase,
            Secret::RecoveryCode(_) => Lock::Recovery,
        };
        // A damaged lock is said before any try is counted: it is not a wrong guess.
        let profile = self.intact_profile(slot, lock)?;
        let attempts = self.attempts(slot)?;
        if let Some(wait) = attempts.wait(now) {
            return Err(VaultError::TryLater { wait });
        }
        let vault_id = self.vault_id();
        let root = match secret {
            Secret::Passphrase(p) => unwrap_root(
                &vault_id,
                slot,
                Purpose::Passphrase,
                p.as_bytes(),
                &profile.passphrase,
            ),
            Secret::RecoveryCode(c) => unwrap_root(
                &vault_id,
                slot,
                Purpose::Recovery,
                &c.kdf_input(),
                &profile.recovery,
            ),
        };
        let root = match root {
            Ok(root) => root,
            Err(e) => {
                // Recorded (and flushed) before answering, so a crash cannot skip it.
                self.set_attempts(slot, attempts.failed(now))?;
                return Err(e);
            }
        };
        if attempts != Attempts::default() {
            self.set_attempts(slot, Attempts::default())?;
        }
        let couple = self.intact_profile(slot, Lock::Couple)?;
        let couple = unwrap_couple(&vault_id, slot, &root, &couple.couple)?;
        let mut keyring = Keyring::new(slot, vault_id, root, couple);
        self.prepare_couple_space(&mut keyring)?;
        Ok(keyring)
    }

    /// The profile from the first header copy whose checksum says `lock` is whole; with
    /// none, the lock is damaged (`LockDamaged`), which no passphrase can mend.
    fn intact_profile(&self, slot: Slot, lock: Lock) -> Result<&ProfileSlot, VaultError> {
        let copies = std::iter::once(&self.header).chain(self.header_copy.as_ref());
        copies
            .filter_map(|h| h.profile(slot.number()).ok())
            .find(|p| p.intact(lock) != Intact::No)
            .ok_or(VaultError::LockDamaged)
    }

    /// Whether the header is older than this build writes, or a copy of it is missing or
    /// no longer matches its checksums.
    pub fn header_needs_writing(&self) -> bool {
        let whole = |h: &Header| {
            h.format == FORMAT
                && h.profiles.iter().all(|p| {
                    [Lock::Passphrase, Lock::Recovery, Lock::Couple]
                        .iter()
                        .all(|l| p.intact(*l) == Intact::Yes)
                })
        };
        !whole(&self.header) || !self.header_copy.as_ref().is_some_and(whole)
    }

    /// Writes both header copies again in the current format, each wrapped key taken
    /// from a copy whose checksum holds (SECURITY.md 24 and 31). The app calls this after
    /// an unlock, once a backup of the store as it was has been written.
    pub fn rewrite_header(&mut self) -> Result<(), VaultError> {
        let mut header = self.header.clone();
        for p in &mut header.profiles {
            let slot = Slot::from_number(p.slot).ok_or(VaultError::Integrity)?;
            // A lock damaged in every copy stays as it is: new checksums would hide it.
            p.passphrase = self
                .intact_profile(slot, Lock::Passphrase)?
                .passphrase
                .clone();
            p.recovery = self.intact_profile(slot, Lock::Recovery)?.recovery.clone();
            p.couple = self.intact_profile(slot, Lock::Couple)?.couple.clone();
        }
        self.save_header(header)
    }

    /// Adds the second partner. Needs the first one unlocked, to wrap the couple key.
    pub fn add_partner(
        &mut self,
        keyring: &Keyring,
        colour: u8,
        passphrase: &Passphrase,
        params: KdfParams,
    ) -> Result<(Slot, RecoveryCode, Keyring), VaultError> {
        params.check()?;
        let slot = keyring.slot.other();
        // With a partner's device paired, their profile lives there, not here.
        let paired = self.trust(keyring).pins.contains_key(&slot.number());
        if self.header.profiles.len() >= 2 || paired {
            return Err(VaultError::Full);
        }
        let root = Key32::random(&self.rng)?;
        let vault_id = self.vault_id();
        let (profile, code) = make_profile(
            &self.rng,
            &vault_id,
            slot,
            colour,
            &root,
            &keyring.couple,
            passphrase,
            params,
        )?;
        let mut header = self.header.clone();
        header.profiles.push(profile);
        header.profiles.sort_by_key(|p| p.slot);
        self.save_header(header)?;
        // The new partner's keys, for writing their first records (their signed profile)
        // while the one who set them up is still here; dropped right after.
        let mut theirs = Keyring::new(slot, vault_id, root, keyring.couple.clone());
        self.prepare_couple_space(&mut theirs)?;
        Ok((slot, code, theirs))
    }

    /// Re-wraps the unlocked partner's root key under a new passphrase, after checking
    /// the current one (with the same backoff as unlocking). Records stay as they are.
    pub fn change_passphrase(
        &mut self,
        keyring: &Keyring,
        current: Passphrase,
        new: &Passphrase,
        params: KdfParams,
        now: u64,
    ) -> Result<(), VaultError> {
        params.check()?;
        drop(self.unlock(keyring.slot, &Secret::Passphrase(current), now)?);
        self.rewrap_passphrase(keyring, new, params)
    }

    /// Wraps the unlocked partner's root key under a new passphrase (after a recovery
    /// code opened it). Records stay as they are.
    pub fn set_passphrase(
        &mut self,
        keyring: &Keyring,
        new: &Passphrase,
        params: KdfParams,
    ) -> Result<(), VaultError> {
        params.check()?;
        self.rewrap_passphrase(keyring, new, params)
    }

    /// A new recovery code wrapping the same root key; the old code's wrap is replaced.
    pub(super) fn rewrap_recovery(
        &mut self,
        keyring: &Keyring,
        params: KdfParams,
    ) -> Result<RecoveryCode, VaultError> {
        let code = RecoveryCode::generate(&self.rng)?;
        let vault_id = self.vault_id();
        let wrapped = wrap_root(
            &self.rng,
            &vault_id,
            keyring.slot,
            Purpose::Recovery,
            &code.kdf_input(),
            params,
            &keyring.root,
        )?;
        let mut header = self.header.clone();
        header.profile_mut(keyring.slot.number())?.recovery = wrapped;
        self.save_header(header)?;
        Ok(code)
    }

    fn rewrap_passphrase(
        &mut self,
        keyring: &Keyring,
        new: &Passphrase,
        params: KdfParams,
    ) -> Result<(), VaultError> {
        let vault_id = self.vault_id();
        let wrapped = wrap_root(
            &self.rng,
            &vault_id,
            keyring.slot,
            Purpose::Passphrase,
            new.as_bytes(),
            params,
            &keyring.root,
        )?;
        let mut header = self.header.clone();
        header.profile_mut(keyring.slot.number())?.passphrase = wrapped;
        self.save_header(header)
    }

    /// Writes a new header, both copies in one flushed batch; the one in memory changes
    /// only once it is on disk.
    pub(super) fn save_header(&mut self, header: Header) -> Result<(), VaultError> {
        let bytes = header.to_bytes()?;
        self.store.meta_put_all(header_entries(&bytes))?;
        let current = header.current();
        self.header_copy = Some(current.clone());
        self.header = current;
        Ok(())
    }
}

pub(super) fn unwrap_couple(
    vault_id: &[u8],
    slot: Slot,
    root: &Key32,
    wrapped: &[u8],
) -> Result<CoupleKey, VaultError> {
    let ad = wrap_ad(vault_id, slot, Purpose::Couple, None);
    let mut plain = Sealer::new(&couple_wrap_key(root)).open(&ad, wrapped)?;
    CoupleKey::from_plain(&mut plain).ok_or(VaultError::Integrity)
}

/// Unwraps a profile's root key from a header that is not (yet) a store: for restore.
pub(super) fn unlock_header(
    header: &Header,
    slot: Slot,
    secret: &Secret,
) -> Result<Keyring, VaultError> {
    let profile = header.profile(slot.number())?;
    let lock = match secret {
        Secret::Passphrase(_) => Lock::Passphrase,
        Secret::RecoveryCode(_) => Lock::Recovery,
    };
    if profile.intact(lock) == Intact::No || profile.intact(Lock::Couple) == Intact::No {
        return Err(VaultError::LockDamaged);
    }
    let root = match secret {
        Secret::Passphrase(p) => unwrap_root(
            &header.vault_id,
            slot,
            Purpose::Passphrase,
            p.as_bytes(),
            &profile.passphrase,
        ),
        Secret::RecoveryCode(c) => unwrap_root(
            &header.vault_id,
            slot,
            Purpose::Recovery,
            &c.kdf_input(),
            &profile.recovery,
        ),
    }?;
    let couple = unwrap_couple(&header.vault_id, slot, &root, &profile.couple)?;
    let mut vault_id = [0u8; 16];
    vault_id.copy_from_slice(&header.vault_id);
    Ok(Keyring::new(slot, vault_id, root, couple))
}
