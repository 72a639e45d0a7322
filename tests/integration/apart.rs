//! Together or apart (issue 13.3): the reflection stays private, a parting stops every
//! couple computation and turns the guidance to ending well, nothing new crosses after
//! it (tested from the other side), and a partner deletes their own profile while the
//! other keeps working.

use chrono::Days;
use healing_arc::app::checkins::{self, today};
use healing_arc::app::{apart, arc, couple, journal, views};
use healing_arc::error::ErrorCode;
use healing_arc::model::{DynamicKind, PartingWords, RuptureKind, Share, Visibility};
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
    journal::create(&c.state, "alex before".into(), Visibility::Partner).unwrap();
    apart::record_parting(&c.state, PartingWords::IHaveDecidedToLeave).unwrap();
    assert!(couple::me(&c.state).unwrap().parted);
    // Alex shares after the decision: it is kept, privately, and goes nowhere.
    let after = journal::create(&c.state, "alex after".into(), Visibility::Partner).unwrap();
    assert_eq!(after.text, "alex after");
    let mut ci = crate::vault::checkin(&today().to_string(), 1, "alex's note after");
    ci.share = shared_both();
    checkins::save(&c.state, ci).unwrap();

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
    journal::create(&c.state, "sam after".into(), Visibility::Partner).unwrap();
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
