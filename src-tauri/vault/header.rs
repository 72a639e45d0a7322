//! The vault's public header, stored in clear: the vault id and, per profile, the
//! colour it chose, the KDF parameters and salts, and the wrapped keys. Nothing here
//! decrypts anything without a passphrase or a recovery code.

use serde::{Deserialize, Serialize};

use super::kdf::KdfParams;
use super::VaultError;

pub const FORMAT: u32 = 1;

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
    pub fn to_bytes(&self) -> Result<Vec<u8>, VaultError> {
        serde_json::to_vec(self).map_err(|_| VaultError::Encoding)
    }

    /// Parses and sanity-checks a header; anything odd is `Integrity`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Header, VaultError> {
        let h: Header = serde_json::from_slice(bytes).map_err(|_| VaultError::Integrity)?;
        let slots_ok = h.profiles.len() <= 2
            && h.profiles
                .iter()
                .enumerate()
                .all(|(i, p)| usize::from(p.slot) == i + 1);
        if h.format != FORMAT || h.vault_id.len() != 16 || !slots_ok {
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
