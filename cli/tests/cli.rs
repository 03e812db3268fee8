//! The command-line tool as a user runs it: exit codes (0 ran, 1 `--check` and not
//! allowed, 2 bad input with the field's path on stderr), standard input as `-`, the small
//! commands, help for every command, usage mistakes that name the argument, and `--json`
//! errors of every kind. (Pipes, widths and colour: `tests/cli_output.rs`.)
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::cli::run;

/// The value at a JSON pointer (`/error/code`), `null` when absent.
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

#[track_caller]
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn example_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples")
        .join("november-8.json")
        .display()
        .to_string()
}

/// A file in this test binary's scratch folder.
#[track_caller]
fn scratch(name: &str, contents: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.display().to_string()
}

/// The input of one scenario file (`<section>/<name>.json`), as the text a user would pipe in.
#[track_caller]
fn scenario_input(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("tests").join("scenarios").join(file);
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
    let blocked = scenario_input("3-eligibility/plan-blocked-not-deployed.json");
    let plain = run(&["plan", "-", "--to", "d2"], Some(&blocked));
    assert_eq!(plain.code, Some(0), "stderr: {}", plain.stderr);
    assert!(plain.stdout.contains("blocked"), "{}", plain.stdout);
    let checked = run(&["plan", "-", "--to", "d2", "--check", "--json"], Some(&blocked));
    assert_eq!(checked.code, Some(1), "stderr: {}", checked.stderr);
    assert_eq!(at(&json(&checked.stdout), "/verdict"), "blocked");
}

#[test]
fn an_action_required_plan_also_fails_the_check() {
    let input = scenario_input("6-remote-execution-agents/plan-agent-incompatible-action-required.json");
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
fn diff_with_json_is_the_comparison_and_an_unknown_id_names_its_argument() {
    let out = run(&["diff", &example_path(), "d1", "d3", "--json"], None);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(out.stdout.ends_with("}\n") && out.stdout.lines().count() == 1, "{}", out.stdout);
    let diff = json(&out.stdout);
    let keys: Vec<&str> =
        diff.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    let mut expected = ["from", "to", "direction", "fields", "runtime", "between", "commits", "warnings"];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        (at(&diff, "/from"), at(&diff, "/to"), at(&diff, "/direction")),
        (&"d1".into(), &"d3".into(), &"newer".into())
    );
    let fields: Vec<&Value> = at(&diff, "/fields")
        .as_array()
        .map(|f| f.iter().map(|f| at(f, "/field")).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["imageTag", "dagBundleVersion", "dbtBundles", "runtimeVersion", "dagDeployEnabled"]);
    assert_eq!(at(&diff, "/fields/3/fromText"), "9.1.0");
    assert_eq!(at(&diff, "/runtime/change"), "upgrade");
    assert_eq!(at(&diff, "/runtime/downgrade"), &Value::Null);
    assert_eq!(at(&diff, "/between"), &serde_json::json!(["d2"]));
    assert_eq!(at(&diff, "/commits/from"), "1a2b3c4");
    for (args, path) in [(["d9", "d1"], "from"), (["d1", "d9"], "to")] {
        let out = run(
            &[&["diff", "-"][..], &args, &["--json"]].concat(),
            Some(&std::fs::read_to_string(example_path()).unwrap_or_default()),
        );
        assert_eq!(out.code, Some(2), "{args:?}");
        let error = json(&out.stderr);
        assert_eq!(
            (at(&error, "/error/code"), at(&error, "/error/path")),
            (&"unknownDeploy".into(), &path.into())
        );
        let plain = run(&[&["diff", example_path().as_str()][..], &args].concat(), None);
        assert!(plain.stderr.starts_with(&format!("error: unknownDeploy at {path}: ")), "{}", plain.stderr);
    }
    assert_usage(&["diff", "-", "d1"], "<B>", "B");
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
    let input = json(&scenario_input("8-astro-platform-api-shapes/import-rollback-from-id.json"));
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
    let input = json(&scenario_input("8-astro-platform-api-shapes/import-rollback-from-id.json"));
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

#[test]
fn import_takes_several_page_files_which_must_join_up() {
    let input = json(&scenario_input("8-astro-platform-api-shapes/import-pages-in-any-order-join-up.json"));
    let deployment = scratch("deployment-pages.json", &at(&input, "/deployment").to_string());
    let first = scratch("deploys-page-0.json", &at(&input, "/deploys/1").to_string());
    let second = scratch("deploys-page-2.json", &at(&input, "/deploys/0").to_string());
    let out = run(&["import", &deployment, &first, &second, "--now", "2023-11-08T13:00:00Z", "--json"], None);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let ids: Vec<String> = match at(&json(&out.stdout), "/history") {
        Value::Array(entries) => entries.iter().map(|e| at(e, "/id").to_string()).collect(),
        other => panic!("no history: {other}"),
    };
    assert_eq!(ids, ["\"d6\"", "\"d5\"", "\"d4\"", "\"d3\""]);
    // The second page alone leaves out the newest deploys.
    let out = run(&["import", &deployment, &second, "--now", "2023-11-08T13:00:00Z", "--json"], None);
    assert_eq!(out.code, Some(2), "stdout: {}", out.stdout);
    let error = json(&out.stderr);
    assert_eq!(
        (at(&error, "/error/code"), at(&error, "/error/path")),
        (&Value::from("incompleteHistory"), &Value::from("deploys"))
    );
}

fn seconds_since_epoch() -> i64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Help, version and usage mistakes
// ---------------------------------------------------------------------------------------

/// Every command, as typed after `deploy-rollback`.
const COMMANDS: [&[&str]; 10] = [
    &["eligibility"],
    &["plan"],
    &["diff"],
    &["simulate"],
    &["runtime"],
    &["runtime", "compare"],
    &["runtime", "agent-image"],
    &["import"],
    &["example"],
    &["completion"],
];

#[test]
fn every_command_has_its_own_help_as_an_option_and_as_a_command() {
    for command in COMMANDS {
        let usage = format!("Usage: deploy-rollback {}", command.join(" "));
        let option = run(&[command, &["--help"]].concat(), None);
        assert_eq!(option.code, Some(0), "{command:?} --help: {}", option.stderr);
        assert!(option.stdout.contains(&usage), "{command:?} --help:\n{}", option.stdout);
        assert!(option.stderr.is_empty(), "{command:?} --help: {}", option.stderr);
        let help = run(&[&["help"], command].concat(), None);
        assert_eq!(help.code, Some(0), "help {command:?}: {}", help.stderr);
        assert_eq!(help.stdout, option.stdout, "help {command:?} differs from --help");
    }
    let plan = run(&["plan", "--help"], None).stdout;
    for option in ["--to <ID>", "--description <TEXT>", "--check", "--json", "<FILE>"] {
        assert!(plan.contains(option), "plan --help lacks {option}:\n{plan}");
    }
    let top = run(&["--help"], None);
    assert_eq!(top.code, Some(0));
    for command in
        ["eligibility", "plan", "diff", "simulate", "runtime", "import", "example", "completion", "help"]
    {
        assert!(top.stdout.contains(command), "--help lacks {command}:\n{}", top.stdout);
    }
    assert_eq!(run(&["help"], None).stdout, top.stdout);
}

#[test]
fn version_prints_the_crate_version() {
    let out = run(&["--version"], None);
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, format!("deploy-rollback {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn an_option_value_may_follow_an_equals_sign_or_a_space() {
    let file = example_path();
    for extra in [&[][..], &["--json"], &["--description=-why not", "--json"]] {
        let spaced = run(&[&["plan", file.as_str(), "--to", "d2"], extra].concat(), None);
        let joined = run(&[&["plan", file.as_str(), "--to=d2"], extra].concat(), None);
        assert_eq!(spaced.code, Some(0), "{extra:?}: {}", spaced.stderr);
        assert_eq!(joined.code, Some(0), "{extra:?}: {}", joined.stderr);
        assert_eq!(joined.stdout, spaced.stdout, "{extra:?}");
    }
    // A description may start with a dash.
    let out = run(&["plan", &file, "--to", "d2", "--description", "-f: back to 6 Nov", "--json"], None);
    assert_eq!(at(&json(&out.stdout), "/newEntry/description"), "-f: back to 6 Nov", "{}", out.stderr);
}

/// A usage mistake: exit 2, nothing on stdout, and stderr naming `argument`; with `--json`
/// a `usage` error whose path is `path`.
#[track_caller]
fn assert_usage(args: &[&str], argument: &str, path: &str) {
    let out = run(args, Some("{}"));
    assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
    assert!(out.stdout.is_empty(), "{args:?} printed {}", out.stdout);
    assert!(out.stderr.contains(argument), "{args:?} does not name {argument}: {}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let out = run(&[args, &["--json"]].concat(), Some("{}"));
    assert_eq!(out.code, Some(2), "{args:?} --json: {}", out.stderr);
    let error = json(&out.stderr);
    assert_eq!(at(&error, "/error/code"), "usage", "{args:?}: {}", out.stderr);
    assert_eq!(at(&error, "/error/path"), path, "{args:?}: {}", out.stderr);
    let message = at(&error, "/error/message").as_str().unwrap_or_default();
    assert!(message.contains(argument), "{args:?}: the message does not name {argument}: {message}");
    assert_eq!(out.stderr.lines().count(), 1, "one line of JSON: {}", out.stderr);
}

#[test]
fn missing_arguments_are_named() {
    let file = example_path();
    assert_usage(&["plan", &file], "--to", "--to");
    assert_usage(&["plan", &file, "--to"], "--to", "--to");
    assert_usage(&["plan", "--to", "d1"], "FILE", "FILE");
    assert_usage(&["eligibility"], "FILE", "FILE");
    assert_usage(&["simulate"], "FILE", "FILE");
    assert_usage(&["runtime", "compare", "9.1.0"], "<B>", "B");
    assert_usage(&["runtime", "agent-image"], "REF", "REF");
    assert_usage(&["import", &file], "DEPLOYS.json", "DEPLOYS.json");
    assert_usage(&["completion"], "SHELL", "SHELL");
}

#[test]
fn unknown_arguments_are_named() {
    assert_usage(&["eligibility", "-", "--bogus"], "--bogus", "--bogus");
    assert_usage(&["plan", "-", "--to", "d1", "--bogus=1"], "--bogus", "--bogus");
    assert_usage(&["frobnicate"], "frobnicate", "frobnicate");
    assert_usage(&["runtime", "frobnicate"], "frobnicate", "frobnicate");
    assert_usage(&["eligibility", "-", "extra.json"], "extra.json", "extra.json");
    assert_usage(&["completion", "tcsh"], "tcsh", "SHELL");
    // `explain` of neither a rule nor a code lists what there is to explain.
    assert_usage(&["explain", "frobnicate"], "frobnicate", "CODE|RULE");
    let out = run(&["explain", "frobnicate"], None);
    assert!(
        out.stderr.starts_with("error: usage at CODE|RULE: `frobnicate` is neither a rule"),
        "{}",
        out.stderr
    );
    for list in ["\nrules: §1, §2, §3, E1,", "\nreasons: outsideRetentionWindow,", "\nerrors: invalidJson,"]
    {
        assert!(out.stderr.contains(list), "lacks {list:?}: {}", out.stderr);
    }
    assert!(out.stderr.lines().skip(1).all(|line| line.chars().count() <= 80), "{}", out.stderr);
    // A near miss gets a suggestion.
    let out = run(&["eligibilty", "-"], None);
    assert!(out.stderr.contains("eligibility"), "{}", out.stderr);
}

#[test]
fn import_reads_standard_input_once() {
    assert_usage(&["import", "-", "-"], "standard input", "-");
}

// ---------------------------------------------------------------------------------------
// --json errors of every kind
// ---------------------------------------------------------------------------------------

/// `{"error": {"code", "message", "path", "detail"}}` and nothing else, on stderr, exit 2;
/// `detail` a sentence of its own (a full stop, no code in front).
#[track_caller]
fn json_error(args: &[&str], stdin: Option<&str>) -> Value {
    let out = run(args, stdin);
    assert_eq!(out.code, Some(2), "{args:?}: {}{}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty(), "{args:?} printed {}", out.stdout);
    let value = json(&out.stderr);
    let keys: Vec<&String> =
        value.pointer("/error").and_then(Value::as_object).map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys, ["code", "detail", "message", "path"], "{}", out.stderr);
    assert_eq!(value.as_object().map(|o| o.len()), Some(1), "{}", out.stderr);
    assert!(out.stderr.starts_with(r#"{"error":{"code":"#), "the engine's key order: {}", out.stderr);
    let detail = at(&value, "/error/detail").as_str().unwrap_or_default();
    let code = at(&value, "/error/code").as_str().unwrap_or_default();
    assert!(detail.ends_with(['.', '!', '?']) && !detail.starts_with(code), "{}", out.stderr);
    value
}

#[test]
fn a_missing_or_unreadable_file_is_an_unreadable_file_error_naming_it() {
    let error = json_error(&["eligibility", "no-such-file.json", "--json"], None);
    assert_eq!(at(&error, "/error/code"), "unreadableFile");
    assert_eq!(at(&error, "/error/path"), "no-such-file.json");
    let message = at(&error, "/error/message").as_str().unwrap_or_default();
    assert!(message.contains("no-such-file.json") && message.contains("No such file"), "{message}");
    let detail = at(&error, "/error/detail").as_str().unwrap_or_default();
    assert_eq!(detail, format!("C{}.", message.strip_prefix('c').unwrap_or(message)));

    // A folder opens but does not read.
    let folder = env!("CARGO_TARGET_TMPDIR");
    let error = json_error(&["plan", folder, "--to", "d1", "--json"], None);
    assert_eq!(at(&error, "/error/code"), "unreadableFile");
    assert_eq!(at(&error, "/error/path"), folder);

    // Without --json: plain text naming the code and the file.
    let out = run(&["simulate", "no-such-file.json"], None);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: unreadableFile at no-such-file.json: cannot read no-such-file.json: No such file or directory (os error 2)"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn usage_errors_start_with_the_documented_error_line() {
    // docs/contract.md: `error: usage at ARGUMENT: MESSAGE`, then clap's tip and usage.
    let out = run(&["eligibility", "-", "--bogus"], Some("{}"));
    let mut lines = out.stderr.lines();
    assert_eq!(
        lines.next(),
        Some("error: usage at --bogus: unexpected argument '--bogus' found"),
        "{}",
        out.stderr
    );
    assert_eq!(lines.next(), Some(""), "{}", out.stderr);
    assert!(out.stderr.contains("\nUsage: deploy-rollback eligibility"), "{}", out.stderr);
    assert!(out.stderr.ends_with("For more information, try '--help'.\n"), "{}", out.stderr);
    let out = run(&["plan", "-"], Some("{}"));
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: usage at --to: the following required arguments were not provided: --to <ID>"),
        "{}",
        out.stderr
    );
    let out = run(&["import", "-", "-"], Some("{}"));
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: usage at -: only one FILE can be `-` (standard input)"),
        "{}",
        out.stderr
    );
    // Input errors already had the format; an error of the whole input has no ` at`.
    let out = run(&["simulate", "-"], Some("["));
    assert!(out.stderr.starts_with("error: invalidJson: "), "{}", out.stderr);
    let out = run(&["eligibility", "-"], Some(r#"{"now": "yesterday"}"#));
    assert!(out.stderr.starts_with("error: invalidTimestamp at now: "), "{}", out.stderr);
}

/// Characters that must not reach a terminal: an escape sequence, a bidi override and
/// isolate, a zero-width space and joiner, a byte-order mark.
const UNSAFE: [char; 7] = ['\u{1b}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{200d}', '\u{feff}', '\u{7}'];

#[test]
fn error_lines_never_echo_escapes_or_bidi_characters() {
    let key = "x\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}gnp.exe\u{200b}";
    let input = serde_json::json!({
        "now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n"}, key: 1
    })
    .to_string();
    let out = run(&["eligibility", "-"], Some(&input));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.starts_with(
            "error: unknownField at x\u{fffd}]0;owned\u{fffd}\u{fffd}[2J\u{fffd}gnp.exe\u{fffd}: "
        ),
        "{:?}",
        out.stderr
    );
    for c in UNSAFE {
        assert!(!out.stderr.contains(c), "{c:?} reached the terminal: {:?}", out.stderr);
    }
    // --json keeps the text as given.
    let error = json_error(&["eligibility", "-", "--json"], Some(&input));
    assert_eq!(at(&error, "/error/path"), key);
    // A value echoed by a message, and an argument echoed by clap.
    let out = run(&["runtime", "compare", "9.1.0\u{1b}[31m\u{2067}", "3.0-1"], None);
    assert_eq!(out.code, Some(2));
    for c in UNSAFE {
        assert!(!out.stderr.contains(c), "{c:?} reached the terminal: {:?}", out.stderr);
    }
    let out = run(&["\u{1b}[31mfrobnicate\u{202e}"], None);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.starts_with("error: usage at \u{fffd}[31mfrobnicate\u{fffd}: "), "{:?}", out.stderr);
    for c in UNSAFE {
        assert!(!out.stderr.contains(c), "{c:?} reached the terminal: {:?}", out.stderr);
    }
    let out = run(&["eligibility", "no-such-\u{1b}[31m\u{feff}.json"], None);
    assert!(
        out.stderr.starts_with("error: unreadableFile at no-such-\u{fffd}[31m\u{fffd}.json: "),
        "{:?}",
        out.stderr
    );
}

#[test]
fn import_for_people_escapes_what_would_reach_the_terminal() {
    // docs/contract.md: without --json the imported scenario is indented JSON in which
    // control and format characters are \u escapes; it reads back as the same text.
    let input = json(&scenario_input("8-astro-platform-api-shapes/import-rollback-from-id.json"));
    let mut deploys = at(&input, "/deploys").clone();
    let description = "fix\u{202e}txt.exe\u{200b}\u{7f}\u{9b}31m";
    if let Some(first) = deploys.pointer_mut("/deploys/0/description") {
        *first = Value::from(description);
    }
    let deployment = scratch("safe-deployment.json", &at(&input, "/deployment").to_string());
    let deploys = scratch("safe-deploys.json", &deploys.to_string());
    let out = run(&["import", &deployment, &deploys, "--now", "2023-11-08T13:30:00Z"], None);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    for c in UNSAFE.iter().chain(&['\u{7f}', '\u{9b}']) {
        assert!(!out.stdout.contains(*c), "{c:?} reached the terminal");
    }
    assert!(out.stdout.contains(r"fix\u202etxt.exe\u200b\u007f\u009b31m"), "{}", out.stdout);
    assert_eq!(at(&json(&out.stdout), "/history/0/description"), description);
    let raw = run(&["import", &deployment, &deploys, "--now", "2023-11-08T13:30:00Z", "--json"], None);
    assert_eq!(json(&raw.stdout), json(&out.stdout));
}

#[test]
fn example_json_is_the_full_scenario_the_js_package_returns() {
    // docs/contract.md: --json prints exactly the JS package's JSON; exampleScenario()
    // returns the scenario read and written back, every field present, on one line.
    let scenario = deploy_rollback::ffi::example_scenario().unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["example", "--json"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, format!("{}\n", deploy_rollback::ffi::to_json(&scenario)));
    assert_eq!(out.stdout.lines().count(), 1);
    let value = json(&out.stdout);
    assert_eq!(at(&value, "/options/taskGracePeriodHours"), 24, "defaults are filled in");
    assert_eq!(at(&value, "/profile"), "astroHosted");
    // It reads back as the same scenario.
    let again = deploy_rollback::Scenario::from_json(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(deploy_rollback::ffi::to_json(&again), deploy_rollback::ffi::to_json(&scenario));
    // The timeline, too, comes back whole and still simulates.
    let out = run(&["example", "--timeline", "--json"], None);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stderr);
    let simulated = run(&["simulate", "-", "--json"], Some(&out.stdout));
    assert_eq!(simulated.code, Some(0), "{}", simulated.stderr);
}

#[test]
fn input_errors_keep_the_library_code_and_path() {
    let cases: [(&[&str], &str, &str, &str); 5] = [
        (&["eligibility", "-", "--json"], r#"{"now": "yesterday"}"#, "invalidTimestamp", "now"),
        (
            &["plan", "-", "--to", "d9", "--json"],
            BAD_RUNTIME,
            "invalidRuntimeVersion",
            "history[1].runtimeVersion",
        ),
        (&["simulate", "-", "--json"], "[", "invalidJson", ""),
        (&["runtime", "compare", "9.1.0", "nine", "--json"], "", "invalidRuntimeVersion", "b"),
        (&["runtime", "agent-image", "agent:latest", "--json"], "", "invalidAgentImage", "ref"),
    ];
    for (args, stdin, code, path) in cases {
        let error = json_error(args, Some(stdin));
        assert_eq!(at(&error, "/error/code"), code, "{args:?}");
        assert_eq!(at(&error, "/error/path"), path, "{args:?}");
    }
    let example = std::fs::read_to_string(example_path()).unwrap_or_else(|e| panic!("{e}"));
    let error = json_error(&["plan", "-", "--to", "d9", "--json"], Some(&example));
    assert_eq!(at(&error, "/error/code"), "unknownDeploy");
    assert_eq!(at(&error, "/error/message"), "no history entry has the id `d9`");
    assert_eq!(at(&error, "/error/detail"), "No history entry has the id `d9`.");
    let error = json_error(&["eligibility", "-", "--json"], Some(r#"{"now": "2023-11-08T13:00:00Z"}"#));
    assert_eq!(at(&error, "/error/detail"), "`deployment` is required.");
}

#[test]
fn import_hints_when_its_two_files_look_swapped() {
    let input = json(&scenario_input("8-astro-platform-api-shapes/import-rollback-from-id.json"));
    let deployment = scratch("swapped-deployment.json", &at(&input, "/deployment").to_string());
    let deploys = scratch("swapped-deploys.json", &at(&input, "/deploys").to_string());
    let out = run(&["import", &deploys, &deployment, "--now", "2023-11-08T13:30:00Z"], None);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains("hint:"), "{}", out.stderr);
    assert!(out.stderr.contains("looks like a page of deploys"), "{}", out.stderr);
    let error =
        json_error(&["import", &deploys, &deployment, "--now", "2023-11-08T13:30:00Z", "--json"], None);
    let message = at(&error, "/error/message").as_str().unwrap_or_default();
    assert!(message.contains("the Deployment comes first"), "{message}");
    let detail = at(&error, "/error/detail").as_str().unwrap_or_default();
    assert!(detail.contains(". Hint: ") && detail.contains("the Deployment comes first"), "{detail}");
    // The right order has no hint to give, even when it fails.
    let out = run(&["import", &deployment, &deploys, "--now", "yesterday"], None);
    assert_eq!(out.code, Some(2));
    assert!(!out.stderr.contains("hint"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// Completions and the example timeline
// ---------------------------------------------------------------------------------------

#[test]
fn completion_scripts_name_the_commands() {
    let bash = run(&["completion", "bash"], None);
    assert_eq!(bash.code, Some(0), "{}", bash.stderr);
    assert!(bash.stdout.contains("deploy-rollback"), "{}", bash.stdout);
    for word in ["eligibility", "agent-image", "--description", "explain"] {
        assert!(bash.stdout.contains(word), "bash completion lacks {word}");
    }
    // Past a subcommand too, in a real bash when there is one.
    let script = scratch("completion.bash", &bash.stdout);
    let complete = format!(
        "source '{script}'; COMP_WORDS=(deploy-rollback plan x --d); COMP_CWORD=3; \
         _deploy__rollback deploy-rollback --d x; echo \"${{COMPREPLY[@]}}\""
    );
    if let Ok(out) = std::process::Command::new("bash").args(["-c", &complete]).output() {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "--description",
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for shell in ["zsh", "fish", "powershell"] {
        let out = run(&["completion", shell], None);
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("deploy-rollback"), "{shell}: {}", out.stdout);
    }
}

#[test]
fn the_example_timeline_is_the_file_and_simulates() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("examples").join("november-8-timeline.json");
    let file = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["example", "--timeline"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, file);
    let simulated = run(&["simulate", "-", "--json"], Some(&out.stdout));
    assert_eq!(simulated.code, Some(0), "{}", simulated.stderr);
    let outcomes: Vec<Value> = at(&json(&simulated.stdout), "/steps")
        .as_array()
        .map(|steps| steps.iter().map(|s| at(s, "/outcome").clone()).collect())
        .unwrap_or_default();
    assert!(
        outcomes.contains(&Value::from("applied")) && outcomes.contains(&Value::from("rejected")),
        "{outcomes:?}"
    );
    let scenario = run(&["example"], None);
    assert_eq!(scenario.stdout, deploy_rollback::ffi::EXAMPLE_SCENARIO_JSON);
}
