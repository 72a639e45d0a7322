//! Agreements and the page for the next session, tested from both sides: a proposal
//! is found by the other partner, is in force only once they confirm it, and is gone
//! from their side once taken back; drafts and session pages never reach the couple
//! space; a report holds only the pages chosen for it.

use chrono::Days;
use healing_arc::app::agreements::{self, AgreementState, AgreementView, Draft};
use healing_arc::app::checkins::today;
use healing_arc::app::session_page::{self, PageInput};
use healing_arc::app::shared_view::Author;
use healing_arc::app::{arc, consent, couple, export, report, AppState};
use healing_arc::error::ErrorCode;
use healing_arc::model::{AgreementKind, Change, Role, RuptureKind, Who};
use healing_arc::vault::{Owner, Secret, Slot, Vault};

use crate::vault::{couple, pass, Couple, P1, P2};

/// Partner one is the partner who was hurt (Alex), two the partner who broke trust (Sam).
fn as_partner(c: &Couple, slot: u8) {
    couple::lock(&c.state);
    let p = if slot == 1 { P1 } else { P2 };
    couple::unlock(&c.state, slot, pass(p)).unwrap();
}

fn draft(what: &str, propose: bool) -> Draft {
    Draft {
        id: None,
        kind: AgreementKind::Openness,
        what: what.into(),
        who: Who::Me,
        review_on: today().checked_add_days(Days::new(56)),
        propose,
    }
}

fn find(st: &AppState, what: &str) -> Option<AgreementView> {
    agreements::list(st)
        .unwrap()
        .into_iter()
        .find(|a| a.what == what)
}

fn page(bring: &str, for_therapist: bool) -> PageInput {
    PageInput {
        id: None,
        session_on: today().checked_add_days(Days::new(2)),
        last_session_on: today().checked_sub_days(Days::new(5)),
        happened: "We walked on Sunday.".into(),
        bring: bring.into(),
        for_therapist,
    }
}

/// Every record of `kind` in the couple space, as partner `slot` reads it, straight
/// from the store (not through the app's filters).
fn in_couple_space(c: Couple, kind: &'static str) -> (usize, usize) {
    let Couple {
        dir, state, tmp, ..
    } = c;
    drop(state);
    let vault = Vault::open(&dir).unwrap();
    let kr = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    let count = |slot| {
        vault
            .list::<serde_json::Value>(&kr, Owner::SharedBy(slot), kind)
            .unwrap()
            .len()
    };
    let out = (count(Slot::ONE), count(Slot::TWO));
    drop(tmp);
    out
}

#[test]
fn a_proposal_is_in_force_only_once_the_other_partner_confirms_it() {
    let c = couple();
    // Sam offers openness for an agreed time; Alex keeps a draft of their own.
    as_partner(&c, 2);
    let offered = agreements::save(&c.state, draft("Phone open until review", true)).unwrap();
    assert_eq!(offered.state, AgreementState::Proposed);
    assert_eq!(offered.proposed_by, Author::Me);
    // The proposer cannot confirm their own; nothing changes.
    let err = agreements::confirm(&c.state, &offered.id).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert_eq!(
        find(&c.state, "Phone open until review").unwrap().state,
        AgreementState::Proposed
    );

    as_partner(&c, 1);
    agreements::save(&c.state, draft("Alex's private draft", false)).unwrap();
    let seen = find(&c.state, "Phone open until review").expect("Alex sees the proposal");
    assert_eq!(seen.proposed_by, Author::Partner);
    assert_eq!(seen.who, Who::Partner, "Sam's \"me\" is Alex's \"partner\"");
    assert_eq!(seen.state, AgreementState::Proposed);
    let confirmed = agreements::confirm(&c.state, &seen.id).unwrap();
    assert_eq!(confirmed.state, AgreementState::InForce);

    // Sam sees it in force, and never Alex's draft.
    as_partner(&c, 2);
    assert_eq!(
        find(&c.state, "Phone open until review").unwrap().state,
        AgreementState::InForce
    );
    assert!(find(&c.state, "Alex's private draft").is_none());
    // The draft is in no part of the couple space.
    assert_eq!(in_couple_space(c, "agreement"), (0, 1));
}

#[test]
fn either_partner_can_ask_to_revisit_and_a_new_revision_needs_confirming_again() {
    let c = couple();
    as_partner(&c, 2);
    let a = agreements::save(&c.state, draft("Walks on Sunday", true)).unwrap();
    as_partner(&c, 1);
    agreements::confirm(&c.state, &a.id).unwrap();
    // Alex asks to look at it again, with a note Sam reads.
    let err = agreements::revisit(&c.state, &a.id, "  ".into()).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("note"));
    assert_eq!(
        find(&c.state, "Walks on Sunday").unwrap().state,
        AgreementState::InForce,
        "nothing written on error"
    );
    let r = agreements::revisit(&c.state, &a.id, "Sunday is hard now".into()).unwrap();
    assert_eq!(r.state, AgreementState::UnderReview);
    as_partner(&c, 2);
    let seen = find(&c.state, "Walks on Sunday").unwrap();
    assert_eq!(seen.state, AgreementState::UnderReview);
    assert_eq!(seen.notes.len(), 1);
    assert_eq!(seen.notes[0].by, Author::Partner);
    assert_eq!(seen.notes[0].note, "Sunday is hard now");
    // Sam changes it: a new revision, which Alex's old confirmation does not cover.
    let changed = agreements::save(
        &c.state,
        Draft {
            id: Some(a.id.clone()),
            what: "Walks on Saturday".into(),
            ..draft("", true)
        },
    )
    .unwrap();
    assert_eq!(changed.state, AgreementState::Proposed);
    assert_eq!(changed.revision, 2);
    as_partner(&c, 1);
    // Alex cannot change Sam's words.
    let err = agreements::save(
        &c.state,
        Draft {
            id: Some(a.id.clone()),
            what: "Mine now".into(),
            ..draft("", true)
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert_eq!(
        agreements::confirm(&c.state, &a.id).unwrap().state,
        AgreementState::InForce
    );
    // The proposer may ask to revisit too.
    as_partner(&c, 2);
    let r = agreements::revisit(&c.state, &a.id, "Let us check in".into()).unwrap();
    assert_eq!(r.state, AgreementState::UnderReview);
    as_partner(&c, 1);
    let seen = find(&c.state, "Walks on Saturday").unwrap();
    assert_eq!(seen.state, AgreementState::UnderReview);
    assert_eq!(seen.notes[0].by, Author::Partner);
}

#[test]
fn taken_back_it_is_gone_from_the_other_side_and_withdrawn_it_is_not_in_force() {
    let c = couple();
    as_partner(&c, 2);
    let a = agreements::save(&c.state, draft("Contact ended in March", true)).unwrap();
    let b = agreements::save(&c.state, draft("Phone open", true)).unwrap();
    as_partner(&c, 1);
    agreements::confirm(&c.state, &a.id).unwrap();
    agreements::confirm(&c.state, &b.id).unwrap();
    // Alex withdraws their part of one: Sam sees it is not in force.
    assert_eq!(
        agreements::withdraw(&c.state, &b.id).unwrap().state,
        AgreementState::Withdrawn
    );
    as_partner(&c, 2);
    assert_eq!(
        find(&c.state, "Phone open").unwrap().state,
        AgreementState::Withdrawn
    );
    // Sam takes the other back: a private draft again, gone from Alex's side.
    assert_eq!(
        agreements::withdraw(&c.state, &a.id).unwrap().state,
        AgreementState::Draft
    );
    as_partner(&c, 1);
    assert!(find(&c.state, "Contact ended in March").is_none());
    as_partner(&c, 2);
    agreements::delete(&c.state, &a.id).unwrap();
    assert!(find(&c.state, "Contact ended in March").is_none());
    assert_eq!(in_couple_space(c, "agreement"), (0, 1));
}

#[test]
fn bad_input_names_its_field_and_writes_nothing() {
    let c = couple();
    let count = |st: &AppState| agreements::list(st).unwrap().len();
    let cases = [
        (
            Draft {
                what: " ".into(),
                ..draft("", true)
            },
            "what",
        ),
        (
            Draft {
                review_on: None,
                ..draft("x", true)
            },
            "review_on",
        ),
        (
            Draft {
                review_on: Some(today()),
                ..draft("x", false)
            },
            "review_on",
        ),
        (
            Draft {
                review_on: today().checked_add_days(Days::new(181)),
                ..draft("x", true)
            },
            "review_on",
        ),
        (
            Draft {
                what: "x".repeat(1_001),
                ..draft("", true)
            },
            "what",
        ),
        (
            Draft {
                id: Some("nope".into()),
                ..draft("x", true)
            },
            "id",
        ),
    ];
    for (d, field) in cases {
        let err = agreements::save(&c.state, d).unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field));
        assert_eq!(count(&c.state), 0);
    }
    let err = session_page::save(
        &c.state,
        PageInput {
            bring: String::new(),
            happened: " ".into(),
            ..page("", false)
        },
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("bring"));
    let err = session_page::save(&c.state, page(&"x".repeat(1_201), false)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("bring"));
    assert!(session_page::list(&c.state).unwrap().is_empty());
}

#[test]
fn a_broken_agreement_rupture_names_only_an_agreement_both_can_see() {
    let c = couple();
    as_partner(&c, 2);
    let shared = agreements::save(&c.state, draft("Phone open", true)).unwrap();
    let private = agreements::save(&c.state, draft("Not yet", false)).unwrap();
    as_partner(&c, 1);
    let check = |kind, id: &str| agreements::check_rupture_target(&c.state, kind, Some(id));
    assert!(check(RuptureKind::BrokenAgreement, &shared.id).is_ok());
    let err = check(RuptureKind::BrokenAgreement, &private.id).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("agreement"));
    let err = check(RuptureKind::RenewedContact, &shared.id).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("agreement"));
    arc::change(
        &c.state,
        Change::Rupture {
            what: RuptureKind::BrokenAgreement,
            reason: None,
            agreement: Some(shared.id.clone()),
        },
    )
    .unwrap();
    // Sam sees which agreement it concerns, on Sam's page for the next session.
    as_partner(&c, 2);
    let p = session_page::save(&c.state, page("The phone", false)).unwrap();
    assert_eq!(p.gathered.ruptures.len(), 1);
    assert_eq!(p.gathered.ruptures[0].by, Author::Partner);
    assert_eq!(
        p.gathered.ruptures[0].agreement.as_deref(),
        Some("Phone open")
    );
}

#[test]
fn a_session_page_stays_private_and_a_report_holds_only_those_chosen() {
    let c = couple();
    as_partner(&c, 2);
    let theirs = agreements::save(&c.state, draft("Sam's offer", true)).unwrap();
    as_partner(&c, 1);
    agreements::confirm(&c.state, &theirs.id).unwrap();
    let soon = Draft {
        kind: AgreementKind::TimeTogether,
        review_on: today().checked_add_days(Days::new(1)),
        ..draft("Alex's dinner", true)
    };
    agreements::save(&c.state, soon).unwrap();
    let chosen = session_page::save(&c.state, page("Chosen page", true)).unwrap();
    session_page::save(&c.state, page("Kept page", false)).unwrap();
    // Gathered: the agreements due by the session (Sam's is due in 56 days: not yet).
    let due: Vec<String> = chosen
        .gathered
        .agreements_due
        .iter()
        .map(|a| a.what.clone())
        .collect();
    assert_eq!(due, ["Alex's dinner"]);

    let t = today();
    let p = report::preview(&c.state, t, t).unwrap();
    let texts: Vec<&str> = p.session_pages.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["Chosen page"]);
    assert_eq!(p.kept_private.session_pages, 1);
    let html = String::from_utf8(report::make(&c.state, t, t, report::Format::Html, None).unwrap())
        .unwrap();
    assert!(html.contains("For the next session"));
    assert!(html.contains("Chosen page"));
    assert!(!html.contains("Kept page"));
    let pdf = report::make(&c.state, t, t, report::Format::Pdf, None).unwrap();
    let text = crate::pdf_text::extracted(&pdf);
    assert!(text.contains("For the next session"), "{text}");
    assert!(text.contains("Chosen page") && text.contains("What I want to bring"));
    assert!(!text.contains("Kept page"));

    // Sam's agreements on Alex's page go in only with Sam's consent.
    let due_review = PageInput {
        session_on: today().checked_add_days(Days::new(60)),
        ..page("Review page", true)
    };
    session_page::save(&c.state, due_review).unwrap();
    let html = String::from_utf8(report::make(&c.state, t, t, report::Format::Html, None).unwrap())
        .unwrap();
    assert!(!html.contains("Sam&#39;s offer") && !html.contains("Sam's offer"));
    as_partner(&c, 2);
    consent::set(&c.state, true).unwrap();
    as_partner(&c, 1);
    let html = String::from_utf8(report::make(&c.state, t, t, report::Format::Html, None).unwrap())
        .unwrap();
    assert!(
        html.contains("Sam&#39;s offer")
            || html.contains("Sam's offer")
            || html.contains("Sam&#x27;s offer"),
        "consented agreement shows"
    );

    // Nothing of a page reaches the couple space.
    assert_eq!(in_couple_space(c, "session-page"), (0, 0));
}

#[test]
fn agreements_answers_and_pages_go_through_export_and_import() {
    let c = couple();
    as_partner(&c, 2);
    let a = agreements::save(&c.state, draft("Sam's offer", true)).unwrap();
    as_partner(&c, 1);
    agreements::confirm(&c.state, &a.id).unwrap();
    agreements::save(&c.state, draft("Alex's draft", false)).unwrap();
    session_page::save(&c.state, page("Bring this", true)).unwrap();
    let data = export::own_data(&c.state).unwrap();
    assert_eq!(data.agreements.len(), 1);
    assert_eq!(data.agreement_answers.len(), 1);
    assert_eq!(data.session_pages.len(), 1);
    let json = export::json(&c.state).unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let st = crate::vault::state(&tmp.path().join("data"));
    couple::create(&st, crate::vault::partner("Alex", Role::Ap, 1, P1)).unwrap();
    let imported = export::import_bytes(&st, json.as_bytes()).unwrap();
    assert_eq!((imported.agreements, imported.session_pages), (1, 1));
    assert_eq!(export::json(&st).unwrap(), json);
    assert_eq!(
        find(&st, "Alex's draft").unwrap().state,
        AgreementState::Draft
    );
    assert_eq!(session_page::list(&st).unwrap()[0].bring, "Bring this");

    // An export from before agreements (no such fields) still imports.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    for k in ["agreements", "agreement_answers", "session_pages"] {
        old.as_object_mut().unwrap().remove(k);
    }
    let tmp2 = tempfile::tempdir().unwrap();
    let st2 = crate::vault::state(&tmp2.path().join("data"));
    couple::create(&st2, crate::vault::partner("Alex", Role::Ap, 1, P1)).unwrap();
    let imported = export::import_bytes(&st2, &serde_json::to_vec(&old).unwrap()).unwrap();
    assert_eq!((imported.agreements, imported.session_pages), (0, 0));
    // A damaged agreement is refused by name, and nothing is written.
    let mut bad: serde_json::Value = serde_json::from_str(&json).unwrap();
    bad["agreements"][0]["what"] = serde_json::json!(" ");
    let tmp3 = tempfile::tempdir().unwrap();
    let st3 = crate::vault::state(&tmp3.path().join("data"));
    couple::create(&st3, crate::vault::partner("Alex", Role::Ap, 1, P1)).unwrap();
    let err = export::import_bytes(&st3, &serde_json::to_vec(&bad).unwrap()).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("agreements[0].what"));
    assert!(agreements::list(&st3).unwrap().is_empty());
    assert!(session_page::list(&st3).unwrap().is_empty());
}

#[test]
fn a_page_gathers_ruptures_up_to_its_session_and_a_report_lists_each_agreement_once() {
    let c = couple();
    as_partner(&c, 1);
    let soon = Draft {
        kind: AgreementKind::TimeTogether,
        review_on: today().checked_add_days(Days::new(1)),
        ..draft("Alex's dinner", true)
    };
    agreements::save(&c.state, soon).unwrap();
    arc::change(
        &c.state,
        Change::Rupture {
            what: RuptureKind::NewDisclosure,
            reason: None,
            agreement: None,
        },
    )
    .unwrap();
    // A page for a session ten days ago: today's rupture came after it.
    let past = PageInput {
        session_on: today().checked_sub_days(Days::new(10)),
        last_session_on: today().checked_sub_days(Days::new(20)),
        ..page("Past page", true)
    };
    let past = session_page::save(&c.state, past).unwrap();
    assert!(past.gathered.ruptures.is_empty());
    assert_eq!(past.gathered.until, today() - Days::new(10));
    let next = session_page::save(&c.state, page("Next page", true)).unwrap();
    assert_eq!(next.gathered.ruptures.len(), 1);

    // Two pages whose sessions the agreement is due by: listed on the first, counted
    // on the second.
    session_page::save(&c.state, page("Second page", true)).unwrap();
    let t = today();
    let html = String::from_utf8(report::make(&c.state, t, t, report::Format::Html, None).unwrap())
        .unwrap();
    assert_eq!(html.matches("dinner").count(), 1, "{html}");
    assert!(html.contains("One agreement listed on an earlier page is still due for review."));
}
