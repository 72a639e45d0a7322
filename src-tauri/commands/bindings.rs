//! The TypeScript types the UI uses, generated from the Rust DTOs with ts-rs into
//! `ui/src/bindings/`. A test regenerates them into a temporary folder and fails
//! when the committed files differ (`make bindings` rewrites them).

use std::path::Path;

use ts_rs::TS;

/// Writes every DTO (and what it refers to) as `<Type>.ts` into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ts_rs::ExportError> {
    crate::error::AppError::export_all_to(dir)?;
    super::AppInfo::export_all_to(dir)?;
    Ok(())
}
