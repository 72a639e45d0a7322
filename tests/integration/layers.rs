//! The layers as crates (docs/ARCHITECTURE.md): the compiler keeps each to the
//! dependencies its Cargo.toml names, and this checks what those dependencies are, as
//! `cargo tree` resolves them when the crate is built on its own.

use std::collections::BTreeMap;
use std::process::Command;

/// Every package in `package`'s normal (not dev, not build) dependency tree, with the
/// features it is built with.
fn normal_tree(package: &str) -> BTreeMap<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--locked", "-p", package, "-e", "normal"])
        .args(["--prefix", "none", "--format", "{p}|{f}"])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let tree: BTreeMap<String, String> = text
        .lines()
        .filter_map(|line| {
            let (package, features) = line.split_once('|')?;
            let name = package.split_whitespace().next()?;
            Some((
                name.to_owned(),
                features.trim_end_matches(" (*)").to_owned(),
            ))
        })
        .collect();
    assert!(tree.contains_key(package), "{package} not in its own tree");
    tree
}

fn is_tauri(name: &str) -> bool {
    name == "tauri" || name.starts_with("tauri-") || name == "wry" || name == "webkit2gtk"
}

fn assert_none(package: &str, tree: &BTreeMap<String, String>, banned: impl Fn(&str) -> bool) {
    let found: Vec<&String> = tree.keys().filter(|n| banned(n)).collect();
    assert!(found.is_empty(), "{package} depends on {found:?}");
}

#[test]
fn the_model_has_no_app_framework_store_crypto_typescript_or_clock() {
    let tree = normal_tree("healing-arc-model");
    assert_none("the model", &tree, |n| {
        is_tauri(n) || ["sled", "ring", "ts-rs", "healing-arc-vault"].contains(&n)
    });
    // "Today" is only ever a parameter: chrono without its clock.
    let chrono = tree.get("chrono").expect("the model uses chrono's dates");
    for feature in chrono.split(',') {
        assert!(
            !["clock", "now"].contains(&feature),
            "the model's chrono has {feature}"
        );
    }
}

#[test]
fn the_vault_has_no_app_framework_and_knows_no_phases() {
    let tree = normal_tree("healing-arc-vault");
    assert_none("the vault", &tree, |n| {
        is_tauri(n) || n == "healing-arc-model" || n == "healing-arc-report"
    });
}

#[test]
fn the_report_has_no_app_framework_and_no_store() {
    let tree = normal_tree("healing-arc-report");
    assert_none("the report", &tree, |n| {
        is_tauri(n) || n == "sled" || n == "healing-arc-vault"
    });
}
