//! The error-path oracle of the property tests and the fuzz targets: an input error about
//! a document that is valid JSON must name a place in it.

use super::duplicate_keys::has_duplicate_keys;
use deploy_rollback::{ErrorCode, InputError};
use serde_json::Value;

/// One step of an error path: a key or an index.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// `createdAt` in `history[3].createdAt`.
    Key(String),
    /// `3` in `history[3].createdAt`.
    Index(usize),
}

/// `history[3].createdAt` as steps (`""` is the whole document, no step); `None` if it is
/// not a path at all. Only the first part may start with an index (`[0].id`, a document
/// that is an array); every other part starts with a key, so `.a`, `a..b`, `a.` and
/// `a.[0]` are not paths.
pub fn steps(path: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    if path.is_empty() {
        return Some(out);
    }
    for (n, part) in path.split('.').enumerate() {
        let (key, mut rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Step::Key(key.to_owned()));
        } else if n > 0 || rest.is_empty() {
            return None;
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            out.push(Step::Index(index.parse().ok()?));
            if !after.is_empty() && !after.starts_with('[') {
                return None;
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    Some(out)
}

/// The node `steps` lead to from `doc`.
pub fn resolve<'v>(doc: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(doc, |node, step| match step {
        Step::Key(key) => node.get(key.as_str()),
        Step::Index(i) => node.get(*i),
    })
}

/// Whether every key of `doc` is plain enough for a dotted path to name it unambiguously.
pub fn plain_keys(doc: &Value) -> bool {
    match doc {
        Value::Object(map) => {
            map.iter().all(|(k, v)| !k.is_empty() && !k.contains(['.', '[', ']', '?']) && plain_keys(v))
        }
        Value::Array(items) => items.iter().all(plain_keys),
        _ => true,
    }
}

/// Checks that `err`, the answer to the JSON document `text`, names a place in it: the
/// node at fault (an unknown field too), or for a missing field the object it is missing
/// from (the field absent or null there). `prefix` is the path
/// of the document within the error's (`deployment` for an import's first document, `""`
/// for a document read on its own); an error about another document is not this one's to
/// check. Not checked: `inputTooLarge` (it may stop anywhere), text that is not JSON or
/// repeats a key (`serde_json::Value` keeps the last, the engine refuses the repeat), and
/// keys a dotted path cannot name. `Err` says what is wrong.
pub fn check(text: &str, prefix: &str, err: &InputError) -> Result<(), String> {
    if err.code() == ErrorCode::InputTooLarge || has_duplicate_keys(text) {
        return Ok(());
    }
    let Ok(doc) = serde_json::from_str::<Value>(text) else { return Ok(()) };
    if !plain_keys(&doc) {
        return Ok(());
    }
    let path = err.path();
    let rest = if prefix.is_empty() {
        path
    } else if path == prefix {
        ""
    } else {
        match path.strip_prefix(prefix) {
            Some(r) if r.starts_with('[') => r,
            Some(r) if r.starts_with('.') => r.get(1..).unwrap_or_default(),
            _ => return Ok(()),
        }
    };
    let Some(mut steps) = steps(rest) else { return Err(format!("{err:?}: `{path}` is not a path")) };
    if err.code() == ErrorCode::MissingField {
        let Some(Step::Key(field)) = steps.pop() else { return Err(format!("{err:?}: no field named")) };
        let Some(parent) = resolve(&doc, &steps) else {
            return Err(format!("{err:?}: `{path}`'s object is not in the document\n{text}"));
        };
        if !parent.is_object() {
            return Err(format!("{err:?}: `{path}` is missing from a non-object\n{text}"));
        }
        if !parent.get(&field).is_none_or(Value::is_null) {
            return Err(format!("{err:?}: `{path}` is said to be missing but is there\n{text}"));
        }
    } else if resolve(&doc, &steps).is_none() {
        return Err(format!("{err:?}: `{path}` is not in the document\n{text}"));
    }
    Ok(())
}
