//! Reading command input. Commands take their input as one JSON value and parse it
//! here, so malformed or missing input is a typed `validation` error naming the field
//! instead of a bare string from the IPC layer.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::app::AppState;
use crate::error::{AppError, AppResult};

pub fn parse<T: DeserializeOwned>(input: Option<Value>) -> AppResult<T> {
    let value = input.unwrap_or(Value::Null);
    serde_path_to_error::deserialize(value).map_err(|e| {
        AppError::validation(
            field_of(&e.path().to_string(), &e.inner().to_string()),
            "Something in what was entered couldn't be read. Please check it and try again.",
        )
    })
}

/// The path to the bad value ("emotions.hurt"); for a missing field, the field serde
/// names in its message; else "input".
fn field_of(path: &str, message: &str) -> String {
    let named = message
        .split_once("field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(f, _)| f);
    let field = match (path, named) {
        (".", Some(f)) => f.to_owned(),
        (".", None) => "input".to_owned(),
        (p, Some(f)) if message.starts_with("missing") => {
            format!("{p}.{f}")
        }
        (p, _) => p.to_owned(),
    };
    if field.len() <= 80 {
        field
    } else {
        "input".to_owned()
    }
}

pub fn date(field: &str, s: &str) -> AppResult<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| {
            AppError::validation(
                field,
                "Please give the date as year-month-day, for example 2026-03-10.",
            )
        })
}

/// Runs app work off the main thread, so the window never waits on the KDF or the disk.
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&AppState) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let state = state.clone();
    tauri::async_runtime::spawn_blocking(move || work(&state))
        .await
        .map_err(|_| AppError::internal())?
}

/// The body of a command that takes input: `input` parsed as `I` (a `validation` error
/// if it can't be), then `work` on it off the main thread.
pub async fn with_input<I, T>(
    state: &AppState,
    input: Option<Value>,
    work: impl FnOnce(&AppState, I) -> AppResult<T> + Send + 'static,
) -> AppResult<T>
where
    I: DeserializeOwned + Send + 'static,
    T: Send + 'static,
{
    let i: I = parse(input)?;
    blocking(state, move |st| work(st, i)).await
}

/// A secret the person must see once (a recovery code); wiped when dropped.
pub struct SecretText(pub Zeroizing<String>);

impl Serialize for SecretText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        name: String,
        n: u8,
    }

    #[test]
    fn malformed_input_is_a_validation_error_naming_the_field() {
        let cases = [
            (None, "input"),
            (Some(serde_json::json!({"n": 1})), "name"),
            (Some(serde_json::json!({"name": "a", "n": 1, "x": 2})), "x"),
            (Some(serde_json::json!({"name": "a", "n": 300})), "n"),
            (Some(serde_json::json!("text")), "input"),
            (Some(serde_json::json!({"name": 5, "n": 1})), "name"),
        ];
        for (input, field) in cases {
            let e = parse::<T>(input).unwrap_err();
            assert_eq!(e.code, crate::error::ErrorCode::Validation);
            assert_eq!(e.field.as_deref(), Some(field));
        }
        assert!(date("date", "2026-02-30").is_err());
        assert!(date("date", "2026-2-3").is_err());
        assert!(date("date", "2026-02-03").is_ok());
    }
}
