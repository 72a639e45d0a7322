//! Where a question of the partner who was hurt stands. Set by its asker only; the
//! app sets `open` when it is asked (a fact, not an answer). Never read by the model's
//! computations: nothing is scored or counted.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    #[default]
    Open,
    Answered,
    /// "Bring to a session": to be asked with the therapist there.
    BringToSession,
    /// "I decided I don't need to know."
    DecidedNotToKnow,
}

impl QuestionStatus {
    /// The words the app and the report use (the UI's words.ts has the same).
    pub fn words(self) -> &'static str {
        match self {
            QuestionStatus::Open => "Open",
            QuestionStatus::Answered => "Answered",
            QuestionStatus::BringToSession => "Bring to a session",
            QuestionStatus::DecidedNotToKnow => "I decided I don't need to know",
        }
    }
}
