//! The JSON edge: text in through serde_json, with the size limits enforced and the path
//! of the offending field worked out when reading fails; text out, the same bytes for the
//! CLI's `--json` and (as plain objects) for JS.
//!
//! The happy path is plain serde_json. Only when it fails is the path worked out: a scan
//! of the text up to where serde_json stopped reads off the keys and indices of the
//! containers open there. (A path-tracking deserializer would cost every call time and
//! the WebAssembly module tens of kilobytes.)

mod document;
mod event;

use crate::error::{join_path, ErrorCode, InputError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;

pub use crate::limits::{MAX_ARRAY_LEN, MAX_DEPTH, MAX_INPUT_BYTES, MAX_STRING_BYTES};

/// Parses `text` as a `T`, enforcing the size limits; errors carry the JSON path. A
/// byte-order mark (U+FEFF) at the start is skipped.
///
/// A document shorter than [`MAX_STRING_BYTES`] cannot break the string or array limits,
/// so only longer documents are scanned in full before they are read; a shorter one only
/// has its nesting counted (a byte scan), and is scanned in full when too deep, for the
/// path.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    read(text, |text| serde_json::from_str(text))
}

/// [`from_json`] for a top-level document, a scenario or a timeline: a `$schema` key at
/// its top level is skipped (see `document`).
fn from_json_document<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    read(text, document::from_str)
}

/// Reads `text` with `parse` once the limits are checked.
fn read<T>(text: &str, parse: fn(&str) -> serde_json::Result<T>) -> Result<T, InputError> {
    let text = strip_bom(text);
    if text.len() > MAX_INPUT_BYTES {
        let message = format!("the input is {} bytes; the limit is {MAX_INPUT_BYTES}", text.len());
        return Err(InputError::new(ErrorCode::InputTooLarge, "", message));
    }
    if text.len() > MAX_STRING_BYTES || deeper_than_limit(text.as_bytes()) {
        scan(text, text.len(), true)?;
    }
    parse(text).map_err(|err| read_error(text, &err))
}

/// Reads a document written by others (the Astro Platform API's): as [`from_json`], except
/// that a string longer than [`MAX_STRING_BYTES`] is cut to the limit, ending in `…`,
/// instead of refusing the whole document.
pub(crate) fn from_foreign_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    let text = strip_bom(text);
    if text.len() <= MAX_STRING_BYTES || text.len() > MAX_INPUT_BYTES {
        return from_json(text);
    }
    from_json(&cut_long_strings(text))
}

/// The text without a leading byte-order mark.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

impl crate::Scenario {
    /// Reads a scenario from JSON; errors name the offending field's path. Unknown fields
    /// are errors: a typo must not pass silently; a top-level `$schema` key (an editor's
    /// reference to the JSON Schema) is ignored.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        from_json_document(text)
    }
}

impl crate::Timeline {
    /// Reads a timeline from JSON; errors name the offending field's path. A top-level
    /// `$schema` key is ignored, as for a scenario.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        from_json_document(text)
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

/// `{"error": {"code", "message", "path", "detail"}}`: how an input error is written as JSON.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    let (code, message, field, whole) = classify(raw);
    let offset = byte_offset(text, err.line(), err.column());
    let mut stack = scan(text, offset, false).unwrap_or_default();
    // An error about a whole container (a field serde found missing, too few elements) is
    // reported on its closing bracket: the path is the container's own. (A `null` read as
    // missing is reported on the value, which a closing bracket may directly follow.)
    let about_container =
        (code == ErrorCode::MissingField && field.is_some()) || raw.starts_with("invalid length");
    let closing = about_container && matches!(text.as_bytes().get(offset), Some(b'}' | b']'));
    // A check of a whole container stops either on its closing bracket or just after it
    // (serde_json's position depends on what follows): on the bracket, the container is
    // still open in the scan, and the path is its parent's key.
    let before = text.get(..offset).unwrap_or_default().trim_end().as_bytes().last();
    let whole_closing = whole
        && matches!(text.as_bytes().get(offset), Some(b'}' | b']'))
        && !matches!(before, Some(b'}' | b']'));
    if closing || whole_closing {
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
fn classify(raw: &str) -> (ErrorCode, String, Option<String>, bool) {
    // A value read out of place names its field: `in `dbtBundles`: invalid type …`.
    if let Some((field, rest)) = raw.strip_prefix("in `").and_then(|rest| rest.split_once("`: ")) {
        let (code, message, _, _) = classify(rest);
        return (code, message, Some(field.to_owned()), false);
    }
    if let Some((tag, message)) = raw.strip_prefix('[').and_then(|rest| rest.split_once("] ")) {
        let (name, whole) = tag.strip_suffix('!').map_or((tag, false), |name| (name, true));
        if let Some(code) = ErrorCode::from_name(name) {
            return (code, message.to_owned(), None, whole);
        }
    }
    let quoted = |s: &str| s.split('`').nth(1).map(str::to_owned);
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return (ErrorCode::MissingField, "is required".to_owned(), quoted(rest), false);
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
        return (
            ErrorCode::UnknownField,
            format!("is not a known field{expected}"),
            Some(field.to_owned()),
            false,
        );
    }
    if raw.starts_with("unknown variant ") || raw.starts_with("invalid value") {
        return (ErrorCode::InvalidValue, raw.to_owned(), None, false);
    }
    (ErrorCode::InvalidJson, raw.to_owned(), None, false)
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
                let close = string_end(bytes, start);
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

/// Where the string whose contents begin at `start` ends: the position of its closing
/// quote, or the end of `bytes` when it is not closed. Jumps to the next quote or
/// backslash (memchr scans many bytes at a time).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut close = start;
    loop {
        match bytes.get(close..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
            Some(at) if bytes.get(close + at) == Some(&b'"') => return close + at,
            Some(at) => close += at + 2,
            None => return bytes.len(),
        }
    }
}

/// Whether the text nests deeper than [`MAX_DEPTH`]: brackets counted outside strings.
fn deeper_than_limit(bytes: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        match byte {
            b'"' => pos = string_end(bytes, pos + 1),
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        pos += 1;
    }
    false
}

/// The ellipsis that ends a string cut to the limit.
const ELLIPSIS: &str = "\u{2026}";

/// The text with every string longer than [`MAX_STRING_BYTES`] (as written) cut to the
/// limit, ellipsis included; borrowed when there is none. A cut never splits an escape,
/// a surrogate pair or a UTF-8 character.
fn cut_long_strings(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    // How much of `text` is already in `out`.
    let mut copied = 0;
    let mut pos = 0;
    // Outside strings, the next quote opens one; its contents are jumped over whole.
    while let Some(at) = bytes.get(pos..).and_then(|rest| memchr::memchr(b'"', rest)) {
        let start = pos + at + 1;
        let close = string_end(bytes, start);
        if close - start > MAX_STRING_BYTES {
            let keep = cut_point(bytes, start, start + MAX_STRING_BYTES - ELLIPSIS.len());
            out.push_str(text.get(copied..keep).unwrap_or_default());
            out.push_str(ELLIPSIS);
            copied = close;
        }
        pos = close + 1;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

/// The last place at or before `limit` where string contents starting at `start` can be
/// cut: the start of an escape (a surrogate pair's two escapes count as one), or of a
/// UTF-8 character.
fn cut_point(bytes: &[u8], start: usize, limit: usize) -> usize {
    let hex_at = |i: usize| {
        let digits = bytes.get(i..i + 4).and_then(|d| std::str::from_utf8(d).ok());
        digits.and_then(|d| u16::from_str_radix(d, 16).ok())
    };
    let mut pos = start;
    let mut last = start;
    while pos <= limit {
        last = pos;
        let step = match bytes.get(pos) {
            None => break,
            Some(b'\\') => match bytes.get(pos + 1) {
                Some(b'u')
                    if hex_at(pos + 2).is_some_and(|u| (0xD800..0xDC00).contains(&u))
                        && bytes.get(pos + 6..pos + 8) == Some(b"\\u") =>
                {
                    12
                }
                Some(b'u') => 6,
                _ => 2,
            },
            Some(&b) if b >= 0xF0 => 4,
            Some(&b) if b >= 0xE0 => 3,
            Some(&b) if b >= 0xC0 => 2,
            Some(_) => 1,
        };
        pos += step;
    }
    last
}
