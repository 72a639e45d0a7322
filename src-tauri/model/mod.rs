//! The healing-arc model (shared docs: MODEL.md). Pure: no tauri, no sled, no clock,
//! no I/O. "Today" is always a parameter.
//!
//! Code in this folder names its siblings with `super::`, never `crate::`, so the model
//! also builds as a crate of its own (fast iteration, and a proof that it stands alone).

mod checkin;
mod error;
mod phase;
mod role;
mod tasks;

pub use checkin::{
    Audience, CheckIn, Emotions, Numbers, Safety, Share, SharedCheckIn, Visibility, EMOTION_MAX,
    NOTE_MAX_CHARS, STANCE_MAX, STANCE_MIN, TRIGGERS_MAX,
};
pub use error::{ModelError, Rule};
pub use phase::Phase;
pub use role::{Pair, Role};
pub use tasks::{catalogue, required_tasks, tasks_for, Task, TaskId, TaskOwner};
