//! The one error that crosses IPC: `{ "code": "...", "message": "...", "field": "..."? }`.
//!
//! Each layer keeps its own error enum; `From` impls here map them onto the small set
//! of codes the UI branches on. Messages are written for the person reading them
//! (see shared VOICE rules): what happened and what to do next, never blame.

use serde::Serialize;
use ts_rs::TS;

/// What the UI can act on. Add a code only when the UI needs to branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The vault is locked: only status and unlock answer.
    Locked,
    /// The passphrase or recovery code did not open the profile.
    WrongPassphrase,
    /// The profile's stored lock (its wrapped key) is damaged in every copy: no
    /// passphrase opens it; the recovery code or a backup can (SECURITY.md 24).
    DamagedLock,
    /// Input broke a rule; `field` names the input.
    Validation,
    NotFound,
    /// The request is well formed but the rules do not allow it now.
    NotAllowed,
    /// The store on disk is damaged; it was moved aside and can be restored from a backup.
    DamagedStore,
    /// Something went wrong inside the app; nothing was changed.
    Internal,
    /// Too many wrong passphrases in a row: wait before the next try (the status call
    /// tells how long, per profile).
    TryLater,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Validation,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// For failures the person cannot fix. The detail goes to the log only when it
    /// carries no user data; the message stays calm.
    pub fn internal() -> Self {
        Self::new(
            ErrorCode::Internal,
            "Something went wrong inside Healing Arc. Nothing was changed. Please try again.",
        )
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn locked() -> Self {
        Self::new(
            ErrorCode::Locked,
            "Healing Arc is locked. Choose your profile and enter your passphrase to go on.",
        )
    }
}

/// Vault failures in the person's words. Crypto failures stay coarse: which byte or
/// key failed is never said; a damaged lock is told apart only by its checksums.
impl From<crate::vault::VaultError> for AppError {
    fn from(e: crate::vault::VaultError) -> Self {
        use crate::vault::VaultError as V;
        match e {
            V::WrongPassphrase => AppError::new(
                ErrorCode::WrongPassphrase,
                "That passphrase didn't open this profile. Take your time and try again.",
            ),
            V::LockDamaged => AppError::new(
                ErrorCode::DamagedLock,
                "This profile's lock is damaged on this device, so no passphrase can open it. Your passphrase is not the problem. Use your recovery code (Forgot passphrase?) or restore from a backup.",
            ),
            V::TryLater { wait } => {
                let secs = wait.as_secs().max(1);
                let when = if secs < 90 {
                    format!("{secs} seconds")
                } else {
                    format!("{} minutes", secs.div_ceil(60))
                };
                AppError::new(
                    ErrorCode::TryLater,
                    format!("There were several tries in a row that didn't match. To keep this profile safe, please wait {when} before the next one."),
                )
            }
            V::Damaged { .. } => AppError::new(
                ErrorCode::DamagedStore,
                "The saved data on this device is damaged and couldn't be opened. It has been set aside, not deleted. You can restore it from a backup.",
            ),
            V::Integrity => AppError::new(
                ErrorCode::DamagedStore,
                "Some saved data couldn't be read because it was changed or damaged. Nothing was changed. You can restore from a backup.",
            ),
            V::NoVault => AppError::new(ErrorCode::NotFound, "Nothing has been set up on this device yet."),
            V::NoProfile => AppError::new(ErrorCode::NotFound, "That profile doesn't exist on this device."),
            V::AlreadyExists => AppError::new(ErrorCode::NotAllowed, "Healing Arc is already set up on this device."),
            V::Full => AppError::new(ErrorCode::NotAllowed, "Both profiles on this device are already set up."),
            V::Busy => AppError::new(
                ErrorCode::NotAllowed,
                "Healing Arc is already open in another window. Please close that one first.",
            ),
            V::BadBackup => AppError::validation(
                "path",
                "This file isn't a Healing Arc backup, or it is damaged. Nothing was changed.",
            ),
            V::TooLarge => AppError::validation(
                "path",
                "This file is too large to be a Healing Arc backup. Nothing was changed.",
            ),
            V::Pairing => AppError::validation(
                "code",
                "That didn't connect. The code may be mistyped, already used or more than an hour old. Ask your partner to start again and read you the new code.",
            ),
            V::NotPaired => AppError::new(
                ErrorCode::NotAllowed,
                "This device isn't connected to your partner's device.",
            ),
            V::KdfParams | V::NotYours | V::Crypto | V::Encoding | V::Store(_) | V::Io(_) => {
                AppError::internal()
            }
        }
    }
}

/// Model messages are already written for the person; the field travels with them.
impl From<crate::model::ModelError> for AppError {
    fn from(e: crate::model::ModelError) -> Self {
        use crate::model::ModelError;
        match e {
            ModelError::Invalid { field, message } => AppError::validation(field, message),
            ModelError::NotAllowed { message, .. } => AppError::new(ErrorCode::NotAllowed, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_message_and_optional_field() {
        let e = AppError::validation("note", "A note can be at most 20,000 characters.");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "validation",
                "message": "A note can be at most 20,000 characters.",
                "field": "note"
            })
        );
        let e = AppError::new(
            ErrorCode::WrongPassphrase,
            "That passphrase didn't open this profile.",
        );
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"wrong_passphrase","message":"That passphrase didn't open this profile."}"#
        );
    }

    #[test]
    fn every_code_has_a_snake_case_name() {
        let codes = [
            (ErrorCode::Locked, "locked"),
            (ErrorCode::WrongPassphrase, "wrong_passphrase"),
            (ErrorCode::DamagedLock, "damaged_lock"),
            (ErrorCode::Validation, "validation"),
            (ErrorCode::NotFound, "not_found"),
            (ErrorCode::NotAllowed, "not_allowed"),
            (ErrorCode::DamagedStore, "damaged_store"),
            (ErrorCode::Internal, "internal"),
            (ErrorCode::TryLater, "try_later"),
        ];
        for (code, name) in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(name));
        }
    }
}
