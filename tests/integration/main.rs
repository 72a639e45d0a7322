//! Integration tests of the library's public API: one binary, a module per area,
//! to keep link time down.

mod consent;
mod files;
mod model;
mod report;
mod shell;
mod vault;
