//! The JS boundary itself, compiled to WebAssembly and run by wasm-bindgen-test in Node
//! (the default) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`).

use crate::{
    check_eligibility, compare_entries, compare_runtime_versions, example_scenario, from_astro_api,
    parse_agent_image, plan_rollback, rules, simulate_timeline, PreparedScenario,
};
use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| match key.parse::<u32>() {
        Ok(i) => Reflect::get_u32(&v, i).unwrap_or(JsValue::UNDEFINED),
        Err(_) => Reflect::get(&v, &key.into()).unwrap_or(JsValue::UNDEFINED),
    })
}

fn text(value: &JsValue, path: &str) -> String {
    get(value, path).as_string().unwrap_or_else(|| format!("<not a string at {path}>"))
}

fn example() -> JsValue {
    example_scenario().unwrap_or(JsValue::NULL)
}

#[wasm_bindgen_test]
fn the_8_november_rollback_previews_as_the_docs_should_have_printed_it() {
    let plan = plan_rollback(example(), "d2".into(), "back to 6 Nov".into()).unwrap_or(JsValue::NULL);
    assert_eq!(text(&plan, "verdict"), "allowed");
    assert_eq!(text(&plan, "newEntry.createdAt"), "2023-11-08T13:00:00Z");
    assert_eq!(text(&plan, "newEntry.imageTag"), "deploy-2023-11-06T14-00");
    assert_eq!(text(&plan, "newEntry.dagBundleVersion"), "2023-11-06T14:00:00.0000000Z");
    assert_eq!(text(&plan, "newEntry.rollbackOf"), "d2");
    // `null`, not missing, and a plain object, not a Map.
    assert!(get(&plan, "newEntry.git").is_null());
    assert!(get(&plan, "downgrade").is_object() && !get(&plan, "downgrade").is_instance_of::<js_sys::Map>());
}

#[wasm_bindgen_test]
fn errors_are_error_objects_with_code_and_path_and_the_module_keeps_working() {
    let bad = JSON::parse(r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "x", "name": "x"},
        "history": [{"id": "d1", "createdAt": "2023-11-01T00:00:00Z", "type": "imageOnly", "status": "deployed",
        "imageTag": "t", "runtimeVersion": "nine"}]}"#)
    .unwrap_or(JsValue::NULL);
    for _ in 0..3 {
        let err = check_eligibility(bad.clone()).err().unwrap_or(JsValue::NULL);
        assert!(err.is_instance_of::<js_sys::Error>());
        assert_eq!(text(&err, "code"), "invalidRuntimeVersion");
        assert_eq!(text(&err, "path"), "history[0].runtimeVersion");
        let good = check_eligibility(example()).unwrap_or(JsValue::NULL);
        assert_eq!(text(&good, "entries.0.id"), "d3");
    }
    let err = plan_rollback(example(), "nope".into(), JsValue::UNDEFINED).err().unwrap_or(JsValue::NULL);
    assert_eq!((text(&err, "code"), text(&err, "path")), ("unknownDeploy".to_owned(), "target".to_owned()));
    assert_eq!(text(&err, "detail"), "No history entry has the id `nope`.");
    assert_eq!(text(&err, "message"), "unknownDeploy at target: no history entry has the id `nope`");
    let err = check_eligibility(JsValue::UNDEFINED).err().unwrap_or(JsValue::NULL);
    assert_eq!(text(&err, "code"), "invalidJson");
    let err = plan_rollback(example(), JsValue::from(3), JsValue::UNDEFINED).err().unwrap_or(JsValue::NULL);
    assert_eq!(text(&err, "path"), "target");
    assert_eq!(text(&err, "detail"), "`target` is not a string.");
}

#[wasm_bindgen_test]
fn the_rules_are_plain_objects_in_the_pages_order() {
    let list = rules().unwrap_or(JsValue::NULL);
    assert!(js_sys::Array::is_array(&list));
    assert_eq!(js_sys::Array::from(&list).length(), 16);
    assert_eq!(text(&list, "0.id"), "§1");
    assert_eq!(text(&list, "3.id"), "E1");
    assert_eq!(text(&list, "3.section"), "§3");
    assert_eq!(text(&list, "3.title"), "Retention window");
    assert!(text(&list, "3.summary").contains("outsideRetentionWindow"));
}

#[wasm_bindgen_test]
fn runtime_versions_and_agent_images() {
    assert_eq!(compare_runtime_versions("3.0.0".into(), "3.0-1".into()).ok(), Some(-1));
    assert_eq!(compare_runtime_versions("v12.4.0".into(), "12.4.0".into()).ok(), Some(0));
    let err = compare_runtime_versions("3.0".into(), "3.0-1".into()).err().unwrap_or(JsValue::NULL);
    assert_eq!(
        (text(&err, "code"), text(&err, "path")),
        ("invalidRuntimeVersion".to_owned(), "a".to_owned())
    );
    let parts = parse_agent_image("agent:3.0-12-ubi9-python-3.11-astro-agent-1.1.0-base".into())
        .unwrap_or(JsValue::NULL);
    assert_eq!(text(&parts, "runtimeVersion"), "3.0-12");
    assert_eq!(get(&parts, "isBase").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn timelines_and_imports() {
    let timeline = example();
    let events = JSON::parse(
        r#"[{"at": "2023-11-08T13:00:00Z", "kind": "rollback", "to": "d2", "description": "x"}]"#,
    )
    .unwrap_or(JsValue::NULL);
    let _ = Reflect::delete_property(timeline.unchecked_ref::<js_sys::Object>(), &"now".into());
    let _ = Reflect::set(&timeline, &"events".into(), &events);
    let result = simulate_timeline(timeline).unwrap_or(JsValue::NULL);
    assert_eq!(text(&result, "history.0.rollbackOf"), "d2");
    assert_eq!(text(&result, "steps.0.outcome"), "applied");

    let scenario = from_astro_api(
        r#"{"id": "dep", "name": "n", "somethingNew": true}"#.into(),
        r#"{"deploys": [{"id": "a", "createdAt": "2023-11-01T00:00:00Z", "type": "DAG_ONLY", "status": "FAILED",
            "astroRuntimeVersion": "3.1-1", "imageTag": "t"}], "limit": 1, "offset": 0, "totalCount": 1}"#
            .into(),
        "2023-11-08T13:00:00Z".into(),
    )
    .unwrap_or(JsValue::NULL);
    assert_eq!(text(&scenario, "history.0.type"), "dagsOnly");
    assert_eq!(text(&scenario, "history.0.status"), "failed");
}

#[wasm_bindgen_test]
fn two_entries_compare_field_by_field_with_errors_naming_the_argument() {
    let diff = compare_entries(example(), "d3".into(), "d1".into()).unwrap_or(JsValue::NULL);
    assert_eq!(text(&diff, "direction"), "older");
    assert_eq!(text(&diff, "fields.0.label"), "Image tag");
    assert_eq!(text(&diff, "runtime.change"), "downgrade");
    assert_eq!(text(&diff, "runtime.downgrade.kind"), "patch");
    assert_eq!(text(&diff, "between.0"), "d2");
    assert!(get(&diff, "commits.to").is_string());
    let err = compare_entries(example(), "d3".into(), "d9".into()).err().unwrap_or(JsValue::NULL);
    assert_eq!((text(&err, "code"), text(&err, "path")), ("unknownDeploy".to_owned(), "to".to_owned()));
    let err = compare_entries(example(), JsValue::from(1), "d1".into()).err().unwrap_or(JsValue::NULL);
    assert_eq!((text(&err, "code"), text(&err, "path")), ("invalidJson".to_owned(), "from".to_owned()));
}

#[wasm_bindgen_test]
fn a_prepared_scenario_answers_many_questions_and_survives_errors() {
    let prepared = match PreparedScenario::new(example()) {
        Ok(prepared) => prepared,
        Err(err) => return assert!(err.is_null(), "the example must read"),
    };
    for _ in 0..3 {
        let err = prepared.plan_rollback("nope".into(), JsValue::UNDEFINED).err().unwrap_or(JsValue::NULL);
        assert_eq!(text(&err, "code"), "unknownDeploy");
        let plan = prepared.plan_rollback("d2".into(), "back".into()).unwrap_or(JsValue::NULL);
        assert_eq!(text(&plan, "newEntry.imageTag"), "deploy-2023-11-06T14-00");
        let eligibility = prepared.check_eligibility().unwrap_or(JsValue::NULL);
        assert_eq!(text(&eligibility, "entries.0.id"), "d3");
        let diff = prepared.compare_entries("d1".into(), "d3".into()).unwrap_or(JsValue::NULL);
        assert_eq!(text(&diff, "runtime.change"), "upgrade");
        let err = prepared.compare_entries("nope".into(), "d3".into()).err().unwrap_or(JsValue::NULL);
        assert_eq!(text(&err, "path"), "from");
    }
    let err = PreparedScenario::new("{}".into()).err().unwrap_or(JsValue::NULL);
    assert_eq!((text(&err, "code"), text(&err, "path")), ("missingField".to_owned(), "now".to_owned()));
}
