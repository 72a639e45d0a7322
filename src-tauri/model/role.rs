//! The two partners. The paper says "offending" and "aggrieved" partner; the app says
//! "the partner who broke trust" and "the partner who was hurt" (VOICE.md).

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The partner who broke trust.
    Op,
    /// The partner who was hurt.
    Ap,
}

impl Role {
    pub const BOTH: [Role; 2] = [Role::Op, Role::Ap];

    pub fn other(self) -> Role {
        match self {
            Role::Op => Role::Ap,
            Role::Ap => Role::Op,
        }
    }

    /// The stable id used in data and scenarios.
    pub fn id(self) -> &'static str {
        match self {
            Role::Op => "op",
            Role::Ap => "ap",
        }
    }

    /// How the app names the role when it has no display name (never "offender").
    pub fn plain_name(self) -> &'static str {
        match self {
            Role::Op => "the partner who broke trust",
            Role::Ap => "the partner who was hurt",
        }
    }
}

/// A value for each partner, e.g. both phases or both readiness answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Pair<T> {
    pub op: T,
    pub ap: T,
}

impl<T> Pair<T> {
    pub fn new(op: T, ap: T) -> Self {
        Self { op, ap }
    }

    pub fn get(&self, role: Role) -> &T {
        match role {
            Role::Op => &self.op,
            Role::Ap => &self.ap,
        }
    }

    pub fn get_mut(&mut self, role: Role) -> &mut T {
        match role {
            Role::Op => &mut self.op,
            Role::Ap => &mut self.ap,
        }
    }
}
