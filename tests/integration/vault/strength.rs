//! SECURITY.md requirement 29: new passphrases are judged by zxcvbn with both names as
//! personal words; old ones still unlock; the meter's verdict is the one saving gives.

use healing_arc::app::couple;
use healing_arc::app::strength::{self, Strength};
use healing_arc::error::{AppError, ErrorCode};
use healing_arc::model::Role;
use healing_arc::vault::{KdfParams, Owner, Slot, Vault};

use super::*;

const ME: &str = "Quintessa";
const PARTNER: &str = "Ottoline";
/// Strong to zxcvbn alone, weak once the names are known: refusing them proves the
/// names were used.
const MY_NAME_AND_DIGITS: &str = "quintessa2019";
const PARTNERS_NAME: &str = "Ottoline1987";

fn refused_on(r: Result<impl std::fmt::Debug, AppError>, field: &str) -> AppError {
    let e = r.expect_err("a weak passphrase was accepted");
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    e
}

fn verdict(p: &str, names: &[&str]) -> Strength {
    strength::judge(&pass(p), names)
}

#[test]
fn req_29_the_name_cases_are_strong_without_the_names() {
    for p in [MY_NAME_AND_DIGITS, PARTNERS_NAME] {
        assert!(verdict(p, &[]).accepted, "{p} is weak even without names");
        assert!(
            !verdict(p, &[ME, PARTNER]).accepted,
            "{p} passes with the names"
        );
    }
}

#[test]
fn req_29_weak_passphrases_are_refused_wherever_one_is_set() {
    let tmp = tempfile::tempdir().unwrap();
    let state = state(&tmp.path().join("data"));

    // Creating the first profile: common, and the person's own name plus digits.
    for p in ["password1", MY_NAME_AND_DIGITS] {
        refused_on(
            couple::create(&state, partner(ME, Role::Ap, 0, p)),
            "passphrase",
        );
    }
    assert!(!Vault::present(&tmp.path().join("data")));
    couple::create(&state, partner(ME, Role::Ap, 0, P1)).unwrap();

    // Adding the second: common, their own name, and the first partner's name.
    for p in ["password1", "ottoline2019", "Quintessa1987"] {
        refused_on(
            couple::add_partner(&state, partner(PARTNER, Role::Op, 1, p)),
            "passphrase",
        );
    }
    let code = couple::add_partner(&state, partner(PARTNER, Role::Op, 1, P2))
        .unwrap()
        .recovery_code
        .reveal()
        .to_owned();

    // Changing: the unlocked partner's name and the partner's name, from the store.
    for p in ["password1", MY_NAME_AND_DIGITS, PARTNERS_NAME] {
        refused_on(
            couple::change_passphrase(&state, pass(P1), pass(p), false),
            "new_passphrase",
        );
    }
    couple::change_passphrase(&state, pass(P1), pass("lantern light on water"), false).unwrap();
    couple::lock(&state);
    couple::unlock(&state, 1, pass("lantern light on water")).unwrap();
    couple::lock(&state);

    // Recovering: the names are read once the code opens the profile; a refusal
    // changes nothing.
    for p in ["password1", "ottoline2019", "Quintessa1987"] {
        refused_on(couple::recover(&state, 2, &code, pass(p)), "new_passphrase");
        assert_eq!(couple::status(&state).unwrap().unlocked, None);
    }
    couple::unlock(&state, 2, pass(P2)).unwrap();
    couple::lock(&state);
    let me = couple::recover(&state, 2, &code, pass("pine needles after rain")).unwrap();
    assert_eq!(me.me.name, PARTNER);
    couple::lock(&state);
    couple::unlock(&state, 2, pass("pine needles after rain")).unwrap();
}

/// A profile as 0.1.0 could leave it: a weak passphrase, set before this rule.
fn vault_with_a_weak_passphrase(dir: &Path, weak: &str) {
    #[derive(serde::Serialize)]
    struct Profile {
        name: String,
        role: Role,
    }
    let (vault, keyring, _code) = Vault::create(dir, KdfParams::FLOOR, 0, &pass(weak)).unwrap();
    let profile = Profile {
        name: ME.into(),
        role: Role::Ap,
    };
    vault
        .put(
            &keyring,
            Owner::SharedBy(Slot::ONE),
            "profile",
            "profile",
            &profile,
        )
        .unwrap();
}

#[test]
fn req_29_an_old_weak_passphrase_still_unlocks() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, weak) in ["password1", MY_NAME_AND_DIGITS].into_iter().enumerate() {
        assert!(!verdict(weak, &[ME]).accepted);
        let dir = tmp.path().join(format!("data-{i}"));
        vault_with_a_weak_passphrase(&dir, weak);
        let state = state(&dir);
        let me = couple::unlock(&state, 1, pass(weak)).unwrap();
        assert_eq!(me.me.name, ME);
        // Keeping it is allowed; choosing a weak one again is not.
        refused_on(
            couple::change_passphrase(&state, pass(weak), pass("password1"), false),
            "new_passphrase",
        );
        couple::change_passphrase(&state, pass(weak), pass(P1), false).unwrap();
    }
}

/// The meter's answer and what saving `p` did agree: accepted exactly when saved, and a
/// refusal carries the meter's hint.
fn agree(meter: &Strength, saved: Result<(), AppError>, p: &str) -> bool {
    match saved {
        Ok(()) => assert!(meter.accepted, "{p}: saved, but the meter said {meter:?}"),
        Err(e) => {
            assert!(
                !meter.accepted,
                "{p}: refused ({e:?}), but the meter accepted it"
            );
            assert_eq!(e.message, meter.hint, "{p}");
        }
    }
    meter.accepted
}

const CANDIDATES: &[&str] = &[
    "",
    "short",
    "password1",
    "quintessa2019",
    "Quintessa1987",
    "ottoline2019",
    "Ottoline1987",
    "kettle orbit velvet",
    "healing arc 2024",
    "zxcvbnm,./",
    "changed passphrase",
    "orchard gate at noon",
];

#[test]
fn req_29_the_meter_gives_the_verdict_saving_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let state = state(&tmp.path().join("data"));

    // Set-up: nobody is unlocked, the screen gives the name being set up. The first
    // candidate the meter accepts is the one saved.
    let mut created = None;
    for p in CANDIDATES {
        let meter = couple::passphrase_strength(&state, &pass(p), &[ME]).unwrap();
        let saved = couple::create(&state, partner(ME, Role::Ap, 0, p)).map(|_| ());
        if agree(&meter, saved, p) {
            created = Some(*p);
            break;
        }
    }
    // Nobody knows the partner's name yet, so a passphrase made of it passes here.
    assert_eq!(created, Some("ottoline2019"));

    // Adding the partner: the screen gives the new name, the backend adds the
    // unlocked partner's.
    let mut added = None;
    for p in CANDIDATES {
        let meter = couple::passphrase_strength(&state, &pass(p), &[PARTNER]).unwrap();
        let saved = couple::add_partner(&state, partner(PARTNER, Role::Op, 1, p)).map(|_| ());
        if agree(&meter, saved, p) {
            added = Some(*p);
            break;
        }
    }
    assert_eq!(added, Some("changed passphrase"));

    // Changing: the screen gives no names; the backend knows both.
    let mut current = "ottoline2019".to_owned();
    let mut accepted = 0;
    for p in CANDIDATES {
        let meter = couple::passphrase_strength(&state, &pass(p), &[]).unwrap();
        let saved = couple::change_passphrase(&state, pass(&current), pass(p), false).map(|_| ());
        if agree(&meter, saved, p) {
            current = (*p).to_owned();
            accepted += 1;
        }
    }
    assert_eq!(accepted, 2, "the two ordinary phrases are accepted");

    // Locked, the meter knows only the names it is given.
    couple::lock(&state);
    assert!(
        couple::passphrase_strength(&state, &pass(PARTNERS_NAME), &[])
            .unwrap()
            .accepted
    );
    assert!(
        !couple::passphrase_strength(&state, &pass(PARTNERS_NAME), &[PARTNER])
            .unwrap()
            .accepted
    );
}
