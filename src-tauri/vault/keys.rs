//! Subkeys by HKDF-SHA256, one `info` label each, and opaque store keys by HMAC.
//!
//! A root key (one per partner) and the couple key each give two subkeys: one seals
//! records, one names them in the store. Names are HMACs of (owner, kind, id), so the
//! store shows neither dates nor kinds; a kind's records share an 8-byte HMAC prefix so
//! they can be listed without knowing their ids.

use ring::{hkdf, hmac};

use super::secret::Key32;

const HKDF_SALT: &[u8] = b"healing-arc/v1/hkdf";
pub(super) const INFO_SEAL: &[u8] = b"record-seal";
pub(super) const INFO_IDS: &[u8] = b"record-ids";
const INFO_COUPLE_WRAP: &[u8] = b"couple-key-wrap";
const INFO_BACKUP: &[u8] = b"backup-seal";

/// Length of an opaque store key: an 8-byte group prefix and a 16-byte item name.
pub const STORE_KEY_LEN: usize = 24;
pub const PREFIX_LEN: usize = 8;

pub fn subkey(root: &Key32, info: &'static [u8]) -> Key32 {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, HKDF_SALT).extract(root.bytes());
    let mut out = Key32::zeroed();
    // Expanding 32 bytes of SHA-256 output cannot fail.
    prk.expand(&[info], hkdf::HKDF_SHA256)
        .and_then(|okm| okm.fill(out.bytes_mut()))
        .expect("HKDF-SHA256 expands 32 bytes");
    out
}

/// The two working keys of one owner (a partner, or the couple).
#[derive(Clone)]
pub struct OwnerKeys {
    pub seal: Key32,
    pub ids: Key32,
}

impl OwnerKeys {
    pub fn from_root(root: &Key32) -> Self {
        OwnerKeys {
            seal: subkey(root, INFO_SEAL),
            ids: subkey(root, INFO_IDS),
        }
    }
}

pub fn couple_wrap_key(root: &Key32) -> Key32 {
    subkey(root, INFO_COUPLE_WRAP)
}

pub fn backup_key(couple: &Key32) -> Key32 {
    subkey(couple, INFO_BACKUP)
}

/// Opaque names for one owner's records.
pub struct Namer(hmac::Key);

impl Namer {
    pub fn new(ids: &Key32) -> Self {
        Namer(hmac::Key::new(hmac::HMAC_SHA256, ids.bytes()))
    }

    /// The prefix shared by every record of `kind` for `owner`.
    pub fn prefix(&self, owner: u8, kind: &str) -> [u8; PREFIX_LEN] {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(b"group");
        ctx.update(&[owner, kind.len() as u8]);
        ctx.update(kind.as_bytes());
        let tag = ctx.sign();
        let mut out = [0u8; PREFIX_LEN];
        out.copy_from_slice(&tag.as_ref()[..PREFIX_LEN]);
        out
    }

    pub fn store_key(&self, owner: u8, kind: &str, id: &str) -> [u8; STORE_KEY_LEN] {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(b"item");
        ctx.update(&[owner, kind.len() as u8]);
        ctx.update(kind.as_bytes());
        ctx.update(&(id.len() as u32).to_be_bytes());
        ctx.update(id.as_bytes());
        let tag = ctx.sign();
        let mut out = [0u8; STORE_KEY_LEN];
        out[..PREFIX_LEN].copy_from_slice(&self.prefix(owner, kind));
        out[PREFIX_LEN..].copy_from_slice(&tag.as_ref()[..STORE_KEY_LEN - PREFIX_LEN]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_give_distinct_subkeys() {
        let root = Key32::take(&mut [7u8; 32]).unwrap();
        let keys = [
            subkey(&root, INFO_SEAL),
            subkey(&root, INFO_IDS),
            subkey(&root, INFO_COUPLE_WRAP),
            subkey(&root, INFO_BACKUP),
        ];
        for (i, a) in keys.iter().enumerate() {
            assert_ne!(a.bytes(), root.bytes());
            for b in &keys[i + 1..] {
                assert_ne!(a.bytes(), b.bytes());
            }
        }
    }
}
