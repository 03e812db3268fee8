//! The command line as a gate CI can read (issue 19 §2): `plan --check`'s exit statuses,
//! `--to` defaulting to the previous code, `-o/--output`, `--color` and the variables it
//! honours, help that lists each command's own options, and a long history summed up.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::cli::{binary, cli, run, run_command, Run};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> String {
    root().join("examples").join("november-8.json").display().to_string()
}

/// The input of one scenario file (`<section>/<name>.json`), as JSON text.
#[track_caller]
fn scenario_input(file: &str) -> String {
    let path = root().join("tests").join("scenarios").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    value.pointer("/input").map(Value::to_string).unwrap_or_default()
}

#[track_caller]
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn scratch(name: &str, contents: &str) -> String {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("gate-{name}"));
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.display().to_string()
}

// ---------------------------------------------------------------------------------------
// plan --check: 0 allowed, 1 blocked, 3 action required first, 2 bad input or usage
// ---------------------------------------------------------------------------------------

#[test]
fn each_verdict_has_its_exit_status_with_check() {
    let cases = [
        (example(), None, "d2", 0, "allowed"),
        (
            "-".to_owned(),
            Some(scenario_input("3-eligibility/plan-blocked-not-deployed.json")),
            "d2",
            1,
            "blocked",
        ),
        (
            "-".to_owned(),
            Some(scenario_input("6-remote-execution-agents/plan-agent-incompatible-action-required.json")),
            "d1",
            3,
            "actionRequired",
        ),
    ];
    for (file, stdin, to, status, verdict) in cases {
        let checked = run(&["plan", &file, "--to", to, "--check", "-o", "json"], stdin.as_deref());
        assert_eq!(checked.code, Some(status), "{verdict}: {}", checked.stderr);
        assert_eq!(json(&checked.stdout).pointer("/verdict"), Some(&Value::from(verdict)));
        // Without --check it ran: 0, whatever the verdict.
        let plain = run(&["plan", &file, "--to", to], stdin.as_deref());
        assert_eq!(plain.code, Some(0), "{verdict}: {}", plain.stderr);
    }
    // Bad input and usage: 2, with or without --check.
    for args in [&["plan", "-", "--check"][..], &["plan", "-", "--check", "--to"]] {
        let out = run(args, Some(r#"{"now": "yesterday"}"#));
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
    }
}

// ---------------------------------------------------------------------------------------
// --to previous
// ---------------------------------------------------------------------------------------

#[test]
fn to_defaults_to_the_previous_code() {
    // The 8-November example: d3 is current, d2 holds other code.
    let default = run(&["plan", &example(), "--json"], None);
    assert_eq!(default.code, Some(0), "{}", default.stderr);
    assert_eq!(json(&default.stdout).pointer("/target"), Some(&Value::from("d2")));
    let named = run(&["plan", &example(), "--to", "previous", "--json"], None);
    assert_eq!(named.stdout, default.stdout);
    let text = run(&["plan", &example()], None);
    assert!(text.stdout.starts_with("Rollback from d3 to d2: allowed"), "{}", text.stdout);
}

#[test]
fn an_entry_named_previous_is_taken_as_named() {
    let text = std::fs::read_to_string(example()).unwrap_or_default().replace("\"d1\"", "\"previous\"");
    let out = run(&["plan", "-", "--to", "previous", "--json"], Some(&text));
    assert_eq!(json(&out.stdout).pointer("/target"), Some(&Value::from("previous")), "{}", out.stderr);
}

#[test]
fn no_previous_code_is_a_usage_error() {
    let one = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "dep-1", "name": "etl"},
        "history": [{"id": "d1", "createdAt": "2023-11-01T09:30:00Z", "type": "imageAndDags",
        "status": "deployed", "imageTag": "t1", "runtimeVersion": "9.1.0"}]}"#;
    let out = run(&["plan", "-", "--check", "--json"], Some(one));
    assert_eq!(out.code, Some(2));
    let error = json(&out.stderr);
    assert_eq!(error.pointer("/error/code"), Some(&Value::from("usage")));
    assert_eq!(error.pointer("/error/path"), Some(&Value::from("--to")));
    let message = error.pointer("/error/message").and_then(Value::as_str).unwrap_or_default();
    assert!(message.contains("no previous code") && message.contains("--to ID"), "{message}");
}

// ---------------------------------------------------------------------------------------
// -o/--output and --color
// ---------------------------------------------------------------------------------------

#[test]
fn output_json_is_json_and_errors_follow() {
    let file = example();
    let flag = run(&["eligibility", &file, "--json"], None);
    for form in [&["-o", "json"][..], &["--output", "json"], &["--output=json"], &["-ojson"]] {
        let out = run(&[&["eligibility", file.as_str()][..], form].concat(), None);
        assert_eq!(out.stdout, flag.stdout, "{form:?}");
        // An error, even a usage mistake before the option, is JSON too.
        let bad = run(&[&["eligibility", file.as_str(), "--bogus"][..], form].concat(), None);
        assert_eq!(json(&bad.stderr).pointer("/error/code"), Some(&Value::from("usage")), "{form:?}");
    }
    // One line off a terminal.
    assert_eq!(flag.stdout.lines().count(), 1);
    let text = run(&["eligibility", &file, "-o", "text"], None);
    assert!(text.stdout.contains("Why not") || text.stdout.contains("eligible"), "{}", text.stdout);
    let wrong = run(&["eligibility", &file, "-o", "yaml"], None);
    assert_eq!(wrong.code, Some(2));
    assert!(wrong.stderr.starts_with("error: usage at "), "{}", wrong.stderr);
}

/// Runs `shell_command` on a pseudo-terminal (util-linux `script`), with `env` set and
/// the colour variables (and `CI`, which colours a log) cleared first.
fn on_a_terminal(shell_command: &str, env: &[(&str, &str)]) -> String {
    let mut command = Command::new("script");
    command.args(["-qec", shell_command, "/dev/null"]).stdin(Stdio::null());
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "CI"] {
        command.env_remove(var);
    }
    command.env("TERM", "xterm");
    command.envs(env.iter().copied());
    let out = command.output().unwrap_or_else(|e| panic!("util-linux `script` could not run: {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn json_on_a_terminal_is_indented_and_the_same_value() {
    let file = example();
    let terminal = on_a_terminal(&format!("'{}' eligibility '{file}' -o json", binary()), &[]);
    assert!(terminal.lines().count() > 10, "{terminal}");
    let piped = run(&["eligibility", &file, "-o", "json"], None);
    assert_eq!(json(&terminal.replace("\r\n", "\n")), json(&piped.stdout));
}

fn colored(text: &str) -> bool {
    text.contains("\u{1b}[")
}

#[test]
fn color_follows_the_option_and_the_variables() {
    let file = example();
    let bin = binary();
    let command = |color: &str| format!("'{bin}' eligibility '{file}' --color {color}");
    // On a terminal: auto colours, unless NO_COLOR or TERM=dumb; never is never.
    assert!(colored(&on_a_terminal(&command("auto"), &[])));
    assert!(!colored(&on_a_terminal(&command("auto"), &[("NO_COLOR", "1")])));
    assert!(!colored(&on_a_terminal(&command("auto"), &[("TERM", "dumb")])));
    assert!(
        !colored(&on_a_terminal(&command("auto"), &[("TERM", "dumb"), ("CI", "true")])),
        "a dumb terminal wins over CI"
    );
    assert!(!colored(&on_a_terminal(&command("never"), &[])));
    // Off a terminal: auto does not colour, unless CLICOLOR_FORCE; always does.
    let piped = |color: &str, env: &[(&str, &str)]| -> Run {
        let mut command = cli();
        command.env_remove("CLICOLOR_FORCE").env_remove("CI").env("TERM", "xterm").envs(env.iter().copied());
        run_command(command.args(["eligibility", &file, "--color", color]), None).into()
    };
    assert!(!colored(&piped("auto", &[]).stdout));
    assert!(colored(&piped("auto", &[("CLICOLOR_FORCE", "1")]).stdout));
    assert!(colored(&piped("always", &[]).stdout));
    assert!(colored(&piped("always", &[("NO_COLOR", "1")]).stdout), "always means always");
    // Usage errors on standard error, and help, follow it as well.
    let error: Run = run_command(cli().args(["eligibility", "--bogus", "--color", "always"]), None).into();
    assert!(colored(&error.stderr), "{}", error.stderr);
    let error: Run = run_command(cli().args(["eligibility", "--bogus", "--color", "never"]), None).into();
    assert!(!colored(&error.stderr), "{}", error.stderr);
    let help = on_a_terminal(&format!("'{bin}' plan --help --color never"), &[]);
    assert!(!colored(&help), "{help}");
    assert!(colored(&on_a_terminal(&format!("'{bin}' plan --help"), &[])));
}

// ---------------------------------------------------------------------------------------
// Help: each command its own options
// ---------------------------------------------------------------------------------------

#[test]
fn each_command_describes_only_its_own_options() {
    // The help's words, whatever the wrapping.
    let help = |command: &[&str]| {
        let text = run(&[command, &["--help"]].concat(), None).stdout;
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    for command in [&["eligibility"][..], &["simulate"], &["import"], &["runtime", "compare"], &["explain"]] {
        let text = help(command);
        assert!(!text.contains("--check") && !text.contains("--to "), "{command:?}:\n{text}");
        assert!(text.contains("--output"), "{command:?} lacks --output:\n{text}");
    }
    let plan = help(&["plan"]);
    for word in ["--check", "--to <ID>", "[default: previous]", "3 action required", "--api", "--color"] {
        assert!(plan.contains(word), "plan --help lacks {word}:\n{plan}");
    }
    assert!(help(&["eligibility"]).contains("--all"));
    assert!(!help(&["plan"]).contains("--all"));
    assert!(!help(&["simulate"]).contains("--api"));
    let top = help(&[]);
    for word in ["0 allowed, 1", "3 action required first", "2 bad input"] {
        assert!(top.contains(word), "--help lacks {word}:\n{top}");
    }
}

// ---------------------------------------------------------------------------------------
// A long history
// ---------------------------------------------------------------------------------------

/// `n` entries, one a day back from 8 November 2023 (most outside the 90-day window),
/// every seventh one failed.
fn long_history(n: usize) -> String {
    let now = 1_699_448_400_i64; // 2023-11-08T13:00:00Z
    let entries: Vec<String> = (0..n)
        .map(|i| {
            let at = chrono::DateTime::from_timestamp(now - 3600 - i64::try_from(i).unwrap_or(0) * 3600, 0)
                .unwrap_or_default();
            let status = if i % 7 == 3 { "failed" } else { "deployed" };
            format!(
                r#"{{"id": "d{i}", "createdAt": "{}", "type": "imageAndDags", "status": "{status}",
                    "imageTag": "{}", "runtimeVersion": "9.1.0", "description": "change {i}"}}"#,
                at.format("%Y-%m-%dT%H:%M:%SZ"),
                at.format("deploy-%Y-%m-%dT%H-%M"),
            )
        })
        .collect();
    format!(
        r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"id": "dep-1", "name": "etl"}}, "history": [{}]}}"#,
        entries.join(",")
    )
}

#[test]
fn a_long_history_is_summed_up_unless_all() {
    let file = scratch("long-11000.json", &long_history(11_000));
    let out = run(&["eligibility", &file], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines = out.stdout.lines().count();
    assert!(lines < 150, "{lines} lines:\n{}", out.stdout);
    let first = out.stdout.split("\n\n").next().unwrap_or_default().replace('\n', " ");
    // 2,160 hourly entries are inside the 90-day window, a seventh of them failed.
    assert!(first.starts_with("11,000 entries: 1,851 eligible, 9,149 not (first reason:"), "{first}");
    assert!(first.contains("outsideRetentionWindow") && first.contains("notDeployed"), "{first}");
    assert!(out.stdout.contains("Why not:"), "{}", out.stdout);
    assert!(out.stdout.contains("--all shows every entry"), "{}", out.stdout);
    let all = run(&["eligibility", &file, "--all"], None);
    assert!(all.stdout.lines().count() > 11_000);
    // Short histories are shown whole, as before.
    let short = run(&["eligibility", &example()], None);
    assert!(!short.stdout.contains("--all"), "{}", short.stdout);
}

// ---------------------------------------------------------------------------------------
// Table cells: wrapped between words, ids, tags, versions and times never split
// ---------------------------------------------------------------------------------------

/// A date (`YYYY-MM-DD`) in `line` not followed by its time (` HH:MM`, `THH`) nor by the
/// `…` of a cut: the first one, if any.
fn lone_date(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let shape = |at: usize, pattern: &str| {
        pattern.chars().enumerate().all(|(k, p)| {
            chars.get(at + k).is_some_and(|c| if p == '9' { c.is_ascii_digit() } else { *c == p })
        })
    };
    (0..chars.len()).find_map(|at| {
        let date =
            shape(at, "9999-99-99") && !(at > 0 && chars.get(at - 1).is_some_and(char::is_ascii_digit));
        let timed = shape(at + 10, " 99:99") || shape(at + 10, "T99") || shape(at + 10, "…");
        (date && !timed).then(|| chars.get(at..at + 10).unwrap_or_default().iter().collect())
    })
}

#[test]
fn lone_date_finds_a_date_parted_from_its_time() {
    assert_eq!(lone_date("d3  2023-11-07 16:45  yes"), None);
    assert_eq!(lone_date("deploy-2023-11-07T16-45 2023-11-0…"), None);
    assert_eq!(lone_date("d3  2023-11-07  yes"), Some("2023-11-07".to_owned()));
    assert_eq!(lone_date("closes 2024-02-05"), Some("2024-02-05".to_owned()));
}

#[test]
fn tables_never_split_an_id_a_tag_a_version_or_a_time() {
    let tokens = [
        "deploy-2023-11-07T16-45",
        "deploy-2023-11-06T14-00",
        "2023-11-07T16:45:00.0000000Z",
        "2023-11-06T14:00:00.0000000Z",
        "deploy-2023-11-01T09-30",
        "2023-11-01T09:30:00.0000000Z",
        "(current)",
    ];
    for width in ["36", "40", "50", "60", "72", "80", "100", "140"] {
        for args in [&["plan", "--to", "d2"][..], &["eligibility"], &[]] {
            let mut command = cli();
            command.env("COLUMNS", width).args(args);
            if !args.is_empty() {
                command.arg(example());
            }
            let out: Run = run_command(&mut command, None).into();
            assert_eq!(out.code, Some(0), "{}", out.stderr);
            for line in out.stdout.lines() {
                for token in tokens {
                    // A token's end without its start on the line would be a split.
                    let end = token.get(token.len().saturating_sub(5)..).unwrap_or(token);
                    assert!(
                        !line.contains(end) || tokens.iter().any(|t| t.ends_with(end) && line.contains(t)),
                        "{width} columns, {args:?}: `{token}` split:\n{}",
                        out.stdout
                    );
                }
                // A date has its time with it (`2023-11-07 16:45`, `2023-11-07T16:45…`), or is cut.
                if let Some(lone) = lone_date(line) {
                    panic!("{width} columns, {args:?}: the date {lone} without its time:\n{}", out.stdout);
                }
                // An image tag is whole (`deploy-YYYY-MM-DDTHH-MM`), or cut with a visible mark.
                for (at, _) in line.match_indices("deploy-20") {
                    let tag = line.get(at..).unwrap_or("").split([' ', ')', ',']).next().unwrap_or("");
                    assert!(
                        tag.chars().count() == 23 || tag.ends_with('…'),
                        "{width}, {args:?}: {tag:?} in {line:?}"
                    );
                }
            }
        }
    }
}
