//! Every scenario in tests/scenarios replays to exactly its checked-in output, and
//! every file in tests/scenarios/bad fails with exactly its checked-in error.

use std::fs;
use std::path::{Path, PathBuf};

use healing_arc::model::{replay, Scenario};

use super::repo;

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("the scenarios folder exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

fn run(path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let scenario = Scenario::parse(&text).map_err(|e| e.to_string())?;
    replay(&scenario)
        .map(|r| r.to_json())
        .map_err(|e| e.to_string())
}

#[test]
fn model_golden_scenarios_replay_to_their_expected_output() {
    let dir = repo().join("tests/scenarios");
    let scenarios = files(&dir, "json");
    let names: Vec<String> = scenarios
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for needed in [
        "op-ambivalence",
        "turn-taking-settles",
        "mutual-withdrawal",
        "pursue-withdraw",
        "colliding-trajectories",
        "new-disclosure",
        "one-partner-private",
        "full-arc",
        "demo",
        "declaration",
        "unanswered",
    ] {
        assert!(
            names.iter().any(|n| n == needed),
            "missing scenario {needed}"
        );
    }
    for path in scenarios {
        let name = path.file_name().expect("a file name");
        let expected = fs::read_to_string(dir.join("expected").join(name))
            .unwrap_or_else(|_| panic!("no expected output for {}", path.display()));
        let actual = run(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if actual != expected {
            let line = actual
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{} differs from its golden output, first at line {}:\n  got      {}\n  expected {}",
                path.display(),
                line + 1,
                actual.lines().nth(line).unwrap_or(""),
                expected.lines().nth(line).unwrap_or("")
            );
        }
    }
}

#[test]
fn model_bad_scenarios_fail_with_their_expected_error() {
    let dir = repo().join("tests/scenarios/bad");
    let bad = files(&dir, "json");
    assert!(bad.len() >= 10, "expected the bad-file collection");
    let names: Vec<String> = bad
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for needed in [
        "renew-without-declaration",
        "renew-after-withdraw",
        "renew-after-rupture",
        "declare-not-ready",
        "declare-outside-process",
        "declare-twice",
        "withdraw-without-declaration",
    ] {
        assert!(names.iter().any(|n| n == needed), "missing bad/{needed}");
    }
    for path in bad {
        let expected = fs::read_to_string(path.with_extension("err"))
            .unwrap_or_else(|_| panic!("no .err for {}", path.display()));
        match run(&path) {
            Ok(_) => panic!("{} replayed without error", path.display()),
            Err(e) => assert_eq!(e, expected.trim_end(), "{}", path.display()),
        }
    }
}

#[test]
fn model_scenarios_as_histories_give_the_same_days_as_replay() {
    // Two paths to the same answer: the tool's replay (which asks the rules) and the
    // app's CoupleHistory (which takes recorded moves as facts, e.g. a seeded demo).
    let dir = repo().join("tests/scenarios");
    for path in files(&dir, "json") {
        let text = fs::read_to_string(&path).expect("readable");
        let scenario = Scenario::parse(&text).expect("a valid scenario");
        let replayed = replay(&scenario).expect("replays");
        let Some(last) = replayed.days.last() else {
            continue;
        };
        let timeline = scenario.to_history().timeline(last.report.date);
        assert_eq!(timeline.len(), replayed.days.len(), "{}", path.display());
        for (t, r) in timeline.iter().zip(&replayed.days) {
            assert_eq!(t, &r.report, "{} on {}", path.display(), t.date);
        }
    }
}

#[test]
fn model_demo_covers_about_four_months_and_reaches_renew() {
    let out = run(&repo().join("tests/scenarios/demo.json")).expect("the demo replays");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let days = v["days"].as_array().expect("days");
    assert!((110..=130).contains(&days.len()), "{} days", days.len());
    let last = days.last().expect("a last day");
    assert_eq!(last["phase"], serde_json::json!({"op": 4, "ap": 4}));
}
