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

    /// A short title for people ("Missing field").
    pub fn title(self) -> &'static str {
        match self {
            Self::InvalidJson => "Not valid JSON",
            Self::MissingField => "Missing field",
            Self::UnknownField => "Unknown field",
            Self::InvalidValue => "Value not allowed",
            Self::InvalidRuntimeVersion => "Not a Runtime version",
            Self::InvalidTimestamp => "Not a timestamp",
            Self::InvalidAgentImage => "Not an agent image",
            Self::DuplicateDeployId => "Duplicate deploy id",
            Self::UnknownDeploy => "Unknown deploy",
            Self::DeployInFuture => "Deploy in the future",
            Self::EmptyHistory => "Empty history",
            Self::DescriptionTooLong => "Description too long",
            Self::InputTooLarge => "Input too large",
            Self::IncompleteHistory => "Incomplete history",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Malformed input: what is wrong, where (a JSON path such as `history[3].runtimeVersion`,
/// empty for the whole document), and a stable code; `detail` says it all in one plain
/// sentence for people.
///
/// ```
/// let err = deploy_rollback::Scenario::from_json(r#"{"now": "yesterday"}"#).unwrap_err();
/// assert_eq!(err.code().as_str(), "invalidTimestamp");
/// assert_eq!(err.path(), "now");
/// assert_eq!(err.detail(), "Invalid timestamp `yesterday`: expected RFC 3339 with an offset, like 2023-11-08T13:00:00Z.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct InputError {
    /// The stable code.
    code: ErrorCode,
    /// What is wrong, to be read after the path (`history[0].id: is required`); may change
    /// between versions.
    message: String,
    /// The JSON path of the offending field; empty when the whole input is at fault.
    path: String,
    /// The same as one plain sentence of its own (`` `history[0].id` is required. ``); may
    /// change between versions.
    detail: String,
}

impl InputError {
    /// An error of `code` at `path`.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        let (path, message) = (path.into(), message.into());
        Self { code, detail: detail(&path, &message), path, message }
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

    /// What is wrong, for people, to be read after the path: `history[0].id: is required`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What is wrong as one plain sentence of its own, for people: the message, with the
    /// field in front when the message only says what is wrong with it
    /// (`` `history[0].id` is required. ``), a capital letter when it begins with a plain
    /// word, and a full stop.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The same error found inside a nested document: `prefix` goes before the path.
    pub(crate) fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self.detail = detail(&self.path, &self.message);
        self
    }
}

/// The sentence an error's [`InputError::detail`] holds, for `message` at `path`: a
/// message that only says what is wrong with the field (`is required`, `cannot be …`) gets
/// the field, or "the input" for the whole of it, in front.
pub(crate) fn detail(path: &str, message: &str) -> String {
    const ABOUT_THE_FIELD: [&str; 6] = ["is ", "are ", "has ", "must ", "cannot be ", "needs "];
    let subject = match path {
        "" => "the input".to_owned(),
        path => format!("`{path}`"),
    };
    let text = if ABOUT_THE_FIELD.iter().any(|start| message.starts_with(start)) {
        format!("{subject} {message}")
    } else {
        message.to_owned()
    };
    crate::sentence::sentence(text)
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
    fn the_detail_is_a_sentence_of_its_own() {
        let detail =
            |path: &str, message: &str| InputError::new(ErrorCode::MissingField, path, message).detail;
        assert_eq!(detail("history[0].id", "is required"), "`history[0].id` is required.");
        assert_eq!(detail("", "is not UTF-8"), "The input is not UTF-8.");
        assert_eq!(detail("target", "no history entry has the id `d9`"), "No history entry has the id `d9`.");
        assert_eq!(detail("", "EOF while parsing a value"), "EOF while parsing a value.");
        assert_eq!(detail("now", "`x` is also the id of history[0]"), "`x` is also the id of history[0].");
        let moved = InputError::new(ErrorCode::MissingField, "id", "is required").within("deploys[2]");
        assert_eq!(moved.detail(), "`deploys[2].id` is required.");
    }

    #[test]
    fn every_code_has_a_title() {
        let titles: std::collections::BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.title()).collect();
        assert_eq!(titles.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn display_puts_the_path_first() {
        let err = InputError::new(ErrorCode::MissingField, "history[0].id", "is required");
        assert_eq!(err.to_string(), "history[0].id: is required");
        let err = InputError::new(ErrorCode::InvalidJson, "", "expected value");
        assert_eq!(err.to_string(), "expected value");
    }
}
