//! Moving between phases: advancing, stepping back, and what a rupture suggests
//! (MODEL.md "Progress through the phases"). Every move is the partner's own choice.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::dynamics::phases_collide;
use super::error::{ModelError, Rule};
use super::phase::Phase;
use super::role::{Pair, Role};

/// What broke trust again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
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

/// A change a partner makes to their own place in the arc. Stored as
/// `{"kind": "advance" | "step_back" | "rupture" | "ready_to_rebuild" | "withdraw_ready", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    Advance,
    /// `to` defaults to the phase before the current one.
    StepBack {
        #[cfg_attr(feature = "ts", ts(optional))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Phase>,
        #[cfg_attr(feature = "ts", ts(optional))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Records a rupture; moves nobody, and clears both declarations.
    Rupture {
        what: RuptureKind,
        #[cfg_attr(feature = "ts", ts(optional))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// For a broken agreement: the agreement it concerns (its id), if the partner
        /// chose one. Ruptures from before agreements have none.
        #[cfg_attr(feature = "ts", ts(optional))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agreement: Option<String>,
    },
    /// "I'm ready to rebuild together": declared by a partner in `process` who is ready.
    /// The only fact about a partner's readiness the other partner's gate reads.
    ReadyToRebuild,
    /// Takes a standing declaration back.
    WithdrawReady,
}

/// An advance, step back, rupture, declaration or withdrawal, with its date, so each
/// partner's arc can be drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ArcEvent {
    pub date: NaiveDate,
    pub partner: Role,
    pub change: Change,
}

/// Whether `role` may advance now, and the phase they would enter. `my_ready` is their
/// own readiness; `partner_declared_or_in_renew` is `renew_gate(..)`: the other partner
/// has a standing "ready to rebuild together" or is already in `renew`. The other's
/// computed readiness is never an input.
pub fn check_advance(
    role: Role,
    phases: Pair<Phase>,
    my_ready: bool,
    partner_declared_or_in_renew: bool,
) -> Result<Phase, ModelError> {
    let phase = *phases.get(role);
    let Some(next) = phase.next() else {
        return Err(ModelError::not_allowed(
            Rule::NoPhaseAfterRenew,
            "This is the last phase; there is no further step to take.",
        ));
    };
    if !my_ready {
        return Err(ModelError::not_allowed(
            Rule::AdvanceNeedsReady,
            "This phase still has steps open. The app will tell you when you look ready; there is no rush.",
        ));
    }
    if next == Phase::Renew && !partner_declared_or_in_renew {
        return Err(ModelError::not_allowed(
            Rule::RenewWaitsForBoth,
            "Rebuilding together starts once your partner has said they are ready to rebuild together, or has moved on to it; it waits for their pace.",
        ));
    }
    Ok(next)
}

/// Phase 4 waits for both: for `role`, the other partner has a standing declaration
/// (which only stands in `process`) or is already in `renew`. Reads declarations only.
pub fn renew_gate(role: Role, phases: Pair<Phase>, declared: Pair<bool>) -> bool {
    let other = role.other();
    match phases.get(other) {
        Phase::Renew => true,
        Phase::Process => *declared.get(other),
        _ => false,
    }
}

/// Whether a partner in `phase` may declare "ready to rebuild together" now.
pub fn check_declare(phase: Phase, my_ready: bool, declared: bool) -> Result<(), ModelError> {
    if phase != Phase::Process {
        return Err(ModelError::not_allowed(
            Rule::DeclareInProcess,
            "Saying you are ready to rebuild together belongs to the third phase, \"Processing with benevolent indignation\".",
        ));
    }
    if declared {
        return Err(ModelError::not_allowed(
            Rule::DeclareOnce,
            "You have already said you are ready to rebuild together; it stands until you take it back.",
        ));
    }
    if !my_ready {
        return Err(ModelError::not_allowed(
            Rule::DeclareNeedsReady,
            "This phase still has steps open. The app will tell you when you look ready; there is no rush.",
        ));
    }
    Ok(())
}

/// Whether a partner may take their declaration back: only where one stands.
pub fn check_withdraw(declared: bool) -> Result<(), ModelError> {
    if !declared {
        return Err(ModelError::not_allowed(
            Rule::WithdrawNeedsDeclaration,
            "There is no \"ready to rebuild together\" of yours standing, so there is nothing to take back.",
        ));
    }
    Ok(())
}

/// Whether an advance of `role` now would make the phases collide (see
/// `colliding_trajectories`) when they do not collide yet: the app says so and asks again.
pub fn would_collide(role: Role, phases: Pair<Phase>) -> bool {
    let Some(next) = phases.get(role).next() else {
        return false;
    };
    let mut after = phases;
    *after.get_mut(role) = next;
    !phases_collide(phases) && phases_collide(after)
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
        assert_eq!(check_advance(Role::Op, phases, true, false), Ok(Account));
        assert_eq!(
            rule(check_advance(Role::Ap, phases, false, true)),
            Some(Rule::AdvanceNeedsReady)
        );
    }

    #[test]
    fn renew_waits_for_the_other_partners_declaration() {
        let none = Pair::new(false, false);
        let ap_declared = Pair::new(false, true);
        // Other in process with a declaration: allowed.
        let gate = renew_gate(Role::Op, pair(Process, Process), ap_declared);
        assert!(gate);
        assert_eq!(
            check_advance(Role::Op, pair(Process, Process), true, gate),
            Ok(Renew)
        );
        // Other in process without one (however ready they may be): refused.
        let gate = renew_gate(Role::Op, pair(Process, Process), none);
        assert!(!gate);
        assert_eq!(
            rule(check_advance(Role::Op, pair(Process, Process), true, gate)),
            Some(Rule::RenewWaitsForBoth)
        );
        // A declaration of one's own does not open one's own gate.
        assert!(!renew_gate(Role::Ap, pair(Process, Process), ap_declared));
        // Other still in account: a stray declaration there does not count.
        assert!(!renew_gate(
            Role::Ap,
            pair(Account, Process),
            Pair::new(true, false)
        ));
        // Other already in renew.
        assert!(renew_gate(Role::Ap, pair(Renew, Process), none));
        assert_eq!(
            check_advance(Role::Ap, pair(Renew, Process), true, true),
            Ok(Renew)
        );
        // Ready is still needed with the gate open.
        assert_eq!(
            rule(check_advance(Role::Ap, pair(Renew, Process), false, true)),
            Some(Rule::AdvanceNeedsReady)
        );
        // Nothing after renew.
        assert_eq!(
            rule(check_advance(Role::Op, pair(Renew, Renew), true, true)),
            Some(Rule::NoPhaseAfterRenew)
        );
    }

    #[test]
    fn declare_only_in_process_when_ready_and_once() {
        let rule_of = |r: Result<(), ModelError>| match r {
            Err(ModelError::NotAllowed { rule, .. }) => Some(rule),
            _ => None,
        };
        assert_eq!(check_declare(Process, true, false), Ok(()));
        assert_eq!(
            rule_of(check_declare(Process, false, false)),
            Some(Rule::DeclareNeedsReady)
        );
        assert_eq!(
            rule_of(check_declare(Process, true, true)),
            Some(Rule::DeclareOnce)
        );
        for phase in [Stabilize, Account, Renew] {
            assert_eq!(
                rule_of(check_declare(phase, true, false)),
                Some(Rule::DeclareInProcess),
                "{phase:?}"
            );
        }
        assert_eq!(check_withdraw(true), Ok(()));
        assert_eq!(
            rule_of(check_withdraw(false)),
            Some(Rule::WithdrawNeedsDeclaration)
        );
    }

    #[test]
    fn would_collide_only_when_an_advance_starts_a_collision() {
        // The partner who broke trust moving to 3 while the other is in 1.
        assert!(would_collide(Role::Op, pair(Account, Stabilize)));
        // Either role can be the one ahead.
        assert!(would_collide(Role::Ap, pair(Stabilize, Account)));
        assert!(would_collide(Role::Ap, pair(Account, Process)));
        // The hurt partner in 3 while the other is in 1... is already a collision.
        assert!(!would_collide(Role::Ap, pair(Stabilize, Process)));
        // Closing the gap, or a gap of one.
        assert!(!would_collide(Role::Op, pair(Stabilize, Account)));
        assert!(!would_collide(Role::Op, pair(Stabilize, Stabilize)));
        assert!(!would_collide(Role::Op, pair(Process, Process)));
        // Nothing after renew.
        assert!(!would_collide(Role::Op, pair(Renew, Stabilize)));
    }

    #[test]
    fn declarations_keep_the_stored_change_encoding() {
        for (change, json) in [
            (Change::Advance, r#"{"kind":"advance"}"#),
            (Change::ReadyToRebuild, r#"{"kind":"ready_to_rebuild"}"#),
            (Change::WithdrawReady, r#"{"kind":"withdraw_ready"}"#),
        ] {
            assert_eq!(serde_json::to_string(&change).unwrap(), json);
            assert_eq!(serde_json::from_str::<Change>(json).unwrap(), change);
        }
        let old = r#"{"kind":"step_back","to":"account"}"#;
        assert_eq!(
            serde_json::from_str::<Change>(old).unwrap(),
            Change::StepBack {
                to: Some(Account),
                reason: None
            }
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
