//! The password-protected PDF (issue 14 item 5, docs/REPORTS.md): it opens with the
//! passphrase in three independent readers, poppler, qpdf and mupdf, and in none without it
//! (pdf.js, Firefox's reader, opens the one the screen saves: tests/e2e/therapist.test.mjs);
//! it stays tagged; its bytes hold none of the report's words; a weak passphrase is
//! refused with an error naming the field.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use healing_arc::app::report::{self, Format, PacketLock};
use healing_arc::app::{checkins, journal};
use healing_arc::error::ErrorCode;
use healing_arc::model::{CheckIn, Share, Visibility};
use healing_arc::report::protect;
use zeroize::Zeroizing;

use super::vault::couple;

const NOTE: &str = "Protected-note: we walked by the canal and listened";
const JOURNAL: &str = "Protected-journal: the quiet evening helped";
const PASS: &str = "otter quilt cedar lemon brook";

fn seeded() -> super::vault::Couple {
    let c = couple();
    let day = checkins::today().pred_opt().unwrap();
    let share = Share {
        numbers: Visibility::Therapist,
        note: Visibility::Therapist,
    };
    let ci = CheckIn {
        stance: 1,
        note: NOTE.into(),
        share,
        ..CheckIn::neutral(day)
    };
    checkins::save(&c.state, ci).unwrap();
    journal::create(&c.state, JOURNAL.into(), Visibility::Therapist).unwrap();
    c
}

fn range() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let to = checkins::today();
    (to.checked_sub_days(chrono::Days::new(30)).unwrap(), to)
}

fn make(c: &super::vault::Couple, pass: &str) -> healing_arc::error::AppResult<Vec<u8>> {
    let (from, to) = range();
    let lock = PacketLock::PdfPassword(Zeroizing::new(pass.to_owned()));
    report::make(&c.state, from, to, Format::Pdf, Some(lock))
}

fn run(tool: &str, args: &[&str], files: &[&Path]) -> Output {
    Command::new(tool)
        .args(args)
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} could not run ({e}): install poppler-utils, qpdf and mupdf-tools (make test does)")
        })
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).replace('\n', " ")
}

struct Files {
    _dir: tempfile::TempDir,
    locked: PathBuf,
    opened: PathBuf,
}

fn written(bytes: &[u8]) -> Files {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("report.pdf");
    std::fs::write(&locked, bytes).unwrap();
    let opened = dir.path().join("opened.pdf");
    Files {
        _dir: dir,
        locked,
        opened,
    }
}

#[test]
fn a_protected_pdf_opens_with_its_passphrase_in_poppler_and_qpdf_only() {
    let c = seeded();
    let bytes = make(&c, PASS).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let f = written(&bytes);

    // poppler, with the passphrase: the report's words, and still tagged.
    let out = run(
        "pdftotext",
        &["-upw", PASS, "-enc", "UTF-8"],
        &[&f.locked, Path::new("-")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let words = text(&out);
    assert!(words.contains(NOTE) && words.contains(JOURNAL), "{words}");
    let info = text(&run("pdfinfo", &["-upw", PASS], &[&f.locked]));
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Encrypted:       yes"), "{info}");
    assert!(
        info.contains("AES-256") || info.contains("algorithm: AES"),
        "{info}"
    );

    // qpdf, a second and independent reader: the standard handler, R6, AES-256.
    let enc = text(&run(
        "qpdf",
        &[&format!("--password={PASS}"), "--show-encryption"],
        &[&f.locked],
    ));
    assert!(enc.contains("R = 6") && enc.contains("AESv3"), "{enc}");
    assert!(enc.contains("print high resolution: allowed"), "{enc}");
    assert!(enc.contains("modify other: not allowed"), "{enc}");
    let out = run(
        "qpdf",
        &[&format!("--password={PASS}"), "--decrypt"],
        &[&f.locked, &f.opened],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let opened = text(&run(
        "pdftotext",
        &["-enc", "UTF-8"],
        &[&f.opened, Path::new("-")],
    ));
    assert!(opened.contains(NOTE), "{opened}");
    // The structure came through whole: qpdf finds nothing wrong, the tags are there.
    let check = run("qpdf", &["--check"], &[&f.opened]);
    assert!(check.status.success(), "{}", text(&check));
    let info = text(&run("pdfinfo", &[], &[&f.opened]));
    assert!(info.contains("Tagged:          yes"), "{info}");

    // Without the passphrase, or with a wrong one, neither reader opens it.
    for pw in [None, Some("otter quilt cedar lemon"), Some("")] {
        let mut args = vec![];
        let flag;
        if let Some(p) = pw {
            flag = format!("--password={p}");
            args.push(flag.as_str());
        }
        let out = run(
            "qpdf",
            &[&args[..], &["--decrypt"]].concat(),
            &[&f.locked, &f.opened.with_extension("x")],
        );
        assert!(!out.status.success(), "qpdf opened it with {pw:?}");
        let mut args = vec!["-enc", "UTF-8"];
        if let Some(p) = pw {
            args.extend(["-upw", p]);
        }
        let out = run("pdftotext", &args, &[&f.locked, Path::new("-")]);
        assert!(!out.status.success(), "pdftotext opened it with {pw:?}");
        assert!(!text(&out).contains("Protected-"));
    }
}

#[test]
fn a_protected_pdf_opens_with_its_passphrase_in_mupdf_only() {
    let c = seeded();
    let f = written(&make(&c, PASS).unwrap());
    // mupdf (the engine of SumatraPDF, Zathura's mupdf plug-in and many phone readers)
    // lays the pages out and draws their text.
    let draw = |pw: Option<&str>| {
        let mut args = vec!["draw", "-q", "-F", "txt", "-o", "-"];
        if let Some(p) = pw {
            args.extend(["-p", p]);
        }
        run("mutool", &args, &[&f.locked])
    };
    let out = draw(Some(PASS));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let words = text(&out);
    assert!(words.contains(NOTE) && words.contains(JOURNAL), "{words}");
    assert!(words.contains("Report for a therapist"), "{words}");
    for pw in [
        None,
        Some(""),
        Some("otter quilt cedar lemon"),
        Some("Otter quilt cedar lemon brook"),
    ] {
        let out = draw(pw);
        assert!(!out.status.success(), "mupdf opened it with {pw:?}");
        assert!(!text(&out).contains("Protected-"), "{pw:?}");
        let why = String::from_utf8_lossy(&out.stderr);
        assert!(why.contains("password"), "{pw:?}: {why}");
    }
}

#[test]
fn the_protected_bytes_hold_none_of_the_reports_words() {
    let c = seeded();
    let (from, to) = range();
    let plain = report::make(&c.state, from, to, Format::Pdf, None).unwrap();
    let locked = make(&c, PASS).unwrap();
    // The plain PDF names the partner in its title; the protected one must not.
    let has = |b: &[u8], s: &str| b.windows(s.len()).any(|w| w == s.as_bytes());
    let has_utf16 = |b: &[u8], s: &str| {
        let u: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        b.windows(u.len()).any(|w| w == u.as_slice())
    };
    let canaries = ["Alex", "Protected-note", "Protected-journal", "canal", PASS];
    assert!(
        canaries
            .iter()
            .any(|s| has(&plain, s) || has_utf16(&plain, s)),
        "the plain PDF shows a canary, so this check can fail"
    );
    for s in canaries {
        assert!(
            !has(&locked, s) && !has_utf16(&locked, s),
            "{s} in the protected bytes"
        );
    }
    // Every stream and string is encrypted: lopdf reads none of it without the passphrase.
    let doc = lopdf::Document::load_mem(&locked).unwrap();
    assert!(doc.is_encrypted());
}

#[test]
fn an_empty_weak_or_overlong_passphrase_is_refused_naming_the_field() {
    let c = seeded();
    let weak = [
        "",
        "   ",
        "password1",
        "alex2024",
        "short",
        &"w".repeat(200),
    ];
    for p in weak {
        let e = make(&c, p).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{p}");
        assert_eq!(e.field.as_deref(), Some("pdf_passphrase"), "{p}");
        assert!(!e.message.is_empty());
    }
    let too_long = "maple river stone quiet lantern canoe";
    let e = make(&c, too_long).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("pdf_passphrase"));
    assert!(e.message.contains("32 characters"), "{}", e.message);
    // Only a PDF can carry a passphrase of its own.
    let (from, to) = range();
    let lock = PacketLock::PdfPassword(Zeroizing::new(PASS.into()));
    let e = report::make(&c.state, from, to, Format::Html, Some(lock)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("format"));
}

#[test]
fn the_suggested_passphrase_is_strong_and_opens_the_pdf() {
    let c = seeded();
    for _ in 0..20 {
        let p = report::suggest_passphrase().unwrap();
        let v = healing_arc::app::couple::passphrase_strength(
            &c.state,
            &healing_arc::vault::Passphrase::new(p.to_string()),
            &[],
        )
        .unwrap();
        assert!(v.accepted, "{}: {v:?}", p.as_str());
        assert!(p.len() <= protect::MAX_PASSWORD_BYTES);
    }
    let p = report::suggest_passphrase().unwrap();
    let f = written(&make(&c, &p).unwrap());
    let out = run(
        "pdftotext",
        &["-upw", &p, "-enc", "UTF-8"],
        &[&f.locked, Path::new("-")],
    );
    assert!(out.status.success());
    assert!(text(&out).contains(NOTE));

    // Spaces at either end are not part of it: the words alone open the file.
    let f = written(&make(&c, &format!("  {PASS} ")).unwrap());
    let out = run("pdftotext", &["-upw", PASS], &[&f.locked, Path::new("-")]);
    assert!(out.status.success());
}
