//! Passphrase → key-encryption key, with Argon2id. The parameters are stored beside
//! the salt and checked against a floor (OWASP) and a cap (denial of service) before
//! any work is done, so a tampered header can neither weaken nor stall the KDF.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use super::secret::Key32;
use super::VaultError;

/// Argon2id cost parameters: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Always "argon2id" with version 0x13; stored so a future change can be read.
    pub alg: KdfAlg,
    pub version: u32,
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KdfAlg {
    Argon2id,
}

const VERSION_13: u32 = 0x13;

impl KdfParams {
    /// The app's setting: m = 64 MiB, t = 3, p = 1.
    pub const DEFAULT: KdfParams = KdfParams::new(64 * 1024, 3, 1);
    /// The weakest parameters the vault accepts (OWASP: m = 19 MiB, t = 2).
    pub const FLOOR: KdfParams = KdfParams::new(19 * 1024, 2, 1);
    /// The most the vault will spend on opening (m = 1 GiB, t = 10).
    pub const CAP_M_KIB: u32 = 1024 * 1024;
    pub const CAP_T: u32 = 10;
    const CAP_P: u32 = 4;

    pub const fn new(m_kib: u32, t: u32, p: u32) -> Self {
        KdfParams {
            alg: KdfAlg::Argon2id,
            version: VERSION_13,
            m_kib,
            t,
            p,
        }
    }

    pub fn check(&self) -> Result<(), VaultError> {
        let ok = self.version == VERSION_13
            && (Self::FLOOR.m_kib..=Self::CAP_M_KIB).contains(&self.m_kib)
            && (Self::FLOOR.t..=Self::CAP_T).contains(&self.t)
            && (1..=Self::CAP_P).contains(&self.p);
        if ok {
            Ok(())
        } else {
            Err(VaultError::KdfParams)
        }
    }

    /// The parameters as bytes, bound into the wrapped key's associated data.
    pub(super) fn to_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&self.version.to_be_bytes());
        b[4..8].copy_from_slice(&self.m_kib.to_be_bytes());
        b[8..12].copy_from_slice(&self.t.to_be_bytes());
        b[12..].copy_from_slice(&self.p.to_be_bytes());
        b
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Runs Argon2id. Refuses parameters outside the floor and cap.
pub fn derive(secret: &[u8], salt: &[u8], params: KdfParams) -> Result<Key32, VaultError> {
    params.check()?;
    let p = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|_| VaultError::KdfParams)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = Key32::zeroed();
    argon
        .hash_password_into(secret, salt, out.bytes_mut())
        .map_err(|_| VaultError::KdfParams)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_and_cap_are_enforced() {
        assert!(KdfParams::DEFAULT.check().is_ok());
        assert!(KdfParams::FLOOR.check().is_ok());
        for bad in [
            KdfParams::new(19 * 1024 - 1, 2, 1),
            KdfParams::new(19 * 1024, 1, 1),
            KdfParams::new(1024 * 1024 + 1, 3, 1),
            KdfParams::new(64 * 1024, 11, 1),
            KdfParams::new(64 * 1024, 3, 0),
            KdfParams {
                version: 0x10,
                ..KdfParams::DEFAULT
            },
        ] {
            assert!(matches!(bad.check(), Err(VaultError::KdfParams)), "{bad:?}");
            assert!(derive(b"pw", &[0; 16], bad).is_err());
        }
    }

    #[test]
    fn derivation_is_deterministic_and_salted() {
        let a = derive(b"correct horse", &[1; 16], KdfParams::FLOOR).unwrap();
        let b = derive(b"correct horse", &[1; 16], KdfParams::FLOOR).unwrap();
        let c = derive(b"correct horse", &[2; 16], KdfParams::FLOOR).unwrap();
        assert_eq!(a.bytes(), b.bytes());
        assert_ne!(a.bytes(), c.bytes());
    }
}
