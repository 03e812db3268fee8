//! One serde setup for every front door: JSON text in, with field paths on errors and the
//! size limits enforced; JSON text out, byte for byte the same for the CLI and for JS.

use crate::error::{classify, join_path, ErrorCode, InputError};
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
/// The happy path is plain serde_json. Only when it fails is the path worked out: the
/// same scan that enforces the limits walks the text up to where serde_json stopped and
/// reads off the keys and indices of the containers open there. (A path-tracking
/// deserializer wrapper would cost every call time and the WebAssembly module a third
/// of its size.)
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        let message = format!("the input is {} bytes; the limit is {MAX_INPUT_BYTES}", text.len());
        return Err(InputError::new(ErrorCode::InputTooLarge, "", message));
    }
    if text.len() > MAX_STRING_BYTES || text.len() > MAX_ARRAY_LEN {
        scan(text, text.len(), true)?;
    }
    serde_json::from_str(text).map_err(|err| serde_error(text, &err))
}

/// Serializes an output. Our output types hold only strings, numbers, booleans, vectors
/// and structs, so this cannot fail; were it ever to, the answer is a JSON error object
/// rather than a panic.
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|err| format!(r#"{{"error":{{"code":"invalidJson","path":"","message":"{err}"}}}}"#))
}

/// Like [`to_json`], indented for people.
pub fn to_json_pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| to_json(value))
}

fn serde_error(text: &str, err: &serde_json::Error) -> InputError {
    use serde_json::error::Category;
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let raw = full.strip_suffix(&suffix).unwrap_or(&full);
    let (code, message, field) = classify(raw);
    let offset = byte_offset(text, err.line(), err.column());
    let mut stack = scan(text, offset, false).unwrap_or_default();
    // An error about a whole container (a missing field, too few elements) is reported
    // on its closing bracket: the path is the container's own.
    let about_container = code == ErrorCode::MissingField || raw.starts_with("invalid length");
    let closing = about_container && matches!(text.as_bytes().get(offset), Some(b'}' | b']'));
    if closing {
        stack.pop();
    }
    if err.classify() != Category::Data {
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
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b'"' => {
                let start = pos + 1;
                let mut close = start;
                while let Some(&b) = bytes.get(close) {
                    match b {
                        b'\\' => close += 2,
                        b'"' => break,
                        _ => close += 1,
                    }
                }
                if limits && close - start > MAX_STRING_BYTES {
                    let message =
                        format!("a string of {} bytes; the limit is {MAX_STRING_BYTES}", close - start);
                    return Err(InputError::new(ErrorCode::InputTooLarge, path_of(&stack), message));
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
                    let message = format!("nesting deeper than {MAX_DEPTH} levels");
                    return Err(InputError::new(ErrorCode::InputTooLarge, path_of(&stack), message));
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
                        let message = format!("more than {MAX_ARRAY_LEN} elements");
                        return Err(InputError::new(ErrorCode::InputTooLarge, path_of(&stack), message));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    #[track_caller]
    fn error_of(text: &str) -> (ErrorCode, String) {
        match from_json::<Doc>(text) {
            Ok(doc) => unreachable!("{text} parsed as {doc:?}"),
            Err(err) => (err.code(), err.path().to_owned()),
        }
    }

    #[test]
    fn paths_name_the_field() {
        assert_eq!(
            error_of(r#"{"items": [{"name": "a"}, {}]}"#),
            (ErrorCode::MissingField, "items[1].name".into())
        );
        assert_eq!(
            error_of(r#"{"items": [{"name": "a", "nmae": 1}]}"#),
            (ErrorCode::UnknownField, "items[0].nmae".into())
        );
        assert_eq!(error_of(r#"{"items": [{"name": 3}]}"#), (ErrorCode::InvalidJson, "items[0].name".into()));
        assert_eq!(error_of(r#"{"items": []} x"#).0, ErrorCode::InvalidJson);
        assert_eq!(error_of("").0, ErrorCode::InvalidJson);
    }

    #[test]
    fn paths_survive_layout_and_nesting() {
        let pretty = "{\n  \"items\": [\n    {\"name\": \"a\"},\n    {\"name\": \"b\",\n     \"extra\": [1, 2]}\n  ]\n}";
        assert_eq!(error_of(pretty), (ErrorCode::UnknownField, "items[1].extra".into()));
        let missing = "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\n}]}";
        assert_eq!(error_of(missing), (ErrorCode::MissingField, "items[2].name".into()));
        assert_eq!(
            error_of(r#"{"items": [{"name": {"x": 1}}]}"#),
            (ErrorCode::InvalidJson, "items[0].name".into())
        );
        assert_eq!(
            error_of(r#"{"items": [{"name": "a"}], "items2": 1}"#),
            (ErrorCode::UnknownField, "items2".into())
        );
        assert_eq!(error_of(r#"{"items": {"name": "a"}}"#), (ErrorCode::InvalidJson, "items".into()));
        assert_eq!(
            error_of(r#"{"items": [{"name": "a\"}"}, {"name": 7}]}"#),
            (ErrorCode::InvalidJson, "items[1].name".into())
        );
        assert_eq!(error_of(r#"{"items": [{"name": "a"},]}"#).0, ErrorCode::InvalidJson);
        assert_eq!(error_of(r#"{}"#), (ErrorCode::MissingField, "items".into()));
        assert_eq!(error_of("[]"), (ErrorCode::InvalidJson, "".into()));
        assert_eq!(error_of(r#"{"items":{"x":1}}"#), (ErrorCode::InvalidJson, "items".into()));
        assert_eq!(error_of(r#"{"items": [[]]}"#), (ErrorCode::InvalidJson, "items[0]".into()));
    }

    #[test]
    fn long_strings_are_rejected_with_their_path() {
        let long = "x".repeat(MAX_STRING_BYTES + 1);
        let text = format!(r#"{{"items": [{{"name": "a"}}, {{"name": "{long}"}}]}}"#);
        assert_eq!(error_of(&text), (ErrorCode::InputTooLarge, "items[1].name".into()));
        let ok = "x".repeat(MAX_STRING_BYTES);
        assert!(from_json::<Doc>(&format!(r#"{{"items": [{{"name": "{ok}"}}]}}"#)).is_ok());
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let text = format!("{}{}{}", "[".repeat(10_000), " ".repeat(MAX_STRING_BYTES), "]".repeat(10_000));
        assert_eq!(error_of(&text).0, ErrorCode::InputTooLarge);
        // Below the scan threshold serde's own recursion limit answers.
        assert_eq!(error_of(&"[".repeat(1000)).0, ErrorCode::InvalidJson);
    }

    #[test]
    fn keys_with_escapes_do_not_confuse_the_scan() {
        let pad = "y".repeat(MAX_STRING_BYTES);
        let text = format!(r#"{{"items": [{{"name": "a\"b"}}, {{"name": "{pad}"}}]}}"#);
        assert!(from_json::<Doc>(&text).is_ok());
    }
}
