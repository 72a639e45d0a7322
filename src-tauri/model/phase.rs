//! The four phases of the healing arc. Each partner has their own current phase.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Stabilize,
    Account,
    Process,
    Renew,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::Stabilize,
        Phase::Account,
        Phase::Process,
        Phase::Renew,
    ];

    /// 1 ..= 4, as scenarios and the replay output write it.
    pub fn number(self) -> u8 {
        match self {
            Phase::Stabilize => 1,
            Phase::Account => 2,
            Phase::Process => 3,
            Phase::Renew => 4,
        }
    }

    pub fn from_number(n: u8) -> Option<Phase> {
        match n {
            1 => Some(Phase::Stabilize),
            2 => Some(Phase::Account),
            3 => Some(Phase::Process),
            4 => Some(Phase::Renew),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Phase::Stabilize => "stabilize",
            Phase::Account => "account",
            Phase::Process => "process",
            Phase::Renew => "renew",
        }
    }

    /// The name the UI shows.
    pub fn title(self) -> &'static str {
        match self {
            Phase::Stabilize => "Steady the ground",
            Phase::Account => "Accountability and witness",
            Phase::Process => "Processing with benevolent indignation",
            Phase::Renew => "Rebuild together",
        }
    }

    pub fn next(self) -> Option<Phase> {
        Phase::from_number(self.number() + 1)
    }

    pub fn previous(self) -> Option<Phase> {
        Phase::from_number(self.number().checked_sub(1)?)
    }
}
