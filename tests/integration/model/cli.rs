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
    for name in ["full-arc", "mutual-withdrawal"] {
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
