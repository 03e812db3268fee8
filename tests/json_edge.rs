//! The JSON edge: errors name the field at fault, whatever the layout, and the size
//! limits hold with their path.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::ffi::{from_json, EXAMPLE_SCENARIO_JSON};
use deploy_rollback::{from_astro_api, ErrorCode, Scenario, Timeline, MAX_DEPTH, MAX_STRING_BYTES};
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
    // Short documents too: 60 KB nested 30,000 levels deep, or unclosed.
    let text = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    assert!(text.len() < MAX_STRING_BYTES);
    assert_eq!(error_of(&text), (ErrorCode::InputTooLarge, "[0]".repeat(MAX_DEPTH)));
    assert_eq!(error_of(&"[".repeat(1000)).0, ErrorCode::InputTooLarge);
    let text =
        format!(r#"{{"items": [{{"name": "a", "x": {}1{}}}]}}"#, r#"{"b":"#.repeat(100), "}".repeat(100));
    let path = format!("items[0].x.{}", vec!["b"; MAX_DEPTH - 3].join("."));
    assert_eq!(error_of(&text), (ErrorCode::InputTooLarge, path));
    // Exactly the limit is fine; brackets inside strings do not count.
    let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(from_json::<serde_json::Value>(&at_limit).is_ok());
    let over = format!("[{at_limit}]");
    assert_eq!(
        from_json::<serde_json::Value>(&over).map_err(|e| e.code()).err(),
        Some(ErrorCode::InputTooLarge)
    );
    let brackets = "[{".repeat(500);
    assert!(from_json::<Doc>(&format!(r#"{{"items": [{{"name": "{brackets}\"{brackets}"}}]}}"#)).is_ok());
}

#[test]
fn a_byte_order_mark_is_skipped_by_every_reader() {
    let bom = |text: &str| format!("\u{feff}{text}");
    assert!(from_json::<Doc>(&bom(r#"{"items": []}"#)).is_ok());
    assert!(Scenario::from_json(&bom(EXAMPLE_SCENARIO_JSON)).is_ok());
    let timeline = r#"{"deployment": {"id": "d", "name": "n"}, "events": []}"#;
    assert!(Timeline::from_json(&bom(timeline)).is_ok());
    let page = r#"{"deploys": [{"id": "d1", "createdAt": "2023-11-06T14:00:00Z", "type": "IMAGE_AND_DAG",
        "status": "DEPLOYED", "imageTag": "t", "astroRuntimeVersion": "9.5.0"}]}"#;
    let imported = from_astro_api(&bom(r#"{"id": "dep"}"#), &bom(page), "2023-11-08T13:00:00Z");
    assert_eq!(imported.map(|s| s.history.len()).ok(), Some(1));
    let pages = format!("[{page}]");
    let imported = from_astro_api(r#"{"id": "dep"}"#, &bom(&pages), "2023-11-08T13:00:00Z");
    assert_eq!(imported.map(|s| s.history.len()).ok(), Some(1));
    // One mark only: a second is not JSON.
    assert_eq!(error_of(&bom(&bom(r#"{"items": []}"#))).0, ErrorCode::InvalidJson);
}

/// An import whose newest deploy has this description (as JSON string contents).
fn imported_description(raw: &str) -> Result<String, (ErrorCode, String)> {
    let page = format!(
        r#"{{"deploys": [{{"id": "d1", "createdAt": "2023-11-06T14:00:00Z", "type": "IMAGE_AND_DAG",
        "status": "DEPLOYED", "imageTag": "t", "astroRuntimeVersion": "9.5.0", "description": "{raw}"}}]}}"#
    );
    from_astro_api(r#"{"id": "dep"}"#, &page, "2023-11-08T13:00:00Z")
        .map(|s| s.history.first().and_then(|d| d.description.clone()).unwrap_or_default())
        .map_err(|e| (e.code(), e.path().to_owned()))
}

#[test]
fn the_import_cuts_over_long_strings_where_our_format_refuses_them() {
    let cut = imported_description(&"x".repeat(70_000));
    assert_eq!(cut, Ok(format!("{}…", "x".repeat(MAX_STRING_BYTES - '…'.len_utf8()))));
    // At the limit nothing is cut.
    assert_eq!(imported_description(&"x".repeat(MAX_STRING_BYTES)), Ok("x".repeat(MAX_STRING_BYTES)));
    // Our own format refuses it.
    let scenario = EXAMPLE_SCENARIO_JSON.replacen(
        r#""name": "#,
        &format!(r#""description": "{}", "name": "#, "x".repeat(70_000)),
        1,
    );
    assert_eq!(Scenario::from_json(&scenario).map_err(|e| e.code()).err(), Some(ErrorCode::InputTooLarge));
}

#[test]
fn a_cut_never_splits_an_escape_or_a_character() {
    // Units of every width, shifted so that the limit falls at every place inside them.
    for unit in ["é", "€", "😀", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\\\"] {
        for shift in 0..12 {
            let raw = format!("{}{}", "x".repeat(shift), unit.repeat(70_000 / unit.len()));
            // As written, the cut string keeps as many whole units as fit in the limit
            // with the ellipsis.
            let kept = (MAX_STRING_BYTES - '…'.len_utf8() - shift) / unit.len();
            let decoded: String = serde_json::from_str(&format!("\"{unit}\"")).unwrap_or_default();
            let expected = format!("{}{}…", "x".repeat(shift), decoded.repeat(kept));
            assert!(imported_description(&raw) == Ok(expected), "{unit} shifted by {shift}");
        }
    }
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
