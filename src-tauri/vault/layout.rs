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
    /// The folder holding the live store: `store`, or `store-N` after compactions.
    /// Switching it is the one atomic step of a compaction.
    #[serde(default = "default_store")]
    pub store: String,
}

fn default_store() -> String {
    STORE_DIR.to_owned()
}

/// `store` or `store-N`: the only names a store folder may have.
pub fn is_store_name(name: &str) -> bool {
    name == STORE_DIR
        || name.strip_prefix("store-").is_some_and(|n| {
            !n.is_empty() && n.len() <= 12 && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// The name for the next compacted store after `current`.
pub fn next_store_name(current: &str) -> String {
    let n: u64 = current
        .strip_prefix("store-")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    format!("store-{}", n + 1)
}

/// Store folders in `dir` other than `keep` (all of them for an empty `keep`).
pub fn stale_stores(dir: &Path, keep: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| is_store_name(n) && n != keep)
        })
        .map(|e| e.path())
        .collect()
}

/// Bytes on disk under `path`.
pub fn size_of(path: &Path) -> u64 {
    let Ok(m) = fs::metadata(path) else { return 0 };
    if m.is_file() {
        return m.len();
    }
    fs::read_dir(path).map_or(0, |d| {
        d.filter_map(Result::ok).map(|e| size_of(&e.path())).sum()
    })
}

impl Marker {
    pub fn read(dir: &Path) -> Result<Marker, VaultError> {
        let damaged = || VaultError::Damaged { set_aside: None };
        let bytes = fs::read(dir.join(MARKER)).map_err(|_| damaged())?;
        let marker: Marker = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
        if !is_store_name(&marker.store) {
            return Err(damaged());
        }
        Ok(marker)
    }

    pub fn write(&self, dir: &Path) -> Result<(), VaultError> {
        let bytes = serde_json::to_vec(self).map_err(|_| VaultError::Encoding)?;
        write_atomic(&dir.join(MARKER), &bytes)
    }
}

/// Whether anything of a vault is in `dir`.
pub fn present(dir: &Path) -> bool {
    dir.join(MARKER).exists() || !stale_stores(dir, "").is_empty()
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
        let mut f = create_private_file(&tmp)?;
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

/// A new file only its owner may read (0600 on Unix); an existing one is an error, so a
/// temp name never follows someone else's file or link.
fn create_private_file(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Creates a folder (and its parents) that only its owner may open (0700 on Unix).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Moves the store folders and the marker into a new `damaged-N` folder beside them.
pub fn set_aside(dir: &Path) -> std::io::Result<PathBuf> {
    set_aside_as(dir, "damaged")
}

/// Moves the store folders and the marker into a new `{prefix}-N` folder beside them
/// (`damaged` for damage, `replaced` for a vault a restore took the place of).
pub fn set_aside_as(dir: &Path, prefix: &str) -> std::io::Result<PathBuf> {
    let target = (1..)
        .map(|n| dir.join(format!("{prefix}-{n}")))
        .find(|p| !p.exists())
        .expect("a free name");
    create_private_dir(&target)?;
    let mut moving = stale_stores(dir, "");
    moving.push(dir.join(MARKER));
    for from in moving {
        if let (true, Some(name)) = (from.exists(), from.file_name()) {
            fs::rename(&from, target.join(name))?;
        }
    }
    sync_dir(dir)?;
    Ok(target)
}
