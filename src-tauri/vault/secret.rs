//! Secret values: they zeroize when dropped and print as a redaction, so a stray
//! `{:?}` or a crash dump never carries key bytes or a passphrase.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::VaultError;

/// A 256-bit key: a root key, the couple key, a key-encryption key or a subkey.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Key32([u8; 32]);

impl Key32 {
    pub(super) fn random(rng: &SystemRandom) -> Result<Self, VaultError> {
        let mut k = Key32([0; 32]);
        rng.fill(&mut k.0).map_err(|_| VaultError::Crypto)?;
        Ok(k)
    }

    /// Takes the bytes and wipes the source.
    pub(super) fn take(bytes: &mut [u8]) -> Option<Self> {
        let mut k = Key32([0; 32]);
        if bytes.len() != 32 {
            bytes.zeroize();
            return None;
        }
        k.0.copy_from_slice(bytes);
        bytes.zeroize();
        Some(k)
    }

    pub(super) fn zeroed() -> Self {
        Key32([0; 32])
    }

    pub(super) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(super) fn bytes_mut(&mut self) -> &mut [u8; 32] {
        &mut self.0
    }
}

impl fmt::Debug for Key32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key32(<redacted>)")
    }
}

/// A passphrase as typed. Wiped when dropped, so callers drop it right after use.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: String) -> Self {
        Passphrase(Zeroizing::new(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// What unlocks a profile: its passphrase or its recovery code.
#[derive(Debug)]
pub enum Secret {
    Passphrase(Passphrase),
    RecoveryCode(super::RecoveryCode),
}
