//! The keys of one unlocked partner: their root key, the couple key, and the subkeys
//! of both. Dropping a `Keyring` wipes every one of them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::couple_key::CoupleKey;
use super::keys::{subkey, OwnerKeys, INFO_IDS, INFO_SEAL};
use super::seal::Opener;
use super::secret::Key32;

/// Which of the vault's two profiles: 1 or 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Slot(u8);

impl Slot {
    pub const ONE: Slot = Slot(1);
    pub const TWO: Slot = Slot(2);
    pub const BOTH: [Slot; 2] = [Slot::ONE, Slot::TWO];

    pub fn from_number(n: u8) -> Option<Slot> {
        matches!(n, 1 | 2).then_some(Slot(n))
    }

    pub fn number(self) -> u8 {
        self.0
    }

    pub fn other(self) -> Slot {
        if self.0 == 1 {
            Slot::TWO
        } else {
            Slot::ONE
        }
    }
}

impl TryFrom<u8> for Slot {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Slot::from_number(n).ok_or_else(|| "a profile is 1 or 2".to_owned())
    }
}

impl From<Slot> for u8 {
    fn from(s: Slot) -> u8 {
        s.0
    }
}

/// Whose records: the unlocked partner's private ones, or the shared copies one of
/// the partners wrote under the couple key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Mine,
    SharedBy(Slot),
}

pub struct Keyring {
    pub(super) slot: Slot,
    pub(super) vault_id: [u8; 16],
    pub(super) root: Key32,
    pub(super) couple: CoupleKey,
    pub(super) own: OwnerKeys,
    pub(super) shared: OwnerKeys,
    /// After a disconnect replaced the couple's sealing key: the one before, which
    /// still opens what was sealed under it.
    pub(super) shared_before: Option<Key32>,
    /// The partner's signing key, loaded (or first made) at unlock.
    pub(super) identity: Option<super::chain::Identity>,
    /// Set once the couple has parted: nothing new is written to the couple space.
    pub(super) couple_space_closed: bool,
}

impl Keyring {
    pub(super) fn new(slot: Slot, vault_id: [u8; 16], root: Key32, couple: CoupleKey) -> Self {
        let (shared, shared_before) = shared_keys(&couple);
        Keyring {
            slot,
            vault_id,
            own: OwnerKeys::from_root(&root),
            shared,
            shared_before,
            root,
            couple,
            identity: None,
            couple_space_closed: false,
        }
    }

    pub(super) fn set_couple(&mut self, couple: CoupleKey) {
        (self.shared, self.shared_before) = shared_keys(&couple);
        self.couple = couple;
    }

    /// Whether a disconnect gave this side its own couple-space sealing key.
    pub fn couple_seal_replaced(&self) -> bool {
        self.couple.replaced()
    }

    /// From now on a batch that would put anything in the couple space writes only its
    /// private part; a batch that only removes shared records (taking one back) still
    /// does. Nothing new crosses to the other partner.
    pub fn close_couple_space(&mut self) {
        self.couple_space_closed = true;
    }

    pub fn couple_space_closed(&self) -> bool {
        self.couple_space_closed
    }

    pub fn slot(&self) -> Slot {
        self.slot
    }

    /// The owner byte bound into names and associated data, and the keys to use.
    pub(super) fn resolve(&self, owner: Owner) -> (u8, &OwnerKeys) {
        match owner {
            Owner::Mine => (self.slot.0, &self.own),
            Owner::SharedBy(s) => (0x80 | s.0, &self.shared),
        }
    }

    /// What opens `owner`'s records: their sealing key, and for the couple space the
    /// one a disconnect replaced.
    pub(super) fn opener(&self, owner: Owner) -> Opener {
        let (_, keys) = self.resolve(owner);
        let before = match owner {
            Owner::Mine => None,
            Owner::SharedBy(_) => self.shared_before.as_ref(),
        };
        Opener::new(&keys.seal, before)
    }
}

/// The couple space's working keys: names always from the link (the partner's log
/// commits to them), sealing from the replacement once there is one.
fn shared_keys(couple: &CoupleKey) -> (OwnerKeys, Option<Key32>) {
    let keys = OwnerKeys {
        seal: subkey(couple.seal_root(), INFO_SEAL),
        ids: subkey(couple.link(), INFO_IDS),
    };
    let before = couple.replaced().then(|| subkey(couple.link(), INFO_SEAL));
    (keys, before)
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("slot", &self.slot)
            .field("keys", &"<redacted>")
            .finish()
    }
}
