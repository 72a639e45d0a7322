//! Data written by the v2 format (signed couple space in binary entries, checkpoints,
//! header format 2, padded records) still opens (SECURITY.md 31), as the 0.1.0 folder
//! does (fixtures.rs). `WRITE_FIXTURE_V2=1` writes tests/fixtures/v2/ again with the
//! current code, for a release that changes the format on purpose; without it the test
//! opens the committed folder and compares what each partner reads with its manifest.

use chrono::{Days, NaiveDate};
use healing_arc::app::AppState;
use healing_arc::app::{arc, checkins, consent, couple, journal, settings, tasks, views};
use healing_arc::model::{
    ArcEvent, Change, CheckIn, Emotions, Phase, Role, RuptureKind, Safety, Share, TaskId,
    Visibility,
};
use healing_arc::vault::{KdfParams, Passphrase, Secret};
use serde_json::{json, Value};

use super::fixtures::{assert_reads, copy_dir, fixture, manifest, partners, reads, slot, text};

const ALEX: &str = "fixture: Alex's passphrase, v2";
const SAM: &str = "fixture: Sam's passphrase, v2";
const LAST_DAY: &str = "2026-11-27";

fn vis(i: u64) -> Visibility {
    match i % 4 {
        0 => Visibility::Private,
        1 => Visibility::Partner,
        2 => Visibility::Therapist,
        _ => Visibility::PartnerAndTherapist,
    }
}

/// Every field, with some feelings and safety answers left unanswered (v2).
fn checkin(role: Role, i: u64, date: NaiveDate) -> CheckIn {
    let k = i as i32 + if role == Role::Op { 3 } else { 0 };
    let some = |v: i32| (k % 6 != 0).then_some(v % 5);
    CheckIn {
        date,
        stance: (k % 7) - 3,
        emotions: Emotions {
            hurt: some(k),
            anger: some(k + 1),
            fear: some(k + 2),
            shame: None,
            sadness: some(k + 4),
            hope: some(k / 2),
            warmth: some(k / 3),
            ambivalence: some(k / 4),
        },
        triggers: k % 9,
        safety: match k % 4 {
            0 => Some(Safety::Yes),
            1 => Some(Safety::Somewhat),
            2 => Some(Safety::No),
            _ => None,
        },
        repair_moment: k % 4 == 0,
        tasks: Vec::new(),
        note: if k % 3 == 0 {
            String::new()
        } else {
            format!("{role:?} day {i}: a note with ünïcödé and \"quotes\"")
        },
        share: Share {
            numbers: vis(i),
            note: vis(i / 2),
        },
    }
}

fn write_partner(state: &AppState, role: Role) {
    let last: NaiveDate = LAST_DAY.parse().unwrap();
    let day = |n: u64| last.checked_sub_days(Days::new(n)).unwrap();
    for i in 0..40u64 {
        checkins::save(state, checkin(role, i, day(39 - i))).unwrap();
    }
    let name = if role == Role::Op { "Sam" } else { "Alex" };
    for (i, v) in (0..4).map(|i| (i, vis(i))) {
        journal::create(
            state,
            format!("{name}'s v2 entry {i}, {v:?}.\nSecond line."),
            v,
        )
        .unwrap();
    }
    let marks: &[(TaskId, bool, Visibility)] = if role == Role::Op {
        &[
            (TaskId::P1OpStopHarm, true, Visibility::Partner),
            (TaskId::P1OpNameAmbivalence, true, Visibility::Private),
            (TaskId::P1OpCommit, false, Visibility::PartnerAndTherapist),
        ]
    } else {
        &[
            (TaskId::P1ApSafety, true, Visibility::Private),
            (TaskId::P1ApBoundaries, true, Visibility::Partner),
        ]
    };
    for (task, done, v) in marks {
        tasks::set(state, *task, *done, *v).unwrap();
    }
    let event = |n: u64, change: Change| {
        arc::record(
            state,
            ArcEvent {
                date: day(n),
                partner: role,
                change,
            },
        )
        .unwrap()
    };
    if role == Role::Op {
        event(30, Change::Advance);
        event(20, Change::Advance);
        event(12, Change::ReadyToRebuild);
        event(
            8,
            Change::StepBack {
                to: Some(Phase::Account),
                reason: Some("Sam's private reason".into()),
            },
        );
        settings::set(
            state,
            settings::Settings {
                auto_lock_minutes: 17,
            },
        )
        .unwrap();
        consent::set(state, true).unwrap();
    } else {
        event(
            15,
            Change::Rupture {
                what: RuptureKind::from_reason("new disclosure"),
                reason: Some("Alex's private reason".into()),
                agreement: None,
            },
        );
        event(5, Change::Advance);
    }
}

/// What the unlocked partner reads: the 0.1.0 reads, and what v2 adds.
fn reads_v2(state: &AppState) -> Value {
    let mut v = reads(state);
    let together = views::together_view(state).unwrap();
    // Journal dates follow the computer's calendar: compared without them.
    let shared: Vec<Value> = together
        .shared
        .iter()
        .map(|i| json!({ "kind": i.kind, "author": i.author, "text": i.text, "task": i.task, "done": i.done }))
        .collect();
    let arc_view = views::arc_view(state).unwrap();
    let o = v.as_object_mut().unwrap();
    o.insert("shared".into(), json!(shared));
    o.insert("my_consent".into(), json!(consent::mine(state).unwrap()));
    o.insert(
        "partner_consent".into(),
        json!(consent::partners(state).unwrap()),
    );
    o.insert("declared_on".into(), json!(arc_view.declared_on));
    v
}

fn write(out: &std::path::Path) {
    let data = out.join("data");
    let state = AppState::with_kdf(data, KdfParams::FLOOR);
    let new = |name: &str, role, colour, pass: &str| couple::NewPartner {
        name: name.into(),
        role,
        colour,
        passphrase: Passphrase::new(pass.into()),
    };
    let alex = couple::create(&state, new("Alex", Role::Ap, 0, ALEX)).unwrap();
    let sam = couple::add_partner(&state, new("Sam", Role::Op, 3, SAM)).unwrap();
    write_partner(&state, Role::Ap);
    couple::lock(&state);
    couple::unlock(&state, 2, Passphrase::new(SAM.into())).unwrap();
    write_partner(&state, Role::Op);
    let sam_view = reads_v2(&state);
    couple::backup(&state, Some(out.join("backup.backup"))).unwrap();
    couple::lock(&state);
    couple::unlock(&state, 1, Passphrase::new(ALEX.into())).unwrap();
    let alex_view = reads_v2(&state);
    couple::sign_out(&state);
    let manifest = json!({
        "written_by": "healing-arc, vault format 2 (tests/integration/vault/fixtures_v2.rs)",
        "kdf": "KdfParams::FLOOR",
        "partners": [
            { "slot": 1, "name": "Alex", "passphrase": ALEX, "recovery_code": alex.recovery_code.reveal(), "reads": alex_view },
            { "slot": 2, "name": "Sam", "passphrase": SAM, "recovery_code": sam.recovery_code.reveal(), "reads": sam_view },
        ],
    });
    std::fs::write(
        out.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).unwrap(),
    )
    .unwrap();
}

#[test]
fn a_data_folder_and_a_backup_in_the_v2_format_open_and_read_the_same() {
    if std::env::var_os("WRITE_FIXTURE_V2").is_some_and(|v| v == "1") {
        let out = fixture("v2");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        write(&out);
    }
    let m = manifest("v2");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_dir(&fixture("v2").join("data"), &dir);
    let state = super::state(&dir);
    for p in partners(&m) {
        couple::unlock(&state, slot(p), Passphrase::new(text(p, "passphrase"))).unwrap();
        assert_reads(&reads_v2(&state), &p["reads"], &text(p, "name"));
        let status = couple::status(&state).unwrap();
        assert_eq!(status.unlocked, Some(slot(p)));
        couple::lock(&state);
    }
    for p in partners(&m) {
        // The recovery code, and the backup, open too.
        let restored = super::state(&tmp.path().join(format!("restored-{}", slot(p))));
        couple::restore(
            &restored,
            &fixture("v2").join("backup.backup"),
            slot(p),
            Secret::Passphrase(Passphrase::new(text(p, "passphrase"))),
        )
        .unwrap();
        if slot(p) == 2 {
            // The backup was made by Sam before Alex's last unlock: Sam reads the same.
            assert_reads(&reads_v2(&restored), &p["reads"], "the v2 backup");
        }
        couple::lock(&restored);
        couple::recover(
            &restored,
            slot(p),
            &text(p, "recovery_code"),
            Passphrase::new(format!("a new passphrase for {}", text(p, "name"))),
        )
        .unwrap();
    }
}
