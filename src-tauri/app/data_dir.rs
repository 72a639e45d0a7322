//! Where the vault lives on disk.

use std::path::{Path, PathBuf};

/// Overrides the data folder (tests use a fresh temporary folder per run).
pub const DATA_DIR_ENV: &str = "HEALING_ARC_DATA_DIR";

/// The override when it is set and not empty, else the platform's app-data folder.
pub fn resolve_data_dir(
    env_value: Option<std::ffi::OsString>,
    platform_default: PathBuf,
) -> PathBuf {
    match env_value {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => platform_default,
    }
}

/// What is in the data folder, as far as can be told without a passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataDirState {
    Missing,
    Empty,
    InUse,
}

impl DataDirState {
    pub fn of(dir: &Path) -> std::io::Result<Self> {
        match std::fs::read_dir(dir) {
            Ok(mut entries) => Ok(if entries.next().is_some() {
                Self::InUse
            } else {
                Self::Empty
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::Missing),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_wins_unless_empty() {
        let default = PathBuf::from("/default");
        assert_eq!(
            resolve_data_dir(Some("/x".into()), default.clone()),
            PathBuf::from("/x")
        );
        assert_eq!(resolve_data_dir(Some("".into()), default.clone()), default);
        assert_eq!(resolve_data_dir(None, default.clone()), default);
    }

    #[test]
    fn state_tells_missing_empty_and_in_use() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        assert_eq!(DataDirState::of(&dir).unwrap(), DataDirState::Missing);
        std::fs::create_dir(&dir).unwrap();
        assert_eq!(DataDirState::of(&dir).unwrap(), DataDirState::Empty);
        std::fs::write(dir.join("f"), b"x").unwrap();
        assert_eq!(DataDirState::of(&dir).unwrap(), DataDirState::InUse);
    }
}
