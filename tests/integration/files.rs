//! SECURITY.md 25: paths come from the person, not the page. The commands' inputs
//! cannot carry a path, a kept backup is found by name in the app's own list, and
//! every file and folder the app writes is its owner's only.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use healing_arc::app::couple;
use healing_arc::app::export::{self, ExportFormat};
use healing_arc::app::files::{self, BackupSource, Chosen, FileRequest};
use healing_arc::app::report::{self, Format, PacketLock};
use healing_arc::commands::{input, report as rc, vault as vc};
use healing_arc::error::ErrorCode;
use healing_arc::vault::Secret;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use super::vault::{couple, pass, P1};

/// Parses `value` the way the command does, and the same with a `path` added.
fn with_and_without_path<T: serde::de::DeserializeOwned>(value: Value) -> (bool, Option<String>) {
    let plain_ok = input::parse::<T>(Some(value.clone())).is_ok();
    let mut with_path = value;
    with_path["path"] = json!("/home/someone/.bashrc");
    let e = input::parse::<T>(Some(with_path)).err();
    assert!(e.as_ref().is_none_or(|e| e.code == ErrorCode::Validation));
    (plain_ok, e.and_then(|e| e.field))
}

#[test]
fn req_25_command_inputs_refuse_a_path_field() {
    let cases = [
        (
            "report_save",
            with_and_without_path::<rc::ReportSaveInput>(
                json!({"from": "2026-01-01", "to": "2026-01-31", "format": "pdf"}),
            ),
        ),
        (
            "report_save with a packet",
            with_and_without_path::<rc::ReportSaveInput>(json!({
                "from": "2026-01-01", "to": "2026-01-31", "format": "html",
                "packet": {"passphrase": "a phrase for the therapist"}
            })),
        ),
        (
            "export_own_data",
            with_and_without_path::<rc::ExportInput>(json!({"format": "csv"})),
        ),
        (
            "import_own_data",
            with_and_without_path::<rc::ImportInput>(json!({})),
        ),
        (
            "vault_backup",
            with_and_without_path::<vc::BackupInput>(json!({"choose_file": true})),
        ),
        (
            "vault_restore",
            with_and_without_path::<vc::RestoreInput>(json!({"slot": 1, "passphrase": P1})),
        ),
        (
            "vault_restore of a kept backup",
            with_and_without_path::<vc::RestoreInput>(
                json!({"slot": 1, "passphrase": P1, "kept": "healing-arc-2026-01-01.backup"}),
            ),
        ),
    ];
    for (command, (plain_ok, field)) in cases {
        assert!(plain_ok, "{command}: the input without a path parses");
        assert_eq!(field.as_deref(), Some("path"), "{command} took a path");
    }
    // A packet cannot smuggle one either.
    let nested = input::parse::<rc::ReportSaveInput>(Some(json!({
        "from": "2026-01-01", "to": "2026-01-31", "format": "pdf",
        "packet": {"passphrase": "a phrase for the therapist", "path": "/tmp/x"}
    })));
    assert_eq!(
        nested.err().and_then(|e| e.field).as_deref(),
        Some("packet.path")
    );
}

#[test]
fn req_25_a_kept_backup_is_found_by_name_only_in_the_apps_own_list() {
    let c = couple();
    let (kept, _) = couple::backup(&c.state, None).unwrap();
    let name = kept.file_name().unwrap().to_str().unwrap().to_owned();
    assert_eq!(files::kept_backup(&c.state, &name).unwrap(), kept);
    // A real backup elsewhere, named every way a page might try.
    let outside = c.tmp.path().join("outside.backup");
    std::fs::copy(&kept, &outside).unwrap();
    for bad in [
        outside.to_str().unwrap().to_owned(),
        "../outside.backup".to_owned(),
        format!("../backups/{name}"),
        kept.to_str().unwrap().to_owned(),
        String::new(),
    ] {
        let e = files::kept_backup(&c.state, &bad).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Validation, Some("kept"))
        );
    }
    // And the command's restore goes through it: an unknown name changes nothing.
    let never = |_: &FileRequest| -> Option<PathBuf> { panic!("no dialog for a kept backup") };
    let r = files::restore_from(
        &c.state,
        BackupSource::Kept("../outside.backup".into()),
        1,
        Secret::Passphrase(pass(P1)),
        &never,
    );
    assert_eq!(r.unwrap_err().field.as_deref(), Some("kept"));
    let me = files::restore_from(
        &c.state,
        BackupSource::Kept(name),
        1,
        Secret::Passphrase(pass(P1)),
        &never,
    )
    .unwrap();
    assert!(matches!(me, Chosen::Done(m) if m.me.name == "Alex"));
    // A file from elsewhere comes only through the dialog; closing it changes nothing.
    let cancel = |_: &FileRequest| -> Option<PathBuf> { None };
    let r = files::restore_from(
        &c.state,
        BackupSource::Chosen,
        1,
        Secret::Passphrase(pass(P1)),
        &cancel,
    );
    assert_eq!(r.unwrap(), Chosen::Cancelled);
    let picked = answer(outside);
    let r = files::restore_from(
        &c.state,
        BackupSource::Chosen,
        1,
        Secret::Passphrase(pass(P1)),
        &picked,
    );
    assert!(matches!(r.unwrap(), Chosen::Done(m) if m.me.name == "Alex"));
}

/// The permission bits, in octal as people write them.
fn mode(p: &Path) -> String {
    format!(
        "{:o}",
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    )
}

/// Answers every dialog with `path`, as the person would.
fn answer(path: PathBuf) -> impl Fn(&FileRequest) -> Option<PathBuf> + Send + Sync {
    move |_: &FileRequest| Some(path.clone())
}

#[test]
fn req_25_backups_reports_and_exports_are_owner_only() {
    let c = couple();
    // The data folder and what the vault keeps in it.
    assert_eq!(mode(&c.dir), "700", "the data folder");
    assert_eq!(mode(&c.dir.join("vault.json")), "600", "the vault's marker");
    let (kept, _) = couple::backup(&c.state, None).unwrap();
    assert_eq!(mode(kept.parent().unwrap()), "700", "backups/");
    assert_eq!(mode(&kept), "600", "a kept backup");

    // Files the person chooses, on "a USB stick" that anyone may read.
    let usb = c.tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    std::fs::set_permissions(&usb, std::fs::Permissions::from_mode(0o755)).unwrap();
    let to = healing_arc::app::checkins::today();
    let from = to - chrono::Days::new(30);
    let written = [
        files::backup_chosen(&c.state, &answer(usb.join("our.backup"))).unwrap(),
        report::save_chosen(
            &c.state,
            from,
            to,
            Format::Html,
            None,
            &answer(usb.join("r.html")),
        )
        .unwrap(),
        report::save_chosen(
            &c.state,
            from,
            to,
            Format::Pdf,
            Some(PacketLock::Passphrase(Zeroizing::new(
                "a phrase for the therapist".into(),
            ))),
            &answer(usb.join("r.age")),
        )
        .unwrap(),
        export::save_chosen(&c.state, ExportFormat::Json, &answer(usb.join("mine.json"))).unwrap(),
        export::save_chosen(&c.state, ExportFormat::Csv, &answer(usb.join("mine.csv"))).unwrap(),
    ];
    for (done, name) in
        written
            .into_iter()
            .zip(["our.backup", "r.html", "r.age", "mine.json", "mine.csv"])
    {
        let Chosen::Done((path, bytes)) = done else {
            panic!("{name} was not written")
        };
        assert_eq!(path, usb.join(name));
        assert!(bytes > 0);
        assert_eq!(mode(&path), "600", "{name}");
    }
    // Replacing a file someone else could read leaves one only its owner can.
    let old = usb.join("old.html");
    std::fs::write(&old, "old").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    report::save(&c.state, from, to, Format::Html, None, &old).unwrap();
    assert_eq!(mode(&old), "600", "a replaced file");

    // Cancelling writes nothing and says so.
    let before = std::fs::read_dir(&usb).unwrap().count();
    let cancel = |_: &FileRequest| -> Option<PathBuf> { None };
    assert_eq!(
        files::backup_chosen(&c.state, &cancel).unwrap(),
        Chosen::Cancelled
    );
    assert_eq!(
        export::save_chosen(&c.state, ExportFormat::Json, &cancel).unwrap(),
        Chosen::Cancelled
    );
    assert_eq!(
        export::import_chosen(&c.state, &cancel).unwrap(),
        Chosen::Cancelled
    );
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), before);
}
