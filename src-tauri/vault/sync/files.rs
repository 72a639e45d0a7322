//! Reading and removing files in the shared folder, which anyone may have changed.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The file's bytes if it is a regular file of at most `cap` bytes; the length is
/// checked before reading and again while reading (a file may grow meanwhile).
pub fn read_capped(path: &Path, cap: u64) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > cap {
        return None;
    }
    let mut out = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .ok()?
        .take(cap + 1)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() as u64 <= cap).then_some(out)
}

/// Removes a file if it is there; a file already gone is what was wanted.
pub fn remove_quietly(path: &Path) {
    let _ = std::fs::remove_file(path);
}
