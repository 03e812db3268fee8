//! One serde setup for every front door: JSON text in, with field paths on errors and the
//! size limits enforced; JSON text out, byte for byte the same for the CLI and for JS.

use crate::error::{classify, join_path, ErrorCode, InputError};
use serde::de::DeserializeOwned;
use serde::Serialize;

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
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    check_limits(text)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = render_path(err.path());
        serde_error(err.into_inner(), &path)
    })?;
    de.end().map_err(|err| serde_error(err, ""))?;
    Ok(value)
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

fn serde_error(err: serde_json::Error, path: &str) -> InputError {
    use serde_json::error::Category;
    let full = err.to_string();
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            InputError::new(ErrorCode::InvalidJson, path, full)
        }
        Category::Data => {
            let suffix = format!(" at line {} column {}", err.line(), err.column());
            let raw = full.strip_suffix(&suffix).unwrap_or(&full);
            let (code, message, field) = classify(raw);
            let path = match field {
                Some(field) if !path.ends_with(&field) => join_path(path, &field),
                _ => path.to_owned(),
            };
            InputError::new(code, path, message)
        }
    }
}

fn render_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => out = join_path(&out, key),
            Segment::Enum { variant } => out = join_path(&out, variant),
            Segment::Unknown => out = join_path(&out, "?"),
        }
    }
    out
}

/// A container being scanned by [`check_limits`].
enum Frame<'a> {
    Object { key: &'a str },
    Array { index: usize },
}

/// Rejects over-long strings, over-long arrays and over-deep nesting before serde builds
/// anything, naming the path. Linear in the input; small inputs skip the scan. Malformed
/// JSON is left for serde to report.
fn check_limits(text: &str) -> Result<(), InputError> {
    if text.len() > MAX_INPUT_BYTES {
        let message = format!("the input is {} bytes; the limit is {MAX_INPUT_BYTES}", text.len());
        return Err(InputError::new(ErrorCode::InputTooLarge, "", message));
    }
    if text.len() <= MAX_STRING_BYTES && text.len() <= MAX_ARRAY_LEN {
        return Ok(());
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b'"' => {
                let start = pos + 1;
                let mut end = start;
                while let Some(&b) = bytes.get(end) {
                    match b {
                        b'\\' => end += 2,
                        b'"' => break,
                        _ => end += 1,
                    }
                }
                if end - start > MAX_STRING_BYTES {
                    let message =
                        format!("a string of {} bytes; the limit is {MAX_STRING_BYTES}", end - start);
                    return Err(InputError::new(ErrorCode::InputTooLarge, path_of(&stack), message));
                }
                // A string directly followed by `:` is an object key.
                let rest = bytes.get(end + 1..).unwrap_or_default();
                let is_key = rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':');
                if let (true, Some(Frame::Object { key })) = (is_key, stack.last_mut()) {
                    *key = text.get(start..end).unwrap_or("?");
                }
                pos = end + 1;
                continue;
            }
            b'{' | b'[' => {
                if stack.len() >= MAX_DEPTH {
                    let message = format!("nesting deeper than {MAX_DEPTH} levels");
                    return Err(InputError::new(ErrorCode::InputTooLarge, path_of(&stack), message));
                }
                stack.push(if byte == b'{' { Frame::Object { key: "" } } else { Frame::Array { index: 0 } });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Array { index }) = stack.last_mut() {
                    *index += 1;
                    if *index >= MAX_ARRAY_LEN {
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
    Ok(())
}

/// The path of the scan's current position: each open container's key or index.
fn path_of(stack: &[Frame<'_>]) -> String {
    stack.iter().fold(String::new(), |path, frame| match frame {
        Frame::Object { key } => join_path(&path, key),
        Frame::Array { index } => format!("{path}[{index}]"),
    })
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
