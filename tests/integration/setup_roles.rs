//! The second partner chooses their own role at set-up (issue 11 item 6): the first
//! partner's answer is only a suggestion on the screen; the same role twice is refused
//! calmly, naming the field, and writes nothing, so they can talk and choose again.

use healing_arc::app::couple::{self, VaultState};
use healing_arc::error::ErrorCode;
use healing_arc::model::Role;

use super::vault::{partner, pass, state, P1, P2};

#[test]
fn the_second_partner_chooses_their_own_role() {
    let tmp = tempfile::tempdir().unwrap();
    let st = state(&tmp.path().join("data"));
    couple::create(&st, partner("Alex", Role::Op, 1, P1)).unwrap();

    // The same role as the first partner: refused, nothing written.
    let e = couple::add_partner(&st, partner("Sam", Role::Op, 3, P2)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("role"));
    assert!(e.message.contains("talk it over"), "{}", e.message);
    let status = couple::status(&st).unwrap();
    assert_eq!(status.profiles.len(), 1, "no second profile was made");
    assert_eq!(status.state, VaultState::Unlocked);

    // Choosing again works, and the role is the one the second partner chose.
    couple::add_partner(&st, partner("Sam", Role::Ap, 3, P2)).unwrap();
    couple::lock(&st);
    let sam = couple::unlock(&st, 2, pass(P2)).unwrap();
    assert_eq!(sam.me.role, Role::Ap);
    assert_eq!(
        sam.partner.map(|p| (p.name, p.role)),
        Some(("Alex".to_owned(), Role::Op))
    );
}
