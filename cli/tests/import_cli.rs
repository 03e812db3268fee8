//! The CLI's `import` with several deploys files, one of them holding an array of pages
//! (rules.md §8): the files are flattened in order into one array of pages, a bare array of
//! deploys being one page. And the hint when an Astro API document is given where a
//! scenario is expected.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use std::path::Path;

fn scratch(name: &str, contents: &str) -> String {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import-cli-{name}"));
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.display().to_string()
}

fn deploy(id: &str, at: &str) -> Value {
    json!({"id": id, "createdAt": at, "type": "IMAGE_AND_DAG", "status": "DEPLOYED", "imageTag": format!("img-{id}")})
}

fn import(files: &[&str]) -> (Option<i32>, Value, String) {
    let args: Vec<&str> = ["import"]
        .into_iter()
        .chain(files.iter().copied())
        .chain(["--now", "2023-11-08T13:00:00Z", "--json"])
        .collect();
    let out = support::cli::run(&args, None);
    let value = serde_json::from_str(if out.stdout.is_empty() { &out.stderr } else { &out.stdout })
        .unwrap_or(Value::Null);
    (out.code, value, out.stderr)
}

#[test]
fn import_takes_a_file_of_pages_next_to_a_file_of_one_page() {
    let deployment = scratch("deployment.json", r#"{"id": "dep-1", "name": "etl"}"#);
    let pages = json!([
        {"deploys": [deploy("d4", "2023-11-07T10:00:00Z"), deploy("d3", "2023-11-06T10:00:00Z")], "offset": 0},
        {"deploys": [deploy("d2", "2023-11-05T10:00:00Z")], "offset": 2},
    ]);
    // The array file starts with a byte-order mark, as files saved on Windows may.
    let array = scratch("pages.json", &format!("\u{feff}{pages}"));
    let page = scratch(
        "page.json",
        &json!({"deploys": [deploy("d1", "2023-11-04T10:00:00Z")], "offset": 3}).to_string(),
    );
    let empty = scratch("empty.json", "[ ]");
    let (code, scenario, stderr) = import(&[&deployment, &array, &empty, &page]);
    assert_eq!(code, Some(0), "{stderr}");
    let ids: Vec<&str> = scenario
        .pointer("/history")
        .and_then(Value::as_array)
        .map(|h| h.iter().filter_map(|d| d.get("id").and_then(Value::as_str)).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["d4", "d3", "d2", "d1"]);
    // Paths name the page in the flattened array: the lone page is the third.
    let bad = scratch("bad.json", &json!({"deploys": [{"id": null}], "offset": 3}).to_string());
    let (code, error, _) = import(&[&deployment, &array, &bad]);
    assert_eq!(code, Some(2));
    assert_eq!(error.pointer("/error/code"), Some(&json!("missingField")));
    assert_eq!(error.pointer("/error/path"), Some(&json!("deploys[2].deploys[0].id")));
}

#[test]
fn a_bare_array_of_deploys_is_one_page_alone_or_among_files() {
    let deployment = scratch("bare-deployment.json", r#"{"id": "dep-1", "name": "etl"}"#);
    let bare = scratch(
        "bare-deploys.json",
        &json!([deploy("d4", "2023-11-07T10:00:00Z"), deploy("d3", "2023-11-06T10:00:00Z")]).to_string(),
    );
    let (code, scenario, stderr) = import(&[&deployment, &bare]);
    assert_eq!(code, Some(0), "{stderr}");
    let ids = |s: &Value| -> Vec<String> {
        s.pointer("/history")
            .and_then(Value::as_array)
            .map(|h| {
                h.iter().filter_map(|d| d.get("id").and_then(Value::as_str)).map(str::to_owned).collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(ids(&scenario), ["d4", "d3"]);
    // Beside a page at offset 2: the bare array is the page at offset 0.
    let page = scratch(
        "bare-next.json",
        &json!({"deploys": [deploy("d2", "2023-11-05T10:00:00Z")], "offset": 2}).to_string(),
    );
    let (code, scenario, stderr) = import(&[&deployment, &page, &bare]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(ids(&scenario), ["d4", "d3", "d2"]);
}

#[test]
fn an_astro_document_where_a_scenario_is_expected_says_to_import_it_first() {
    let deployment = scratch(
        "raw-deployment.json",
        r#"{"id": "dep-1", "name": "etl", "runtimeVersion": "9.5.0", "imageTag": "img", "workspaceId": "w"}"#,
    );
    for command in ["eligibility", "plan", "simulate"] {
        let out = support::cli::run(&[command, &deployment], None);
        assert_eq!(out.code, Some(2), "{command}: {}", out.stderr);
        assert!(out.stderr.contains("looks like a Deployment as the Astro API returns it"), "{}", out.stderr);
        assert!(
            out.stderr.contains(&format!("deploy-rollback import {deployment} DEPLOYS.json")),
            "{}",
            out.stderr
        );
    }
    let page =
        scratch("raw-page.json", &json!({"deploys": [deploy("d1", "2023-11-04T10:00:00Z")]}).to_string());
    let out = support::cli::run(&["eligibility", &page, "--json"], None);
    let error: Value = serde_json::from_str(&out.stderr).unwrap_or(Value::Null);
    let message = error.pointer("/error/message").and_then(Value::as_str).unwrap_or_default();
    assert!(message.contains("looks like deploys as the Astro API returns them"), "{message}");
    assert!(message.contains("import DEPLOYMENT.json"), "{message}");
}
