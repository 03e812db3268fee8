//! The shared test helpers of `tests/support/`, tested once here rather than in every
//! crate that includes them: a helper that always agrees would make its callers vacuous.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "support/mod.rs"]
mod support;

use deploy_rollback::{ErrorCode, Scenario};
use serde_json::json;
use support::error_path::{check, steps, Step};
use support::json::{expand, first_difference, first_mismatch};
use support::showable::check_answer;

#[test]
fn the_partial_diff_ignores_extra_keys_and_the_exact_one_does_not() {
    let actual = json!({"verdict": "blocked", "reasons": [{"code": "notDeployed", "message": "m"}]});
    let partial = json!({"verdict": "blocked", "reasons": [{"code": "notDeployed"}]});
    assert_eq!(first_mismatch(&partial, &actual, ""), None);
    let why = first_difference(&partial, &actual).unwrap_or_default();
    assert_eq!(why, "at reasons[0].message: expected no such key, got \"m\"");
    assert_eq!(first_difference(&actual, &actual), None);
    let why = first_difference(&json!({"a": [1, 2]}), &json!({"a": [1, 3]})).unwrap_or_default();
    assert_eq!(why, "at a[1]: expected 2, got 3");
    let why = first_difference(&json!({"a": 1, "b": 2}), &json!({"a": 1})).unwrap_or_default();
    assert!(why.starts_with("at b: expected 2, but the output has no such key"), "{why}");
    let why = first_mismatch(&json!([1]), &json!({"a": 1}), "").unwrap_or_default();
    assert_eq!(why, "at (the whole output): expected [1], got {\"a\":1}");
    // `$contains` is a partial expectation's word only.
    let contains = json!({"message": {"$contains": "m"}});
    assert_eq!(first_mismatch(&contains, &json!({"message": "mm"}), ""), None);
    assert!(first_mismatch(&contains, &json!({"message": "x"}), "").is_some());
    assert!(first_difference(&contains, &json!({"message": "mm"})).is_some());
}

#[test]
fn repeat_expands_only_its_own_shape() {
    assert_eq!(expand(json!({"a": {"$repeat": ["é", 3]}})), json!({"a": "ééé"}));
    assert_eq!(expand(json!([{"$repeat": ["ab", 0]}])), json!([""]));
    for kept in [json!({"$repeat": ["x", -1]}), json!({"$repeat": [1, 2]}), json!({"$repeat": "x"})] {
        assert_eq!(expand(kept.clone()), kept);
    }
    let nested = json!({"$repeat": ["x", 2], "other": {"$repeat": ["y", 2]}});
    assert_eq!(expand(nested), json!({"$repeat": ["x", 2], "other": "yy"}));
}

#[test]
fn error_paths_parse_strictly() {
    let key = |k: &str| Step::Key(k.to_owned());
    assert_eq!(steps(""), Some(vec![]));
    assert_eq!(steps("history[3].createdAt"), Some(vec![key("history"), Step::Index(3), key("createdAt")]));
    assert_eq!(steps("[0][1].id"), Some(vec![Step::Index(0), Step::Index(1), key("id")]));
    for bad in [".a", "a..b", "a.", "a.[0]", "a[x]", "a[1", "a[1]b", "."] {
        assert_eq!(steps(bad), None, "{bad:?}");
    }
}

#[test]
fn the_error_path_oracle_catches_a_wrong_path() {
    let text = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "nmae": "n"}}"#;
    let err = match Scenario::from_json(text) {
        Ok(_) => panic!("an unknown field was accepted"),
        Err(err) => err,
    };
    assert_eq!(err.code(), ErrorCode::UnknownField);
    assert_eq!(check(text, "", &err), Ok(()));
    // The same error about a document without that field, or under another prefix.
    let other = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d"}}"#;
    assert!(check(other, "", &err).is_err());
    assert_eq!(check(other, "deploys", &err), Ok(()), "another document's error is not checked");
    let missing = r#"{"now": "2023-11-08T13:00:00Z", "history": []}"#;
    let err = match Scenario::from_json(missing) {
        Ok(_) => panic!("a scenario without a deployment was accepted"),
        Err(err) => err,
    };
    assert_eq!((err.code(), err.path()), (ErrorCode::MissingField, "deployment"));
    assert_eq!(check(missing, "", &err), Ok(()));
    assert!(check(text, "", &err).is_err(), "said to be missing but is there");
}

#[test]
fn the_showable_check_notices_words_that_disagree_with_their_code() {
    let scenario = deploy_rollback::ffi::example_scenario().unwrap_or_else(|e| panic!("{e}"));
    let plan = deploy_rollback::plan(&scenario, "d2", None).unwrap_or_else(|e| panic!("{e}"));
    let answer: serde_json::Value =
        serde_json::from_str(&deploy_rollback::ffi::to_json(&plan)).unwrap_or_else(|e| panic!("{e}"));
    let findings = check_answer(&answer);
    assert!(findings.problems.is_empty(), "{:?}", findings.problems);
    assert!(findings.checked > 10, "{}", findings.checked);
    let mutations: [(&str, serde_json::Value, &str); 6] = [
        ("/warnings/0/rule", json!("§9"), "not one rules() returns"),
        ("/warnings/0/rule", json!("E1"), "its code says D1"),
        ("/warnings/0/severity", json!("info"), "severity"),
        ("/warnings/0/title", json!("Something else"), "title"),
        ("/warnings/0/message", json!("no full stop"), "not a sentence"),
        ("/fields/7/currentText", json!("3 queues"), "currentText"),
    ];
    for (pointer, value, why) in mutations {
        let mut mutated = answer.clone();
        if let Some(slot) = mutated.pointer_mut(pointer) {
            *slot = value;
        }
        let problems = check_answer(&mutated).problems;
        assert!(problems.iter().any(|p| p.contains(why)), "{pointer}: {problems:?}");
    }
}
