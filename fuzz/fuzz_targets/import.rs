//! Fuzzes the own-data import parser (src-tauri/report/export.rs): no input may panic,
//! and whatever it accepts must write back to a document that parses to the same value.
#![no_main]

use healing_arc_report::export;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap_or_default();
    if let Ok(doc) = export::parse(data, today) {
        let again = export::to_json(&doc);
        assert_eq!(export::parse(again.as_bytes(), today).ok(), Some(doc));
    }
});
