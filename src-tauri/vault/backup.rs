//! One backup file of the whole vault:
//! `MAGIC ‖ u32 header length ‖ header (clear: wrapped keys only) ‖ sealed body`.
//! The body holds every record as stored (each still sealed) and is sealed again under
//! a subkey of the couple key, with the magic and header as associated data, so the
//! file is authenticated as a whole and readable with either partner's passphrase or
//! recovery code. Written atomically; read with a size cap; restored all-or-nothing.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use zeroize::Zeroizing;

use super::header::Header;
use super::keyring::{Keyring, Slot};
use super::keys::{backup_key, STORE_KEY_LEN};
use super::layout::{self, Marker, RESTORING_DIR, STORE_DIR};
use super::profiles::unlock_header;
use super::seal::{Sealer, OVERHEAD};
use super::secret::Secret;
use super::storage::{Store, Write};
use super::{header_entries, Vault, VaultError};

const MAGIC: &[u8] = b"HEALING-ARC-BACKUP\x00\x01\n";
/// No backup is larger than this; bigger files are refused before they are read.
pub const MAX_BACKUP_BYTES: u64 = 256 * 1024 * 1024;
const MAX_HEADER: usize = 64 * 1024;

fn body_ad(header: &[u8]) -> Vec<u8> {
    let mut ad = Vec::with_capacity(MAGIC.len() + 4 + header.len());
    ad.extend_from_slice(MAGIC);
    ad.extend_from_slice(&(header.len() as u32).to_be_bytes());
    ad.extend_from_slice(header);
    ad
}

impl Vault {
    /// Writes a backup of the whole vault to `path`, replacing any file there only once
    /// the new one is complete. Returns its size in bytes.
    pub fn backup(&self, keyring: &Keyring, path: &Path) -> Result<u64, VaultError> {
        self.check_keyring_for_backup(keyring)?;
        let header = self.header.to_bytes()?;
        let mut body = Zeroizing::new(Vec::new());
        self.store.scan(b"", |k, v| {
            body.extend_from_slice(&(k.len() as u32).to_be_bytes());
            body.extend_from_slice(k);
            body.extend_from_slice(&(v.len() as u32).to_be_bytes());
            body.extend_from_slice(v);
            Ok(())
        })?;
        let sealed = Sealer::new(&backup_key(keyring.couple.seal_root())).seal(
            &self.rng,
            &body_ad(&header),
            &body,
        )?;
        let mut file = body_ad(&header);
        file.extend_from_slice(&sealed);
        if file.len() as u64 > MAX_BACKUP_BYTES {
            return Err(VaultError::TooLarge);
        }
        layout::write_atomic(path, &file)?;
        Ok(file.len() as u64)
    }

    fn check_keyring_for_backup(&self, keyring: &Keyring) -> Result<(), VaultError> {
        if keyring.vault_id[..] != self.header.vault_id[..] {
            return Err(VaultError::NoProfile);
        }
        Ok(())
    }

    /// Restores a backup into `dir`, which must hold no vault. Nothing is written until
    /// the whole file has been authenticated; the store is built beside its final place
    /// and moved there in one rename. The profile comes back unlocked.
    pub fn restore(
        dir: &Path,
        backup: &Path,
        slot: Slot,
        secret: &Secret,
    ) -> Result<(Vault, Keyring), VaultError> {
        if layout::present(dir) {
            return Err(VaultError::AlreadyExists);
        }
        OpenedBackup::read(backup, slot, secret)?.write_into(dir)
    }
}

/// A backup file read and authenticated as a whole, and not yet written anywhere: the
/// app checks the passphrase against it before it sets a current vault aside.
pub struct OpenedBackup {
    header_bytes: Vec<u8>,
    header: Header,
    keyring: Keyring,
    writes: Vec<Write>,
}

impl OpenedBackup {
    /// A wrong passphrase or code is `WrongPassphrase`; anything else wrong with the file
    /// is `BadBackup` (or `TooLarge`).
    pub fn read(backup: &Path, slot: Slot, secret: &Secret) -> Result<Self, VaultError> {
        let bytes = read_capped(backup)?;
        let (header_bytes, header, sealed) = split(&bytes)?;
        let keyring = unlock_header(&header, slot, secret)?;
        let body = Sealer::new(&backup_key(keyring.couple.seal_root()))
            .open(&body_ad(header_bytes), sealed)
            .map_err(|_| VaultError::BadBackup)?;
        let writes = entries(&body)?;
        Ok(OpenedBackup {
            header_bytes: header_bytes.to_vec(),
            header,
            keyring,
            writes,
        })
    }

    /// Writes the backup as the vault in `dir`, which must hold none.
    pub fn write_into(self, dir: &Path) -> Result<(Vault, Keyring), VaultError> {
        if layout::present(dir) {
            return Err(VaultError::AlreadyExists);
        }
        layout::create_private_dir(dir)?;
        let building = dir.join(RESTORING_DIR);
        if building.exists() {
            // Left by a restore that was cut short; it was never the vault.
            std::fs::remove_dir_all(&building)?;
        }
        {
            let store = Store::create(&building)?;
            store.meta_put_all(header_entries(&self.header_bytes))?;
            store.apply(self.writes)?;
        }
        std::fs::rename(&building, dir.join(STORE_DIR))?;
        layout::sync_dir(dir)?;
        Marker {
            format: self.header.format,
            vault_id: self.header.vault_id.clone(),
            store: STORE_DIR.to_owned(),
        }
        .write(dir)?;
        let vault = Vault::open(dir)?;
        let mut keyring = self.keyring;
        vault.prepare_couple_space(&mut keyring)?;
        Ok((vault, keyring))
    }
}

fn read_capped(path: &Path) -> Result<Vec<u8>, VaultError> {
    let file = File::open(path)?;
    if file.metadata()?.len() > MAX_BACKUP_BYTES {
        return Err(VaultError::TooLarge);
    }
    let mut bytes = Vec::new();
    file.take(MAX_BACKUP_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BACKUP_BYTES {
        return Err(VaultError::TooLarge);
    }
    Ok(bytes)
}

fn split(bytes: &[u8]) -> Result<(&[u8], Header, &[u8]), VaultError> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(VaultError::BadBackup)?;
    let (len, rest) = take_u32(rest)?;
    if len > MAX_HEADER || rest.len() < len + OVERHEAD {
        return Err(VaultError::BadBackup);
    }
    let (header_bytes, sealed) = rest.split_at(len);
    let header = Header::from_bytes(header_bytes).map_err(|_| VaultError::BadBackup)?;
    if header.profiles.is_empty() {
        return Err(VaultError::BadBackup);
    }
    Ok((header_bytes, header, sealed))
}

fn take_u32(bytes: &[u8]) -> Result<(usize, &[u8]), VaultError> {
    if bytes.len() < 4 {
        return Err(VaultError::BadBackup);
    }
    let (n, rest) = bytes.split_at(4);
    Ok((u32::from_be_bytes([n[0], n[1], n[2], n[3]]) as usize, rest))
}

fn entries(mut body: &[u8]) -> Result<Vec<Write>, VaultError> {
    let mut writes = Vec::new();
    while !body.is_empty() {
        let (klen, rest) = take_u32(body)?;
        if klen != STORE_KEY_LEN || rest.len() < klen {
            return Err(VaultError::BadBackup);
        }
        let (key, rest) = rest.split_at(klen);
        let (vlen, rest) = take_u32(rest)?;
        if vlen < OVERHEAD || rest.len() < vlen {
            return Err(VaultError::BadBackup);
        }
        let (value, rest) = rest.split_at(vlen);
        writes.push(Write::Put(key.to_vec(), value.to_vec()));
        body = rest;
    }
    Ok(writes)
}
