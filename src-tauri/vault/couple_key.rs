//! The couple key as one profile holds it, and its replacement when a device
//! disconnects from the partner's (docs/SYNC.md "Disconnecting").
//!
//! Both devices got the same couple key at pairing: the link. Its naming subkey names
//! the couple-space records (the partner's signed log commits to those names) and it
//! seals sync bundles, so it cannot change without leaving the partner's part behind.
//! A disconnect replaces the sealing key instead: from then on every couple-space
//! record, log entry and backup this side writes is sealed under a key the other
//! device never had. What was sealed before still opens under the link's.
//!
//! The header wraps 32 bytes (the link alone, as every vault before this one) or 64
//! (the link, then the sealing key that replaced it).

use zeroize::Zeroizing;

use super::keyring::Keyring;
use super::profiles::wrap_couple;
use super::secret::Key32;
use super::{Vault, VaultError};

#[derive(Clone)]
pub struct CoupleKey {
    link: Key32,
    seal: Option<Key32>,
}

impl CoupleKey {
    pub(super) fn new(link: Key32) -> Self {
        CoupleKey { link, seal: None }
    }

    /// What pairing hands over and what names couple-space records.
    pub(super) fn link(&self) -> &Key32 {
        &self.link
    }

    /// The root of the couple-space sealing subkey and of the backup key.
    pub(super) fn seal_root(&self) -> &Key32 {
        self.seal.as_ref().unwrap_or(&self.link)
    }

    pub(super) fn replaced(&self) -> bool {
        self.seal.is_some()
    }

    /// The bytes the header wraps.
    pub(super) fn plain(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(self.link.bytes().to_vec());
        if let Some(seal) = &self.seal {
            out.extend_from_slice(seal.bytes());
        }
        out
    }

    /// From the unwrapped bytes, which are wiped.
    pub(super) fn from_plain(plain: &mut [u8]) -> Option<Self> {
        match plain.len() {
            32 => Key32::take(plain).map(CoupleKey::new),
            64 => {
                let (link, seal) = plain.split_at_mut(32);
                let link = Key32::take(link)?;
                let seal = Key32::take(seal)?;
                Some(CoupleKey {
                    link,
                    seal: Some(seal),
                })
            }
            _ => {
                zeroize::Zeroize::zeroize(plain);
                None
            }
        }
    }
}

impl Vault {
    /// Gives this side a couple-space sealing key the partner's device never had, so
    /// nothing written here from now on opens there. Only for a vault holding this
    /// profile alone: a partner on the same device still needs the key they hold.
    /// Done at most once; a second call changes nothing.
    pub fn replace_couple_seal(&mut self, keyring: &mut Keyring) -> Result<(), VaultError> {
        if keyring.couple.replaced() {
            return Ok(());
        }
        if self.header.profiles.len() > 1 {
            return Err(VaultError::Full);
        }
        let couple = CoupleKey {
            link: keyring.couple.link().clone(),
            seal: Some(Key32::random(&self.rng)?),
        };
        let vault_id = self.vault_id();
        let wrapped = wrap_couple(&self.rng, &vault_id, keyring.slot(), &keyring.root, &couple)?;
        let mut header = self.header.clone();
        header.profile_mut(keyring.slot().number())?.couple = wrapped;
        // Both header copies in one write: before it the old key opens everything, after
        // it the new one opens what is new and the link what came before.
        self.save_header(header)?;
        keyring.set_couple(couple);
        Ok(())
    }
}
