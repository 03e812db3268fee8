//! The documentation's own example as golden tests: on 8 November 2023 at 13:00 UTC a
//! user rolls `etl-prod` back to the deploy of 6 November 2023 at 14:00 (`d2`).
//!
//! The golden files in `tests/golden/` were generated once by the engine and then checked
//! value by value against the rules (docs/rules.md §4): the new top entry is dated 13:00 on
//! 8 Nov 2023 (the docs print 14:00), its image is `deploy-2023-11-06T14-00` (the docs
//! print `2023-11-6`), its Dag bundle version is the target's
//! `2023-11-06T14:00:00.0000000Z` (the docs print a 16 November value), it records
//! `rollbackOf: d2` and `replaces: d3`, and every older entry stays where it was. A
//! difference is an engine change to review, not a file to regenerate blindly.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

use deploy_rollback::ffi::{to_json, EXAMPLE_DESCRIPTION, EXAMPLE_TARGET};
use deploy_rollback::{simulate, Event, Scenario, Timeline};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::json::first_difference;

/// The repository's root, where the example and scenario files are.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn golden_path(name: &str) -> PathBuf {
    root().join("tests").join("golden").join(name)
}

#[track_caller]
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[track_caller]
fn json(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON: {e}\n{text}"))
}

#[track_caller]
fn golden(name: &str) -> Value {
    json(&read(&golden_path(name)), name)
}

/// Compares as parsed JSON and, on a difference, names the first path that differs.
#[track_caller]
fn assert_same(actual: &Value, expected: &Value, what: &str) {
    if let Some(difference) = first_difference(expected, actual) {
        panic!(
            "{what} differs from its golden file {difference}\n\nactual:\n{}\n",
            serde_json::to_string_pretty(actual).unwrap_or_default()
        );
    }
}

fn cli(args: &[&str]) -> Output {
    support::cli::run_command(support::cli::cli().args(args), None)
}

#[track_caller]
fn stdout_of(args: &[&str]) -> String {
    let out = cli(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "deploy-rollback {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("the CLI printed non-UTF-8: {e}"))
}

#[test]
fn simulating_the_example_rollback_matches_the_golden_history() {
    let scenario = Scenario::from_json(&read(&root().join("examples").join("november-8.json")))
        .unwrap_or_else(|e| panic!("examples/november-8.json: {e}"));
    let at = "2023-11-08T13:00:00Z".parse().unwrap_or_else(|e| panic!("{e}"));
    let rollback = Event::rollback(at, EXAMPLE_TARGET, Some(EXAMPLE_DESCRIPTION));
    let timeline = Timeline::from_scenario(scenario, vec![rollback]);
    let simulation = simulate(&timeline).unwrap_or_else(|e| panic!("the example does not simulate: {e}"));
    let actual = json(&to_json(&simulation), "the simulation");
    assert_same(&actual, &golden("november-8-simulation.json"), "the simulation of the example");
}

/// The value at a JSON pointer (`/history/0/id`), `null` when absent.
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

#[test]
fn the_golden_history_says_what_the_docs_meant() {
    // The golden file itself, read against docs/rules.md §4, so that regenerating it cannot
    // quietly bless a wrong value.
    let golden = golden("november-8-simulation.json");
    let top = at(&golden, "/history/0");
    let field = |name: &str| at(top, &format!("/{name}")).clone();
    assert_eq!(field("createdAt"), "2023-11-08T13:00:00Z", "the moment of the rollback, not 14:00");
    assert_eq!(field("type"), "rollback");
    assert_eq!(field("status"), "deployed");
    assert_eq!(field("imageTag"), "deploy-2023-11-06T14-00", "zero-padded, not 2023-11-6");
    assert_eq!(field("dagBundleVersion"), "2023-11-06T14:00:00.0000000Z", "the target's, not 16 Nov");
    assert_eq!(field("runtimeVersion"), "9.1.0");
    assert_eq!(field("description"), EXAMPLE_DESCRIPTION);
    assert_eq!(field("rollbackOf"), "d2");
    assert_eq!(field("replaces"), "d3");
    let ids: Vec<&str> = at(&golden, "/history")
        .as_array()
        .map(|h| h.iter().filter_map(|e| at(e, "/id").as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["rollback-4", "d3", "d2", "d1"], "every older entry stays where it was");
    let d2 = at(&golden, "/history/2");
    assert_eq!(at(d2, "/createdAt"), "2023-11-06T14:00:00Z", "the target stays as it was");
    assert_eq!(at(d2, "/rollbackOf"), &Value::Null);
    assert_eq!(at(&golden, "/deployment/runtimeVersion"), "9.1.0");
    assert_eq!(at(&golden, "/deployment/executor"), "CELERY", "settings are kept");
    assert_eq!(at(&golden, "/steps/0/outcome"), "applied");
    assert_eq!(at(&golden, "/steps/0/plan"), &golden_plan(), "the step's plan is the CLI's plan");
}

fn golden_plan() -> Value {
    golden("november-8-plan.json")
}

#[test]
fn the_cli_prints_the_golden_plan_as_json() {
    let actual = json(&stdout_of(&["--json"]), "`deploy-rollback --json`");
    assert_same(&actual, &golden_plan(), "`deploy-rollback --json`");
}

#[test]
fn the_cli_shows_the_example_and_the_docs_slips() {
    // Prose wraps to the terminal's width: read it as words.
    let text = stdout_of(&[]).split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "2023-11-08 13:00",
        "deploy-2023-11-06T14-00",
        "2023-11-06T14:00:00.0000000Z",
        "Where the documentation's own example slips",
        "the docs print 14:00",
        "the docs print 2023-11-6",
        "the docs print a 16 November value",
    ] {
        assert!(text.contains(needle), "the example's output lacks {needle:?}:\n{text}");
    }
}
