//! Every model type the UI may receive exports to TypeScript without error.

use healing_arc::model::{
    ArcEvent, CheckIn, CoupleHistory, CoupleStatus, DayReport, Guidance, PhasePrompts, Readiness,
    SafetyResources, SharedCheckIn, Task, Trends,
};
use ts_rs::TS;

#[test]
fn model_types_export_to_typescript() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    let results = [
        CheckIn::export_all_to(path),
        SharedCheckIn::export_all_to(path),
        CoupleHistory::export_all_to(path),
        CoupleStatus::export_all_to(path),
        DayReport::export_all_to(path),
        ArcEvent::export_all_to(path),
        Readiness::export_all_to(path),
        Trends::export_all_to(path),
        Task::export_all_to(path),
        Guidance::export_all_to(path),
        PhasePrompts::export_all_to(path),
        SafetyResources::export_all_to(path),
    ];
    for r in results {
        assert!(r.is_ok(), "{r:?}");
    }
    let visibility = std::fs::read_to_string(path.join("Visibility.ts")).expect("Visibility.ts");
    assert!(visibility.contains("\"partner+therapist\""), "{visibility}");
    let detection = std::fs::read_to_string(path.join("Detection.ts")).expect("Detection.ts");
    assert!(detection.contains("since"), "{detection}");
}
