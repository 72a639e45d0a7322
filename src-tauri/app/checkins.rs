//! Daily check-ins: one per partner per date, saving again replaces it. The check-in
//! is sealed under the partner's own key; what they share with their partner (never
//! the safety answer) is written as a copy under the couple key in the same atomic
//! write, and removed in the same way when they take it back.
//!
//! Layout, for fast loading of years of days: a day of the current month is a record
//! of its own (a save writes one small record); at unlock, the days of past months are
//! folded into one record per month. A day lives in exactly one of the two places, so
//! editing a day of a folded month rewrites that month's record.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{Audience, CheckIn, SharedCheckIn, Visibility};
use crate::vault::{Changes, Keyring, Owner, Slot, Vault, VaultError};

pub(crate) const DAY_KIND: &str = "checkin";
pub(crate) const MONTH_KIND: &str = "checkin-month";

/// The local calendar date now.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn day_id(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn month_id(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

/// A value stored per date: a check-in, or the shared part of one.
trait Dated: Serialize + DeserializeOwned + Clone {
    fn date(&self) -> NaiveDate;
}

impl Dated for CheckIn {
    fn date(&self) -> NaiveDate {
        self.date
    }
}

impl Dated for SharedCheckIn {
    fn date(&self) -> NaiveDate {
        self.date
    }
}

/// Sets (`Some`) or removes (`None`) the value for `date` in one owner's stream: in its
/// month's record if that month is folded, else as a day record.
/// `narrowed`: the write only takes away from what the couple space holds (after a
/// parting), so it is written with `Changes::put_narrowed`.
fn upsert<T: Dated>(
    vault: &Vault,
    keyring: &Keyring,
    owner: Owner,
    changes: &mut Changes,
    date: NaiveDate,
    value: Option<&T>,
    narrowed: bool,
) -> Result<(), VaultError> {
    let month = month_id(date);
    match vault.get_or_skip::<Vec<T>>(keyring, owner, MONTH_KIND, &month)? {
        Some(mut days) => {
            days.retain(|d| d.date() != date);
            if let Some(v) = value {
                let at = days.partition_point(|d| d.date() < date);
                days.insert(at, v.clone());
            }
            if days.is_empty() {
                changes.delete(owner, MONTH_KIND, &month);
            } else if narrowed {
                changes.put_narrowed(owner, MONTH_KIND, &month, &days)?;
            } else {
                changes.put(owner, MONTH_KIND, &month, &days)?;
            }
            changes.delete(owner, DAY_KIND, &day_id(date));
        }
        None => match value {
            Some(v) if narrowed => {
                changes.put_narrowed(owner, DAY_KIND, &day_id(date), v)?;
            }
            Some(v) => {
                changes.put(owner, DAY_KIND, &day_id(date), v)?;
            }
            None => {
                changes.delete(owner, DAY_KIND, &day_id(date));
            }
        },
    }
    Ok(())
}

/// One value of an owner's stream.
fn find<T: Dated>(
    vault: &Vault,
    keyring: &Keyring,
    owner: Owner,
    date: NaiveDate,
) -> Result<Option<T>, VaultError> {
    if let Some(v) = vault.get_or_skip::<T>(keyring, owner, DAY_KIND, &day_id(date))? {
        return Ok(Some(v));
    }
    let days: Option<Vec<T>> = vault.get_or_skip(keyring, owner, MONTH_KIND, &month_id(date))?;
    Ok(days.and_then(|d| d.into_iter().find(|c| c.date() == date)))
}

/// Every value of an owner's stream, oldest first.
fn all<T: Dated>(vault: &Vault, keyring: &Keyring, owner: Owner) -> Result<Vec<T>, VaultError> {
    let mut out: Vec<T> = vault
        .list::<Vec<T>>(keyring, owner, MONTH_KIND)?
        .into_iter()
        .flat_map(|(_, days)| days)
        .collect();
    out.extend(
        vault
            .list::<T>(keyring, owner, DAY_KIND)?
            .into_iter()
            .map(|(_, v)| v),
    );
    out.sort_by_key(Dated::date);
    Ok(out)
}

/// Folds the day records of months before `today`'s into their month records.
fn fold_stream<T: Dated>(
    vault: &Vault,
    keyring: &Keyring,
    owner: Owner,
    today: NaiveDate,
    changes: &mut Changes,
) -> Result<(), VaultError> {
    let this_month = (today.year(), today.month());
    let mut months: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (_, v) in vault.list::<T>(keyring, owner, DAY_KIND)? {
        let d = v.date();
        if (d.year(), d.month()) < this_month {
            months.entry(month_id(d)).or_default().push(v);
        }
    }
    for (month, loose) in months {
        let mut days: Vec<T> = vault
            .get(keyring, owner, MONTH_KIND, &month)?
            .unwrap_or_default();
        for v in loose {
            changes.delete(owner, DAY_KIND, &day_id(v.date()));
            days.retain(|d| d.date() != v.date());
            days.push(v);
        }
        days.sort_by_key(Dated::date);
        changes.put(owner, MONTH_KIND, &month, &days)?;
    }
    Ok(())
}

/// Folds past months of the partner's own check-ins and of their shared copies, in one
/// atomic write. Run at unlock; reads give the same answers before and after.
pub(crate) fn fold_months(
    vault: &Vault,
    keyring: &Keyring,
    today: NaiveDate,
) -> Result<(), VaultError> {
    let mut changes = Changes::new();
    // The shared part of the fold is written as a checkpoint of the signed log.
    changes.checkpoint();
    fold_stream::<CheckIn>(vault, keyring, Owner::Mine, today, &mut changes)?;
    fold_stream::<SharedCheckIn>(
        vault,
        keyring,
        Owner::SharedBy(keyring.slot()),
        today,
        &mut changes,
    )?;
    if changes.is_empty() {
        return Ok(());
    }
    vault.apply(keyring, changes)
}

/// A partner's own check-ins and what their partner shared, oldest first: everything
/// the arc is drawn from.
pub struct Loaded {
    pub mine: Vec<CheckIn>,
    pub partner: Vec<SharedCheckIn>,
}

/// Loads both streams the unlocked partner can read, one on each of two threads
/// (opening, inflating and parsing years of days is CPU work).
pub fn load(vault: &Vault, keyring: &Keyring) -> AppResult<Loaded> {
    let (mine, partner) = std::thread::scope(|s| {
        let partner = s.spawn(|| {
            all::<SharedCheckIn>(vault, keyring, Owner::SharedBy(keyring.slot().other()))
        });
        let mine = all::<CheckIn>(vault, keyring, Owner::Mine);
        (mine, partner.join())
    });
    Ok(Loaded {
        mine: mine?,
        partner: partner.map_err(|_| AppError::internal())??,
    })
}

/// Validates and saves; returns once the write is on disk.
pub fn save(state: &AppState, checkin: CheckIn) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    checkin.validate(session.role, today())?;
    let kr = &session.keyring;
    if kr.couple_space_closed() {
        let before: Option<CheckIn> = find(vault, kr, Owner::Mine, checkin.date)?;
        let was = |f: fn(&CheckIn) -> Visibility| before.as_ref().map(f);
        let (numbers, note) = (checkin.share.numbers, checkin.share.note);
        super::apart::check_nothing_new_shared(
            kr,
            "share.numbers",
            numbers,
            was(|c| c.share.numbers),
        )?;
        super::apart::check_nothing_new_shared(kr, "share.note", note, was(|c| c.share.note))?;
    }
    let mut changes = Changes::new();
    stage(vault, kr, session.slot, &mut changes, &checkin)?;
    vault.apply(kr, changes)?;
    Ok(())
}

/// The writes that store one (validated) check-in of the partner in `slot`: their own
/// copy, and the copy in the couple space exactly when its numbers or note are shared
/// with the partner (removed otherwise). Saving and importing both come through here.
pub(crate) fn stage(
    vault: &Vault,
    keyring: &Keyring,
    slot: Slot,
    changes: &mut Changes,
    checkin: &CheckIn,
) -> Result<(), VaultError> {
    upsert(
        vault,
        keyring,
        Owner::Mine,
        changes,
        checkin.date,
        Some(checkin),
        false,
    )?;
    let owner = Owner::SharedBy(slot);
    if !keyring.couple_space_closed() {
        let shared = checkin.shared_with(Audience::Partner);
        return upsert(
            vault,
            keyring,
            owner,
            changes,
            checkin.date,
            shared.as_ref(),
            false,
        );
    }
    // After a parting nothing new reaches the partner: they keep what they had of this
    // day, less any part taken back now (also from a folded month's record).
    let had: Option<SharedCheckIn> = find(vault, keyring, owner, checkin.date)?;
    let Some(had) = had else {
        return Ok(());
    };
    let kept = SharedCheckIn {
        date: had.date,
        numbers: had.numbers.filter(|_| checkin.share.numbers.with_partner()),
        note: had
            .note
            .clone()
            .filter(|_| checkin.share.note.with_partner()),
    };
    if kept == had {
        return Ok(());
    }
    let kept = (kept.numbers.is_some() || kept.note.is_some()).then_some(kept);
    upsert(
        vault,
        keyring,
        owner,
        changes,
        checkin.date,
        kept.as_ref(),
        true,
    )
}

/// The unlocked partner's own check-in for `date`.
pub fn get(state: &AppState, date: NaiveDate) -> AppResult<Option<CheckIn>> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(find(vault, &session.keyring, Owner::Mine, date)?)
}

fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> AppResult<()> {
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::validation(
                "from",
                "The start date is after the end date.",
            ));
        }
    }
    Ok(())
}

fn in_range(d: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t)
}

/// The unlocked partner's own check-ins, oldest first.
pub fn list(
    state: &AppState,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> AppResult<Vec<CheckIn>> {
    check_range(from, to)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut out = all::<CheckIn>(vault, &session.keyring, Owner::Mine)?;
    out.retain(|c| in_range(c.date, from, to));
    Ok(out)
}

/// What the partner chose to share of their check-ins, oldest first.
pub fn partner_list(
    state: &AppState,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> AppResult<Vec<SharedCheckIn>> {
    check_range(from, to)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let partner = Owner::SharedBy(session.slot.other());
    let mut out = all::<SharedCheckIn>(vault, &session.keyring, partner)?;
    out.retain(|c| in_range(c.date, from, to));
    Ok(out)
}

/// Deletes the partner's check-in for `date` and any shared copy of it.
pub fn delete(state: &AppState, date: NaiveDate) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let kr = &session.keyring;
    if find::<CheckIn>(vault, kr, Owner::Mine, date)?.is_none() {
        return Err(AppError::new(
            ErrorCode::NotFound,
            "There is no check-in for that day.",
        ));
    }
    let mut changes = Changes::new();
    upsert::<CheckIn>(vault, kr, Owner::Mine, &mut changes, date, None, false)?;
    // Removing a day only takes away, so it goes through after a parting too.
    upsert::<SharedCheckIn>(
        vault,
        kr,
        Owner::SharedBy(session.slot),
        &mut changes,
        date,
        None,
        true,
    )?;
    vault.apply(kr, changes)?;
    Ok(())
}
