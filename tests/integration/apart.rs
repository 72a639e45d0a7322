//! Together or apart (issue 13.3): the reflection stays private, a parting stops every
//! couple computation and turns the guidance to ending well, nothing new crosses after
//! it (tested from the other side), and a partner deletes their own profile while the
//! other keeps working.

use chrono::Days;
use healing_arc::app::checkins::{self, today};
use healing_arc::app::report::{self, Format};
use healing_arc::app::triggers::{self, TriggerEdit};
use healing_arc::app::{apart, arc, consent, couple, journal, questions, views};
use healing_arc::error::ErrorCode;
use healing_arc::model::{
    ArcEvent, Change, DynamicKind, PartingWords, Role, RuptureKind, Share, Visibility,
};
use healing_arc::vault::{OpenedBackup, Secret, Slot, VaultError};

use crate::vault::{code_of, couple, pass, Couple, P1, P2};

fn as_partner(c: &Couple, slot: u8) {
    couple::lock(&c.state);
    let p = if slot == 1 { P1 } else { P2 };
    couple::unlock(&c.state, slot, pass(p)).unwrap();
}

fn shared_both() -> Share {
    Share {
        numbers: Visibility::Partner,
        note: Visibility::Partner,
    }
}

/// Both partners share four days of leaning out: the couple's pattern shows.
fn both_lean_out(c: &Couple) {
    for slot in [2, 1] {
        as_partner(c, slot);
        for n in 1..=4u64 {
            let d = today().checked_sub_days(Days::new(n)).unwrap();
            let mut ci = crate::vault::checkin(&d.to_string(), -2, "");
            ci.share = shared_both();
            checkins::save(&c.state, ci).unwrap();
        }
    }
}

fn partner_texts(c: &Couple) -> Vec<String> {
    views::together_view(&c.state)
        .unwrap()
        .shared
        .into_iter()
        .filter(|i| i.author == healing_arc::app::shared_view::Author::Partner)
        .map(|i| i.text)
        .collect()
}

#[test]
fn a_parting_stops_the_patterns_and_readiness_and_turns_guidance_to_ending_well() {
    let c = couple();
    both_lean_out(&c);
    let kinds = |c: &Couple| -> Vec<DynamicKind> {
        views::together_view(&c.state)
            .unwrap()
            .dynamics
            .iter()
            .map(|d| d.kind)
            .collect()
    };
    assert!(kinds(&c).contains(&DynamicKind::MutualWithdrawal));
    let before = views::guidance_view(&c.state).unwrap();
    assert!(!before.phase_prompts.is_empty());
    assert!(before.ending.is_empty());

    apart::record_parting(&c.state, PartingWords::WeHaveDecidedToPart).unwrap();
    for slot in [1, 2] {
        as_partner(&c, slot);
        assert!(kinds(&c).is_empty(), "no patterns for partner {slot}");
        let g = views::guidance_view(&c.state).unwrap();
        assert!(g.phase_prompts.is_empty() && g.dynamics.is_empty());
        let ids: Vec<&str> = g.ending.iter().map(|t| t.id.as_str()).collect();
        assert!(ids.contains(&"children") && ids.contains(&"safety") && ids.contains(&"therapist"));
        let a = views::arc_view(&c.state).unwrap();
        assert!(a.parted && !a.can_advance && !a.can_declare && !a.advance_collides);
        assert!(!a.readiness.ready && a.readiness.checkins == 0);
        assert_eq!(
            code_of(arc::change(
                &c.state,
                arc::rupture(RuptureKind::NewDisclosure)
            )),
            ErrorCode::NotAllowed
        );
    }
    // Recorded once.
    assert_eq!(
        code_of(apart::record_parting(
            &c.state,
            PartingWords::IHaveDecidedToLeave
        )),
        ErrorCode::NotAllowed
    );
}

#[test]
fn the_reflection_is_private_and_checked() {
    let c = couple();
    apart::save_reflection(&c.state, "hope", "alex's own words").unwrap();
    let mine = apart::view(&c.state).unwrap();
    assert!(mine
        .prompts
        .iter()
        .any(|p| p.id == "hope" && p.text == "alex's own words"));
    as_partner(&c, 2);
    let theirs = apart::view(&c.state).unwrap();
    assert!(theirs
        .prompts
        .iter()
        .all(|p| p.text.is_empty() && p.date.is_none()));
    assert!(theirs.parting.is_none());
    let e = apart::save_reflection(&c.state, "no-such-question", "x").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Validation, Some("id"))
    );
    let long = "a".repeat(100_000);
    let e = apart::save_reflection(&c.state, "hope", &long).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
}

#[test]
fn after_a_parting_nothing_new_crosses_and_old_shares_can_be_taken_back() {
    let c = couple();
    as_partner(&c, 2);
    let before = journal::create(&c.state, "sam before".into(), Visibility::Partner).unwrap();
    as_partner(&c, 1);
    let alex_before = journal::create(&c.state, "alex before".into(), Visibility::Partner).unwrap();
    apart::record_parting(&c.state, PartingWords::IHaveDecidedToLeave).unwrap();
    assert!(couple::me(&c.state).unwrap().parted);
    // A new share after the decision is refused, naming the field, and nothing is
    // saved: no record may say "partner" for what the partner never receives.
    let field_of = |e: healing_arc::error::AppError| (e.code, e.field);
    let e = journal::create(&c.state, "alex after".into(), Visibility::Partner).unwrap_err();
    assert_eq!(
        field_of(e),
        (ErrorCode::Validation, Some("visibility".into()))
    );
    assert!(journal::list(&c.state)
        .unwrap()
        .iter()
        .all(|j| j.text != "alex after"));
    let after = journal::create(&c.state, "alex after".into(), Visibility::Therapist).unwrap();
    assert_eq!(after.text, "alex after");
    let e = journal::update(
        &c.state,
        &after.id,
        "alex after".into(),
        Visibility::Partner,
    )
    .unwrap_err();
    assert_eq!(
        field_of(e),
        (ErrorCode::Validation, Some("visibility".into()))
    );
    let mut ci = crate::vault::checkin(&today().to_string(), 1, "alex's note after");
    ci.share = shared_both();
    let e = checkins::save(&c.state, ci.clone()).unwrap_err();
    assert_eq!(
        field_of(e),
        (ErrorCode::Validation, Some("share.numbers".into()))
    );
    assert!(checkins::get(&c.state, today()).unwrap().is_none());
    ci.share.numbers = Visibility::Private;
    let e = checkins::save(&c.state, ci.clone()).unwrap_err();
    assert_eq!(
        field_of(e),
        (ErrorCode::Validation, Some("share.note".into()))
    );
    ci.share.note = Visibility::Therapist;
    checkins::save(&c.state, ci).unwrap();
    // An entry shared before stays marked for the partner when edited: they keep
    // seeing it as it was shared.
    journal::update(
        &c.state,
        &alex_before.id,
        "alex before, edited after".into(),
        Visibility::Partner,
    )
    .unwrap();

    as_partner(&c, 2);
    let view = apart::view(&c.state).unwrap();
    let p = view.parting.expect("Sam sees the decision");
    assert!(!p.by_me);
    assert_eq!(
        p.sentence,
        format!("On {} Alex recorded: I have decided to leave.", today())
    );
    assert!(couple::me(&c.state).unwrap().parted);
    let seen = partner_texts(&c);
    assert!(seen.contains(&"alex before".to_owned()));
    assert!(!seen.iter().any(|t| t.contains("after")), "{seen:?}");
    assert!(checkins::partner_list(&c.state, None, None)
        .unwrap()
        .is_empty());
    // Sam's side sends nothing new either; Sam takes back what he shared before.
    let e = journal::create(&c.state, "sam after".into(), Visibility::Partner).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("visibility"));
    journal::update(
        &c.state,
        &before.id,
        "sam before".into(),
        Visibility::Private,
    )
    .unwrap();

    as_partner(&c, 1);
    let seen = partner_texts(&c);
    assert!(seen.is_empty(), "{seen:?}");
}

#[test]
fn deleting_a_profile_keeps_the_other_whole() {
    let c = couple();
    as_partner(&c, 1);
    journal::create(&c.state, "alex shared".into(), Visibility::Partner).unwrap();
    journal::create(&c.state, "alex private".into(), Visibility::Private).unwrap();
    apart::save_reflection(&c.state, "now", "alex reflects").unwrap();
    as_partner(&c, 2);
    journal::create(&c.state, "sam shared".into(), Visibility::Partner).unwrap();
    couple::backup(&c.state, None).unwrap();
    apart::record_parting(&c.state, PartingWords::WeHaveDecidedToPart).unwrap();
    assert!(!apart::view(&c.state).unwrap().only_profile);

    // A wrong passphrase deletes nothing.
    let e = apart::delete_profile(&c.state, pass("not sam's passphrase")).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    as_partner(&c, 2);
    let deleted = apart::delete_profile(&c.state, pass(P2)).unwrap();
    assert!(!deleted.whole_vault);
    assert!(couple::me(&c.state).is_err(), "locked afterwards");

    let status = couple::status(&c.state).unwrap();
    assert_eq!(status.profiles.len(), 1);
    assert_eq!(
        code_of(couple::unlock(&c.state, 2, pass(P2))),
        ErrorCode::NotFound
    );
    couple::unlock(&c.state, 1, pass(P1)).unwrap();
    let me = couple::me(&c.state).unwrap();
    assert!(me.partner.is_none() && me.parted);
    let mine: Vec<String> = journal::list(&c.state)
        .unwrap()
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert!(mine.contains(&"alex shared".to_owned()) && mine.contains(&"alex private".to_owned()));
    assert!(partner_texts(&c).is_empty());
    assert!(apart::view(&c.state)
        .unwrap()
        .prompts
        .iter()
        .any(|p| p.text == "alex reflects"));
    let v = apart::view(&c.state).unwrap();
    assert!(v.only_profile && v.partner_deleted);
    assert_eq!(
        v.parting.unwrap().sentence,
        format!(
            "On {} your partner recorded: We have decided to part.",
            today()
        )
    );
    let s = couple::status(&c.state).unwrap();
    assert!(!s.unreadable.shared_changed && s.unreadable.entries == 0);
    // The backups kept in the data folder were replaced: none holds Sam's profile.
    assert!(!s.backups.is_empty());
    for b in &s.backups {
        let opened = OpenedBackup::read(b, Slot::TWO, &Secret::Passphrase(pass(P2)));
        assert!(matches!(opened, Err(VaultError::NoProfile)), "{b:?}");
    }
    // No partner is added to a vault that holds a parting.
    let new = crate::vault::partner(
        "Kim",
        healing_arc::model::Role::Op,
        3,
        "a brand new passphrase",
    );
    assert_eq!(
        code_of(couple::add_partner(&c.state, new)),
        ErrorCode::NotAllowed
    );
}

#[test]
fn deleting_the_only_profile_deletes_the_vault_and_its_kept_backups() {
    let c = couple();
    as_partner(&c, 2);
    apart::record_parting(&c.state, PartingWords::WeHaveDecidedToPart).unwrap();
    apart::delete_profile(&c.state, pass(P2)).unwrap();
    couple::unlock(&c.state, 1, pass(P1)).unwrap();
    couple::backup(&c.state, None).unwrap();
    assert!(apart::view(&c.state).unwrap().only_profile);
    let deleted = apart::delete_profile(&c.state, pass(P1)).unwrap();
    assert!(deleted.whole_vault);
    let s = couple::status(&c.state).unwrap();
    assert_eq!(s.state, couple::VaultState::None);
    assert!(s.backups.is_empty());
}

/// Both allow the other's reports to include them, so a report holds the patterns.
fn both_allow(c: &Couple) {
    for slot in [1, 2] {
        as_partner(c, slot);
        consent::set(&c.state, true).unwrap();
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_report_after_a_parting_computes_no_pattern_from_its_day_and_says_so() {
    let c = couple();
    both_allow(&c);
    both_lean_out(&c);
    let to = today();
    let from = to.checked_sub_days(Days::new(10)).unwrap();
    let built =
        |c: &Couple| healing_arc::report::build(&report::source(&c.state).unwrap(), from, to);
    let before = built(&c);
    assert!(
        before
            .dynamics
            .iter()
            .any(|e| e.kind == DynamicKind::MutualWithdrawal && e.to == to),
        "{:?}",
        before.dynamics
    );
    assert_eq!(before.parted_on, None);

    apart::record_parting(&c.state, PartingWords::IHaveDecidedToLeave).unwrap();
    for slot in [1, 2] {
        as_partner(&c, slot);
        let r = built(&c);
        assert_eq!(r.parted_on, Some(to), "partner {slot}");
        // The days before the parting keep the pattern that held; its day has none.
        assert!(
            r.dynamics
                .iter()
                .any(|e| e.kind == DynamicKind::MutualWithdrawal),
            "partner {slot}: {:?}",
            r.dynamics
        );
        assert!(
            r.dynamics.iter().all(|e| e.to < to),
            "partner {slot}: {:?}",
            r.dynamics
        );
        // Said in the HTML and in the PDF as a reader extracts it; who recorded it
        // and their words stay out.
        let html = report::make(&c.state, from, to, Format::Html, None).unwrap();
        let pdf = report::make(&c.state, from, to, Format::Pdf, None).unwrap();
        for (what, text) in [
            ("HTML", String::from_utf8(html).unwrap()),
            ("PDF", crate::pdf_text::extracted(&pdf)),
        ] {
            let text = one_line(&text);
            for said in [
                "A decision to part was recorded in Healing Arc on",
                "From that day the app computes nothing further for the couple",
                "No pattern is computed from",
            ] {
                assert!(text.contains(said), "partner {slot}, {what}: {said}");
            }
            assert!(!text.contains("decided to leave"), "partner {slot}, {what}");
        }
    }

    // A parting some days back (a partner's shares dated after it can still arrive
    // from their own device): no pattern or phase for the days after it.
    let mut src = report::source(&c.state).unwrap();
    let parted = to.checked_sub_days(Days::new(3)).unwrap();
    src.parted_on = Some(parted);
    let r = healing_arc::report::build(&src, from, to);
    assert_eq!(r.parted_on, Some(parted));
    assert!(r.dynamics.iter().all(|e| e.to < parted), "{:?}", r.dynamics);
    assert!(!r.phases.is_empty() && r.phases.iter().all(|p| p.to <= parted));
}

#[test]
fn after_a_parting_no_return_to_an_earlier_phase_is_suggested() {
    let c = couple();
    arc::record(
        &c.state,
        ArcEvent {
            date: today(),
            partner: Role::Ap,
            change: Change::Advance,
        },
    )
    .unwrap();
    arc::change(&c.state, arc::rupture(RuptureKind::NewDisclosure)).unwrap();
    assert!(views::arc_view(&c.state)
        .unwrap()
        .suggested_return
        .is_some());
    apart::record_parting(&c.state, PartingWords::WeHaveDecidedToPart).unwrap();
    for slot in [1, 2] {
        as_partner(&c, slot);
        let a = views::arc_view(&c.state).unwrap();
        assert!(a.parted && a.suggested_return.is_none(), "partner {slot}");
    }
}

#[test]
fn after_a_parting_each_part_of_a_shared_check_in_can_still_be_taken_back() {
    let c = couple();
    // Today's, and two days of last month (folded into one record at the next unlock).
    let last_month = |day: u32| {
        use chrono::Datelike;
        let end = today().with_day(1).unwrap().pred_opt().unwrap();
        end.with_day(day).unwrap()
    };
    let (old, older) = (last_month(2), last_month(3));
    for (date, note) in [(today(), "alex today"), (old, "alex old"), (older, "older")] {
        let mut ci = crate::vault::checkin(&date.to_string(), 2, note);
        ci.share = shared_both();
        checkins::save(&c.state, ci).unwrap();
    }
    as_partner(&c, 1);
    apart::record_parting(&c.state, PartingWords::IHaveDecidedToLeave).unwrap();

    // Today: the note taken back, the numbers kept (and changed, which stays with Alex).
    let mut t = checkins::get(&c.state, today()).unwrap().unwrap();
    t.share.note = Visibility::Private;
    t.stance = -1;
    checkins::save(&c.state, t).unwrap();
    // A day of the folded month taken back whole; another deleted.
    let mut day = checkins::get(&c.state, old).unwrap().unwrap();
    day.share = Share {
        numbers: Visibility::Private,
        note: Visibility::Private,
    };
    checkins::save(&c.state, day).unwrap();
    checkins::delete(&c.state, older).unwrap();

    as_partner(&c, 2);
    let seen = checkins::partner_list(&c.state, None, None).unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].date, today());
    assert_eq!(seen[0].note, None, "the note was taken back");
    assert_eq!(
        seen[0].numbers.map(|n| n.stance),
        Some(2),
        "the numbers as shared before the parting"
    );
}

#[test]
fn after_a_parting_no_new_question_or_trigger_entry_is_shared() {
    let c = couple();
    let asked = questions::ask(&c.state, "asked before".into(), Visibility::Partner).unwrap();
    apart::record_parting(&c.state, PartingWords::IHaveDecidedToLeave).unwrap();
    let field = |e: healing_arc::error::AppError| (e.code, e.field);
    let refused = (ErrorCode::Validation, Some("visibility".to_owned()));
    let e = questions::ask(&c.state, "asked after".into(), Visibility::Partner).unwrap_err();
    assert_eq!(field(e), refused);
    let edit = |v| TriggerEdit {
        what: "a song after".into(),
        strength: Some(3),
        helped: String::new(),
        visibility: v,
    };
    let e = triggers::log(&c.state, edit(Visibility::PartnerAndTherapist)).unwrap_err();
    assert_eq!(field(e), refused);
    // Nothing was saved; kept private or for the therapist it is.
    let (qs, _) = questions::own(&c.state).unwrap();
    assert!(qs.iter().all(|q| q.text != "asked after"));
    assert!(triggers::own(&c.state).unwrap().0.is_empty());
    let kept = triggers::log(&c.state, edit(Visibility::Therapist)).unwrap();
    assert_eq!(kept.visibility, Visibility::Therapist);
    let e = triggers::update(&c.state, &kept.id, edit(Visibility::Partner)).unwrap_err();
    assert_eq!(field(e), refused);
    // The question shared before keeps its share, and can be taken back.
    let still = questions::own(&c.state).unwrap().0;
    assert!(still
        .iter()
        .any(|q| q.id == asked.id && q.visibility == Visibility::Partner));
}
