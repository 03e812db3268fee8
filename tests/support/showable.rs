//! What every answer says for people agrees with what it says for programs: each reason,
//! warning, task outcome and agent check names a rule that `rules()` returns, and its
//! `severity`, `title` and `rule` are those its code's own methods give; each field
//! change's `label`, `currentText` and `targetText` are those `Field::label` and
//! `FieldValue::text` give for its values. Checked on the JSON an answer is written as,
//! wherever in it those items sit (a plan, an eligibility entry, a simulation step).

use deploy_rollback::{
    rules, AgentStatus, FieldChange, Likelihood, ReasonCode, RuleId, Severity, TaskFate, WarningCode,
};
use serde_json::Value;

/// What a walk over an answer found: how many items it checked, and what disagrees (each
/// naming its JSON path).
#[derive(Debug, Default)]
pub struct Findings {
    pub checked: usize,
    pub problems: Vec<String>,
}

/// Walks `answer` (an answer as JSON) and checks every item it holds.
pub fn check_answer(answer: &Value) -> Findings {
    let mut findings = Findings::default();
    walk(answer, "", &mut findings);
    findings
}

/// The value of an enum whose contract name is `name`.
fn by_name<T: Copy>(all: &[T], name: &str, as_str: fn(T) -> &'static str) -> Option<T> {
    all.iter().copied().find(|value| as_str(*value) == name)
}

/// What a code says of itself: its severity, title and rule.
struct Said {
    severity: Severity,
    title: &'static str,
    rule: RuleId,
}

fn walk(value: &Value, path: &str, findings: &mut Findings) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                if let Value::Array(items) = inner {
                    for (i, item) in items.iter().enumerate() {
                        let at = format!("{here}[{i}]");
                        match key.as_str() {
                            "reasons" => reason(item, &at, findings),
                            "warnings" => {
                                // A plan's downgrade, or a comparison's (under `runtime`).
                                let downgrade = map
                                    .get("downgrade")
                                    .or_else(|| map.get("runtime").and_then(|r| r.get("downgrade")));
                                warning(item, downgrade, &at, findings);
                            }
                            "runningTasks" if item.get("outcome").is_some() => task(item, &at, findings),
                            "agents" if item.get("status").is_some() => agent(item, &at, findings),
                            "fields" if item.get("disposition").is_some() => field(item, &at, findings),
                            _ => {}
                        }
                    }
                }
                walk(inner, &here, findings);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), findings);
            }
        }
        _ => {}
    }
}

fn text<'a>(item: &'a Value, key: &str) -> &'a str {
    item.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The item at `at` says what `said` says (`title_ok` decides the title), names a rule
/// that `rules()` returns, and has a sentence for a message.
fn agrees(
    item: &Value,
    at: &str,
    said: Option<Said>,
    title_ok: &dyn Fn(&str, &str) -> bool,
    findings: &mut Findings,
) {
    findings.checked += 1;
    let known: Vec<&str> = rules().iter().map(|r| r.id.as_str()).collect();
    let rule = text(item, "rule");
    if !known.contains(&rule) {
        findings.problems.push(format!("{at}: the rule {rule:?} is not one rules() returns"));
    }
    let message = text(item, "message");
    if message.is_empty() || !message.ends_with(['.', '!', '?']) {
        findings.problems.push(format!("{at}: the message {message:?} is not a sentence"));
    }
    let Some(said) = said else {
        findings.problems.push(format!("{at}: its code is not one the engine has: {item}"));
        return;
    };
    if text(item, "severity") != said.severity.as_str() {
        findings.problems.push(format!(
            "{at}: severity {:?}, its code says {}",
            text(item, "severity"),
            said.severity.as_str()
        ));
    }
    if rule != said.rule.as_str() {
        findings.problems.push(format!("{at}: rule {rule:?}, its code says {}", said.rule));
    }
    if !title_ok(text(item, "title"), said.title) {
        findings.problems.push(format!(
            "{at}: title {:?}, its code says {:?}",
            text(item, "title"),
            said.title
        ));
    }
}

fn same(title: &str, code_title: &str) -> bool {
    title == code_title
}

fn reason(item: &Value, at: &str, findings: &mut Findings) {
    let said = by_name(&ReasonCode::ALL, text(item, "code"), ReasonCode::as_str).map(|c| Said {
        severity: c.severity(),
        title: c.title(),
        rule: c.rule(),
    });
    agrees(item, at, said, &same, findings);
}

/// A warning; `downgrade` is the plan's or the comparison's, for the one title that depends on the facts:
/// metadata erasure that is `likely` says so in its title.
fn warning(item: &Value, downgrade: Option<&Value>, at: &str, findings: &mut Findings) {
    let code = by_name(&WarningCode::ALL, text(item, "code"), WarningCode::as_str);
    let likely = downgrade.and_then(|d| d.get("metadataErasure")).and_then(Value::as_str)
        == Some(Likelihood::Likely.as_str());
    let erasure = code == Some(WarningCode::MetadataErasure);
    let title_ok = move |title: &str, code_title: &str| {
        if erasure && likely {
            title != code_title && title.starts_with("Metadata ")
        } else {
            title == code_title
        }
    };
    let said = code.map(|c| Said { severity: c.severity(), title: c.title(), rule: c.rule() });
    agrees(item, at, said, &title_ok, findings);
}

fn task(item: &Value, at: &str, findings: &mut Findings) {
    let said = by_name(&TaskFate::ALL, text(item, "outcome"), TaskFate::as_str).map(|c| Said {
        severity: c.severity(),
        title: c.title(),
        rule: c.rule(),
    });
    agrees(item, at, said, &same, findings);
}

fn agent(item: &Value, at: &str, findings: &mut Findings) {
    let said = by_name(&AgentStatus::ALL, text(item, "status"), AgentStatus::as_str).map(|c| Said {
        severity: c.severity(),
        title: c.title(),
        rule: c.rule(),
    });
    agrees(item, at, said, &same, findings);
}

/// A field change: its words are those of its field and values.
fn field(item: &Value, at: &str, findings: &mut Findings) {
    findings.checked += 1;
    let change: FieldChange = match serde_json::from_value(item.clone()) {
        Ok(change) => change,
        Err(e) => return findings.problems.push(format!("{at}: not a field change ({e}): {item}")),
    };
    let f = change.field;
    let expected = [
        ("label", f.label().to_owned(), change.label.to_string()),
        ("currentText", change.current.text(f), change.current_text.clone()),
        ("targetText", change.target.text(f), change.target_text.clone()),
    ];
    for (key, wanted, got) in expected {
        if wanted != got {
            findings.problems.push(format!("{at}.{key}: {got:?}, its field and value say {wanted:?}"));
        }
    }
}
