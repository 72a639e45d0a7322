//! "My support" (issue 13, item 2): a private plan of the partner's own. Bad input is
//! refused by its field and changes nothing; the other partner never reads it, no
//! report holds it, and it travels in its writer's own-data export. And one person
//! alone: no second profile, no couple pattern, a report that works.

use healing_arc::app::report::{self, Format};
use healing_arc::app::{checkins, couple, export, journal, support, views, AppState};
use healing_arc::error::ErrorCode;
use healing_arc::model::{Role, SupportPerson, SupportPlan};

use super::vault::{checkin, couple, partner, pass, state, P1, P2};

fn person(name: &str, reach: &str) -> SupportPerson {
    SupportPerson {
        name: name.into(),
        reach: reach.into(),
    }
}

/// Words found nowhere else, so a leak anywhere shows.
fn plan() -> SupportPlan {
    SupportPlan {
        self_care: "Walk by the canal-5512 at lunch.\nBed by eleven.".into(),
        people: vec![person("Mira-7731", "0151 222 333"), person("Jo", "")],
        therapist: person("Dr. Okafor-9042", "Tuesdays"),
    }
}

const CANARIES: [&str; 3] = ["canal-5512", "Mira-7731", "Okafor-9042"];

fn field(r: Result<SupportPlan, healing_arc::error::AppError>) -> String {
    let e = r.expect_err("refused");
    assert_eq!(e.code, ErrorCode::Validation);
    e.field.expect("names a field")
}

#[test]
fn a_bad_plan_is_refused_by_its_field_and_changes_nothing() {
    let c = couple();
    let st = &c.state;
    assert_eq!(support::get(st).unwrap(), SupportPlan::default());
    let saved = support::save(st, plan()).unwrap();
    assert_eq!(saved, plan());
    let mut bad = plan();
    bad.people.push(person("", "07700 900"));
    assert_eq!(field(support::save(st, bad)), "people[2].name");
    let mut bad = plan();
    bad.self_care = "x".repeat(2_001);
    assert_eq!(field(support::save(st, bad)), "self_care");
    let mut bad = plan();
    bad.therapist.reach = "one\ntwo".into();
    assert_eq!(field(support::save(st, bad)), "therapist.reach");
    assert_eq!(support::get(st).unwrap(), plan(), "nothing changed");

    // Blank rows go, and an empty plan leaves nothing behind.
    let mut tidy = plan();
    tidy.people.push(person("  ", " "));
    assert_eq!(support::save(st, tidy).unwrap(), plan());
    support::save(st, SupportPlan::default()).unwrap();
    assert_eq!(support::get(st).unwrap(), SupportPlan::default());
}

/// Everything the unlocked partner can read through the app, as text.
fn everything(st: &AppState) -> String {
    let (from, to) = (super::vault::date("2026-01-01"), checkins::today());
    [
        format!("{:?}", couple::me(st).unwrap()),
        format!("{:?}", views::arc_view(st).unwrap()),
        format!("{:?}", views::together_view(st).unwrap()),
        format!("{:?}", views::guidance_view(st).unwrap()),
        format!("{:?}", checkins::partner_list(st, None, None).unwrap()),
        format!("{:?}", journal::partner_list(st).unwrap()),
        format!("{:?}", support::get(st).unwrap()),
        format!("{:?}", report::preview(st, from, to).unwrap()),
        String::from_utf8(report::make(st, from, to, Format::Html, None).unwrap()).unwrap(),
        export::json(st).unwrap(),
    ]
    .join("\n")
}

#[test]
fn the_other_partner_never_reads_the_plan_and_no_report_holds_it() {
    let c = couple();
    let st = &c.state;
    let today = checkins::today().format("%Y-%m-%d").to_string();
    checkins::save(st, checkin(&today, 1, "a line")).unwrap();
    support::save(st, plan()).unwrap();
    let (from, to) = (super::vault::date("2026-01-01"), checkins::today());
    let html = String::from_utf8(report::make(st, from, to, Format::Html, None).unwrap()).unwrap();
    let json = export::json(st).unwrap();
    for canary in CANARIES {
        assert!(!html.contains(canary), "{canary} in partner 1's own report");
        assert!(
            json.contains(canary),
            "{canary} missing from partner 1's export"
        );
    }

    couple::lock(st);
    couple::unlock(st, 2, pass(P2)).unwrap();
    let theirs = everything(st);
    for canary in CANARIES {
        assert!(!theirs.contains(canary), "{canary} reached partner 2");
    }
    assert_eq!(support::get(st).unwrap(), SupportPlan::default());
    // Partner 2's own plan is theirs: writing it leaves partner 1's as it was.
    support::save(
        st,
        SupportPlan {
            self_care: "Swim on Sundays.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    couple::lock(st);
    couple::unlock(st, 1, pass(P1)).unwrap();
    assert_eq!(support::get(st).unwrap(), plan());
}

#[test]
fn the_plan_survives_a_new_lock_and_travels_into_a_fresh_profile() {
    let c = couple();
    let st = &c.state;
    support::save(st, plan()).unwrap();
    let new = "lanterns over the harbour";
    couple::change_passphrase(st, pass(P1), pass(new), true).unwrap();
    couple::lock(st);
    couple::unlock(st, 1, pass(new)).unwrap();
    assert_eq!(
        support::get(st).unwrap(),
        plan(),
        "sealed again with the new lock"
    );

    let json = export::json(st).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let fresh = state(&tmp.path().join("data"));
    couple::create(&fresh, partner("Alex", Role::Ap, 2, P1)).unwrap();
    export::import_bytes(&fresh, json.as_bytes()).unwrap();
    assert_eq!(support::get(&fresh).unwrap(), plan());
    assert_eq!(
        export::json(&fresh).unwrap(),
        json,
        "the round trip is whole"
    );
}

#[test]
fn one_person_alone_gets_no_couple_pattern_and_a_working_report() {
    let tmp = tempfile::tempdir().unwrap();
    let st = &state(&tmp.path().join("data"));
    couple::create(st, partner("Alex", Role::Ap, 2, P1)).unwrap();
    assert_eq!(couple::me(st).unwrap().partner, None);
    for n in 0..5u64 {
        let d = checkins::today() - chrono::Days::new(n);
        checkins::save(st, checkin(&d.format("%Y-%m-%d").to_string(), 2, "mine")).unwrap();
    }
    journal::create(st, "A first entry.".into(), Default::default()).unwrap();
    support::save(st, plan()).unwrap();
    let arc = views::arc_view(st).unwrap();
    assert!(!arc.advance_collides);
    assert!(views::guidance_view(st).unwrap().dynamics.is_empty());
    assert!(views::together_view(st).unwrap().dynamics.is_empty());
    let (from, to) = (checkins::today() - chrono::Days::new(30), checkins::today());
    let preview = report::preview(st, from, to).unwrap();
    assert_eq!(preview.partner.name, None);
    let html = String::from_utf8(report::make(st, from, to, Format::Html, None).unwrap()).unwrap();
    assert!(html.contains("Alex"));
    for canary in CANARIES {
        assert!(!html.contains(canary));
    }
}
