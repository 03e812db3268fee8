//! Input errors: malformed input, typed, with a stable code and the JSON path of the
//! offending field.
//!
//! Domain outcomes ("not eligible", "downgrade", "agent incompatible") are never errors:
//! they come back as data in [`crate::Plan`] and [`crate::Eligibility`].

use serde::Serialize;
use std::fmt;

/// The stable code of an [`InputError`]; the JSON spelling is the contract's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
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
}

impl ErrorCode {
    /// The code as the contract spells it (`invalidRuntimeVersion`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalidJson",
            Self::MissingField => "missingField",
            Self::UnknownField => "unknownField",
            Self::InvalidValue => "invalidValue",
            Self::InvalidRuntimeVersion => "invalidRuntimeVersion",
            Self::InvalidTimestamp => "invalidTimestamp",
            Self::InvalidAgentImage => "invalidAgentImage",
            Self::DuplicateDeployId => "duplicateDeployId",
            Self::UnknownDeploy => "unknownDeploy",
            Self::DeployInFuture => "deployInFuture",
            Self::EmptyHistory => "emptyHistory",
            Self::DescriptionTooLong => "descriptionTooLong",
            Self::InputTooLarge => "inputTooLarge",
        }
    }

    fn from_tag(tag: &str) -> Option<Self> {
        const ALL: [ErrorCode; 13] = [
            ErrorCode::InvalidJson,
            ErrorCode::MissingField,
            ErrorCode::UnknownField,
            ErrorCode::InvalidValue,
            ErrorCode::InvalidRuntimeVersion,
            ErrorCode::InvalidTimestamp,
            ErrorCode::InvalidAgentImage,
            ErrorCode::DuplicateDeployId,
            ErrorCode::UnknownDeploy,
            ErrorCode::DeployInFuture,
            ErrorCode::EmptyHistory,
            ErrorCode::DescriptionTooLong,
            ErrorCode::InputTooLarge,
        ];
        ALL.into_iter().find(|code| code.as_str() == tag)
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
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct InputError {
    code: ErrorCode,
    path: String,
    message: String,
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

/// `a` then `b` as one JSON path: `history[3]` + `id`, `events` + `[2]`.
pub(crate) fn join_path(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ if b.starts_with('[') => format!("{a}{b}"),
        _ => format!("{a}.{b}"),
    }
}

/// A message for `serde::de::Error::custom` that carries our code through serde:
/// `[invalidTimestamp] …`. [`classify`] reads it back. Only this crate's own
/// `Deserialize` impls produce such messages.
pub(crate) fn tagged(code: ErrorCode, message: impl fmt::Display) -> String {
    format!("[{}] {message}", code.as_str())
}

/// The code and message of a deserialization error message: our tagged messages keep
/// their code; serde's own wording tells missing and unknown fields and bad values apart;
/// anything else is malformed JSON. Also returns the field a missing/unknown-field message
/// names, which serde leaves out of the path.
pub(crate) fn classify(raw: &str) -> (ErrorCode, String, Option<String>) {
    if let Some(rest) = raw.strip_prefix('[') {
        if let Some((tag, message)) = rest.split_once("] ") {
            if let Some(code) = ErrorCode::from_tag(tag) {
                return (code, message.to_owned(), None);
            }
        }
    }
    let quoted = |s: &str| s.split('`').nth(1).map(str::to_owned);
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return (ErrorCode::MissingField, "is required".to_owned(), quoted(rest));
    }
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        // The field is quoted as the input spells it and may itself hold a backtick or a
        // comma: it ends where serde's own ending (", expected …" or ", there are no
        // fields", which hold neither user text nor that sequence) begins.
        let (field, expected) = rest
            .rsplit_once("`, expected ")
            .map(|(field, names)| (field, format!("expected {names}")))
            .or_else(|| {
                rest.strip_suffix("`, there are no fields").map(|f| (f, "there are no fields".to_owned()))
            })
            .unwrap_or((rest.strip_suffix('`').unwrap_or(rest), String::new()));
        let message = if expected.is_empty() {
            "is not a known field".to_owned()
        } else {
            format!("is not a known field ({expected})")
        };
        return (ErrorCode::UnknownField, message, Some(field.to_owned()));
    }
    if raw.starts_with("unknown variant ") || raw.starts_with("invalid value") {
        return (ErrorCode::InvalidValue, raw.to_owned(), None);
    }
    (ErrorCode::InvalidJson, raw.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_messages_keep_their_code() {
        let (code, message, field) = classify(&tagged(ErrorCode::InvalidTimestamp, "no offset"));
        assert_eq!((code, message.as_str(), field), (ErrorCode::InvalidTimestamp, "no offset", None));
    }

    #[test]
    fn serde_wording_is_classified() {
        let (code, _, field) = classify("missing field `now`");
        assert_eq!((code, field.as_deref()), (ErrorCode::MissingField, Some("now")));
        let (code, message, field) = classify("unknown field `nwo`, expected one of `now`, `history`");
        assert_eq!((code, field.as_deref()), (ErrorCode::UnknownField, Some("nwo")));
        assert!(message.contains("`now`"));
        // A field name may hold backticks and commas of its own.
        let (_, message, field) = classify("unknown field `a`, expected `b`, expected `c`, `d`");
        assert_eq!(
            (field.as_deref(), message.as_str()),
            (Some("a`, expected `b"), "is not a known field (expected `c`, `d`)")
        );
        let (_, _, field) = classify("unknown field `x`y`, there are no fields");
        assert_eq!(field.as_deref(), Some("x`y"));
        assert_eq!(classify("unknown variant `x`, expected `a`").0, ErrorCode::InvalidValue);
        assert_eq!(classify("invalid type: integer `3`, expected a string").0, ErrorCode::InvalidJson);
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
