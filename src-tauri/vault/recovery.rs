//! The recovery code: 160 random bits shown once, in Crockford base32 (no I, L, O, U),
//! grouped in eight blocks of four so it can be read aloud and typed back.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use super::VaultError;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BYTES: usize = 20;
const CHARS: usize = BYTES * 8 / 5;
const GROUP: usize = 4;

/// A recovery code in its canonical form (`XXXX-XXXX-…`). Wiped when dropped.
pub struct RecoveryCode(Zeroizing<String>);

impl RecoveryCode {
    pub(super) fn generate(rng: &SystemRandom) -> Result<Self, VaultError> {
        let mut bytes = Zeroizing::new([0u8; BYTES]);
        rng.fill(bytes.as_mut()).map_err(|_| VaultError::Crypto)?;
        Ok(RecoveryCode(Zeroizing::new(encode(bytes.as_ref()))))
    }

    /// Reads a code as typed: case, spaces and dashes do not matter, and the letters
    /// people confuse with digits (I, L → 1; O → 0) are read as those digits.
    pub fn parse(typed: &str) -> Option<Self> {
        let mut clean = Zeroizing::new(String::with_capacity(CHARS));
        for c in typed.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\t' => continue,
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) || clean.len() == CHARS {
                return None;
            }
            clean.push(c);
        }
        if clean.len() != CHARS {
            return None;
        }
        Some(RecoveryCode(Zeroizing::new(group(&clean))))
    }

    /// The code to show the person, once.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// What goes into the KDF: the canonical characters without dashes.
    pub(super) fn kdf_input(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.0.bytes().filter(|b| *b != b'-').collect())
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(<redacted>)")
    }
}

fn encode(bytes: &[u8]) -> String {
    let mut out = Zeroizing::new(String::with_capacity(CHARS));
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    group(&out)
}

fn group(chars: &str) -> String {
    let mut out = String::with_capacity(chars.len() + chars.len() / GROUP);
    for (i, c) in chars.chars().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_grouped_and_read_back_forgivingly() {
        let rng = SystemRandom::new();
        let code = RecoveryCode::generate(&rng).unwrap();
        let shown = code.reveal().to_owned();
        assert_eq!(shown.len(), 32 + 7);
        assert_eq!(shown.split('-').count(), 8);
        let typed = shown
            .to_lowercase()
            .replace('-', " ")
            .replace('1', "l")
            .replace('0', "o");
        assert_eq!(RecoveryCode::parse(&typed).unwrap().reveal(), shown);
        assert!(RecoveryCode::parse(&shown[..30]).is_none());
        assert!(RecoveryCode::parse(&format!("{shown}A")).is_none());
        assert!(RecoveryCode::parse(&shown.replace(shown.chars().next().unwrap(), "U")).is_none());
        assert_ne!(RecoveryCode::generate(&rng).unwrap().reveal(), shown);
        assert_eq!(format!("{code:?}"), "RecoveryCode(<redacted>)");
    }
}
