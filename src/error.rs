//! Input errors: malformed input, typed, with a stable code and the JSON path of the
//! offending field.
//!
//! Domain outcomes ("not eligible", "downgrade", "agent incompatible") are never errors:
//! they come back as data in [`crate::Plan`] and [`crate::Eligibility`].

use serde::Serialize;
use std::fmt;

/// The stable code of an [`InputError`]; the JSON spelling is the contract's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ErrorCode {
    /// Not JSON, or JSON of the wrong type (a number where a string belongs).
    InvalidJson,
    /// A required field is absent.
    MissingField,
    /// A field our format does not know (typos must not pass).
    UnknownField,
    /// A value of the right JSON type that is not allowed there (an unknown enum value,
    /// an option out of range). Beyond the v1 contract.
    InvalidValue,
    /// A string that is not an Astro Runtime version.
    InvalidRuntimeVersion,
    /// A string that is not an RFC 3339 timestamp with an offset.
    InvalidTimestamp,
    /// A string that is not a Remote Execution agent image reference.
    InvalidAgentImage,
    /// Two history entries share an id.
    DuplicateDeployId,
    /// A reference to a deploy id that the history does not hold.
    UnknownDeploy,
    /// A history entry created after `now`.
    DeployInFuture,
    /// A plan was asked of an empty history.
    EmptyHistory,
    /// A rollback description over 500 characters.
    DescriptionTooLong,
    /// Input far beyond any real history.
    InputTooLarge,
    /// Import: the deploys pages do not start at offset 0 or leave a gap, so the newest
    /// deploys are missing.
    IncompleteHistory,
}

crate::names::contract_names!(ErrorCode {
    InvalidJson,
    MissingField,
    UnknownField,
    InvalidValue,
    InvalidRuntimeVersion,
    InvalidTimestamp,
    InvalidAgentImage,
    DuplicateDeployId,
    UnknownDeploy,
    DeployInFuture,
    EmptyHistory,
    DescriptionTooLong,
    InputTooLarge,
    IncompleteHistory,
});

impl ErrorCode {
    /// The code spelt `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Malformed input: what is wrong, where (a JSON path such as `history[3].runtimeVersion`,
/// empty for the whole document), and a stable code.
///
/// ```
/// let err = deploy_rollback::Scenario::from_json(r#"{"now": "yesterday"}"#).unwrap_err();
/// assert_eq!(err.code().as_str(), "invalidTimestamp");
/// assert_eq!(err.path(), "now");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct InputError {
    code: ErrorCode,
    message: String,
    path: String,
}

impl InputError {
    /// An error of `code` at `path`.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code, path: path.into(), message: message.into() }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The JSON path of the offending field (`history[3].runtimeVersion`); empty when the
    /// whole input is at fault.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, for people (without the path).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error found inside a nested document: `prefix` goes before the path.
    pub(crate) fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }
}

/// A message for `serde::de::Error::custom` that carries our code through serde:
/// `[invalidTimestamp] …`; the JSON edge reads it back. Only this crate's own
/// `Deserialize` impls write such messages.
pub(crate) fn tagged(code: ErrorCode, message: impl fmt::Display) -> String {
    format!("[{}] {message}", code.as_str())
}

/// As [`tagged`], for a check of a whole object or array just read (not of one of its
/// fields): the error's path is the container's own, wherever serde_json stopped.
pub(crate) fn tagged_whole(code: ErrorCode, message: impl fmt::Display) -> String {
    format!("[{}!] {message}", code.as_str())
}

/// `a` then `b` as one JSON path: `history[3]` + `id`, `events` + `[2]`.
pub(crate) fn join_path(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ if b.starts_with('[') => format!("{a}{b}"),
        _ => format!("{a}.{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_found_by_its_name() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_name(code.as_str()), Some(code));
            assert_eq!(serde_json::to_string(&code).ok(), Some(format!("\"{}\"", code.as_str())));
        }
        assert_eq!(ErrorCode::from_name("nope"), None);
    }

    #[test]
    fn paths_join_like_json() {
        assert_eq!(join_path("history", "[3]"), "history[3]");
        assert_eq!(join_path("history[3]", "id"), "history[3].id");
        assert_eq!(join_path("", "id"), "id");
        assert_eq!(join_path("deployment", ""), "deployment");
    }

    #[test]
    fn display_puts_the_path_first() {
        let err = InputError::new(ErrorCode::MissingField, "history[0].id", "is required");
        assert_eq!(err.to_string(), "history[0].id: is required");
        let err = InputError::new(ErrorCode::InvalidJson, "", "expected value");
        assert_eq!(err.to_string(), "expected value");
    }
}
