//! The command line's output as it reaches a person: through real pipes that close early,
//! onto a full disk, into terminals of 80 and 100 columns (every line fits), with colour
//! only on a terminal, and the human text of eligibility, plans and simulations.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::cli::{binary, cli, run_command as run};
use support::json::expand;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The repository's root, where the example and scenario files are.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

/// A file in this test binary's scratch folder.
#[track_caller]
fn scratch(name: &str, contents: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-output-{name}"));
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.display().to_string()
}

/// A history of `n` entries, a deploy every half hour from 1 July 2023 (the older ones
/// outside the 90-day window on 8 November), every tenth one failed, with descriptions
/// long enough to wrap.
fn big_scenario(n: usize) -> String {
    let start = 1_688_169_600; // 2023-07-01T00:00:00Z
    let entries: Vec<String> = (0..n)
        .map(|i| {
            let seconds = start + i64::try_from(i).unwrap_or_default() * 1800;
            let at = chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default();
            let status = if i % 10 == 3 { "failed" } else { "deployed" };
            format!(
                r#"{{"id": "d{i}", "createdAt": "{}", "type": "imageAndDags", "status": "{status}",
                    "author": "dev{i}@example.com", "imageTag": "{}", "runtimeVersion": "9.1.0",
                    "description": "{i:07x} change number {i} of the warehouse loads, with a longer explanation"}}"#,
                at.format("%Y-%m-%dT%H:%M:%SZ"),
                at.format("deploy-%Y-%m-%dT%H-%M"),
            )
        })
        .collect();
    format!(
        r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"id": "dep-1", "name": "etl-prod"}}, "history": [{}]}}"#,
        entries.join(",\n")
    )
}

// ---------------------------------------------------------------------------------------
// Closed pipes and full disks
// ---------------------------------------------------------------------------------------

/// Spawns the CLI with stdout on a pipe, reads `lines` lines (none: closes it at once),
/// closes the pipe, and waits.
#[track_caller]
fn close_early(args: &[&str], lines: usize) -> Output {
    let mut child = cli()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the CLI: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout pipe"));
    let mut reader = BufReader::new(stdout);
    for _ in 0..lines {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap_or_else(|e| panic!("cannot read: {e}"));
        assert!(!line.is_empty(), "the output ended early");
    }
    drop(reader);
    child.wait_with_output().unwrap_or_else(|e| panic!("the CLI did not finish: {e}"))
}

#[test]
fn a_pipe_closed_early_ends_the_run_quietly_with_exit_0() {
    let big = scratch("big-3000.json", &big_scenario(3000));
    for args in [
        &["eligibility", big.as_str()][..],
        &["eligibility", big.as_str(), "--json"],
        &["plan", big.as_str(), "--to", "d2990"],
    ] {
        for lines in [1, 0] {
            let out = close_early(args, lines);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{args:?} after {lines} line(s): {stderr}");
            assert!(stderr.is_empty(), "{args:?} after {lines} line(s) said: {stderr}");
        }
    }
    // The output really is longer than the pipe holds: the write did meet the closed end.
    let whole = run(cli().args(["eligibility", &big]), None);
    assert!(whole.stdout.len() > 1 << 20, "only {} bytes", whole.stdout.len());
}

#[test]
fn a_closed_standard_error_is_not_a_crash() {
    let mut child = cli()
        .args(["plan", "no-such-file.json", "--to", "d1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the CLI: {e}"));
    drop(child.stderr.take());
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("the CLI did not finish: {e}"));
    assert_eq!(out.status.code(), Some(2), "killed by a signal, or the wrong status: {:?}", out.status);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_exit_2_with_a_message() {
    let full = || {
        std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap_or_else(|e| panic!("/dev/full: {e}"))
    };
    let out = cli()
        .args(["eligibility", &example("november-8.json")])
        .stdout(full())
        .output()
        .unwrap_or_else(|e| panic!("cannot run the CLI: {e}"));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write to standard output"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let out = cli()
        .args(["--help", "--json"])
        .stdout(full())
        .output()
        .unwrap_or_else(|e| panic!("cannot run the CLI: {e}"));
    assert_eq!(out.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(error.pointer("/error/code").and_then(Value::as_str), Some("unwritableOutput"));
}

// ---------------------------------------------------------------------------------------
// Every line fits
// ---------------------------------------------------------------------------------------

/// Every human-readable run worth checking: the example, and each scenario file's input
/// through eligibility, plan and simulate (as its call says), with hostile text too.
fn human_runs() -> Vec<(Vec<String>, Option<String>)> {
    let mut runs: Vec<(Vec<String>, Option<String>)> = vec![
        (vec![], None),
        (vec!["eligibility".into(), example("november-8.json")], None),
        (vec!["simulate".into(), example("november-8-timeline.json")], None),
    ];
    for target in ["d1", "d2", "d3"] {
        runs.push((vec!["plan".into(), example("november-8.json"), "--to".into(), target.into()], None));
    }
    for topic in [None, Some("§3"), Some("E4"), Some("unknown"), Some("invalidTimestamp"), Some("usage")] {
        runs.push((["explain"].into_iter().chain(topic).map(str::to_owned).collect(), None));
    }
    let folder = root().join("tests").join("scenarios");
    let list = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .collect()
    };
    // One folder per section of docs/rules.md.
    let mut files: Vec<PathBuf> = list(&folder).iter().flat_map(|section| list(section)).collect();
    files.sort();
    for file in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let case = expand(case);
        let input = case.get("input").map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned));
        let arg = |key: &str| case.get(key).and_then(Value::as_str).map(str::to_owned);
        match case.get("call").and_then(Value::as_str) {
            Some("eligibility") => runs.push((vec!["eligibility".into(), "-".into()], input)),
            Some("simulate") => runs.push((vec!["simulate".into(), "-".into()], input)),
            Some("diff") => {
                let (from, to) = (arg("from").unwrap_or_default(), arg("to").unwrap_or_default());
                runs.push((vec!["diff".into(), "-".into(), from, to], input));
            }
            Some("plan") => {
                let mut args =
                    vec!["plan".into(), "-".into(), "--to".into(), arg("target").unwrap_or_default()];
                if let Some(description) = arg("description") {
                    args.extend(["--description".into(), description]);
                }
                runs.push((vec!["eligibility".into(), "-".into()], input.clone()));
                runs.push((args, input));
            }
            _ => {}
        }
    }
    let hostile = hostile_scenario();
    runs.push((vec!["eligibility".into(), "-".into()], Some(hostile.clone())));
    runs.push((vec!["plan".into(), "-".into(), "--to".into(), "x".repeat(60)], Some(hostile.clone())));
    runs.push((vec!["diff".into(), "-".into(), "x".repeat(60), "d2".into()], Some(hostile)));
    runs.push((vec!["diff".into(), "-".into(), "d0".into(), "d39".into()], Some(big_scenario(40))));
    runs.push((vec!["eligibility".into(), "-".into()], Some(big_scenario(40))));
    runs
}

/// Text that does not wrap politely: a 60-character id, a 200-character word, wide
/// characters, tabs and escapes.
fn hostile_scenario() -> String {
    let id = "x".repeat(60);
    let word = "w".repeat(200);
    format!(
        r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"id": "dep-1", "name": "{word}"}},
            "runningTasks": [{{"id": "{word}", "startedAt": "2023-11-08T12:00:00Z", "retriesLeft": 1}}],
            "history": [
              {{"id": "{id}", "createdAt": "2023-11-06T14:00:00Z", "type": "imageOnly", "status": "deployed",
                "author": "{word}@example.com", "imageTag": "{word}", "runtimeVersion": "9.1.0",
                "description": "日本語のデプロイ説明 全角文字 {word} tab\there \u001b[31m red"}},
              {{"id": "d2", "createdAt": "2023-11-07T14:00:00Z", "type": "dagsOnly", "status": "deployed",
                "imageTag": "{word}", "dagBundleVersion": "{word}", "runtimeVersion": "9.5.0",
                "description": "{word} {word}"}}
            ]}}"#
    )
}

#[test]
fn every_line_of_human_output_fits_80_and_100_columns() {
    let runs = human_runs();
    assert!(runs.len() > 100, "only {} runs", runs.len());
    let mut checked = 0;
    for width in [80, 100] {
        for (args, stdin) in &runs {
            let out =
                run(cli().args(args).env("COLUMNS", width.to_string()), stdin.as_deref().map(str::as_bytes));
            if out.status.code() == Some(2) {
                continue; // a scenario file about bad input
            }
            assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", text(&out.stderr));
            let stdout = text(&out.stdout);
            assert!(!stdout.contains('\u{1b}'), "colour in a pipe: {args:?}");
            for line in stdout.lines() {
                let chars = line.chars().count();
                assert!(chars <= width, "{chars} > {width} characters in {args:?}:\n{line}\n\n{stdout}");
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} runs printed");
}

#[test]
fn help_fits_80_columns() {
    for args in [
        &["--help"][..],
        &["plan", "--help"],
        &["import", "--help"],
        &["completion", "--help"],
        &["explain", "--help"],
    ] {
        let out = run(cli().args(args).env("COLUMNS", "80"), None);
        for line in text(&out.stdout).lines() {
            assert!(line.chars().count() <= 80, "{args:?}: {line}");
        }
    }
}

#[test]
fn without_a_terminal_or_columns_the_width_is_100() {
    let out = run(cli().args(["simulate", &example("november-8-timeline.json")]), None);
    let stdout = text(&out.stdout);
    let widest = stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!((90..=100).contains(&widest), "the widest line has {widest} characters:\n{stdout}");
}

// ---------------------------------------------------------------------------------------
// Colour and terminal width on a real terminal (util-linux `script` gives it one)
// ---------------------------------------------------------------------------------------

/// Runs `shell_command` on a pseudo-terminal through `script` (util-linux, in every Debian
/// and most Linux systems); `None` when it cannot run.
fn on_a_terminal(shell_command: &str, no_color: bool) -> Option<String> {
    let mut command = Command::new("script");
    command.args(["-qec", shell_command, "/dev/null"]).env_remove("COLUMNS").env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let out = command.stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| text(&out.stdout))
}

#[test]
fn colour_and_width_come_from_the_terminal() {
    let bin = binary();
    let file = example("november-8.json");
    let command = format!("stty cols 60 rows 40; '{bin}' eligibility '{file}'");
    let Some(coloured) = on_a_terminal(&command, false) else {
        panic!("util-linux `script` could not give the CLI a terminal: install it (Debian: bsdutils)")
    };
    assert!(coloured.contains("\u{1b}["), "no colour on a terminal:\n{coloured}");
    let plain = on_a_terminal(&command, true).unwrap_or_default();
    assert!(!plain.contains('\u{1b}'), "colour despite NO_COLOR:\n{plain}");
    for line in plain.lines() {
        assert!(line.trim_end_matches('\r').chars().count() <= 60, "wider than the terminal: {line}");
    }
    assert!(plain.contains("2023-11-07"), "{plain}");
}

// ---------------------------------------------------------------------------------------
// What the text says
// ---------------------------------------------------------------------------------------

#[track_caller]
fn stdout_of(args: &[&str], stdin: Option<&str>) -> String {
    let out = run(cli().args(args).env("COLUMNS", "200"), stdin.map(str::as_bytes));
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn eligibility_shows_each_entry_and_why_a_current_deploy_past_its_window_is_a_target() {
    let text = stdout_of(&["eligibility", &example("november-8.json")], None);
    for needle in [
        "time (UTC)",
        "type",
        "Runtime",
        "description",
        "window closes",
        "2023-11-06 14:00",
        "image and Dags",
        "9.1.0",
        "abc1234 add the etl Dag",
        "2024-02-04 14:00",
    ] {
        assert!(text.contains(needle), "lacks {needle:?}:\n{text}");
    }
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(
            root().join("tests/scenarios/3-eligibility/eligibility-hosted-last-deploy-exception.json"),
        )
        .unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let input = case.get("input").map(Value::to_string);
    let text = stdout_of(&["eligibility", "-"], input.as_deref());
    assert!(text.contains("yes*"), "{text}");
    assert!(text.contains("last-deploy exception"), "{text}");
    assert!(text.contains("Astro Hosted"), "{text}");
    // Each reason as the answer words it: its title, the rule it applies, its sentence.
    assert!(text.contains("✗ Not a deployed entry [E3] — This deploy is failed"), "{text}");
    assert!(text.contains("✗ Outside the retention window [E1] — Deployed 2023-01-10T12:00:00Z"), "{text}");
}

#[test]
fn simulate_tells_the_story() {
    let text = stdout_of(&["simulate", &example("november-8-timeline.json")], None);
    for needle in [
        "deploy d4 (image only, Runtime 9.5.0, failed)",
        "tasks running: etl.load, etl.report",
        "rollback to d2",
        "applied, adds rollback-5",
        "! Runtime downgrade [D1] — The Runtime goes down from 9.5.0 to 9.1.0",
        "! Fails, then retries [D2] — Task etl.load fails at once, then retries on the target's code.",
        "! Fails [D2] — Task etl.report fails at once, with no retry left.",
        "rollback to d4",
        "rejected",
        "✗ Not a deployed entry [E3]",
        "settings: envVars",
        "The Deployment afterwards",
        "LOAD_BATCH_SIZE",
        "WAREHOUSE_PASSWORD (secret)",
        "Deploy History afterwards",
        "4d3c2b1 fix the load step on 9.5.0",
    ] {
        assert!(text.contains(needle), "lacks {needle:?}:\n{text}");
    }
}

/// The example's plan as JSON, and as text.
fn plan_both_ways(target: &str) -> (Value, String) {
    let args = ["plan", &example("november-8.json"), "--to", target];
    let json = stdout_of(&[&args[..], &["--json"]].concat(), None);
    let plan = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    (plan, stdout_of(&args, None))
}

#[test]
fn a_plan_reads_as_its_answer_words_it() {
    for target in ["d1", "d2", "d3"] {
        let (plan, text) = plan_both_ways(target);
        let items = ["reasons", "warnings", "runningTasks", "agents"]
            .iter()
            .flat_map(|key| plan.get(key).and_then(Value::as_array).cloned().unwrap_or_default());
        let mut seen = 0;
        for item in items {
            let field = |key: &str| item.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
            let (title, rule, message) = (field("title"), field("rule"), field("message"));
            // Long sentences wrap: compare their first words.
            let start: String = message.split(' ').take(4).collect::<Vec<_>>().join(" ");
            let line = format!("{title} [{rule}] — {start}");
            assert!(text.contains(&line), "{target}: lacks {line:?}:\n{text}");
            seen += 1;
        }
        assert!(seen > 0, "{target}: nothing to check");
        for change in plan.get("fields").and_then(Value::as_array).cloned().unwrap_or_default() {
            for key in ["label", "currentText", "targetText"] {
                let value = change.get(key).and_then(Value::as_str).unwrap_or_default();
                let first = value.split(' ').next().unwrap_or_default();
                assert!(text.contains(first), "{target}: the {key} {value:?} is not shown:\n{text}");
            }
        }
    }
    let (_, text) = plan_both_ways("d2");
    for needle in ["Worker queues", "1 queue", "Environment variables", "2 variables", "Astro Runtime"] {
        assert!(text.contains(needle), "lacks {needle:?}:\n{text}");
    }
}

#[test]
fn explain_says_what_rules_and_codes_mean() {
    let all = stdout_of(&["explain"], None);
    let rules: Value = serde_json::from_str(&stdout_of(&["explain", "--json"], None)).unwrap_or_default();
    let rules = rules.as_array().cloned().unwrap_or_default();
    assert_eq!(rules.len(), 16);
    for rule in &rules {
        let field = |key: &str| rule.get(key).and_then(Value::as_str).unwrap_or_default();
        assert!(all.contains(&format!("{} {}", field("id"), field("title"))), "{all}");
        // The summary, wrapped: its first words.
        let start: String = field("summary").split(' ').take(5).collect::<Vec<_>>().join(" ");
        assert!(all.contains(&start), "lacks {start:?}:\n{all}");
    }
    // A rule by its id, a section also by its number; the rules inside a section and the
    // codes that apply a rule.
    let e4 = stdout_of(&["explain", "E4"], None);
    assert!(e4.starts_with("E4 Astro Private Cloud\n   in §3 Eligibility"), "{e4}");
    assert!(e4.contains("rollbackDisabled (reason)") && e4.contains("permissionDenied (reason)"), "{e4}");
    assert_eq!(stdout_of(&["explain", "5"], None), stdout_of(&["explain", "§5"], None));
    assert!(stdout_of(&["explain", "S5"], None).contains("Rules inside it: D1 Downgrade; D2"));
    // A code: its kind, title, severity and rule.
    let code = stdout_of(&["explain", "runtimeDowngrade"], None);
    assert!(code.starts_with("runtimeDowngrade: a warning, “Runtime downgrade”, severity warning"), "{code}");
    assert!(code.contains("It applies D1 of docs/rules.md:\n\nD1 Downgrade"), "{code}");
    let json: Value =
        serde_json::from_str(&stdout_of(&["explain", "unknown", "--json"], None)).unwrap_or_default();
    let kinds: Vec<&str> = json
        .as_array()
        .map(|a| a.iter().filter_map(|c| c.get("kind")?.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(kinds, ["taskOutcome", "agentStatus"]);
    assert_eq!(json.pointer("/0/rule/id").and_then(Value::as_str), Some("D1"));
    let error: Value = serde_json::from_str(&stdout_of(&["explain", "descriptionTooLong", "--json"], None))
        .unwrap_or_default();
    assert_eq!(
        error,
        serde_json::json!([{"code": "descriptionTooLong", "kind": "error", "title": "Description too long",
            "severity": null, "rule": null}])
    );
}

#[test]
fn the_plain_run_shows_the_history_and_the_plan() {
    let text = stdout_of(&[], None);
    for needle in
        ["Deploy History before:", "Rollback from d3 to d2: allowed", "Deploy History after:", "rollback-4"]
    {
        assert!(text.contains(needle), "lacks {needle:?}:\n{text}");
    }
}

// ---------------------------------------------------------------------------------------
// Terminal safety
// ---------------------------------------------------------------------------------------

/// Control and format characters: escapes, a bell, bidi embeddings, overrides, isolates
/// and marks, zero-width characters, a byte-order mark.
const UNSAFE: [char; 12] = [
    '\u{1b}', '\u{7}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{200c}', '\u{200d}',
    '\u{200f}', '\u{feff}', '\u{9b}',
];

#[test]
fn input_text_reaches_the_terminal_without_control_or_format_characters() {
    let nasty: String = UNSAFE.iter().map(|c| format!("{c}[31m")).collect();
    let text = format!("txt{nasty}end");
    let scenario = serde_json::json!({
        "now": "2023-11-08T13:00:00Z",
        "deployment": { "id": "dep-1", "name": text },
        "actor": { "id": text },
        "runningTasks": [ { "id": text, "startedAt": "2023-11-08T12:00:00Z" } ],
        "history": [
            { "id": "d1", "createdAt": "2023-11-06T14:00:00Z", "type": "imageOnly", "status": "deployed",
              "author": text, "imageTag": text, "runtimeVersion": "9.1.0", "description": text },
            { "id": "d2", "createdAt": "2023-11-07T14:00:00Z", "type": "imageOnly", "status": "deployed",
              "author": text, "imageTag": "t2", "runtimeVersion": "9.5.0", "description": text }
        ]
    })
    .to_string();
    for args in [
        &["eligibility", "-"][..],
        &["plan", "-", "--to", "d1", "--description", &text],
        &["diff", "-", "d1", "d2"],
    ] {
        let out = run(cli().args(args), Some(scenario.as_bytes()));
        let stdout = text_of(&out);
        assert!(stdout.contains("txt\u{fffd}[31m"), "{args:?}: {stdout}");
        for c in UNSAFE {
            assert!(!stdout.contains(c), "{c:?} reached the terminal in {args:?}:\n{stdout}");
        }
    }
    // --json keeps the text as given.
    let out = run(
        cli().args(["plan", "-", "--to", "d1", "--description", &text, "--json"]),
        Some(scenario.as_bytes()),
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.pointer("/newEntry/description").and_then(Value::as_str), Some(text.as_str()));
}

#[test]
fn diff_shows_the_code_field_by_field_the_runtime_the_entries_between_and_the_commits() {
    let out = stdout_of(&["diff", &example("november-8.json"), "d3", "d1"], None);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.first().copied(), Some("From d3 to d1, an older entry"), "{out}");
    let row =
        |label: &str| lines.iter().find(|l| l.trim_start().starts_with(label)).copied().unwrap_or_default();
    let runtime: Vec<&str> = row("Astro Runtime").split_whitespace().collect();
    assert_eq!(runtime, ["Astro", "Runtime", "9.5.0", "→", "9.1.0"], "{out}");
    let dags: Vec<&str> = row("Dag deploys").split_whitespace().collect();
    assert_eq!(dags, ["Dag", "deploys", "on", "=", "on"], "{out}");
    assert!(row("Image tag").contains("deploy-2023-11-07T16-45"), "{out}");
    for expected in [
        "Runtime: 9.5.0 → 9.1.0, a downgrade (patch), metadata erasure possible",
        "Runtime downgrade [D1] — The Runtime goes down from 9.5.0 to 9.1.0",
        "Entries between (1, newest first): d2",
        "d3: 9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
        "d1: 1a2b3c4",
    ] {
        assert!(out.contains(expected), "lacks {expected:?}:\n{out}");
    }
    let same = stdout_of(&["diff", &example("november-8.json"), "d2", "d2"], None);
    assert!(same.starts_with("d2 compared with itself\n"), "{same}");
    assert!(same.contains("Runtime: 9.1.0 in both") && same.contains("Entries between: none"), "{same}");
    assert!(!same.contains("Warnings:"), "{same}");
    // A long run between is counted, not listed whole.
    let far = stdout_of(&["diff", "-", "d39", "d0"], Some(&big_scenario(40)));
    assert!(far.contains("Entries between (38, newest first): d38, d37,"), "{far}");
    assert!(far.contains("… and 18 more"), "{far}");
}

fn text_of(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}
