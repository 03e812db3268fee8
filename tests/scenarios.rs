//! Data-driven scenarios: one runner over every `tests/scenarios/<section>/*.json` file.
//!
//! The files are grouped by the section of docs/rules.md they pin, one folder per section
//! named after its heading (`3-eligibility` for "§3 Eligibility: …"). A scenario file is
//! one JSON object:
//!
//! ```json
//! {
//!   "about": "one sentence: what this checks",
//!   "rule": "E2" | ["D1", "§8"],  // the rules of docs/rules.md it pins; the first one's
//!                                 // section is the file's folder
//!   "call": "plan" | "eligibility" | "diff" | "simulate" | "compare" | "agentImage" | "import",
//!   "input": { … },
//!   "target": "d1",              // plan only, required
//!   "description": "…",          // plan only, optional
//!   "from": "d2", "to": "d5",    // diff only, both required
//!   "expect": { … }              // or "error": {"code": "…", "path": "…"}
//! }
//! ```
//!
//! `input` is a scenario (`plan`, `eligibility`, `diff`), a timeline (`simulate`), `{"a", "b"}`
//! (`compare`), `{"ref"}` (`agentImage`) or `{"deployment", "deploys", "now"}` (`import`).
//! Documents are handed to the library as JSON text (`Scenario::from_json(&text)` …), so
//! error paths are the real ones; a document given as a JSON *string* is passed as that
//! raw text, which is how a file says "this is not even JSON".
//!
//! `expect` is a partial match, written by hand from the rules: an object matches when
//! every key it gives matches; an array must have the same length and match element by
//! element; a scalar must be equal. One extension, for sentences meant for people:
//! `{"$contains": "abc1234"}` matches a string that contains `abc1234`.
//!
//! Inputs and expectations may also use `{"$repeat": ["x", 501]}` for a string of 501
//! `x`, so that files about size limits stay readable.
//!
//! The runner reports every failing file at once, each with the JSON path of its first
//! mismatch, and checks that the files together still cover every code of the contract
//! and every rule of docs/rules.md (a section is covered by the rules inside it as well).
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "support/mod.rs"]
mod support;

use deploy_rollback::ffi::{compare_runtime_versions, parse_agent_image, to_json};
use deploy_rollback::{
    compare_entries, eligibility, from_astro_api, plan, simulate, AgentStatus, Direction, InputError,
    ReasonCode, RuntimeChangeKind, Scenario, TaskFate, Timeline, Verdict, WarningCode,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::json::{expand, first_mismatch, show};
use support::showable;

/// The folder must never hold fewer scenarios than this.
const MIN_SCENARIOS: usize = 35;

/// The contract's codes (docs/contract.md, "Codes"): every one must be expected somewhere.
/// Reasons, warnings, task outcomes and agent statuses come from the engine's own lists,
/// so a new code cannot go without a scenario.
const ERROR_CODES: [&str; 14] = [
    "invalidJson",
    "missingField",
    "unknownField",
    "invalidRuntimeVersion",
    "invalidTimestamp",
    "invalidAgentImage",
    "duplicateDeployId",
    "unknownDeploy",
    "deployInFuture",
    "emptyHistory",
    "descriptionTooLong",
    "inputTooLarge",
    "invalidValue",
    "incompleteHistory",
];

/// The contract's enumerated output values: every one must be expected somewhere, under
/// its key.
const VALUES: [(&str, &str); 14] = [
    ("verdict", "allowed"),
    ("verdict", "actionRequired"),
    ("verdict", "blocked"),
    ("kind", "patch"),
    ("kind", "airflowMinor"),
    ("kind", "airflowMajor"),
    ("metadataErasure", "possible"),
    ("metadataErasure", "likely"),
    ("disposition", "restored"),
    ("disposition", "kept"),
    ("disposition", "erased"),
    ("outcome", "applied"),
    ("outcome", "rejected"),
    ("type", "rollback"),
];

const CALLS: [&str; 7] = ["plan", "eligibility", "diff", "simulate", "compare", "agentImage", "import"];

/// One scenario file, read and checked for shape.
struct Case {
    /// The file's path under tests/scenarios.
    file: String,
    /// The rules it pins.
    rules: Vec<String>,
    call: String,
    input: Value,
    target: Option<String>,
    description: Option<String>,
    /// The two entries a `diff` compares.
    from: Option<String>,
    to: Option<String>,
    expected: Expected,
}

enum Expected {
    Output(Value),
    Error { code: String, path: String },
}

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("scenarios")
}

/// A rule of docs/rules.md: its label (`§3`, `E2`) and the folder of its section.
struct Rule {
    label: String,
    folder: String,
}

/// The rules of docs/rules.md, from its headings: each section `## §N Title: …` (folder
/// `N-title`, the title up to a colon, in lower case with dashes) and each labelled rule
/// `### E1 …` inside it.
fn rules() -> Vec<Rule> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join("rules.md");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut rules = Vec::new();
    let mut folder = None;
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            folder = title.strip_prefix('§').and_then(|rest| {
                let (number, title) = rest.split_once(' ')?;
                number.chars().all(|c| c.is_ascii_digit()).then_some(())?;
                let name = title.split(':').next().unwrap_or(title).to_lowercase();
                let slug = name.split_whitespace().collect::<Vec<_>>().join("-");
                Some((format!("§{number}"), format!("{number}-{slug}")))
            });
            if let Some((label, folder)) = &folder {
                rules.push(Rule { label: label.clone(), folder: folder.clone() });
            }
        } else if let (Some(title), Some((_, folder))) = (line.strip_prefix("### "), &folder) {
            let label = title.split_whitespace().next().unwrap_or_default();
            let mut chars = label.chars();
            let labelled = chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && !chars.as_str().is_empty()
                && chars.as_str().chars().all(|c| c.is_ascii_digit());
            if labelled {
                rules.push(Rule { label: label.to_owned(), folder: folder.clone() });
            }
        }
    }
    rules
}

/// Every `*.json` file of the section folders, sorted by path; anything else is reported.
fn scenario_files() -> (Vec<PathBuf>, Vec<String>) {
    let dir = scenario_dir();
    let list = |dir: &Path| -> Vec<PathBuf> {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        let mut paths: Vec<PathBuf> = entries
            .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).path())
            .collect();
        paths.sort();
        paths
    };
    let mut files = Vec::new();
    let mut strays = Vec::new();
    for folder in list(&dir) {
        if !folder.is_dir() {
            strays.push(format!("{}: not in a section folder", file_name(&folder)));
            continue;
        }
        for path in list(&folder) {
            if path.is_file() && path.extension().is_some_and(|ext| ext == "json") {
                files.push(path);
            } else {
                strays.push(format!("{}: not a .json scenario file", file_name(&path)));
            }
        }
    }
    (files, strays)
}

/// A file's path under tests/scenarios, as messages name it.
fn file_name(path: &Path) -> String {
    let relative = path.strip_prefix(scenario_dir()).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The rules a file pins (`rule`: a label or an array of labels), each a rule of
/// docs/rules.md, the first one's section being the file's folder.
fn pinned_rules(value: Option<Value>, path: &Path, rules: &[Rule]) -> Result<Vec<String>, String> {
    let labels =
        match value {
            Some(Value::String(label)) => vec![label],
            Some(Value::Array(items)) if !items.is_empty() => items
                .into_iter()
                .map(|item| match item {
                    Value::String(label) => Ok(label),
                    other => Err(format!("`rule` must hold labels, not {other}")),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(
                "`rule` must name the rule(s) of docs/rules.md the file pins (\"E2\" or [\"D1\", \"§8\"])"
                    .into(),
            ),
        };
    let known: Vec<&str> = rules.iter().map(|r| r.label.as_str()).collect();
    if let Some(unknown) = labels.iter().find(|l| !known.contains(&l.as_str())) {
        return Err(format!(
            "`rule` names {unknown}, which is not a rule of docs/rules.md ({})",
            known.join(", ")
        ));
    }
    let folder = path.parent().map(file_name).unwrap_or_default();
    let first = labels.first().and_then(|l| rules.iter().find(|r| r.label == *l));
    match first {
        Some(rule) if rule.folder == folder => Ok(labels),
        Some(rule) => Err(format!(
            "pins {} first, so it belongs in the folder {}, not {folder}",
            rule.label, rule.folder
        )),
        None => Err("`rule` is empty".into()),
    }
}

/// Reads one file into a [`Case`], refusing misspelt or contradictory keys.
fn load(path: &Path, rules: &[Rule]) -> Result<Case, String> {
    let file = file_name(path);
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(mut doc) = value else { return Err("a scenario file is one JSON object".into()) };
    const KEYS: [&str; 10] =
        ["about", "rule", "call", "input", "target", "description", "from", "to", "expect", "error"];
    if let Some(key) = doc.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!("unknown key `{key}` (known: {})", KEYS.join(", ")));
    }
    match doc.get("about") {
        Some(Value::String(about)) if !about.trim().is_empty() => {}
        _ => return Err("`about` must say, in one sentence, what the file checks".into()),
    }
    let call = match doc.get("call") {
        Some(Value::String(call)) if CALLS.contains(&call.as_str()) => call.clone(),
        other => return Err(format!("`call` must be one of {}, not {other:?}", CALLS.join(", "))),
    };
    let pinned = pinned_rules(doc.remove("rule"), path, rules)?;
    let input = expand(doc.remove("input").ok_or("`input` is missing")?);
    let target = match doc.remove("target") {
        None => None,
        Some(Value::String(t)) => Some(t),
        Some(other) => return Err(format!("`target` must be a string, not {other}")),
    };
    let description = match doc.remove("description").map(expand) {
        None => None,
        Some(Value::String(d)) => Some(d),
        Some(other) => return Err(format!("`description` must be a string, not {other}")),
    };
    if call == "plan" && target.is_none() {
        return Err("a plan scenario needs `target`".into());
    }
    if call != "plan" && (target.is_some() || description.is_some()) {
        return Err("`target` and `description` belong to plan scenarios only".into());
    }
    let mut entry = |key: &str| match doc.remove(key) {
        None => Ok(None),
        Some(Value::String(id)) => Ok(Some(id)),
        Some(other) => Err(format!("`{key}` must be a string, not {other}")),
    };
    let (from, to) = (entry("from")?, entry("to")?);
    if call == "diff" && (from.is_none() || to.is_none()) {
        return Err("a diff scenario needs `from` and `to`".into());
    }
    if call != "diff" && (from.is_some() || to.is_some()) {
        return Err("`from` and `to` belong to diff scenarios only".into());
    }
    let expected = match (doc.remove("expect"), doc.remove("error")) {
        (Some(expect), None) => Expected::Output(expand(expect)),
        (None, Some(Value::Object(error))) => {
            let field = |key: &str| match error.get(key) {
                Some(Value::String(s)) => Ok(s.clone()),
                _ => Err(format!("`error.{key}` must be a string")),
            };
            if let Some(key) = error.keys().find(|k| !["code", "path"].contains(&k.as_str())) {
                return Err(format!("unknown key `error.{key}` (an error is {{code, path}})"));
            }
            Expected::Error { code: field("code")?, path: field("path")? }
        }
        (None, Some(_)) => return Err("`error` must be {\"code\": …, \"path\": …}".into()),
        _ => return Err("give exactly one of `expect` and `error`".into()),
    };
    Ok(Case { file, rules: pinned, call, input, target, description, from, to, expected })
}

/// A document as the text the library reads: a JSON string is raw text, anything else is
/// serialized.
fn text(value: &Value) -> String {
    match value {
        Value::String(raw) => raw.clone(),
        other => other.to_string(),
    }
}

fn string_field<'a>(input: &'a Value, key: &str) -> Result<&'a str, String> {
    input.get(key).and_then(Value::as_str).ok_or_else(|| format!("`input.{key}` must be a string"))
}

/// The library's answer as JSON, exactly as the CLI and JS print it. The outer error is a
/// problem of the file itself; the inner one is the library's answer to bad input.
type Answer = Result<Result<Value, InputError>, String>;

fn answer<T: serde::Serialize>(result: Result<T, InputError>) -> Answer {
    match result {
        Ok(value) => {
            serde_json::from_str(&to_json(&value)).map(Ok).map_err(|e| format!("the output is not JSON: {e}"))
        }
        Err(err) => Ok(Err(err)),
    }
}

/// Calls the library through its public API, reading documents from JSON text.
fn run(case: &Case) -> Answer {
    let input = &case.input;
    match case.call.as_str() {
        "plan" => {
            let target = case.target.as_deref().unwrap_or_default();
            let description = case.description.as_deref();
            answer(Scenario::from_json(&text(input)).and_then(|s| plan(&s, target, description)))
        }
        "eligibility" => answer(Scenario::from_json(&text(input)).and_then(|s| eligibility(&s))),
        "diff" => {
            let (from, to) =
                (case.from.as_deref().unwrap_or_default(), case.to.as_deref().unwrap_or_default());
            answer(Scenario::from_json(&text(input)).and_then(|s| compare_entries(&s, from, to)))
        }
        "simulate" => answer(Timeline::from_json(&text(input)).and_then(|t| simulate(&t))),
        "compare" => answer(compare_runtime_versions(string_field(input, "a")?, string_field(input, "b")?)),
        "agentImage" => answer(parse_agent_image(string_field(input, "ref")?)),
        "import" => {
            let part =
                |key: &str| input.get(key).map(text).ok_or_else(|| format!("`input.{key}` is missing"));
            answer(from_astro_api(&part("deployment")?, &part("deploys")?, string_field(input, "now")?))
        }
        other => Err(format!("unknown call `{other}`")),
    }
}

/// Runs one case; `Err` says why it fails.
fn check(case: &Case) -> Result<(), String> {
    match (run(case)?, &case.expected) {
        (Ok(actual), Expected::Output(expected)) => match first_mismatch(expected, &actual, "") {
            None => Ok(()),
            Some(mismatch) => Err(mismatch),
        },
        (Ok(actual), Expected::Error { code, path }) => {
            Err(format!("expected the input error {code} at `{path}`, got an answer: {}", show(&actual)))
        }
        (Err(err), Expected::Output(_)) => Err(format!(
            "expected an answer, got the input error {} at `{}`: {}",
            err.code(),
            err.path(),
            err.message()
        )),
        (Err(err), Expected::Error { code, path }) => {
            if err.code().as_str() == code && err.path() == path {
                Ok(())
            } else {
                Err(format!(
                    "expected the input error {code} at `{path}`, got {} at `{}` ({})",
                    err.code(),
                    err.path(),
                    err.message()
                ))
            }
        }
    }
}

fn load_all() -> (Vec<Case>, Vec<String>) {
    let (files, mut failures) = scenario_files();
    let rules = rules();
    let mut cases = Vec::new();
    for path in &files {
        match load(path, &rules) {
            Ok(case) => cases.push(case),
            Err(why) => failures.push(format!("{}: {why}", file_name(path))),
        }
    }
    (cases, failures)
}

#[test]
fn every_scenario_holds() {
    let (cases, mut failures) = load_all();
    for case in &cases {
        if let Err(why) = check(case) {
            failures.push(format!("{}: {why}", case.file));
        }
    }
    if !failures.is_empty() {
        let files = scenario_files().0.len();
        panic!(
            "{} failure(s) among {files} scenario file(s):\n\n{}\n",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

/// Every reason, warning, task outcome and agent check in every file's answer names a rule
/// that `rules()` returns, with the severity, title and rule its code gives; every field
/// change has its field's label and its values' texts (tests/support/showable.rs).
#[test]
fn every_answer_names_a_rule_of_rules_and_agrees_with_its_codes() {
    let (cases, _) = load_all();
    let mut problems = Vec::new();
    let mut checked = 0;
    for case in &cases {
        if let Ok(Ok(answer)) = run(case) {
            let findings = showable::check_answer(&answer);
            checked += findings.checked;
            problems.extend(findings.problems.into_iter().map(|p| format!("{}: {p}", case.file)));
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(checked > 500, "only {checked} items checked");
}

#[test]
fn there_are_enough_scenarios() {
    let (files, _) = scenario_files();
    assert!(
        files.len() >= MIN_SCENARIOS,
        "tests/scenarios/*/ hold {} scenario file(s); they must hold at least {MIN_SCENARIOS}",
        files.len()
    );
}

/// Every `(key, string)` pair in an expected tree.
fn collect_pairs(value: &Value, into: &mut BTreeSet<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if let Value::String(s) = value {
                    into.insert((key.clone(), s.clone()));
                }
                collect_pairs(value, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_pairs(item, into)),
        _ => {}
    }
}

#[test]
fn scenarios_cover_every_contract_code() {
    let (cases, _) = load_all();
    let mut pairs = BTreeSet::new();
    let mut calls = BTreeSet::new();
    for case in &cases {
        calls.insert(case.call.as_str());
        match &case.expected {
            Expected::Output(expected) => collect_pairs(expected, &mut pairs),
            Expected::Error { code, .. } => {
                pairs.insert(("error".to_owned(), code.clone()));
            }
        }
    }
    let has = |key: &str, value: &str| pairs.contains(&(key.to_owned(), value.to_owned()));
    let mut missing = Vec::new();
    let reasons = ReasonCode::ALL.map(ReasonCode::as_str);
    let warnings = WarningCode::ALL.map(WarningCode::as_str);
    for code in reasons.iter().chain(&warnings) {
        if !has("code", code) {
            missing.push(format!("code {code}"));
        }
    }
    for code in ERROR_CODES {
        if !has("error", code) {
            missing.push(format!("input error {code}"));
        }
    }
    let fates = TaskFate::ALL.map(|fate| ("outcome", fate.as_str()));
    let statuses = AgentStatus::ALL.map(|status| ("status", status.as_str()));
    let directions = Direction::ALL.map(|direction| ("direction", direction.as_str()));
    let changes = RuntimeChangeKind::ALL.map(|change| ("change", change.as_str()));
    for (key, value) in VALUES.into_iter().chain(fates).chain(statuses).chain(directions).chain(changes) {
        if !has(key, value) {
            missing.push(format!("{key}: {value}"));
        }
    }
    for call in CALLS {
        if !calls.contains(call) {
            missing.push(format!("call {call}"));
        }
    }
    assert!(missing.is_empty(), "no scenario file expects: {}", missing.join(", "));
}

#[test]
fn scenarios_cover_every_rule() {
    let rules = rules();
    // The scan must see the page's numbering: §1–§8, E1–E5, D1–D3.
    for label in ["§1", "§8", "E1", "E5", "D1", "D3"] {
        assert!(rules.iter().any(|r| r.label == label), "docs/rules.md: no heading labelled {label}");
    }
    let (cases, _) = load_all();
    let pinned: BTreeSet<&str> = cases.iter().flat_map(|c| c.rules.iter().map(String::as_str)).collect();
    let missing: Vec<&str> = rules
        .iter()
        .filter(|rule| {
            // A section is covered by its own files and by those of the rules inside it.
            let inside = rule.label.starts_with('§')
                && rules.iter().any(|r| r.folder == rule.folder && pinned.contains(r.label.as_str()));
            !pinned.contains(rule.label.as_str()) && !inside
        })
        .map(|rule| rule.label.as_str())
        .collect();
    assert!(missing.is_empty(), "no scenario file pins the rule(s) {} of docs/rules.md", missing.join(", "));
}

#[test]
fn the_matcher_is_partial_but_strict_on_arrays() {
    let actual =
        serde_json::json!({"verdict": "blocked", "reasons": [{"code": "notDeployed", "message": "m"}]});
    let ok = serde_json::json!({"verdict": "blocked", "reasons": [{"code": "notDeployed"}]});
    assert_eq!(first_mismatch(&ok, &actual, ""), None);
    let longer = serde_json::json!({"reasons": [{"code": "notDeployed"}, {"code": "x"}]});
    let why = first_mismatch(&longer, &actual, "").unwrap_or_default();
    assert!(why.starts_with("at reasons: expected 2 element(s), got 1"), "{why}");
    let wrong = serde_json::json!({"reasons": [{"code": "x"}]});
    let why = first_mismatch(&wrong, &actual, "").unwrap_or_default();
    assert!(why.starts_with("at reasons[0].code: expected \"x\", got \"notDeployed\""), "{why}");
    let absent = serde_json::json!({"verdcit": "blocked"});
    assert!(first_mismatch(&absent, &actual, "").is_some_and(|w| w.contains("no such key")));
    let contains = serde_json::json!({"reasons": [{"message": {"$contains": "m"}}]});
    assert_eq!(first_mismatch(&contains, &actual, ""), None);
    let not_contained = serde_json::json!({"reasons": [{"message": {"$contains": "zz"}}]});
    assert!(first_mismatch(&not_contained, &actual, "").is_some());
    assert_eq!(expand(serde_json::json!({"a": {"$repeat": ["é", 3]}})), serde_json::json!({"a": "ééé"}));
}

/// The names the engine prints (`as_str`, the CLI's text) are the names it serializes,
/// which the scenario files check.
#[test]
fn printed_names_are_the_serialized_names() {
    let serialized = |value: serde_json::Result<Value>| match value {
        Ok(Value::String(name)) => name,
        other => panic!("not serialized as a string: {other:?}"),
    };
    for verdict in [Verdict::Allowed, Verdict::ActionRequired, Verdict::Blocked] {
        assert_eq!(serialized(serde_json::to_value(verdict)), verdict.as_str());
    }
    for code in ReasonCode::ALL {
        assert_eq!(serialized(serde_json::to_value(code)), code.as_str());
    }
    for code in WarningCode::ALL {
        assert_eq!(serialized(serde_json::to_value(code)), code.as_str());
    }
    for fate in TaskFate::ALL {
        assert_eq!(serialized(serde_json::to_value(fate)), fate.as_str());
    }
    for status in AgentStatus::ALL {
        assert_eq!(serialized(serde_json::to_value(status)), status.as_str());
    }
}

/// An object with its keys written in reverse order (serde_json's `Value` keeps them
/// sorted), for reading the same document in another order.
struct Reversed<'a>(&'a Value);

/// Writes a document as text in some layout.
type Writer<'a> = &'a dyn Fn(&Value) -> String;

impl serde::Serialize for Reversed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map.iter().rev() {
                    out.serialize_entry(key, &Reversed(value))?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Reversed(item))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// The case with its documents given as text written by `write` (a layout or key order
/// of the same JSON).
fn rewritten(case: &Case, write: Writer) -> Case {
    let as_text = |value: &Value| match value {
        Value::String(_) => value.clone(),
        other => Value::String(write(other)),
    };
    let input = match (case.call.as_str(), &case.input) {
        ("import", Value::Object(parts)) => Value::Object(
            parts.iter().map(|(k, v)| (k.clone(), if k == "now" { v.clone() } else { as_text(v) })).collect(),
        ),
        ("plan" | "eligibility" | "diff" | "simulate", input) => as_text(input),
        (_, input) => input.clone(),
    };
    Case {
        file: case.file.clone(),
        rules: case.rules.clone(),
        call: case.call.clone(),
        input,
        target: case.target.clone(),
        description: case.description.clone(),
        from: case.from.clone(),
        to: case.to.clone(),
        expected: Expected::Output(Value::Null),
    }
}

/// Whitespace and key order are not part of a document: every file's answer, and every
/// error with its path, is the same when its input is pretty-printed or written with its
/// keys in reverse order (the runner otherwise reads compact text with sorted keys).
#[test]
fn answers_do_not_depend_on_layout_or_key_order() {
    let (cases, mut failures) = load_all();
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let reversed = |v: &Value| serde_json::to_string(&Reversed(v)).unwrap_or_default();
    let layouts: [(&str, Writer); 2] = [("pretty-printed", &pretty), ("keys reversed", &reversed)];
    for case in &cases {
        let Ok(first) = run(case) else { continue };
        for (name, write) in layouts {
            match run(&rewritten(case, write)) {
                Ok(again) if again == first => {}
                Ok(again) => failures.push(format!(
                    "{} {name}: {} instead of {}",
                    case.file,
                    summary(&again),
                    summary(&first)
                )),
                Err(why) => failures.push(format!("{} {name}: {why}", case.file)),
            }
        }
    }
    assert!(failures.is_empty(), "{} difference(s):\n{}", failures.len(), failures.join("\n"));
}

fn summary(answer: &Result<Value, InputError>) -> String {
    match answer {
        Ok(value) => show(value),
        Err(err) => format!("{} at `{}`", err.code(), err.path()),
    }
}
