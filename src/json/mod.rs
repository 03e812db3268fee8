//! The JSON edge: text in through serde_json, with the size limits enforced and the path
//! of the offending field worked out when reading fails; text out, the same bytes for the
//! CLI's `--json` and (as plain objects) for JS.
//!
//! The happy path is plain serde_json. Only when it fails is the path worked out: a scan
//! of the text up to where serde_json stopped reads off the keys and indices of the
//! containers open there. (A path-tracking deserializer would cost every call time and
//! the WebAssembly module tens of kilobytes.)

mod event;

use crate::error::{join_path, ErrorCode, InputError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;

/// The longest string accepted anywhere in the input, in bytes as written in the JSON text.
pub const MAX_STRING_BYTES: usize = 64 * 1024;
/// The most elements accepted in any one array (a history of a million deploys is far
/// beyond any real Deployment).
pub const MAX_ARRAY_LEN: usize = 1_000_000;
/// The largest JSON document accepted.
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;
/// The deepest nesting accepted; our formats need fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// Parses `text` as a `T`, enforcing the limits above; errors carry the JSON path.
///
/// A document shorter than [`MAX_STRING_BYTES`] cannot break the string or array limits,
/// and serde_json's own recursion limit keeps any nesting off the stack, so only longer
/// documents are scanned before they are read.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        let message = format!("the input is {} bytes; the limit is {MAX_INPUT_BYTES}", text.len());
        return Err(InputError::new(ErrorCode::InputTooLarge, "", message));
    }
    if text.len() > MAX_STRING_BYTES {
        scan(text, text.len(), true)?;
    }
    serde_json::from_str(text).map_err(|err| read_error(text, &err))
}

impl crate::Scenario {
    /// Reads a scenario from JSON; errors name the offending field's path. Unknown fields
    /// are errors: a typo must not pass silently.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        from_json(text)
    }
}

impl crate::Timeline {
    /// Reads a timeline from JSON; errors name the offending field's path.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        from_json(text)
    }
}

/// An answer as compact JSON text. Answers hold only strings, whole numbers, booleans,
/// arrays and objects with string keys, which serde_json always writes.
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|err| failed(&err))
}

/// An answer as JSON text indented for people.
pub fn to_json_pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|err| failed(&err))
}

/// Were writing ever to fail, the answer is an error object rather than a panic.
fn failed(err: &serde_json::Error) -> String {
    let error = InputError::new(ErrorCode::InvalidJson, "", err.to_string());
    serde_json::to_string(&ErrorAnswer { error: &error }).unwrap_or_default()
}

/// `{"error": {"code", "message", "path"}}`: how an input error is written as JSON.
#[derive(Serialize)]
pub struct ErrorAnswer<'a> {
    /// The error.
    pub error: &'a InputError,
}

/// Our error for serde_json's: the code from its wording (or our tag), the path from a
/// scan of the text up to where it stopped.
fn read_error(text: &str, err: &serde_json::Error) -> InputError {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let raw = full.strip_suffix(&suffix).unwrap_or(&full);
    let (code, message, field) = classify(raw);
    let offset = byte_offset(text, err.line(), err.column());
    let mut stack = scan(text, offset, false).unwrap_or_default();
    // An error about a whole container (a missing field, too few elements) is reported on
    // its closing bracket: the path is the container's own.
    let about_container = code == ErrorCode::MissingField || raw.starts_with("invalid length");
    let closing = about_container && matches!(text.as_bytes().get(offset), Some(b'}' | b']'));
    if closing {
        stack.pop();
    }
    if !err.is_data() {
        return InputError::new(ErrorCode::InvalidJson, path_of(&stack), full);
    }
    let path = match field {
        // A missing or unknown field belongs to the object open where serde_json stopped,
        // whatever key that object read last.
        Some(field) if closing => join_path(&path_of(&stack), &field),
        Some(field) => join_path(&container_path_of(&stack), &field),
        None => path_of(&stack),
    };
    InputError::new(code, path, message)
}

/// The code and message of a deserialization error: our tagged messages keep their code;
/// serde's own wording tells missing and unknown fields and bad values apart; anything
/// else is malformed JSON. Also returns the field a missing or unknown-field message
/// names, which the position alone does not give.
fn classify(raw: &str) -> (ErrorCode, String, Option<String>) {
    // A value read out of place names its field: `in `dbtBundles`: invalid type …`.
    if let Some((field, rest)) = raw.strip_prefix("in `").and_then(|rest| rest.split_once("`: ")) {
        let (code, message, _) = classify(rest);
        return (code, message, Some(field.to_owned()));
    }
    if let Some((code, message)) = raw.strip_prefix('[').and_then(|rest| rest.split_once("] ")) {
        if let Some(code) = ErrorCode::from_name(code) {
            return (code, message.to_owned(), None);
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
            .map(|(field, names)| (field, format!(" (expected {names})")))
            .or_else(|| rest.strip_suffix("`, there are no fields").map(|f| (f, String::new())))
            .unwrap_or((rest.strip_suffix('`').unwrap_or(rest), String::new()));
        return (ErrorCode::UnknownField, format!("is not a known field{expected}"), Some(field.to_owned()));
    }
    if raw.starts_with("unknown variant ") || raw.starts_with("invalid value") {
        return (ErrorCode::InvalidValue, raw.to_owned(), None);
    }
    (ErrorCode::InvalidJson, raw.to_owned(), None)
}

/// The byte offset of serde_json's 1-based `line` and `column` (the last byte it read).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// A container open at some point of the scan.
#[derive(Debug)]
enum Frame<'a> {
    Object { key: Cow<'a, str> },
    Array { index: usize },
}

/// Walks `text[..end]`, tracking the open containers, and returns them. With `limits`,
/// refuses over-long strings, over-long arrays and over-deep nesting, naming the path.
/// Linear; malformed JSON is left for serde_json to report.
fn scan(text: &str, end: usize, limits: bool) -> Result<Vec<Frame<'_>>, InputError> {
    let bytes = text.as_bytes().get(..end).unwrap_or_default();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let too_large = |stack: &[Frame<'_>], message: String| {
        Err(InputError::new(ErrorCode::InputTooLarge, path_of(stack), message))
    };
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b'"' => {
                let start = pos + 1;
                let mut close = start;
                // Jump to the next quote or backslash (memchr scans many bytes at a time); a
                // string the scan's end cuts runs to that end.
                loop {
                    match bytes.get(close..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
                        Some(at) if bytes.get(close + at) == Some(&b'"') => {
                            close += at;
                            break;
                        }
                        Some(at) => close += at + 2,
                        None => {
                            close = bytes.len();
                            break;
                        }
                    }
                }
                if limits && close - start > MAX_STRING_BYTES {
                    return too_large(
                        &stack,
                        format!("a string of {} bytes; the limit is {MAX_STRING_BYTES}", close - start),
                    );
                }
                // A string directly followed by `:` is an object key (look past `end`: the
                // scan may stop between a key and its colon).
                let rest = text.as_bytes().get(close + 1..).unwrap_or_default();
                let is_key = rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':');
                if let (true, Some(Frame::Object { key })) = (is_key, stack.last_mut()) {
                    *key = key_name(text.get(start..close).unwrap_or("?"));
                }
                pos = close + 1;
                continue;
            }
            b'{' | b'[' => {
                if limits && stack.len() >= MAX_DEPTH {
                    return too_large(&stack, format!("nesting deeper than {MAX_DEPTH} levels"));
                }
                stack.push(if byte == b'{' {
                    Frame::Object { key: Cow::Borrowed("") }
                } else {
                    Frame::Array { index: 0 }
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Array { index }) = stack.last_mut() {
                    *index += 1;
                    if limits && *index >= MAX_ARRAY_LEN {
                        stack.pop();
                        return too_large(&stack, format!("more than {MAX_ARRAY_LEN} elements"));
                    }
                }
            }
            _ => {}
        }
        pos += 1;
    }
    Ok(stack)
}

/// A key as the document means it, escapes decoded (`n\u0061me` is `name`), as serde
/// names fields and as JavaScript reads the object; as written if it does not decode.
fn key_name(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).map_or(Cow::Borrowed(raw), Cow::Owned)
}

/// The path of the scan's position: each open container's key or index.
fn path_of(stack: &[Frame<'_>]) -> String {
    stack.iter().fold(String::new(), |path, frame| match frame {
        Frame::Object { key } => join_path(&path, key),
        Frame::Array { index } => format!("{path}[{index}]"),
    })
}

/// The path of the innermost open object itself (without the key it read last).
fn container_path_of(stack: &[Frame<'_>]) -> String {
    match stack.split_last() {
        Some((Frame::Object { .. }, outer)) => path_of(outer),
        _ => path_of(stack),
    }
}
