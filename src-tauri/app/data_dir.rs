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

/// Makes an existing data folder its owner's only (0700 on Unix); a missing one is left
/// for the vault to create 0700. The window is made before the app's setup, and on
/// Linux WebKit's storage shares this folder, so it may exist with the umask's mode.
pub fn make_private(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(dir) {
        use std::os::unix::fs::PermissionsExt as _;
        if meta.is_dir() && meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
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

    #[cfg(unix)]
    #[test]
    fn req_25_an_existing_data_folder_is_made_owner_only() {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("new/data");
        make_private(&missing).unwrap();
        assert!(
            !missing.exists(),
            "the vault creates it, 0700, when it is needed"
        );
        let wide = tmp.path().join("made-by-webkit");
        std::fs::create_dir(&wide).unwrap();
        std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o755)).unwrap();
        make_private(&wide).unwrap();
        assert_eq!(mode(&wide), 0o700);
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
