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

/// The identifier releases up to 0.1 used; it names their data folder. It ended in
/// `.app`, which clashes with macOS app bundles, so tauri.conf.json now has another.
pub const OLD_IDENTIFIER: &str = "org.healingarc.app";

/// What [`carry_over`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarryOver {
    /// The old folder now has the new name.
    Moved,
    /// No old folder: nothing to do.
    NoOldFolder,
    /// Both hold something: neither is touched (never merged, never deleted).
    BothInUse,
}

/// Gives the data folder of an older identifier its new name, so people keep their data.
/// Only when the old folder exists and the new one is missing or empty; one rename in
/// the same parent folder, so it is all or nothing and never a copy.
pub fn carry_over(old: &Path, new: &Path) -> std::io::Result<CarryOver> {
    match std::fs::symlink_metadata(old) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Ok(CarryOver::NoOldFolder),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CarryOver::NoOldFolder),
        Err(e) => return Err(e),
    }
    match DataDirState::of(new)? {
        DataDirState::InUse => return Ok(CarryOver::BothInUse),
        // Made by an earlier start that had HEALING_ARC_DATA_DIR set (the webview makes
        // its folder either way); remove_dir removes only an empty folder.
        DataDirState::Empty => std::fs::remove_dir(new)?,
        DataDirState::Missing => {}
    }
    std::fs::rename(old, new)?;
    Ok(CarryOver::Moved)
}

/// Carries the old identifier's data folder and its demo folder over to `identifier`'s,
/// both in the platform's app-data folder `base`. Runs before the window is made: the
/// webview creates the new folder as it starts. Returns the old data folder when moving
/// it failed, so the app opens it where it is rather than look empty.
pub fn carry_over_old_folders(base: &Path, identifier: &str) -> Option<PathBuf> {
    if identifier == OLD_IDENTIFIER {
        return None;
    }
    let (old, new) = (base.join(OLD_IDENTIFIER), base.join(identifier));
    // The demo's folder holds only the made-up couple: if it cannot move, a new one is
    // seeded. Nothing is printed (SECURITY.md 3: no logging on this path).
    let _ = carry_over(&super::demo::demo_dir(&old), &super::demo::demo_dir(&new));
    match carry_over(&old, &new) {
        Ok(_) => None,
        Err(_) => Some(old),
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

    const NEW: &str = "org.healingarc.healingarc";

    fn folder_with(dir: &Path, file: &str, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
    }

    fn read(dir: &Path, file: &str) -> String {
        std::fs::read_to_string(dir.join(file)).unwrap()
    }

    #[test]
    fn the_old_folder_and_its_demo_move_to_the_new_name() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path();
        folder_with(&base.join("org.healingarc.app"), "db", "theirs");
        folder_with(&base.join("org.healingarc.app/backups"), "b", "kept");
        folder_with(&base.join("org.healingarc.app-demo"), "db", "demo");
        assert_eq!(carry_over_old_folders(base, NEW), None);
        assert_eq!(read(&base.join(NEW), "db"), "theirs");
        assert_eq!(read(&base.join(NEW).join("backups"), "b"), "kept");
        assert_eq!(read(&base.join(format!("{NEW}-demo")), "db"), "demo");
        assert!(!base.join("org.healingarc.app").exists());
        assert!(!base.join("org.healingarc.app-demo").exists());
        // The second start finds nothing to move and changes nothing.
        assert_eq!(carry_over_old_folders(base, NEW), None);
        assert_eq!(read(&base.join(NEW), "db"), "theirs");
    }

    #[test]
    fn an_empty_new_folder_gives_way_but_one_in_use_is_never_touched() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        assert_eq!(carry_over(&old, &new).unwrap(), CarryOver::NoOldFolder);
        assert!(!new.exists());
        folder_with(&old, "db", "theirs");
        std::fs::create_dir(&new).unwrap();
        assert_eq!(carry_over(&old, &new).unwrap(), CarryOver::Moved);
        assert_eq!(read(&new, "db"), "theirs");
        folder_with(&old, "db", "older");
        assert_eq!(carry_over(&old, &new).unwrap(), CarryOver::BothInUse);
        assert_eq!(read(&new, "db"), "theirs");
        assert_eq!(read(&old, "db"), "older");
    }

    #[test]
    fn a_file_under_the_old_name_is_not_a_data_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        std::fs::write(&old, b"x").unwrap();
        assert_eq!(carry_over(&old, &new).unwrap(), CarryOver::NoOldFolder);
        assert!(!new.exists() && old.is_file());
    }

    #[test]
    fn when_the_move_fails_the_old_folder_is_used_where_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path();
        folder_with(&base.join("org.healingarc.app"), "db", "theirs");
        // A file where the new folder would go: it cannot be read as a folder nor replaced.
        std::fs::write(base.join(NEW), b"x").unwrap();
        let got = carry_over_old_folders(base, NEW);
        assert_eq!(got, Some(base.join("org.healingarc.app")));
        assert_eq!(read(&base.join("org.healingarc.app"), "db"), "theirs");
    }

    #[test]
    fn the_old_identifier_itself_moves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        folder_with(&tmp.path().join(OLD_IDENTIFIER), "db", "theirs");
        assert_eq!(carry_over_old_folders(tmp.path(), OLD_IDENTIFIER), None);
        assert_eq!(read(&tmp.path().join(OLD_IDENTIFIER), "db"), "theirs");
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
