//! The life cycle the journal, the questions and the trigger log share. A record is its
//! author's, private until they share it, and copied into their part of the couple
//! space exactly while it is shared with the partner, so taking it back or deleting it
//! removes that copy in the same write. On a shared record the partner may keep a reply
//! (an answer, a note of what helped): their own record, stored under the id of the
//! record it is on and always shared back to its author. Each module checks its own
//! input first; what is stored and how is decided here.

use std::cmp::Reverse;

use chrono::{DateTime, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{is_record_id, Role, Visibility};
use crate::vault::{Changes, Owner, Slot};

/// A record its author keeps, shared or not.
pub(crate) trait Item: Serialize + DeserializeOwned {
    const KIND: &'static str;
    /// Told when an id is not one at all.
    const UNKNOWN: &'static str;
    /// Told when the record is not there (any more).
    const GONE: &'static str;

    fn id(&self) -> &str;
    fn visibility(&self) -> Visibility;

    /// Whether a partner in `role` may write a new one.
    fn may_create(_role: Role) -> AppResult<()> {
        Ok(())
    }
}

/// The partner's reply on a record shared with them.
pub(crate) trait Reply: Serialize + DeserializeOwned + Clone {
    const KIND: &'static str;
    /// The input field that names the record it is on.
    const FIELD: &'static str;
    const GONE: &'static str;
    /// Told when the record it would go on is no longer shared.
    const NOT_SHARED: &'static str;
    type On: Item;

    /// The id of the record it is on (and its own).
    fn on(&self) -> &str;
    fn created_at(&self) -> DateTime<Utc>;
}

/// 32 hex digits, random.
pub(crate) fn new_id() -> AppResult<String> {
    let mut b = [0u8; 16];
    SystemRandom::new()
        .fill(&mut b)
        .map_err(|_| AppError::internal())?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// `id`, given in `field`, is one of `T`'s ids in form.
pub(crate) fn check_id<T: Item>(field: &str, id: &str) -> AppResult<()> {
    if !is_record_id(id) {
        return Err(AppError::validation(field, T::UNKNOWN));
    }
    Ok(())
}

fn gone(message: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, message)
}

/// The writes that store one record of the partner in `slot`: their own copy, and the
/// couple-space copy exactly while it is shared with the partner. Writing, changing and
/// importing all come through here.
pub(crate) fn stage<T: Item>(changes: &mut Changes, slot: Slot, item: &T) -> AppResult<()> {
    changes.put(Owner::Mine, T::KIND, item.id(), item)?;
    if item.visibility().with_partner() {
        changes.put(Owner::SharedBy(slot), T::KIND, item.id(), item)?;
    } else {
        changes.delete(Owner::SharedBy(slot), T::KIND, item.id());
    }
    Ok(())
}

/// Stores a new record of the unlocked partner (its input already checked).
pub(crate) fn create<T: Item>(state: &AppState, item: &T) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    T::may_create(session.role)?;
    let mut changes = Changes::new();
    write(&mut changes, session, item, None)?;
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// Changes one of the unlocked partner's records by `change` (its input and `id`
/// already checked) and stores it again.
pub(crate) fn update<T: Item>(
    state: &AppState,
    id: &str,
    change: impl FnOnce(&mut T),
) -> AppResult<T> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut item: T = vault
        .get(&session.keyring, Owner::Mine, T::KIND, id)?
        .ok_or_else(|| gone(T::GONE))?;
    let before = item.visibility();
    change(&mut item);
    let mut changes = Changes::new();
    write(&mut changes, session, &item, Some(before))?;
    vault.apply(&session.keyring, changes)?;
    Ok(item)
}

/// `before`: how the record was shared until now (`None` for a new one).
fn write<T: Item>(
    changes: &mut Changes,
    session: &super::session::Session,
    item: &T,
    before: Option<Visibility>,
) -> AppResult<()> {
    // After a parting no record may say it went to the partner when it did not.
    super::apart::check_nothing_new_shared(
        &session.keyring,
        "visibility",
        item.visibility(),
        before,
    )?;
    stage(changes, session.slot, item)
}

/// Deletes one of the unlocked partner's records, and its copy in the couple space.
pub(crate) fn delete<T: Item>(state: &AppState, id: &str) -> AppResult<()> {
    check_id::<T>("id", id)?;
    remove::<T>(state, T::KIND, id, T::GONE)
}

/// The writes that store the partner's reply: their copy and the author's.
pub(crate) fn stage_reply<R: Reply>(changes: &mut Changes, slot: Slot, r: &R) -> AppResult<()> {
    changes.put(Owner::Mine, R::KIND, r.on(), r)?;
    changes.put(Owner::SharedBy(slot), R::KIND, r.on(), r)?;
    Ok(())
}

/// Writes (or writes again) the unlocked partner's reply on the record `on` the other
/// partner shares with them (its input and `on` already checked). `make` is given when
/// the reply was first written: `now`, or the first time's for a changed one.
pub(crate) fn reply<R: Reply>(
    state: &AppState,
    on: &str,
    now: DateTime<Utc>,
    make: impl FnOnce(DateTime<Utc>) -> R,
) -> AppResult<R> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let kr = &session.keyring;
    let shared: Option<R::On> =
        vault.get_or_skip(kr, Owner::SharedBy(session.slot.other()), R::On::KIND, on)?;
    if shared.is_none() {
        return Err(gone(R::NOT_SHARED));
    }
    let before: Option<R> = vault.get_or_skip(kr, Owner::Mine, R::KIND, on)?;
    let r = make(before.map_or(now, |b| b.created_at()));
    let mut changes = Changes::new();
    stage_reply(&mut changes, session.slot, &r)?;
    vault.apply(kr, changes)?;
    Ok(r)
}

/// Takes the unlocked partner's reply back, from both their copy and the author's.
pub(crate) fn delete_reply<R: Reply>(state: &AppState, on: &str) -> AppResult<()> {
    check_id::<R::On>(R::FIELD, on)?;
    remove::<R>(state, R::KIND, on, R::GONE)
}

fn remove<T: DeserializeOwned>(
    state: &AppState,
    kind: &'static str,
    id: &str,
    gone_message: &str,
) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let found: Option<T> = vault.get(&session.keyring, Owner::Mine, kind, id)?;
    found.ok_or_else(|| gone(gone_message))?;
    let mut changes = Changes::new();
    changes
        .delete(Owner::Mine, kind, id)
        .delete(Owner::SharedBy(session.slot), kind, id);
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The unlocked partner's own records with the partner's replies on them, or
/// (`partners`) the records the partner shares with them with their own replies,
/// newest first by `key`. A reply on a record no longer shared is not shown: it went
/// with the record.
pub(crate) fn with_replies<R: Reply, K: Ord>(
    state: &AppState,
    partners: bool,
    key: impl Fn(&R::On) -> K,
) -> AppResult<Vec<(R::On, Option<R>)>> {
    let items: Vec<R::On> = state.records(R::On::KIND, partners)?;
    let replies: Vec<R> = state.records(R::KIND, !partners)?;
    let mut out: Vec<(R::On, Option<R>)> = items
        .into_iter()
        .map(|t| {
            let r = replies.iter().find(|r| r.on() == t.id()).cloned();
            (t, r)
        })
        .collect();
    out.sort_by_key(|(t, _)| Reverse(key(t)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde::Deserialize;

    use super::*;
    use crate::app::couple::{self, NewPartner};
    use crate::model::PartingWords;
    use crate::vault::{KdfParams, Passphrase};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Note {
        id: String,
        at: DateTime<Utc>,
        visibility: Visibility,
    }

    impl Item for Note {
        const KIND: &'static str = "test-note";
        const UNKNOWN: &'static str = "unknown";
        const GONE: &'static str = "gone";

        fn id(&self) -> &str {
            &self.id
        }

        fn visibility(&self) -> Visibility {
            self.visibility
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Nod {
        note: String,
        created_at: DateTime<Utc>,
        text: String,
    }

    impl Reply for Nod {
        const KIND: &'static str = "test-nod";
        const FIELD: &'static str = "note";
        const GONE: &'static str = "nod gone";
        const NOT_SHARED: &'static str = "not shared";
        type On = Note;

        fn on(&self) -> &str {
            &self.note
        }

        fn created_at(&self) -> DateTime<Utc> {
            self.created_at
        }
    }

    const P1: &str = "maple leaves in autumn";
    const P2: &str = "river stones at dusk";

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 12, 0, 0).unwrap()
    }

    fn note(at: u32, visibility: Visibility) -> Note {
        Note {
            id: new_id().unwrap(),
            at: day(at),
            visibility,
        }
    }

    fn as_partner(state: &AppState, slot: u8) {
        couple::lock(state);
        let p = if slot == 1 { P1 } else { P2 };
        couple::unlock(state, slot, Passphrase::new(p.into())).unwrap();
    }

    fn nod(state: &AppState, on: &str, now: u32, text: &str) -> AppResult<Nod> {
        reply(state, on, day(now), |created_at| Nod {
            note: on.to_owned(),
            created_at,
            text: text.into(),
        })
    }

    #[test]
    fn a_new_id_is_a_record_id_and_a_fresh_one() {
        let (a, b) = (new_id().unwrap(), new_id().unwrap());
        assert!(is_record_id(&a) && is_record_id(&b));
        assert_ne!(a, b);
        let e = check_id::<Note>("note", "not-an-id").unwrap_err();
        assert_eq!(
            (e.field.as_deref(), e.message.as_str()),
            (Some("note"), "unknown")
        );
    }

    #[test]
    fn a_record_crosses_while_shared_and_its_reply_goes_with_it() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::with_kdf(tmp.path().join("data"), KdfParams::FLOOR);
        couple::create(&state, NewPartner::for_test("Alex", Role::Ap, P1)).unwrap();
        couple::add_partner(&state, NewPartner::for_test("Sam", Role::Op, P2)).unwrap();
        as_partner(&state, 1);
        let shared = note(1, Visibility::Partner);
        let private = note(2, Visibility::Private);
        create(&state, &shared).unwrap();
        create(&state, &private).unwrap();

        // The partner sees the shared one only, and replies on it twice.
        as_partner(&state, 2);
        let seen = with_replies::<Nod, _>(&state, true, |n| n.at).unwrap();
        assert_eq!(seen, vec![(shared.clone(), None)]);
        let e = nod(&state, &private.id, 3, "no").unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::NotFound, "not shared")
        );
        nod(&state, &shared.id, 3, "first").unwrap();
        let again = nod(&state, &shared.id, 4, "again").unwrap();
        assert_eq!(
            again.created_at,
            day(3),
            "a reply keeps when it was first written"
        );

        // The author sees both of theirs, newest first, the reply on the shared one.
        as_partner(&state, 1);
        let mine = with_replies::<Nod, _>(&state, false, |n| n.at).unwrap();
        assert_eq!(
            mine,
            vec![(private.clone(), None), (shared.clone(), Some(again))]
        );

        // Taken back, it leaves the partner's screen with the reply on it.
        let back = update(&state, &shared.id, |n: &mut Note| {
            n.visibility = Visibility::Private;
        })
        .unwrap();
        assert_eq!(back.visibility, Visibility::Private);
        as_partner(&state, 2);
        assert!(with_replies::<Nod, _>(&state, true, |n| n.at)
            .unwrap()
            .is_empty());
        delete_reply::<Nod>(&state, &shared.id).unwrap();
        let e = delete_reply::<Nod>(&state, &shared.id).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::NotFound, "nod gone")
        );

        // Deleted, it is gone; an id out of form is refused by name.
        as_partner(&state, 1);
        delete::<Note>(&state, &private.id).unwrap();
        let e = delete::<Note>(&state, &private.id).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::NotFound, "gone"));
        let e = delete::<Note>(&state, "x").unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Validation, Some("id"))
        );

        // After a parting nothing new is marked for the partner; what was shared before
        // may stay so, and may be taken back.
        update(&state, &shared.id, |n: &mut Note| {
            n.visibility = Visibility::Partner;
        })
        .unwrap();
        crate::app::apart::record_parting(&state, PartingWords::IHaveDecidedToLeave).unwrap();
        let e = create(&state, &note(5, Visibility::Partner)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Validation, Some("visibility"))
        );
        create(&state, &note(5, Visibility::Private)).unwrap();
        update(&state, &shared.id, |n: &mut Note| n.at = day(6)).unwrap();
        update(&state, &shared.id, |n: &mut Note| {
            n.visibility = Visibility::Private;
        })
        .unwrap();
        let e = update(&state, &shared.id, |n: &mut Note| {
            n.visibility = Visibility::Partner;
        })
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("visibility"));
    }
}
