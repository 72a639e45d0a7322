//! The `arc` binary as a person runs it.

use std::fs;
use std::io::Write;
use std::process::{Command, Output};

use healing_arc::model::MAX_SCENARIO_BYTES;

use super::repo;

fn arc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arc"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("arc runs")
}

#[test]
fn model_arc_replay_json_prints_exactly_the_golden_output() {
    for name in ["full-arc", "mutual-withdrawal", "declaration"] {
        let out = arc(&["replay", &format!("tests/scenarios/{name}.json"), "--json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected = fs::read(repo().join(format!("tests/scenarios/expected/{name}.json")))
            .expect("golden file");
        assert_eq!(out.stdout, expected, "{name}");
    }
}

#[test]
fn model_arc_replay_prints_a_readable_table() {
    let out = arc(&["replay", "tests/scenarios/full-arc.json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Ari is the partner who broke trust"),
        "{text}"
    );
    assert!(text.contains("2026-11-08"));
    assert!(text.contains("Ari moved on to 4"));
    assert!(text.contains("leaning_in_together (2026-10-08)"));
    assert!(text.contains("Noor declared ready to rebuild together"));
}

#[test]
fn model_arc_replay_json_has_the_standing_declarations_per_day() {
    let out = arc(&["replay", "tests/scenarios/declaration.json", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    // MODEL.md's order: date, phase, ready, rebuild, dynamics.
    for line in text.lines().filter(|l| l.starts_with("{\"date\"")) {
        let at = |key: &str| line.find(&format!("\"{key}\":")).expect(key);
        assert!(
            at("phase") < at("ready") && at("ready") < at("rebuild"),
            "{line}"
        );
        assert!(at("rebuild") < at("dynamics"), "{line}");
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rebuild: Vec<(bool, bool)> = v["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| (d["rebuild"]["op"] == true, d["rebuild"]["ap"] == true))
        .collect();
    let (no, op, ap, both) = ((false, false), (true, false), (false, true), (true, true));
    // Declared on 5, withdrawn on 6, declared on 7, cleared by a rupture on 8; Quinn's of
    // day 9 is cleared by a step back on 10; both on 12; each ends on entering renew.
    assert_eq!(
        rebuild,
        [no, no, no, no, no, ap, no, ap, no, op, no, no, both, ap, no]
    );
}

#[test]
fn model_arc_bad_file_exits_2_naming_the_json_path() {
    let out = arc(&[
        "replay",
        "tests/scenarios/bad/stance-out-of-range.json",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("days[1].op.stance"), "{err}");

    let out = arc(&["replay", "tests/scenarios/bad/renew-too-early.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("day 12") && err.contains("renew-waits-for-both"),
        "{err}"
    );

    let out = arc(&["replay", "tests/scenarios/no-such-file.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn model_arc_refuses_an_oversized_file_before_parsing_it() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    // Not JSON at all: a parse would fail differently than the size check.
    let chunk = vec![b'x'; 1024 * 1024];
    let mut written = 0;
    while written <= MAX_SCENARIO_BYTES {
        file.write_all(&chunk).expect("write");
        written += chunk.len();
    }
    let path = file.path().to_string_lossy().into_owned();
    let out = arc(&["replay", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scenarios can be at most"), "{err}");
}
