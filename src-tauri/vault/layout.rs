//! The vault's files inside the data folder, and the two file moves it makes:
//! an atomic replace (temp file, fsync, rename, fsync of the folder) and setting a
//! damaged store aside (moved, never deleted).

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use super::header::hex;
use super::VaultError;

/// sled's folder.
pub const STORE_DIR: &str = "store";
/// Says "a vault lives here" even if the store's files go missing.
pub const MARKER: &str = "vault.json";
/// Where a restore is built before it is moved into place.
pub const RESTORING_DIR: &str = "store.restoring";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub format: u32,
    #[serde(with = "hex")]
    pub vault_id: Vec<u8>,
}

impl Marker {
    pub fn read(dir: &Path) -> Result<Marker, VaultError> {
        let bytes =
            fs::read(dir.join(MARKER)).map_err(|_| VaultError::Damaged { set_aside: None })?;
        serde_json::from_slice(&bytes).map_err(|_| VaultError::Damaged { set_aside: None })
    }

    pub fn write(&self, dir: &Path) -> Result<(), VaultError> {
        let bytes = serde_json::to_vec(self).map_err(|_| VaultError::Encoding)?;
        write_atomic(&dir.join(MARKER), &bytes)
    }
}

/// Whether anything of a vault is in `dir`.
pub fn present(dir: &Path) -> bool {
    dir.join(MARKER).exists() || dir.join(STORE_DIR).exists()
}

/// Writes `bytes` to `path` so that `path` is always either the old file or the whole
/// new one, even if the process dies mid-write.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or(VaultError::Encoding)?
        .to_string_lossy();
    let mut tag = [0u8; 6];
    SystemRandom::new()
        .fill(&mut tag)
        .map_err(|_| VaultError::Crypto)?;
    let tmp = parent.join(format!(".{name}.{}.tmp", hex::encode(&tag)));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(parent)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(VaultError::Io)
}

pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Moves the store and its marker into a new `damaged-N` folder beside them.
pub fn set_aside(dir: &Path) -> std::io::Result<PathBuf> {
    let target = (1..)
        .map(|n| dir.join(format!("damaged-{n}")))
        .find(|p| !p.exists())
        .expect("a free name");
    fs::create_dir(&target)?;
    for name in [STORE_DIR, MARKER] {
        let from = dir.join(name);
        if from.exists() {
            fs::rename(&from, target.join(name))?;
        }
    }
    sync_dir(dir)?;
    Ok(target)
}
