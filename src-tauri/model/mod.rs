//! The healing-arc model (shared docs: MODEL.md). Pure: no app framework, no store, no clock,
//! no I/O. "Today" is always a parameter.
//!
//! A crate of its own (healing-arc-model, this file its root), so the compiler keeps it pure:
//! no Tauri, store, crypto or clock among its dependencies (chrono without "clock"). The
//! TypeScript derives are behind the `ts` feature, which only the app turns on.
//!
//! Where to start: `CheckIn::validate` for input, `CoupleHistory::{status, timeline,
//! check}` for everything the app shows, `replay` for scenarios.

mod agreement;
mod checkin;
mod dynamics;
mod engine;
mod error;
mod guidance;
mod history;
mod parting;
mod phase;
mod progress;
mod questions;
mod readiness;
mod replay;
mod role;
pub mod rules;
mod scenario;
mod stats;
mod support;
mod tasks;
mod trends;

pub use agreement::{
    check_agreement, check_revisit_note, check_session_page, is_record_id,
    texts as agreement_texts, Agreement, AgreementAnswer, AgreementKind, Answer, SessionPage, Who,
};
pub use checkin::{Audience, CheckIn, Emotions, Numbers, Safety, Share, SharedCheckIn, Visibility};
pub use dynamics::{
    classify, detect, phases_collide, sign_changes, DatedValue, DayClass, Detection, DynamicKind,
    Evidence, GuidanceRef, PairedDay, Position, Severity, SharedDay, SharedWindow, StanceTrend,
};
pub use engine::{CoupleState, DayReport};
pub use error::{ModelError, Rule};
pub use guidance::{
    addressee_words, dynamic_positions, dynamic_prompts, guidance, phase_prompts, safety_resources,
    DynamicPrompts, Guidance, HelpLine, PhasePrompts, Prompt, PromptKind, Region, SafetyResources,
};
pub use history::{CoupleHistory, CoupleStatus, PartnerHistory, TaskMark, MAX_HISTORY_DAYS};
pub use parting::{apart, Apart, EndingTopic, Parting, PartingWords, ReflectionPrompt};
pub use phase::Phase;
pub use progress::{
    check_advance, check_declare, check_step_back, check_withdraw, renew_gate, suggested_return,
    would_collide, ArcEvent, Change, RuptureKind,
};
pub use questions::QuestionStatus;
pub use readiness::{is_ready, readiness, OwnWindow, Readiness, Signal, TaskSet};
pub use replay::{replay, Replay, ReplayDay};
pub use role::{Pair, Role};
pub use rules::Rules;
pub use scenario::{
    check_size, Entry, EventKind, PartnerInfo, Partners, Scenario, ScenarioDay, ScenarioError,
    ScenarioEvent, MAX_DAY, MAX_SCENARIO_BYTES,
};
pub use support::{
    SupportPerson, SupportPlan, SELF_CARE_MAX_CHARS, SUPPORT_LINE_MAX_CHARS, SUPPORT_PEOPLE_MAX,
};
pub use tasks::{catalogue, required_tasks, tasks_for, Task, TaskId, TaskOwner};
pub use trends::{count_logged, trends, Trends, WeekTriggers};
