//! Daily check-ins: one per partner per date, saving again replaces it. The check-in
//! is sealed under the partner's own key; what they share with their partner (never
//! the safety answer) is written as a copy under the couple key in the same atomic
//! write, and removed in the same way when they take it back.

use chrono::NaiveDate;

use super::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{Audience, CheckIn, SharedCheckIn};
use crate::vault::{Changes, Owner};

const KIND: &str = "checkin";

/// The local calendar date now.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn id(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Validates and saves; returns once the write is on disk.
pub fn save(state: &AppState, checkin: CheckIn) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    checkin.validate(session.role, today())?;
    let id = id(checkin.date);
    let mut changes = Changes::new();
    changes.put(Owner::Mine, KIND, &id, &checkin)?;
    match checkin.shared_with(Audience::Partner) {
        Some(shared) => changes.put(Owner::SharedBy(session.slot), KIND, &id, &shared)?,
        None => changes.delete(Owner::SharedBy(session.slot), KIND, &id),
    };
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The unlocked partner's own check-in for `date`.
pub fn get(state: &AppState, date: NaiveDate) -> AppResult<Option<CheckIn>> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(vault.get(&session.keyring, Owner::Mine, KIND, &id(date))?)
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
    let mut out: Vec<CheckIn> = vault
        .list::<CheckIn>(&session.keyring, Owner::Mine, KIND)?
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| in_range(c.date, from, to))
        .collect();
    out.sort_by_key(|c| c.date);
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
    let mut out: Vec<SharedCheckIn> = vault
        .list::<SharedCheckIn>(
            &session.keyring,
            Owner::SharedBy(session.slot.other()),
            KIND,
        )?
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| in_range(c.date, from, to))
        .collect();
    out.sort_by_key(|c| c.date);
    Ok(out)
}

/// Deletes the partner's check-in for `date` and any shared copy of it.
pub fn delete(state: &AppState, date: NaiveDate) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let id = id(date);
    if vault
        .get::<CheckIn>(&session.keyring, Owner::Mine, KIND, &id)?
        .is_none()
    {
        return Err(AppError::new(
            crate::error::ErrorCode::NotFound,
            "There is no check-in for that day.",
        ));
    }
    let mut changes = Changes::new();
    changes
        .delete(Owner::Mine, KIND, &id)
        .delete(Owner::SharedBy(session.slot), KIND, &id);
    vault.apply(&session.keyring, changes)?;
    Ok(())
}
