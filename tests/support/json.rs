//! JSON helpers of the scenario files: `{"$repeat": [text, n]}` for long strings, and the
//! diff that names the first place where an answer differs from what was expected.

use serde_json::{Map, Value};

/// Replaces every `{"$repeat": [text, n]}` by `text` repeated `n` times. An object that
/// has other keys too, or arguments of another shape, is left as it is (its values
/// expanded), so that the file's mistake shows in the comparison.
pub fn expand(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            if let (1, Some(Value::Array(args))) = (map.len(), map.get("$repeat")) {
                if let [Value::String(text), Value::Number(n)] = args.as_slice() {
                    if let Some(n) = n.as_u64().and_then(|n| usize::try_from(n).ok()) {
                        return Value::String(text.repeat(n));
                    }
                }
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, expand(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(expand).collect()),
        other => other,
    }
}

/// A short rendering of a value for a failure message.
pub fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 240 {
        format!("{}…", text.chars().take(240).collect::<String>())
    } else {
        text
    }
}

/// How [`first_mismatch`] and [`first_difference`] read the expected value.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Only the keys the expectation gives, and `{"$contains": …}` for a substring.
    Partial,
    /// Everything, and nothing more.
    Exact,
}

/// The first place where `actual` does not match the partial expectation `expected`, as
/// "at path: expected …, got …", under `path` (`""` for the whole document). An object
/// matches when every key it gives matches; an array must have the same length and match
/// element by element; a scalar must be equal; `{"$contains": "abc"}` matches a string
/// that contains `abc`.
pub fn first_mismatch(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    diff(expected, actual, path, Mode::Partial)
}

/// The first place where `actual` is not exactly `expected` (a key too many counts), as
/// "at path: expected …, got …"; `None` when they are equal.
pub fn first_difference(expected: &Value, actual: &Value) -> Option<String> {
    diff(expected, actual, "", Mode::Exact)
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn shown_path(path: &str) -> &str {
    if path.is_empty() {
        "(the whole output)"
    } else {
        path
    }
}

fn is_contains(map: &Map<String, Value>) -> bool {
    map.len() == 1 && map.get("$contains").is_some_and(Value::is_string)
}

fn diff(expected: &Value, actual: &Value, path: &str, mode: Mode) -> Option<String> {
    let differ =
        || Some(format!("at {}: expected {}, got {}", shown_path(path), show(expected), show(actual)));
    match expected {
        Value::Object(wanted) if mode == Mode::Partial && is_contains(wanted) => {
            let needle = wanted.get("$contains").and_then(Value::as_str).unwrap_or_default();
            match actual {
                Value::String(s) if s.contains(needle) => None,
                _ => Some(format!(
                    "at {}: expected a string containing {needle:?}, got {}",
                    shown_path(path),
                    show(actual)
                )),
            }
        }
        Value::Object(wanted) => {
            let Value::Object(got) = actual else { return differ() };
            let missing_or_different = wanted.iter().find_map(|(key, value)| match got.get(key) {
                Some(found) => diff(value, found, &child(path, key), mode),
                None => Some(format!(
                    "at {}: expected {}, but the output has no such key (it has {})",
                    shown_path(&child(path, key)),
                    show(value),
                    got.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                )),
            });
            missing_or_different.or_else(|| match mode {
                Mode::Partial => None,
                Mode::Exact => got.iter().find(|(key, _)| !wanted.contains_key(*key)).map(|(key, value)| {
                    format!("at {}: expected no such key, got {}", shown_path(&child(path, key)), show(value))
                }),
            })
        }
        Value::Array(wanted) => {
            let Value::Array(got) = actual else { return differ() };
            if wanted.len() != got.len() {
                return Some(format!(
                    "at {}: expected {} element(s), got {}: {}",
                    shown_path(path),
                    wanted.len(),
                    got.len(),
                    show(actual)
                ));
            }
            wanted
                .iter()
                .zip(got)
                .enumerate()
                .find_map(|(i, (w, g))| diff(w, g, &format!("{path}[{i}]"), mode))
        }
        scalar => (scalar != actual).then(differ).flatten(),
    }
}
