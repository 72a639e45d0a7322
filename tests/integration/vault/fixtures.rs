//! Data written by earlier releases still opens (SECURITY.md 31). Each folder under
//! tests/fixtures/ was written by the release it names (its generate.rs says how) with
//! a manifest of what each partner read back then; the current build must read exactly
//! the same through the app.

use std::path::{Path, PathBuf};

use healing_arc::app::{arc, checkins, couple, export, journal, settings, tasks, AppState};
use healing_arc::vault::{Passphrase, Secret};
use serde_json::{json, Value};

use super::state;

pub(super) fn fixture(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(version)
}

pub(super) fn manifest(version: &str) -> Value {
    let text = std::fs::read_to_string(fixture(version).join("manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

pub(super) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn person(p: &couple::Person) -> Value {
    json!({ "slot": p.slot, "name": p.name, "role": p.role, "colour": p.colour })
}

/// What the unlocked partner reads, in the manifest's shape (generate.rs `read`).
pub(super) fn reads(state: &AppState) -> Value {
    let me = couple::me(state).unwrap();
    json!({
        "me": person(&me.me),
        "partner": me.partner.as_ref().map(person),
        "settings": settings::get(state).unwrap(),
        "checkins": checkins::list(state, None, None).unwrap(),
        "partner_checkins": checkins::partner_list(state, None, None).unwrap(),
        "journal": journal::list(state).unwrap(),
        "partner_journal": journal::partner_list(state).unwrap(),
        "tasks": tasks::list(state).unwrap(),
        "partner_tasks": tasks::partner_list(state).unwrap(),
        "events": arc::load(state).unwrap().history.events,
    })
}

/// Compares key by key, so a failure names the part that changed.
pub(super) fn assert_reads(got: &Value, want: &Value, who: &str) {
    let want = want.as_object().unwrap();
    for (key, value) in want {
        assert_eq!(
            &got[key], value,
            "{who}: {key} differs from what the release that wrote it read"
        );
    }
    assert_eq!(got.as_object().unwrap().len(), want.len(), "{who}");
}

pub(super) fn partners(m: &Value) -> &Vec<Value> {
    m["partners"].as_array().unwrap()
}

pub(super) fn slot(p: &Value) -> u8 {
    p["slot"].as_u64().unwrap() as u8
}

pub(super) fn text(p: &Value, key: &str) -> String {
    p[key].as_str().unwrap().to_owned()
}

#[test]
fn a_data_folder_from_0_1_0_opens_and_reads_the_same() {
    let m = manifest("v0.1.0");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_dir(&fixture("v0.1.0").join("data"), &dir);
    let state = state(&dir);
    for p in partners(&m) {
        couple::unlock(&state, slot(p), Passphrase::new(text(p, "passphrase"))).unwrap();
        assert_reads(&reads(&state), &p["reads"], &text(p, "name"));
        couple::sign_out(&state);
    }
    // The first unlock wrote the header again in the current format (both copies), once
    // a backup of the store as it was lay in the data folder.
    drop(state);
    let header = |key: &str| -> Option<Value> {
        let db = super::damage::raw_db(&dir);
        let bytes = db.get(key).unwrap()?;
        Some(serde_json::from_slice(&bytes).unwrap())
    };
    let (first, copy) = (header("header").unwrap(), header("header-copy"));
    assert_eq!(first["format"], 2);
    assert_eq!(copy.as_ref(), Some(&first));
    let today = healing_arc::app::checkins::today().format("%Y-%m-%d");
    let kept = dir.join(format!("backups/healing-arc-{today}-before-update.backup"));
    assert!(
        kept.is_file(),
        "a backup before the header was written again"
    );
    let restored = super::state(&tmp.path().join("from-the-backup"));
    let p = &partners(&m)[0];
    let secret = Secret::Passphrase(Passphrase::new(text(p, "passphrase")));
    couple::restore(&restored, &kept, slot(p), secret).unwrap();
    assert_reads(
        &reads(&restored),
        &p["reads"],
        "the backup before the update",
    );
    // Opened once already and written in the current format: the same again.
    let state = super::state(&dir);
    for p in partners(&m) {
        couple::unlock(&state, slot(p), Passphrase::new(text(p, "passphrase"))).unwrap();
        assert_reads(&reads(&state), &p["reads"], &text(p, "name"));
        couple::lock(&state);
    }
}

/// 0.1.0 kept its data under the identifier `org.healingarc.app`; the first start of
/// this release gives the folder the new name, and it opens as before.
#[test]
fn a_0_1_0_data_folder_under_the_old_identifier_moves_and_opens() {
    let m = manifest("v0.1.0");
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path();
    copy_dir(
        &fixture("v0.1.0").join("data"),
        &base.join(healing_arc::app::OLD_IDENTIFIER),
    );
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json"))
            .unwrap(),
    )
    .unwrap();
    let identifier = conf["identifier"].as_str().unwrap();
    assert_ne!(identifier, healing_arc::app::OLD_IDENTIFIER);
    assert!(
        !identifier.ends_with(".app"),
        "clashes with macOS app bundles"
    );
    assert_eq!(
        healing_arc::app::carry_over_old_folders(base, identifier),
        None
    );
    assert!(!base.join(healing_arc::app::OLD_IDENTIFIER).exists());
    let state = state(&base.join(identifier));
    for p in partners(&m) {
        couple::unlock(&state, slot(p), Passphrase::new(text(p, "passphrase"))).unwrap();
        assert_reads(&reads(&state), &p["reads"], &text(p, "name"));
        couple::lock(&state);
    }
}

#[test]
fn a_recovery_code_from_0_1_0_still_opens_its_profile() {
    let m = manifest("v0.1.0");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_dir(&fixture("v0.1.0").join("data"), &dir);
    let state = state(&dir);
    for p in partners(&m) {
        let new = format!("a new passphrase for {}", text(p, "name"));
        couple::recover(
            &state,
            slot(p),
            &text(p, "recovery_code"),
            Passphrase::new(new.clone()),
        )
        .unwrap();
        assert_reads(&reads(&state), &p["reads"], &text(p, "name"));
        couple::lock(&state);
        couple::unlock(&state, slot(p), Passphrase::new(new)).unwrap();
        couple::lock(&state);
    }
}

#[test]
fn a_backup_from_0_1_0_restores_and_reads_the_same() {
    let m = manifest("v0.1.0");
    for p in partners(&m) {
        let tmp = tempfile::tempdir().unwrap();
        let state = state(&tmp.path().join("data"));
        couple::restore(
            &state,
            &fixture("v0.1.0").join("backup.backup"),
            slot(p),
            Secret::Passphrase(Passphrase::new(text(p, "passphrase"))),
        )
        .unwrap();
        assert_reads(&reads(&state), &p["reads"], &text(p, "name"));
    }
}

#[test]
fn an_export_from_0_1_0_imports_and_reads_the_same() {
    let m = manifest("v0.1.0");
    for (p, file) in partners(&m)
        .iter()
        .zip(["export-alex.json", "export-sam.json"])
    {
        let want = &p["reads"];
        let role = serde_json::from_value(want["me"]["role"].clone()).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let state = state(&tmp.path().join("data"));
        couple::create(&state, super::partner("Someone", role, 1, super::P1)).unwrap();
        let bytes = std::fs::read(fixture("v0.1.0").join(file)).unwrap();
        export::import_bytes(&state, &bytes).unwrap();
        let got = reads(&state);
        // An export holds one partner's own records (and their settings are theirs to set
        // again); the partner's shared items and names are not in it.
        for key in ["checkins", "journal", "tasks"] {
            assert_eq!(got[key], want[key], "{file}: {key}");
        }
        let own = |events: &Value| -> Vec<Value> {
            let role = &want["me"]["role"];
            let all = events.as_array().unwrap().iter();
            all.filter(|e| &e["partner"] == role).cloned().collect()
        };
        assert_eq!(own(&got["events"]), own(&want["events"]), "{file}: events");
        assert_eq!(own(&want["events"]).len(), 2, "{file}");
    }
}

/// The colours 0.1.0's UI showed for the stored indexes 0..6 (ui/src/lib/colours.ts of
/// that release); 6 and 7 were accepted but fell back to the first.
const SHOWN_BY_0_1_0: [(&str, &str); 6] = [
    ("Plum", "#6b4fa0"),
    ("Teal", "#2d7d7a"),
    ("Amber", "#b7791f"),
    ("Rose", "#b24a6b"),
    ("Slate", "#4a5a73"),
    ("Moss", "#5b7a2e"),
];

#[test]
fn profiles_from_0_1_0_keep_the_colours_they_showed() {
    use healing_arc::model::rules::{self, PALETTE};
    let m = manifest("v0.1.0");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_dir(&fixture("v0.1.0").join("data"), &dir);
    let state = state(&dir);
    // While locked, only the colour tells the profiles apart.
    let status = couple::status(&state).unwrap();
    for p in partners(&m) {
        let stored = p["reads"]["me"]["colour"].as_u64().unwrap() as usize;
        let choice = status.profiles.iter().find(|c| c.slot == slot(p)).unwrap();
        assert_eq!(usize::from(choice.colour), stored, "{}", text(p, "name"));
        let c = PALETTE[stored];
        assert_eq!(
            (c.name, c.hex),
            SHOWN_BY_0_1_0[stored],
            "{}",
            text(p, "name")
        );
    }
    for (i, shown) in SHOWN_BY_0_1_0.iter().enumerate() {
        assert_eq!((PALETTE[i].name, PALETTE[i].hex), *shown, "colour {i}");
    }
    // Every index 0.1.0 accepted still names a colour of its own.
    assert_eq!(usize::from(rules::PALETTE_SIZE), 8);
}
