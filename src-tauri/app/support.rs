//! "My support": one private record per partner (model::SupportPlan). Only its writer
//! reads it: it is never copied to the couple space, never feeds readiness or patterns,
//! and is not in a therapist report (no consent choice covers it). It travels in the
//! writer's own-data export, and rotation seals it again (couple::PRIVATE_KINDS).

use super::AppState;
use crate::error::AppResult;
use crate::model::SupportPlan;
use crate::vault::{Changes, Owner};

pub(crate) const KIND: &str = "support";
const ID: &str = "support";

/// The unlocked partner's plan; an empty one until they write something.
pub fn get(state: &AppState) -> AppResult<SupportPlan> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(vault
        .get_or_skip(&session.keyring, Owner::Mine, KIND, ID)?
        .unwrap_or_default())
}

/// Checks the whole plan, then stores it in one write (or changes nothing). Names and
/// ways to reach keep what was typed, trimmed; rows left blank are not kept.
pub fn save(state: &AppState, plan: SupportPlan) -> AppResult<SupportPlan> {
    let plan = tidy(plan);
    plan.check()?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    stage(&mut changes, &plan)?;
    vault.apply(&session.keyring, changes)?;
    Ok(plan)
}

/// The write that stores a plan: the writer's own copy only. Saving and importing both
/// come through here; an empty plan is removed rather than kept.
pub(crate) fn stage(changes: &mut Changes, plan: &SupportPlan) -> AppResult<()> {
    if plan.is_empty() {
        changes.delete(Owner::Mine, KIND, ID);
    } else {
        changes.put(Owner::Mine, KIND, ID, plan)?;
    }
    Ok(())
}

fn tidy(mut plan: SupportPlan) -> SupportPlan {
    plan.people
        .retain(|p| !(p.name.trim().is_empty() && p.reach.trim().is_empty()));
    for p in plan.people.iter_mut().chain([&mut plan.therapist]) {
        p.name = p.name.trim().to_owned();
        p.reach = p.reach.trim().to_owned();
    }
    if plan.self_care.trim().is_empty() {
        plan.self_care.clear();
    }
    plan
}
