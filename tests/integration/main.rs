//! Integration tests of the library's public API: one binary, a module per area,
//! to keep link time down.

mod consent;
mod consent_events;
mod files;
mod model;
mod pdf_text;
mod report;
mod report_consent;
mod report_doc;
mod safety_check;
mod setup_roles;
mod shell;
mod sync;
mod sync_app;
mod vault;
