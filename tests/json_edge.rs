//! The JSON edge: errors name the field at fault, whatever the layout, and the size
//! limits hold with their path.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::{from_json, ErrorCode, MAX_STRING_BYTES};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(dead_code, reason = "read only to be refused or accepted")]
struct Doc {
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(dead_code, reason = "read only to be refused or accepted")]
struct Item {
    name: String,
}

#[track_caller]
fn error_of(text: &str) -> (ErrorCode, String) {
    match from_json::<Doc>(text) {
        Ok(doc) => panic!("{text} parsed as {doc:?}"),
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
    let pretty =
        "{\n  \"items\": [\n    {\"name\": \"a\"},\n    {\"name\": \"b\",\n     \"extra\": [1, 2]}\n  ]\n}";
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

#[test]
fn keys_with_brackets_inside_are_named_whole() {
    // The scan skips string contents: a `}` inside a key is not the object's end.
    assert_eq!(
        error_of(r#"{"items": [{"name": "a", "na}me": 1}]}"#),
        (ErrorCode::UnknownField, "items[0].na}me".into())
    );
    let pad = "y".repeat(MAX_STRING_BYTES);
    let text = format!(r#"{{"items": [{{"name": "{pad}"}}, {{"name": "b", "x]\"}}": 1}}]}}"#);
    assert_eq!(error_of(&text), (ErrorCode::UnknownField, "items[1].x]\"}".into()));
}
