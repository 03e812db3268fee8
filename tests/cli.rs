//! The command-line tool as a user runs it: exit codes (0 ran, 1 `--check` and not
//! allowed, 2 bad input with the field's path on stderr), standard input as `-`, and the
//! small commands.
#![allow(clippy::panic, reason = "a test reports its failure by panicking")]

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

#[track_caller]
fn run(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_deploy-rollback"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the CLI: {e}"));
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A CLI that refuses its arguments exits without reading its input: a broken pipe
        // then is its answer, not a test failure.
        match pipe.write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("cannot write to the CLI: {e}"),
            _ => {}
        }
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("the CLI did not finish: {e}"));
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The value at a JSON pointer (`/error/code`), `null` when absent.
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

#[track_caller]
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn example_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("november-8.json").display().to_string()
}

/// A file in this test binary's scratch folder.
#[track_caller]
fn scratch(name: &str, contents: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.display().to_string()
}

/// The input of one scenario file, as the text a user would pipe in.
#[track_caller]
fn scenario_input(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("scenarios").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    at(&json(&text), "/input").to_string()
}

/// A scenario whose history[1] has the invalid Runtime version `3.0`.
const BAD_RUNTIME: &str = r#"{
  "now": "2023-11-08T13:00:00Z",
  "deployment": {"id": "dep-1", "name": "etl-prod"},
  "history": [
    {"id": "d1", "createdAt": "2023-11-01T09:00:00Z", "type": "imageAndDags", "status": "deployed",
     "imageTag": "deploy-2023-11-01T09-00", "runtimeVersion": "10.3.0"},
    {"id": "d2", "createdAt": "2023-11-07T10:00:00Z", "type": "imageAndDags", "status": "deployed",
     "imageTag": "deploy-2023-11-07T10-00", "runtimeVersion": "3.0"}
  ]
}"#;

#[test]
fn a_blocked_plan_exits_0_without_check_and_1_with_it() {
    let blocked = scenario_input("plan-blocked-not-deployed.json");
    let plain = run(&["plan", "-", "--to", "d2"], Some(&blocked));
    assert_eq!(plain.code, Some(0), "stderr: {}", plain.stderr);
    assert!(plain.stdout.contains("blocked"), "{}", plain.stdout);
    let checked = run(&["plan", "-", "--to", "d2", "--check", "--json"], Some(&blocked));
    assert_eq!(checked.code, Some(1), "stderr: {}", checked.stderr);
    assert_eq!(at(&json(&checked.stdout), "/verdict"), "blocked");
}

#[test]
fn an_action_required_plan_also_fails_the_check() {
    let input = scenario_input("plan-agent-incompatible-action-required.json");
    let checked = run(&["plan", "-", "--to", "d1", "--check", "--json"], Some(&input));
    assert_eq!(checked.code, Some(1), "stderr: {}", checked.stderr);
    assert_eq!(at(&json(&checked.stdout), "/verdict"), "actionRequired");
}

#[test]
fn an_allowed_plan_passes_the_check() {
    let out = run(&["plan", &example_path(), "--to", "d2", "--check"], None);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(out.stdout.contains("allowed"), "{}", out.stdout);
}

#[test]
fn bad_input_exits_2_naming_the_path() {
    let file = scratch("bad-runtime.json", BAD_RUNTIME);
    for command in [&["eligibility", file.as_str()][..], &["plan", file.as_str(), "--to", "d1"]] {
        let out = run(command, None);
        assert_eq!(out.code, Some(2), "{command:?}");
        assert!(out.stdout.is_empty(), "{command:?} printed {}", out.stdout);
        assert!(out.stderr.contains("history[1].runtimeVersion"), "{command:?}: {}", out.stderr);
        assert!(out.stderr.contains("invalidRuntimeVersion"), "{command:?}: {}", out.stderr);
    }
}

#[test]
fn bad_input_with_json_is_a_json_error_on_stderr() {
    let out = run(&["eligibility", "-", "--json"], Some(BAD_RUNTIME));
    assert_eq!(out.code, Some(2));
    let error = json(&out.stderr);
    assert_eq!(at(&error, "/error/code"), "invalidRuntimeVersion");
    assert_eq!(at(&error, "/error/path"), "history[1].runtimeVersion");
}

#[test]
fn a_missing_file_and_usage_mistakes_exit_2() {
    let missing = run(&["eligibility", "no-such-file.json"], None);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("no-such-file.json"), "{}", missing.stderr);
    for usage in [&["plan", "-"][..], &["frobnicate"], &["eligibility", "-", "--bogus"]] {
        let out = run(usage, Some("{}"));
        assert_eq!(out.code, Some(2), "{usage:?}");
        assert!(!out.stderr.is_empty(), "{usage:?} said nothing");
    }
}

#[test]
fn a_dash_reads_standard_input() {
    let example = std::fs::read_to_string(example_path()).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["eligibility", "-", "--json"], Some(&example));
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let ids: Vec<Value> = at(&json(&out.stdout), "/entries")
        .as_array()
        .map(|entries| entries.iter().map(|e| at(e, "/id").clone()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["d3", "d2", "d1"]);
}

#[test]
fn runtime_compare_prints_the_order() {
    let out = run(&["runtime", "compare", "3.0.0", "3.0-1", "--json"], None);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), "-1\n"), "stderr: {}", out.stderr);
    let out = run(&["runtime", "compare", "3.1-11", "3.1-2", "--json"], None);
    assert_eq!(out.stdout, "1\n");
    let out = run(&["runtime", "compare", "v12.4.0", "12.4.0", "--json"], None);
    assert_eq!(out.stdout, "0\n");
    let out = run(&["runtime", "compare", "3.0.0", "3.0-1"], None);
    assert_eq!(out.stdout, "3.0.0 < 3.0-1\n");
}

#[test]
fn runtime_compare_refuses_a_non_version() {
    let out = run(&["runtime", "compare", "3.0-1", "3.0"], None);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("invalidRuntimeVersion"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn runtime_agent_image_prints_the_parts() {
    let out = run(
        &["runtime", "agent-image", "agent:3.0-12-ubi9-python-3.11-astro-agent-1.1.0-base", "--json"],
        None,
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let parts = json(&out.stdout);
    assert_eq!(at(&parts, "/runtimeVersion"), "3.0-12");
    assert_eq!(at(&parts, "/distro"), "ubi9");
    assert_eq!(at(&parts, "/isBase"), true);
    let bad = run(&["runtime", "agent-image", "agent:latest"], None);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("invalidAgentImage"), "{}", bad.stderr);
}

#[test]
fn import_reads_files_and_writes_a_scenario_the_other_commands_accept() {
    let input = json(&scenario_input("import-rollback-from-id.json"));
    let deployment = scratch("deployment.json", &at(&input, "/deployment").to_string());
    let deploys = scratch("deploys.json", &at(&input, "/deploys").to_string());
    let out = run(&["import", &deployment, &deploys, "--now", "2023-11-08T13:30:00Z", "--json"], None);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let scenario = json(&out.stdout);
    assert_eq!(at(&scenario, "/now"), "2023-11-08T13:30:00Z");
    assert_eq!(at(&scenario, "/history/0/rollbackOf"), "d2");

    // The imported scenario is an input like any other.
    let file = scratch("imported.json", &out.stdout);
    let plan = run(&["plan", &file, "--to", "d3", "--json"], None);
    assert_eq!(plan.code, Some(0), "stderr: {}", plan.stderr);
    assert_eq!(at(&json(&plan.stdout), "/current"), "d4");
}

#[test]
fn import_without_now_uses_the_current_time_and_says_so() {
    let input = json(&scenario_input("import-rollback-from-id.json"));
    let deployment = scratch("deployment-now.json", &at(&input, "/deployment").to_string());
    let deploys = scratch("deploys-now.json", &at(&input, "/deploys").to_string());
    let before = seconds_since_epoch();
    let out = run(&["import", &deployment, &deploys, "--json"], None);
    let after = seconds_since_epoch();
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let now = at(&json(&out.stdout), "/now").as_str().unwrap_or_default().to_owned();
    // RFC 3339 UTC to the second, between the moments before and after the run.
    assert_eq!(now.len(), "2023-11-08T13:30:00Z".len(), "{now}");
    assert!(now.ends_with('Z') && now.as_bytes().get(10) == Some(&b'T'), "{now}");
    let when = chrono::DateTime::parse_from_rfc3339(&now).map(|t| t.timestamp());
    let when = when.unwrap_or_else(|e| panic!("not a timestamp ({e}): {now}"));
    assert!(before <= when && when <= after, "{now} is not between {before} and {after}");
}

fn seconds_since_epoch() -> i64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)).unwrap_or_default()
}
