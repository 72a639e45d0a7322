//! The model stays pure: no Tauri, no store, no file system, no clock.

use std::fs;

use super::repo;

#[test]
fn model_sources_never_name_tauri_sled_the_file_system_or_a_clock() {
    let dir = repo().join("src-tauri/model");
    let mut checked = 0;
    for entry in fs::read_dir(&dir).expect("model folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("readable source");
        for banned in [
            "tauri",
            "sled",
            "std::fs",
            "SystemTime",
            "Instant",
            "Utc::now",
            "Local::now",
            "crate::",
        ] {
            assert!(!text.contains(banned), "{} names {banned}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} model files found");
}
