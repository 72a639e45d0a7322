//! Therapist reports and a partner's own-data export (docs/REPORTS.md). Pure: no store,
//! no app framework, no clock. `app::report` and `app::export` load what one unlocked
//! partner may read and write the files; everything here turns data into bytes.
//!
//! A crate of its own (healing-arc-report); the model is named `crate::model` here, as
//! when this was a module of the app.

use healing_arc_model as model;

pub mod asked;
pub mod chart;
pub mod csv;
pub mod data;
pub mod doc;
pub mod export;
pub mod html;
pub mod packet;
pub mod pdf;
pub mod protect;
pub mod session;
pub mod suggest;
pub mod text;
pub mod words;

pub use data::{
    build, check_range, AboutPartner, JournalNote, Person, RangeError, Report, Source,
    TaskProgress, MAX_RANGE_DAYS,
};
