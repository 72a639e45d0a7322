//! The vault's public header, stored in clear: the vault id and, per profile, the
//! colour it chose, the KDF parameters and salts, and the wrapped keys. Nothing here
//! decrypts anything without a passphrase or a recovery code.

use serde::{Deserialize, Serialize};

use super::kdf::KdfParams;
use super::VaultError;

/// Format 2 adds a checksum of each wrapped key, and the header is kept twice.
pub const FORMAT: u32 = 2;
/// Headers written by 0.1.0: no checksums, one copy.
const FORMAT_1: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: u32,
    #[serde(with = "hex")]
    pub vault_id: Vec<u8>,
    pub profiles: Vec<ProfileSlot>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSlot {
    pub slot: u8,
    /// An index into the app's palette: the only personal choice shown while locked.
    pub colour: u8,
    /// The root key wrapped by the passphrase key.
    pub passphrase: Wrapped,
    /// The same root key wrapped by the recovery-code key.
    pub recovery: Wrapped,
    /// The couple key wrapped by a subkey of this profile's root key.
    #[serde(with = "hex")]
    pub couple: Vec<u8>,
    /// Format 2: checksums of the three wrapped keys, so a damaged lock is told apart
    /// from a wrong passphrase. They are over ciphertext and say nothing of any secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sums: Option<Sums>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sums {
    #[serde(with = "hex")]
    pub passphrase: Vec<u8>,
    #[serde(with = "hex")]
    pub recovery: Vec<u8>,
    #[serde(with = "hex")]
    pub couple: Vec<u8>,
}

/// Which wrapped key of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    Passphrase,
    Recovery,
    Couple,
}

/// What a checksum says of one wrapped key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intact {
    Yes,
    No,
    /// A format-1 header has no checksums.
    Unknown,
}

const SUM_LABEL: &[u8] = b"healing-arc/v2/wrap-sum";

fn sum_of(lock: Lock, wrapped: &[u8], kdf: Option<(&KdfParams, &[u8])>) -> Vec<u8> {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    ctx.update(SUM_LABEL);
    ctx.update(&[lock as u8]);
    if let Some((params, salt)) = kdf {
        ctx.update(&params.to_bytes());
        ctx.update(&(salt.len() as u32).to_be_bytes());
        ctx.update(salt);
    }
    ctx.update(wrapped);
    ctx.finish().as_ref().to_vec()
}

impl ProfileSlot {
    fn sum(&self, lock: Lock) -> Vec<u8> {
        match lock {
            Lock::Passphrase => sum_of(
                lock,
                &self.passphrase.key,
                Some((&self.passphrase.kdf, &self.passphrase.salt)),
            ),
            Lock::Recovery => sum_of(
                lock,
                &self.recovery.key,
                Some((&self.recovery.kdf, &self.recovery.salt)),
            ),
            Lock::Couple => sum_of(lock, &self.couple, None),
        }
    }

    /// Whether the wrapped key still matches the checksum written with it.
    pub fn intact(&self, lock: Lock) -> Intact {
        let Some(sums) = &self.sums else {
            return Intact::Unknown;
        };
        let stored = match lock {
            Lock::Passphrase => &sums.passphrase,
            Lock::Recovery => &sums.recovery,
            Lock::Couple => &sums.couple,
        };
        // Checksums of ciphertext are not secret: a plain comparison is fine.
        let same = *stored == self.sum(lock);
        if same {
            Intact::Yes
        } else {
            Intact::No
        }
    }

    fn with_sums(mut self) -> Self {
        self.sums = Some(Sums {
            passphrase: self.sum(Lock::Passphrase),
            recovery: self.sum(Lock::Recovery),
            couple: self.sum(Lock::Couple),
        });
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wrapped {
    pub kdf: KdfParams,
    #[serde(with = "hex")]
    pub salt: Vec<u8>,
    #[serde(with = "hex")]
    pub key: Vec<u8>,
}

impl Header {
    /// Always the current format, with fresh checksums of every wrapped key.
    pub fn to_bytes(&self) -> Result<Vec<u8>, VaultError> {
        serde_json::to_vec(&self.current()).map_err(|_| VaultError::Encoding)
    }

    /// This header in the current format.
    pub fn current(&self) -> Header {
        Header {
            format: FORMAT,
            vault_id: self.vault_id.clone(),
            profiles: self
                .profiles
                .iter()
                .cloned()
                .map(ProfileSlot::with_sums)
                .collect(),
        }
    }

    /// Parses and sanity-checks a header; anything odd is `Integrity`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Header, VaultError> {
        let h: Header = serde_json::from_slice(bytes).map_err(|_| VaultError::Integrity)?;
        // Profile 1, 2, or both in order; a half of a vault synced between two devices
        // holds profile 2 alone (docs/SYNC.md).
        let slots_ok = h.profiles.len() <= 2
            && h.profiles.iter().all(|p| matches!(p.slot, 1 | 2))
            && h.profiles.windows(2).all(|w| w[0].slot < w[1].slot);
        let sums_ok = match h.format {
            FORMAT => h.profiles.iter().all(|p| p.sums.is_some()),
            FORMAT_1 => h.profiles.iter().all(|p| p.sums.is_none()),
            _ => false,
        };
        if !sums_ok || h.vault_id.len() != 16 || !slots_ok {
            return Err(VaultError::Integrity);
        }
        Ok(h)
    }

    pub fn profile(&self, slot: u8) -> Result<&ProfileSlot, VaultError> {
        self.profiles
            .iter()
            .find(|p| p.slot == slot)
            .ok_or(VaultError::NoProfile)
    }

    pub fn profile_mut(&mut self, slot: u8) -> Result<&mut ProfileSlot, VaultError> {
        self.profiles
            .iter_mut()
            .find(|p| p.slot == slot)
            .ok_or(VaultError::NoProfile)
    }
}

/// Byte strings as lowercase hex in the JSON header.
pub mod hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn encode(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn decode(s: &str) -> Option<Vec<u8>> {
        if !s.len().is_multiple_of(2) {
            return None;
        }
        (0..s.len())
            .step_by(2)
            .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect()
    }

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        decode(&s).ok_or_else(|| serde::de::Error::custom("not hex"))
    }
}
