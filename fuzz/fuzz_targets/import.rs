//! Fuzzes the own-data import parser (src-tauri/report/export.rs): no input may panic,
//! and whatever it accepts must write back to a document that parses to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code, unused_imports)]
#[path = "../../src-tauri/model/mod.rs"]
mod model;

// It names only `crate::model`, so it sits at the root here.
#[allow(dead_code)]
#[path = "../../src-tauri/report/export.rs"]
mod export;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap_or_default();
    if let Ok(doc) = export::parse(data, today) {
        let again = export::to_json(&doc);
        assert_eq!(export::parse(again.as_bytes(), today).ok(), Some(doc));
    }
});
