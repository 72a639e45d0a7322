//! Integration tests of the library's public API: one binary, a module per area,
//! to keep link time down.

mod agreements;
mod apart;
mod consent;
mod consent_events;
mod files;
mod ipc;
mod layers;
mod model;
mod pdf_text;
mod questions;
mod report;
mod report_consent;
mod report_doc;
mod report_protect;
mod safety_check;
mod setup_roles;
mod shell;
mod support;
mod sync;
mod sync_app;
mod vault;
