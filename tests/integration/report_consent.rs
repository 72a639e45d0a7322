//! Facts about the other partner in a therapist report, tested from the other side
//! (shared MODEL.md v2, *Consent*; issue 11 item 5): Alex's report holds nothing of
//! Zephyrine's until Zephyrine allows it, holds it at once when she does, and loses it
//! when she takes it back. Only Zephyrine can write her choice.

use healing_arc::app::report::{self, Format, PartnerInReport};
use healing_arc::app::{arc, checkins, consent, couple};
use healing_arc::model::{CheckIn, Role, RuptureKind, Share, Visibility};
use healing_arc::report::{doc, pdf, AboutPartner, Report};
use healing_arc::vault::{Owner, Secret, Slot, Vault, VaultError};

use super::vault::{couple_named, pass, Couple, P1, P2};

/// Partner 2's name: it must appear nowhere in Alex's report without her consent.
const THEM: &str = "Zephyrine";
/// How a report words the rupture she records (`RuptureKind::RenewedContact`).
const THEIR_RUPTURE: &str = "renewed contact";

fn days_ago(n: u64) -> chrono::NaiveDate {
    checkins::today()
        .checked_sub_days(chrono::Days::new(n))
        .unwrap()
}

fn shared_day(n: u64, stance: i32) -> CheckIn {
    CheckIn {
        stance,
        share: Share {
            numbers: Visibility::PartnerAndTherapist,
            note: Visibility::Private,
        },
        ..CheckIn::neutral(days_ago(n))
    }
}

fn as_alex(c: &Couple) {
    couple::lock(&c.state);
    couple::unlock(&c.state, 1, pass(P1)).unwrap();
}

fn as_them(c: &Couple) {
    couple::lock(&c.state);
    couple::unlock(&c.state, 2, pass(P2)).unwrap();
}

/// Alex (hurt, partner 1) leans in and records a broken agreement; Zephyrine (broke
/// trust, partner 2) leans out on the same four days, both sharing their numbers with
/// each other (so the app sees them taking turns), and records renewed contact.
fn seeded() -> Couple {
    let c = couple_named("Alex", THEM);
    for n in 1..=4 {
        checkins::save(&c.state, shared_day(n, 2)).unwrap();
    }
    arc::change(&c.state, arc::rupture(RuptureKind::BrokenAgreement)).unwrap();
    as_them(&c);
    for n in 1..=4 {
        checkins::save(&c.state, shared_day(n, -2)).unwrap();
    }
    arc::change(&c.state, arc::rupture(RuptureKind::RenewedContact)).unwrap();
    as_alex(&c);
    c
}

fn range() -> (chrono::NaiveDate, chrono::NaiveDate) {
    (days_ago(30), checkins::today())
}

/// Alex's report in every form a therapist could get it: the data (the packet's JSON),
/// the HTML, the PDF's text as laid out before rendering (its glyphs are drawn from
/// exactly these pages) and as a PDF reader extracts it (poppler's pdftotext).
struct Made {
    data: Report,
    forms: Vec<(&'static str, String)>,
}

fn made(c: &Couple) -> Made {
    let (from, to) = range();
    let data = healing_arc::report::build(&report::source(&c.state).unwrap(), from, to);
    let html = report::make(&c.state, from, to, Format::Html, None).unwrap();
    let mut forms = vec![
        ("JSON", serde_json::to_string(&data).unwrap()),
        ("HTML", String::from_utf8(html).unwrap()),
        (
            "PDF layout",
            pdf::text_of(&pdf::layout(&doc::build(&data)), true).replace('\n', " "),
        ),
    ];
    let bytes = report::make(&c.state, from, to, Format::Pdf, None).unwrap();
    forms.push(("PDF as extracted", super::pdf_text::extracted(&bytes)));
    Made { data, forms }
}

fn assert_nothing_of_theirs(m: &Made) {
    let r = &m.data;
    assert_eq!(r.about_partner, AboutPartner::NotAllowed);
    assert!(r.partner.is_none());
    assert!(
        r.phases.iter().all(|p| p.role == Role::Ap),
        "{:?}",
        r.phases
    );
    assert!(
        r.events.iter().all(|e| e.role == Role::Ap),
        "{:?}",
        r.events
    );
    assert!(r.dynamics.is_empty(), "{:?}", r.dynamics);
    // Alex's own facts are still there.
    assert!(r.phases.iter().any(|p| p.role == Role::Ap));
    assert!(r
        .events
        .iter()
        .any(|e| e.words.contains("broken agreement")));
    for (form, text) in &m.forms {
        assert!(!text.contains(THEM), "{THEM}'s name in the {form}");
        assert!(
            !text.contains(THEIR_RUPTURE),
            "{THEM}'s rupture in the {form}"
        );
        assert!(
            !text.contains("Taking turns"),
            "a pattern of the two in the {form}"
        );
        assert!(
            *form == "JSON" || text.contains("This report holds nothing about Alex"),
            "the {form} does not say it holds nothing about the partner"
        );
    }
}

fn assert_theirs_included(m: &Made) {
    let r = &m.data;
    assert_eq!(r.about_partner, AboutPartner::Included);
    assert_eq!(r.partner.as_ref().map(|p| p.name.as_str()), Some(THEM));
    assert!(r.phases.iter().any(|p| p.role == Role::Op));
    assert!(r
        .events
        .iter()
        .any(|e| e.role == Role::Op && e.words.contains(THEIR_RUPTURE)));
    assert!(!r.dynamics.is_empty(), "the turn-taking pattern");
    for (form, text) in &m.forms {
        assert!(text.contains(THEM), "{THEM}'s name not in the {form}");
        assert!(
            text.contains(THEIR_RUPTURE),
            "{THEM}'s rupture not in the {form}"
        );
        assert!(text.contains("Taking turns"), "no pattern in the {form}");
    }
}

#[test]
fn a_partners_facts_enter_a_report_only_while_they_allow_it() {
    let c = seeded();
    let (from, to) = range();

    // By default: nothing of Zephyrine's in Alex's report, and the preview says so.
    assert!(!consent::partners(&c.state).unwrap());
    assert_nothing_of_theirs(&made(&c));
    let p = report::preview(&c.state, from, to).unwrap();
    assert_eq!(p.partner.state, PartnerInReport::NotAllowed);
    assert_eq!(p.partner.name.as_deref(), Some(THEM));
    assert_eq!(
        (
            p.partner.phase_spans,
            p.partner.phase_changes,
            p.partner.ruptures
        ),
        (0, 0, 0)
    );
    assert!(p.patterns.is_empty());
    assert_eq!((p.phase_spans, p.ruptures), (1, 1), "Alex's own");

    // Zephyrine allows it, in her own profile: Alex's next report holds her facts.
    as_them(&c);
    assert!(!consent::mine(&c.state).unwrap(), "off by default");
    assert!(consent::set(&c.state, true).unwrap());
    as_alex(&c);
    assert!(
        !consent::mine(&c.state).unwrap(),
        "Alex's own choice is unchanged"
    );
    assert_theirs_included(&made(&c));
    let p = report::preview(&c.state, from, to).unwrap();
    assert_eq!(p.partner.state, PartnerInReport::Included);
    assert_eq!(
        (p.partner.phase_spans, p.partner.ruptures),
        (1, 1),
        "{:?}",
        p.partner
    );
    assert!(p.patterns.iter().any(|t| t.contains("Taking turns")));

    // Her choice covers Alex's reports only: Zephyrine's report holds nothing of Alex's.
    as_them(&c);
    let theirs = healing_arc::report::build(&report::source(&c.state).unwrap(), from, to);
    assert_eq!(theirs.about_partner, AboutPartner::NotAllowed);
    assert!(!serde_json::to_string(&theirs).unwrap().contains("Alex"));

    // She takes it back: gone from Alex's very next report.
    assert!(!consent::set(&c.state, false).unwrap());
    as_alex(&c);
    assert_nothing_of_theirs(&made(&c));
    assert_eq!(
        report::preview(&c.state, from, to).unwrap().partner.state,
        PartnerInReport::NotAllowed
    );
}

#[test]
fn a_report_without_a_partner_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let st = super::vault::state(&tmp.path().join("data"));
    couple::create(&st, super::vault::partner("Alex", Role::Ap, 1, P1)).unwrap();
    let (from, to) = range();
    let p = report::preview(&st, from, to).unwrap();
    assert_eq!(p.partner.state, PartnerInReport::NoPartner);
    let html = String::from_utf8(report::make(&st, from, to, Format::Html, None).unwrap()).unwrap();
    assert!(html.contains("has no profile in Healing Arc"));
}

/// The choice sits in Zephyrine's own signed part: Alex's keys cannot write it there,
/// and nothing Alex tries changes what Alex's next report reads.
#[test]
fn only_its_author_writes_the_choice() {
    let c = seeded();
    let Couple { dir, state, .. } = c;
    drop(state);
    let vault = Vault::open(&dir).unwrap();
    let mut alex = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    vault.prepare_couple_space(&mut alex).unwrap();
    let forged = serde_json::json!({ "partner_reports_include_me": true });
    let err = vault
        .put(
            &alex,
            Owner::SharedBy(Slot::TWO),
            "report-consent",
            "report-consent",
            &forged,
        )
        .unwrap_err();
    assert!(matches!(err, VaultError::NotYours), "{err:?}");
    let mut batch = healing_arc::vault::Changes::new();
    batch
        .put(
            Owner::SharedBy(Slot::TWO),
            "report-consent",
            "report-consent",
            &forged,
        )
        .unwrap();
    assert!(matches!(
        vault.apply(&alex, batch),
        Err(VaultError::NotYours)
    ));
    // Alex may write in Alex's own part (so the refusal above is about whose part).
    vault
        .put(
            &alex,
            Owner::SharedBy(Slot::ONE),
            "report-consent",
            "report-consent",
            &forged,
        )
        .unwrap();
    drop(alex);
    drop(vault);

    let st = super::vault::state(&dir);
    couple::unlock(&st, 1, pass(P1)).unwrap();
    assert!(!consent::partners(&st).unwrap());
    let (from, to) = range();
    let r = healing_arc::report::build(&report::source(&st).unwrap(), from, to);
    assert_eq!(r.about_partner, AboutPartner::NotAllowed);
    // And from Zephyrine's side, Alex's own choice now reads as allowed.
    couple::lock(&st);
    couple::unlock(&st, 2, pass(P2)).unwrap();
    let r = healing_arc::report::build(&report::source(&st).unwrap(), from, to);
    assert_eq!(r.about_partner, AboutPartner::Included);
}
