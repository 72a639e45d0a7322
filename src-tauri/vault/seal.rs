//! Authenticated encryption of one value: `version ‖ nonce ‖ ciphertext ‖ tag`, with
//! ChaCha20-Poly1305 and a fresh random 96-bit nonce from the system RNG every time.
//! The associated data ties the value to its place, so a value moved elsewhere fails.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use super::secret::Key32;
use super::VaultError;

/// The format version of sealed values; the first byte of each.
pub const SEAL_VERSION: u8 = 1;
/// Bytes a sealed value adds to its plaintext: version, nonce and tag.
pub const OVERHEAD: usize = 1 + NONCE_LEN + 16;

/// A ring key for one batch of work. Built from a `Key32` on demand, so the long-lived
/// copy of the key is always the zeroizing one.
pub struct Sealer(LessSafeKey);

impl Sealer {
    pub fn new(key: &Key32) -> Self {
        // A 32-byte key is always valid for ChaCha20-Poly1305.
        Sealer(LessSafeKey::new(
            UnboundKey::new(&CHACHA20_POLY1305, key.bytes()).expect("32-byte key"),
        ))
    }

    pub fn seal(
        &self,
        rng: &SystemRandom,
        ad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, VaultError> {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce).map_err(|_| VaultError::Crypto)?;
        let mut out = Vec::with_capacity(plaintext.len() + OVERHEAD);
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let mut body = out.split_off(1 + NONCE_LEN);
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(ad),
                &mut body,
            )
            .map_err(|_| VaultError::Crypto)?;
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// Opens a sealed value, or `Integrity` for anything that does not authenticate.
    pub fn open(&self, ad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        if sealed.len() < OVERHEAD || sealed[0] != SEAL_VERSION {
            return Err(VaultError::Integrity);
        }
        let nonce = Nonce::try_assume_unique_for_key(&sealed[1..1 + NONCE_LEN])
            .map_err(|_| VaultError::Integrity)?;
        let mut buf = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
        let len = self
            .0
            .open_in_place(nonce, Aad::from(ad), &mut buf)
            .map_err(|_| VaultError::Integrity)?
            .len();
        buf.truncate(len);
        Ok(buf)
    }
}

/// Opens with the current key, then with the one it replaced (the couple's sealing
/// key before a disconnect), so what was sealed before stays readable.
pub struct Opener {
    now: Sealer,
    before: Option<Sealer>,
}

impl Opener {
    pub fn new(now: &Key32, before: Option<&Key32>) -> Self {
        Opener {
            now: Sealer::new(now),
            before: before.map(Sealer::new),
        }
    }

    pub fn open(&self, ad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        match (self.now.open(ad, sealed), &self.before) {
            (Err(_), Some(before)) => before.open(ad, sealed),
            (opened, _) => opened,
        }
    }
}

/// The nonce of a sealed value (for the nonce-uniqueness test).
#[cfg(test)]
pub fn nonce_of(sealed: &[u8]) -> Option<&[u8]> {
    sealed.get(1..1 + NONCE_LEN)
}
