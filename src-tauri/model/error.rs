//! The model's own error. The app layer maps it onto `AppError` (validation / not_allowed).

/// A rule of the progress model that an action broke (MODEL.md "Progress through the phases").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Advancing needs the partner to be `ready`.
    AdvanceNeedsReady,
    /// There is no phase after `renew`.
    NoPhaseAfterRenew,
    /// Phase 4 waits for both partners.
    RenewWaitsForBoth,
    /// Stepping back goes to an earlier phase.
    StepBackToEarlierPhase,
    /// "Ready to rebuild together" is declared in `process` only.
    DeclareInProcess,
    /// … by a partner who is `ready`.
    DeclareNeedsReady,
    /// … and not while one of theirs still stands.
    DeclareOnce,
    /// Only a standing declaration can be withdrawn.
    WithdrawNeedsDeclaration,
}

impl Rule {
    /// A short stable name, used in scenario errors and logs.
    pub fn id(self) -> &'static str {
        match self {
            Rule::AdvanceNeedsReady => "advance-needs-ready",
            Rule::NoPhaseAfterRenew => "no-phase-after-renew",
            Rule::RenewWaitsForBoth => "renew-waits-for-both",
            Rule::StepBackToEarlierPhase => "step-back-to-earlier-phase",
            Rule::DeclareInProcess => "declare-in-process",
            Rule::DeclareNeedsReady => "declare-needs-ready",
            Rule::DeclareOnce => "declare-once",
            Rule::WithdrawNeedsDeclaration => "withdraw-needs-declaration",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Input broke a rule of the check-in table (or of a scenario); `field` names it,
    /// e.g. `stance`, `emotions.hurt`, `tasks[2]`.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The input is well formed but the progress rules do not allow it now.
    #[error("{message} (rule: {})", rule.id())]
    NotAllowed { rule: Rule, message: String },
}

impl ModelError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ModelError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_allowed(rule: Rule, message: impl Into<String>) -> Self {
        ModelError::NotAllowed {
            rule,
            message: message.into(),
        }
    }

    /// The field a validation error names, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ModelError::Invalid { field, .. } => Some(field),
            ModelError::NotAllowed { .. } => None,
        }
    }

    /// The plain message for the person, without the field name.
    pub fn message(&self) -> &str {
        match self {
            ModelError::Invalid { message, .. } | ModelError::NotAllowed { message, .. } => message,
        }
    }
}
