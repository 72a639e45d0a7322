//! Therapist reports, age packets and the own-data export, through the app layer with
//! real stores (issue 6, docs/REPORTS.md).

use std::path::Path;

use healing_arc::app::couple;
use healing_arc::app::export::{self, ExportFormat};
use healing_arc::app::report::{self, Format, PacketLock};
use healing_arc::app::{arc, checkins, journal, settings, tasks};
use healing_arc::error::ErrorCode;
use healing_arc::model::QuestionStatus;
use healing_arc::model::{
    Change, CheckIn, Emotions, Role, RuptureKind, Safety, Share, TaskId, Visibility,
};
use healing_arc::report::asked::{QuestionNote, TriggerNote};
use healing_arc::report::{doc, packet, pdf, Report};
use zeroize::Zeroizing;

use super::vault::{couple, partner, pass, state, P1, P2};

const SHARED_NOTE: &str = "Therapist-note: we talked for an hour without shouting";
const SHARED_JOURNAL: &str = "Therapist-journal: I want to understand my anger";
const CANARIES: [&str; 5] = [
    "CANARY-private-note-7f3a",
    "CANARY-partner-only-note-19cc",
    "CANARY-private-journal-55de",
    "CANARY-partner-note-of-sam-a1b2",
    "CANARY-sam-private-0c0c",
];

fn today() -> chrono::NaiveDate {
    checkins::today()
}

fn days_ago(n: u64) -> chrono::NaiveDate {
    today().checked_sub_days(chrono::Days::new(n)).unwrap()
}

fn day(n: u64, stance: i32, note: &str, numbers: Visibility, note_vis: Visibility) -> CheckIn {
    CheckIn {
        stance,
        emotions: Emotions {
            hurt: Some(3),
            hope: Some(1),
            ..Emotions::default()
        },
        triggers: 2,
        safety: Some(Safety::No),
        note: note.to_owned(),
        share: Share {
            numbers,
            note: note_vis,
        },
        ..CheckIn::neutral(days_ago(n))
    }
}

/// Alex (partner 1, hurt) shares some items with the therapist and keeps others
/// private or for Sam only; Sam shares a note with Alex and the therapist.
fn seeded() -> super::vault::Couple {
    let c = couple();
    use Visibility::*;
    checkins::save(
        &c.state,
        day(3, 1, SHARED_NOTE, Therapist, PartnerAndTherapist),
    )
    .unwrap();
    checkins::save(&c.state, day(2, -2, CANARIES[0], Private, Private)).unwrap();
    checkins::save(&c.state, day(1, 2, CANARIES[1], Partner, Partner)).unwrap();
    journal::create(&c.state, CANARIES[2].into(), Private).unwrap();
    journal::create(&c.state, SHARED_JOURNAL.into(), Therapist).unwrap();
    tasks::set(&c.state, TaskId::P1ApSafety, true, Therapist).unwrap();
    tasks::set(&c.state, TaskId::P1ApBoundaries, true, Partner).unwrap();
    couple::lock(&c.state);
    couple::unlock(&c.state, 2, pass(P2)).unwrap();
    checkins::save(
        &c.state,
        day(3, 1, CANARIES[3], PartnerAndTherapist, PartnerAndTherapist),
    )
    .unwrap();
    checkins::save(&c.state, day(2, 0, CANARIES[4], Private, Private)).unwrap();
    couple::lock(&c.state);
    couple::unlock(&c.state, 1, pass(P1)).unwrap();
    c
}

fn range() -> (chrono::NaiveDate, chrono::NaiveDate) {
    (days_ago(30), today())
}

fn built(c: &super::vault::Couple) -> Report {
    let (from, to) = range();
    let src = report::source(&c.state).unwrap();
    healing_arc::report::build(&src, from, to)
}

fn assert_clean(what: &str, text: &str) {
    for canary in CANARIES {
        assert!(!text.contains(canary), "{canary} is in the {what}");
    }
    // No safety answer, as a field or in words ("felt safe: no").
    assert!(
        !text.contains("\"safety\":"),
        "a safety answer in the {what}"
    );
    assert!(
        !text.to_lowercase().contains("felt safe"),
        "a safety answer in the {what}"
    );
}

#[test]
fn a_private_canary_never_appears_in_any_report() {
    let c = seeded();
    let (from, to) = range();
    let r = built(&c);

    let json = serde_json::to_string(&r).unwrap();
    assert_clean("JSON", &json);
    assert!(json.contains(SHARED_NOTE) && json.contains(SHARED_JOURNAL));

    let html =
        String::from_utf8(report::make(&c.state, from, to, Format::Html, None).unwrap()).unwrap();
    assert_clean("HTML", &html);
    assert!(html.contains("Therapist-note: we talked") && html.contains("Therapist-journal"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains(" src=") && !html.contains("@import") && !html.contains("url("));

    // The PDF is drawn from exactly these pages: their text is the PDF's text.
    let pages = pdf::layout(&doc::build(&r));
    let text = pdf::text_of(&pages, true);
    assert_clean("PDF text", &text);
    assert!(text.contains("Therapist-journal: I want to understand my anger"));
    let bytes = report::make(&c.state, from, to, Format::Pdf, None).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // And as a PDF reader extracts it.
    let extracted = super::pdf_text::extracted(&bytes);
    assert_clean("PDF as extracted", &extracted);
    assert!(extracted.contains("Therapist-journal: I want to understand my anger"));

    // What the screen shows before anything is written holds the same and no more.
    let preview = report::preview(&c.state, from, to).unwrap();
    let shown = serde_json::to_string(&preview).unwrap();
    assert_clean("preview", &shown);
    assert_eq!(
        preview.checkin_days, 1,
        "only the day marked for the therapist"
    );
    assert_eq!(preview.notes.len(), 2);
    assert_eq!(preview.tasks.len(), 1);
    assert_eq!(preview.kept_private.checkin_numbers, 2);
    assert_eq!(preview.kept_private.journal, 1);
    // Sam's items never come into Alex's report, whatever Sam chose.
    assert!(!json.contains("a1b2"));
}

fn decrypt_with(identity: &dyn age::Identity, bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let d = age::Decryptor::new_buffered(bytes).unwrap();
    let mut out = Vec::new();
    d.decrypt(std::iter::once(identity))
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn files_of(tar: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    packet::untar(tar).unwrap().into_iter().collect()
}

#[test]
fn age_packets_open_with_the_age_crate_and_the_rage_cli() {
    let c = seeded();
    let (from, to) = range();
    let id = age::x25519::Identity::generate();
    let lock = PacketLock::Recipient(id.to_public().to_string());
    let sealed = report::make(&c.state, from, to, Format::Html, Some(lock)).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    assert!(!sealed.windows(9).any(|w| w == b"Therapist"));
    let files = files_of(&decrypt_with(&id, &sealed));
    let html = String::from_utf8(files["report.html"].clone()).unwrap();
    assert!(html.contains(SHARED_NOTE));
    let json: Report = serde_json::from_slice(&files["report.json"]).unwrap();
    assert_eq!(json, built(&c));

    // A passphrase packet, with the PDF inside.
    let lock = PacketLock::Passphrase(Zeroizing::new("a long shared phrase".into()));
    let sealed_pw = report::make(&c.state, from, to, Format::Pdf, Some(lock)).unwrap();
    let pw = age::scrypt::Identity::new("a long shared phrase".to_owned().into());
    let files = files_of(&decrypt_with(&pw, &sealed_pw));
    assert!(files["report.pdf"].starts_with(b"%PDF-"));
    let wrong = age::scrypt::Identity::new("not the phrase".to_owned().into());
    let d = age::Decryptor::new_buffered(&sealed_pw[..]).unwrap();
    assert!(d
        .decrypt(std::iter::once(&wrong as &dyn age::Identity))
        .is_err());

    // The standard tools, where installed: rage (or age) decrypts, tar lists.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.txt");
    use age::secrecy::ExposeSecret;
    std::fs::write(&key, id.to_string().expose_secret()).unwrap();
    let packet_path = dir.path().join("report.age");
    std::fs::write(&packet_path, &sealed).unwrap();
    for tool in ["rage", "age"] {
        let Ok(out) = std::process::Command::new(tool)
            .args(["-d", "-i"])
            .arg(&key)
            .arg(&packet_path)
            .output()
        else {
            continue;
        };
        assert!(out.status.success(), "{tool} -d failed");
        assert_eq!(files_of(&out.stdout)["report.html"], html.as_bytes());
    }
    let tar_path = dir.path().join("report.tar");
    std::fs::write(&tar_path, decrypt_with(&id, &sealed)).unwrap();
    if let Ok(out) = std::process::Command::new("tar")
        .arg("-tf")
        .arg(&tar_path)
        .output()
    {
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "report.html\nreport.json\n"
        );
    }
}

#[test]
fn bad_report_input_answers_validation_naming_the_field() {
    let c = seeded();
    let (from, to) = range();
    let field = |r: Result<Vec<u8>, healing_arc::error::AppError>| r.unwrap_err().field;
    assert_eq!(
        field(report::make(&c.state, to, from, Format::Html, None)).as_deref(),
        Some("to")
    );
    let tomorrow = today().succ_opt().unwrap();
    assert_eq!(
        field(report::make(&c.state, from, tomorrow, Format::Html, None)).as_deref(),
        Some("to")
    );
    let lock = PacketLock::Recipient("age1notarecipient".into());
    assert_eq!(
        field(report::make(&c.state, from, to, Format::Html, Some(lock))).as_deref(),
        Some("packet.recipient")
    );
    let lock = PacketLock::Passphrase(Zeroizing::new("short".into()));
    assert_eq!(
        field(report::make(&c.state, from, to, Format::Pdf, Some(lock))).as_deref(),
        Some("packet.passphrase")
    );
    let e = report::save(
        &c.state,
        from,
        to,
        Format::Html,
        None,
        Path::new("relative.html"),
    );
    assert_eq!(e.unwrap_err().field.as_deref(), Some("path"));
    let missing = c.tmp.path().join("no-such-folder/report.html");
    let e = report::save(&c.state, from, to, Format::Html, None, &missing);
    assert_eq!(e.unwrap_err().field.as_deref(), Some("path"));
    couple::lock(&c.state);
    let e = report::preview(&c.state, from, to).unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
}

#[test]
fn saving_replaces_the_file_whole_and_leaves_no_temp_file() {
    let c = seeded();
    let (from, to) = range();
    let out = c.tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let path = out.join("report.html");
    std::fs::write(&path, "old").unwrap();
    let n = report::save(&c.state, from, to, Format::Html, None, &path).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), n);
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.html")]);
}

#[test]
fn own_check_ins_as_csv_parse_with_a_standard_reader() {
    let c = couple();
    let tricky = "line one, with a comma\n\"quoted\" line two;\r\n=SUM(A1)";
    checkins::save(
        &c.state,
        day(2, -3, tricky, Visibility::Private, Visibility::Therapist),
    )
    .unwrap();
    checkins::save(
        &c.state,
        day(1, 3, "", Visibility::Partner, Visibility::Private),
    )
    .unwrap();
    let bytes = export::csv(&c.state).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let mut rdr = csv::ReaderBuilder::new().from_reader(&bytes[..]);
    let head: Vec<String> = rdr.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(head, healing_arc::report::csv::HEADER);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], days_ago(2).to_string());
    assert_eq!(&rows[0][1], "-3");
    assert_eq!(&rows[0][11], "no");
    assert_eq!(&rows[0][14], tricky);
    assert_eq!(&rows[0][16], "therapist");
    assert_eq!(&rows[1][15], "partner");
}

/// A profile in a new vault, named and in the role of `data`'s, unlocked.
fn fresh_vault(name: &str, role: Role) -> (tempfile::TempDir, healing_arc::app::AppState) {
    let tmp = tempfile::tempdir().unwrap();
    let st = state(&tmp.path().join("data"));
    couple::create(&st, partner(name, role, 1, P1)).unwrap();
    (tmp, st)
}

#[test]
fn export_import_export_is_identical() {
    let c = seeded();
    settings::set(
        &c.state,
        settings::Settings {
            auto_lock_minutes: 17,
        },
    )
    .unwrap();
    arc::change(&c.state, arc::rupture(RuptureKind::Other)).unwrap();
    journal::create(
        &c.state,
        "for Sam to read".into(),
        healing_arc::model::Visibility::Partner,
    )
    .unwrap();
    let first = export::json(&c.state).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(parsed["version"], 1);
    assert_eq!(parsed["checkins"].as_array().unwrap().len(), 3);
    assert_eq!(parsed["events"].as_array().unwrap().len(), 1);

    let (tmp, st) = fresh_vault("Alex", Role::Ap);
    let path = tmp.path().join("alex.json");
    std::fs::write(&path, &first).unwrap();
    let got = export::import_file(&st, &path).unwrap();
    assert_eq!(
        (got.checkins, got.journal, got.tasks, got.events),
        (3, 3, 2, 1)
    );
    assert_eq!(export::json(&st).unwrap(), first);
    // The save path writes the same bytes.
    let again = tmp.path().join("again.json");
    export::save(&st, ExportFormat::Json, &again).unwrap();
    assert_eq!(std::fs::read_to_string(&again).unwrap(), first);

    // What Alex shared with a partner is shared again: a second partner reads it.
    couple::add_partner(&st, partner("Sam", Role::Op, 3, P2)).unwrap();
    couple::lock(&st);
    couple::unlock(&st, 2, pass(P2)).unwrap();
    let seen = checkins::partner_list(&st, None, None).unwrap();
    assert_eq!(
        seen.len(),
        2,
        "the partner-shared and therapist+partner days"
    );
    assert!(seen.iter().all(|s| s.note.as_deref() != Some(CANARIES[0])));
    // And every journal entry and task mark Alex had shared, on Sam's Together.
    let shared_in = |key: &str| {
        parsed[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["visibility"].as_str().unwrap().contains("partner"))
            .count()
    };
    let together = healing_arc::app::views::together_view(&st).unwrap();
    let seen_of = |kind| {
        together
            .shared
            .iter()
            .filter(|i| {
                i.kind == kind && i.author == healing_arc::app::shared_view::Author::Partner
            })
            .count()
    };
    use healing_arc::app::shared_view::SharedKind;
    assert!(shared_in("journal") > 0 && shared_in("tasks") > 0);
    assert_eq!(seen_of(SharedKind::Journal), shared_in("journal"));
    assert_eq!(seen_of(SharedKind::TaskMark), shared_in("tasks"));
    // A second import into a profile that holds data is refused.
    couple::lock(&st);
    couple::unlock(&st, 1, pass(P1)).unwrap();
    let e = export::import_file(&st, &path).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    assert_eq!(export::json(&st).unwrap(), first);
}

#[test]
fn malformed_imports_fail_cleanly_and_change_nothing() {
    let c = seeded();
    let good = export::json(&c.state).unwrap();
    let (tmp, st) = fresh_vault("Alex", Role::Ap);
    let before = export::json(&st).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    let mut bad_stance = v.clone();
    bad_stance["checkins"][2]["stance"] = 7.into();
    let mut bad_version = v.clone();
    bad_version["version"] = 2.into();
    let mut duplicate = v.clone();
    let first_day = duplicate["checkins"][0].clone();
    duplicate["checkins"]
        .as_array_mut()
        .unwrap()
        .push(first_day);
    let mut other_role = v.clone();
    other_role["profile"]["role"] = "op".into();
    other_role["tasks"] = serde_json::json!([]);
    let mut bad_task = v.clone();
    bad_task["tasks"][0]["task"] = "p2.op.amends".into();
    let mut unknown = v.clone();
    unknown["extra"] = true.into();
    v["journal"][0]["id"] = "not-hex".into();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (good.as_bytes()[..good.len() / 2].to_vec(), ""),
        (b"".to_vec(), "file"),
        (b"[]".to_vec(), "file"),
        (b"\xff\xfe{}".to_vec(), "file"),
        (bad_stance.to_string().into_bytes(), "checkins[2].stance"),
        (bad_version.to_string().into_bytes(), "version"),
        (duplicate.to_string().into_bytes(), "checkins[3].date"),
        (other_role.to_string().into_bytes(), "profile.role"),
        (bad_task.to_string().into_bytes(), "tasks[0].task"),
        (unknown.to_string().into_bytes(), "extra"),
        (v.to_string().into_bytes(), "journal[0].id"),
    ];
    for (i, (bytes, field)) in cases.iter().enumerate() {
        let path = tmp.path().join(format!("bad-{i}.json"));
        std::fs::write(&path, bytes).unwrap();
        let e = export::import_file(&st, &path).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "case {i}");
        if !field.is_empty() {
            assert_eq!(e.field.as_deref(), Some(*field), "case {i}");
        }
        assert_eq!(
            export::json(&st).unwrap(),
            before,
            "case {i} changed the store"
        );
    }
    // Oversized files are refused before they are read.
    let big = tmp.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(healing_arc::report::export::MAX_IMPORT_BYTES + 1)
        .unwrap();
    let e = export::import_file(&st, &big).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("path"));
    let e = export::import_file(&st, tmp.path()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("path"));
    assert_eq!(export::json(&st).unwrap(), before);
    // And the good file still imports afterwards.
    let ok = tmp.path().join("good.json");
    std::fs::write(&ok, &good).unwrap();
    export::import_file(&st, &ok).unwrap();
}

/// The demo couple's report, as Alex (the partner who was hurt) would make it for the
/// whole of the demo scenario. In this example Alex also chose their check-in notes and
/// task progress for the therapist (in the scenario file notes stay private), and Sam
/// allowed Alex's reports to include facts about Sam.
pub(super) fn demo() -> (healing_arc::report::Source, Report) {
    use healing_arc::model::Scenario;
    use healing_arc::report::{build, JournalNote, Person, Source, TaskProgress};
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/scenarios/demo.json")).unwrap();
    let scenario = Scenario::parse(&text).unwrap();
    let mut history = scenario.to_history();
    for c in &mut history.ap.checkins {
        c.share.note = Visibility::PartnerAndTherapist;
    }
    let mut latest = std::collections::BTreeMap::new();
    for m in &history.ap.marks {
        latest.insert(m.task, (m.done, m.date));
    }
    let from = scenario.start;
    let to = scenario.date_of(scenario.last_day().unwrap()).unwrap();
    let src = Source {
        today: to,
        me: Person {
            name: scenario.partners.ap.name.clone(),
            role: Role::Ap,
        },
        partner: Some(Person {
            name: scenario.partners.op.name.clone(),
            role: Role::Op,
        }),
        history,
        journal: Vec::<JournalNote>::new(),
        tasks: latest
            .into_iter()
            .map(|(task, (done, date))| TaskProgress {
                task,
                done,
                date,
                visibility: Visibility::Therapist,
            })
            .collect(),
        partner_allows: true,
        // One question and two trigger-log entries, so the examples show their
        // sections; the private entry must stay out.
        questions: vec![QuestionNote {
            date: to - chrono::Days::new(20),
            text: "When did it end, and how?".into(),
            status: QuestionStatus::BringToSession,
            helped: None,
            visibility: Visibility::Therapist,
        }],
        answers: Vec::new(),
        triggers: vec![
            TriggerNote {
                date: to - chrono::Days::new(9),
                what: "A song from that summer in a shop".into(),
                strength: Some(6),
                helped: "Walking outside and texting Sam".into(),
                visibility: Visibility::PartnerAndTherapist,
            },
            TriggerNote {
                date: to - chrono::Days::new(8),
                what: "CANARY-private-trigger-9e9e".into(),
                strength: None,
                helped: String::new(),
                visibility: Visibility::Partner,
            },
        ],
        session_pages: Vec::new(),
        parted_on: None,
    };
    let r = build(&src, from, to);
    (src, r)
}

/// The demo couple's report in every format. With `WRITE_REPORT_EXAMPLES=1` it rewrites
/// docs/examples/ and the document's snapshot (tests/snapshots/); otherwise the document
/// must equal the snapshot, so any change of wording shows in review.
#[test]
fn the_demo_couples_report() {
    use healing_arc::report::html;
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (src, r) = demo();
    assert_eq!(r.made_by.name, "Alex");
    assert!(r.phases.iter().any(|p| p.role == Role::Op && p.phase == 4));
    assert!(r.events.iter().any(|e| e.kind == "rupture"));
    assert!(!r.weeks.is_empty() && !r.notes.is_empty() && !r.tasks.is_empty());
    assert_eq!((r.questions.len(), r.triggers.len()), (1, 1));
    let d = doc::build(&r);
    let page = html::render(&d);
    let pdf_bytes = pdf::render(&d).unwrap();
    assert!(page.contains("Questions Alex asked") && page.contains("Trigger log of Alex"));
    assert!(page.contains("A song from that summer") && !page.contains("CANARY-private-trigger"));
    // Sam's notes are Sam's: they never come into Alex's report.
    for c in &src.history.op.checkins {
        if c.note.len() > 12 {
            assert!(!page.contains(&html::esc(&c.note)), "{}", c.note);
        }
    }
    let snapshot_path = root.join("tests/snapshots/demo-report-document.json");
    let snapshot = serde_json::to_string_pretty(&d).unwrap() + "\n";
    if std::env::var_os("WRITE_REPORT_EXAMPLES").is_some() {
        let dir = root.join("docs/examples");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("demo-report.html"), &page).unwrap();
        std::fs::write(dir.join("demo-report.pdf"), &pdf_bytes).unwrap();
        let json = serde_json::to_string_pretty(&r).unwrap();
        std::fs::write(dir.join("demo-report.json"), json + "\n").unwrap();
        std::fs::create_dir_all(snapshot_path.parent().unwrap()).unwrap();
        std::fs::write(&snapshot_path, &snapshot).unwrap();
    }
    let stored = std::fs::read_to_string(&snapshot_path).unwrap_or_default();
    assert!(
        stored == snapshot,
        "the demo report's document differs from {}; if the change is meant, run with WRITE_REPORT_EXAMPLES=1 and review the diff",
        snapshot_path.display()
    );
}

/// 0.1.0 named a new phase event `{date}-{count of all events}`: after an import whose
/// events carry other numbers, a rupture recorded the same day overwrote an imported event.
#[test]
fn a_new_event_never_overwrites_an_imported_one() {
    let today = healing_arc::app::checkins::today();
    let export = serde_json::json!({
        "format": "healing-arc/own-data",
        "version": 1,
        "profile": { "name": "Alex", "role": "ap" },
        "settings": { "auto_lock_minutes": 5 },
        "checkins": [],
        "journal": [],
        "tasks": [],
        "events": [
            // Seqs as in an export of one partner, whose events interleave with the other's.
            { "seq": 1, "date": today, "change": { "kind": "step_back", "reason": "mine" } },
            { "seq": 2, "date": today, "change": { "kind": "rupture", "what": "other", "reason": "imported" } }
        ]
    });
    let (_tmp, st) = fresh_vault("Alex", Role::Ap);
    let bytes = serde_json::to_vec(&export).unwrap();
    export::import_bytes(&st, &bytes).unwrap_or_else(|e| panic!("{e:?}"));
    arc::change(&st, arc::rupture(RuptureKind::NewDisclosure)).unwrap();
    let events = arc::load(&st).unwrap().history.events;
    assert_eq!(events.len(), 3, "{events:?}");
    let reasons: Vec<_> = export::own_data(&st)
        .unwrap()
        .events
        .into_iter()
        .map(|e| e.change)
        .collect();
    assert!(
        reasons
            .iter()
            .any(|c| matches!(c, Change::Rupture { reason: Some(r), .. } if r == "imported")),
        "{reasons:?}"
    );
}

#[test]
fn an_event_number_past_the_cap_is_refused() {
    let export = serde_json::json!({
        "format": "healing-arc/own-data", "version": 1,
        "profile": { "name": "Alex", "role": "ap" },
        "settings": { "auto_lock_minutes": 5 },
        "checkins": [], "journal": [], "tasks": [],
        "events": [{ "seq": u64::MAX, "date": "2026-01-05", "change": { "kind": "advance" } }]
    });
    let (_tmp, st) = fresh_vault("Alex", Role::Ap);
    let err = export::import_bytes(&st, &serde_json::to_vec(&export).unwrap()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("events[0].seq"));
    assert!(arc::load(&st).unwrap().history.events.is_empty());
}
