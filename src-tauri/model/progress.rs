//! Moving between phases: advancing, stepping back, and what a rupture suggests
//! (MODEL.md "Progress through the phases"). Every move is the partner's own choice.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{ModelError, Rule};
use super::phase::Phase;
use super::role::{Pair, Role};

/// What broke trust again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuptureKind {
    NewDisclosure,
    RenewedContact,
    BrokenAgreement,
    /// Anything else, or not said.
    Other,
}

impl RuptureKind {
    /// Reads a free-text reason ("new disclosure", "renewed-contact", …); anything
    /// unrecognised is `Other`.
    pub fn from_reason(reason: &str) -> RuptureKind {
        let words: String = reason
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect();
        match words
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "new disclosure" | "disclosure" => RuptureKind::NewDisclosure,
            "renewed contact" | "contact" => RuptureKind::RenewedContact,
            "broken agreement" => RuptureKind::BrokenAgreement,
            _ => RuptureKind::Other,
        }
    }

    /// The phase the rupture belongs to: where the app suggests both partners return.
    pub fn belongs_to(self) -> Phase {
        match self {
            // New facts or renewed contact reopen the crisis itself.
            RuptureKind::NewDisclosure | RuptureKind::RenewedContact | RuptureKind::Other => {
                Phase::Stabilize
            }
            // A broken promise is first a matter of owning it and hearing the hurt.
            RuptureKind::BrokenAgreement => Phase::Account,
        }
    }
}

/// A change a partner makes to their own place in the arc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    Advance,
    /// `to` defaults to the phase before the current one.
    StepBack {
        #[ts(optional)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Phase>,
        #[ts(optional)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Records a rupture; moves nobody.
    Rupture {
        what: RuptureKind,
        #[ts(optional)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// An advance, step back or rupture, with its date, so each partner's arc can be drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArcEvent {
    pub date: NaiveDate,
    pub partner: Role,
    pub change: Change,
}

/// Whether `role` may advance now. `ready` is both partners' readiness at this moment.
/// Returns the phase they would enter.
pub fn check_advance(
    role: Role,
    phases: Pair<Phase>,
    ready: Pair<bool>,
) -> Result<Phase, ModelError> {
    let phase = *phases.get(role);
    let Some(next) = phase.next() else {
        return Err(ModelError::not_allowed(
            Rule::NoPhaseAfterRenew,
            "This is the last phase; there is no further step to take.",
        ));
    };
    if !*ready.get(role) {
        return Err(ModelError::not_allowed(
            Rule::AdvanceNeedsReady,
            "This phase still has steps open. The app will tell you when you look ready; there is no rush.",
        ));
    }
    if next == Phase::Renew && !renew_gate(role, phases, ready) {
        return Err(ModelError::not_allowed(
            Rule::RenewWaitsForBoth,
            "Rebuilding together starts when both of you are ready for it, so it waits for your partner's pace.",
        ));
    }
    Ok(next)
}

/// Phase 4 waits for both: the other partner is in `process` and ready, or already in `renew`.
pub fn renew_gate(role: Role, phases: Pair<Phase>, ready: Pair<bool>) -> bool {
    let other = role.other();
    match phases.get(other) {
        Phase::Renew => true,
        Phase::Process => *ready.get(other),
        _ => false,
    }
}

/// Where a step back from `current` lands: `to`, or by default the phase before.
pub fn check_step_back(current: Phase, to: Option<Phase>) -> Result<Phase, ModelError> {
    let target = match to {
        Some(p) => p,
        None => current.previous().ok_or_else(|| {
            ModelError::not_allowed(
                Rule::StepBackToEarlierPhase,
                "You are in the first phase already, so there is no earlier phase to step back to.",
            )
        })?,
    };
    if target >= current {
        return Err(ModelError::not_allowed(
            Rule::StepBackToEarlierPhase,
            "A step back goes to an earlier phase than the one you are in.",
        ));
    }
    Ok(target)
}

/// After a rupture, the phase the app suggests to each partner, or `None` for a partner
/// already at or before it. Only a suggestion: each partner confirms it themself.
pub fn suggested_return(what: RuptureKind, phases: Pair<Phase>) -> Pair<Option<Phase>> {
    let target = what.belongs_to();
    let suggest = |p: Phase| (p > target).then_some(target);
    Pair::new(suggest(phases.op), suggest(phases.ap))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Phase::*;

    fn pair(op: Phase, ap: Phase) -> Pair<Phase> {
        Pair::new(op, ap)
    }

    fn rule(r: Result<Phase, ModelError>) -> Option<Rule> {
        match r {
            Err(ModelError::NotAllowed { rule, .. }) => Some(rule),
            _ => None,
        }
    }

    #[test]
    fn advance_needs_ready() {
        let phases = pair(Stabilize, Stabilize);
        assert_eq!(
            check_advance(Role::Op, phases, Pair::new(true, false)),
            Ok(Account)
        );
        assert_eq!(
            rule(check_advance(Role::Ap, phases, Pair::new(true, false))),
            Some(Rule::AdvanceNeedsReady)
        );
    }

    #[test]
    fn renew_waits_for_the_other_partner() {
        // Other in process and ready: allowed.
        assert_eq!(
            check_advance(Role::Op, pair(Process, Process), Pair::new(true, true)),
            Ok(Renew)
        );
        // Other in process, not ready.
        assert_eq!(
            rule(check_advance(
                Role::Op,
                pair(Process, Process),
                Pair::new(true, false)
            )),
            Some(Rule::RenewWaitsForBoth)
        );
        // Other still in account, even if "ready" there.
        assert_eq!(
            rule(check_advance(
                Role::Ap,
                pair(Account, Process),
                Pair::new(true, true)
            )),
            Some(Rule::RenewWaitsForBoth)
        );
        // Other already in renew.
        assert_eq!(
            check_advance(Role::Ap, pair(Renew, Process), Pair::new(false, true)),
            Ok(Renew)
        );
        // Nothing after renew.
        assert_eq!(
            rule(check_advance(
                Role::Op,
                pair(Renew, Renew),
                Pair::new(true, true)
            )),
            Some(Rule::NoPhaseAfterRenew)
        );
    }

    #[test]
    fn step_back_goes_to_an_earlier_phase() {
        assert_eq!(check_step_back(Process, None), Ok(Account));
        assert_eq!(check_step_back(Renew, Some(Stabilize)), Ok(Stabilize));
        assert_eq!(
            rule(check_step_back(Stabilize, None)),
            Some(Rule::StepBackToEarlierPhase)
        );
        assert_eq!(
            rule(check_step_back(Account, Some(Account))),
            Some(Rule::StepBackToEarlierPhase)
        );
        assert_eq!(
            rule(check_step_back(Account, Some(Process))),
            Some(Rule::StepBackToEarlierPhase)
        );
    }

    #[test]
    fn rupture_suggestions() {
        assert_eq!(
            suggested_return(RuptureKind::NewDisclosure, pair(Process, Account)),
            Pair::new(Some(Stabilize), Some(Stabilize))
        );
        assert_eq!(
            suggested_return(RuptureKind::RenewedContact, pair(Stabilize, Account)),
            Pair::new(None, Some(Stabilize))
        );
        assert_eq!(
            suggested_return(RuptureKind::BrokenAgreement, pair(Renew, Account)),
            Pair::new(Some(Account), None)
        );
        assert_eq!(
            RuptureKind::from_reason(" New  Disclosure "),
            RuptureKind::NewDisclosure
        );
        assert_eq!(
            RuptureKind::from_reason("renewed-contact"),
            RuptureKind::RenewedContact
        );
        assert_eq!(
            RuptureKind::from_reason("broken_agreement"),
            RuptureKind::BrokenAgreement
        );
        assert_eq!(RuptureKind::from_reason("a hard talk"), RuptureKind::Other);
    }
}
