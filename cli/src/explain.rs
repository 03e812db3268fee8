//! `explain`: a rule of docs/rules.md or a code of the answers, in the engine's own words
//! (`rules()`, and each code's `title()`, `severity()` and `rule()`); with no argument,
//! every rule.

use super::render::Look;
use super::text::wrap;
use deploy_rollback::{
    rules, AgentStatus, ErrorCode, ReasonCode, Rule, RuleId, Severity, TaskFate, WarningCode,
};
use serde::Serialize;

/// What kind of code a code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
enum Kind {
    Reason,
    Warning,
    TaskOutcome,
    AgentStatus,
    Error,
}

impl Kind {
    /// The kind in words: "warning".
    fn noun(self) -> &'static str {
        match self {
            Self::Reason => "reason",
            Self::Warning => "warning",
            Self::TaskOutcome => "task outcome",
            Self::AgentStatus => "agent status",
            Self::Error => "error",
        }
    }

    /// The kind after its article: "a warning", "an error".
    fn with_article(self) -> &'static str {
        match self {
            Self::Reason => "a reason",
            Self::Warning => "a warning",
            Self::TaskOutcome => "a task outcome",
            Self::AgentStatus => "an agent status",
            Self::Error => "an error",
        }
    }

    /// Its list's name in the list of every code.
    fn plural(self) -> &'static str {
        match self {
            Self::Reason => "reasons",
            Self::Warning => "warnings",
            Self::TaskOutcome => "task outcomes",
            Self::AgentStatus => "agent statuses",
            Self::Error => "errors",
        }
    }
}

/// A code of the answers, with what the engine says of it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Code {
    code: &'static str,
    kind: Kind,
    title: &'static str,
    /// `null` for an error: bad input is refused before any rule applies.
    severity: Option<Severity>,
    /// The rule it applies; `null` for an error.
    rule: Option<Rule>,
}

/// What `explain` found: a rule, or a code.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Topic {
    Rule(Rule),
    Code(Code),
}

/// The width of the lists an unknown topic prints on standard error.
const LIST_WIDTH: usize = 80;

/// The command line's own error codes, which the engine does not know, with their titles.
const CLI_ERRORS: [(&str, &str); 3] = [
    ("unreadableFile", "A file cannot be read"),
    ("usage", "The command line does not parse"),
    ("unwritableOutput", "The answer cannot be written"),
];

/// Every code of the answers, kind by kind, in the engine's order.
fn codes() -> Vec<Code> {
    let with_rule = |code, kind, title, severity, rule: RuleId| Code {
        code,
        kind,
        title,
        severity: Some(severity),
        rule: Some(rule.rule()),
    };
    let reasons =
        ReasonCode::ALL.map(|c| with_rule(c.as_str(), Kind::Reason, c.title(), c.severity(), c.rule()));
    let warnings =
        WarningCode::ALL.map(|c| with_rule(c.as_str(), Kind::Warning, c.title(), c.severity(), c.rule()));
    let fates =
        TaskFate::ALL.map(|c| with_rule(c.as_str(), Kind::TaskOutcome, c.title(), c.severity(), c.rule()));
    let statuses =
        AgentStatus::ALL.map(|c| with_rule(c.as_str(), Kind::AgentStatus, c.title(), c.severity(), c.rule()));
    let error = |code, title| Code { code, kind: Kind::Error, title, severity: None, rule: None };
    let errors = ErrorCode::ALL.map(|c| error(c.as_str(), c.title()));
    let cli_errors = CLI_ERRORS.map(|(code, title)| error(code, title));
    [&reasons[..], &warnings, &fates, &statuses, &errors, &cli_errors].concat()
}

/// Whether `text` names rule `id`: its id in any case, and for a section also its number
/// alone or after an `S` (`4`, `S4`).
fn names_rule(id: RuleId, text: &str) -> bool {
    let name = id.as_str();
    let number = name.strip_prefix('§');
    name.eq_ignore_ascii_case(text)
        || number.is_some_and(|n| text == n || text.strip_prefix(['S', 's']).is_some_and(|rest| rest == n))
}

/// What `text` names: a rule, or the codes spelt so (in any case; `unknown` is both a
/// task outcome and an agent status). An error says what can be asked instead: the short
/// message, and the lists of what there is.
pub fn lookup(text: &str) -> Result<Vec<Topic>, (String, String)> {
    if let Some(id) = RuleId::ALL.into_iter().find(|id| names_rule(*id, text)) {
        return Ok(vec![Topic::Rule(id.rule())]);
    }
    let found: Vec<Topic> =
        codes().into_iter().filter(|c| c.code.eq_ignore_ascii_case(text)).map(Topic::Code).collect();
    if !found.is_empty() {
        return Ok(found);
    }
    let message = format!("`{text}` is neither a rule of docs/rules.md nor a code of the answers");
    let ids: Vec<&str> = RuleId::ALL.iter().map(|id| id.as_str()).collect();
    let mut lines = vec![format!("rules: {} (a section also as 4 or S4)", ids.join(", "))];
    let all = codes();
    for kind in [Kind::Reason, Kind::Warning, Kind::TaskOutcome, Kind::AgentStatus, Kind::Error] {
        let names: Vec<&str> = all.iter().filter(|c| c.kind == kind).map(|c| c.code).collect();
        lines.push(format!("{}: {}", kind.plural(), names.join(", ")));
    }
    // Each list wrapped to 80 columns, its continuation lines indented.
    let mut lists = String::new();
    for line in lines {
        for (i, part) in wrap(&line, LIST_WIDTH - 2).iter().enumerate() {
            lists.push_str(if i == 0 { "" } else { "  " });
            lists.push_str(part);
            lists.push('\n');
        }
    }
    Err((message, lists))
}

/// Every rule, as text: each section, the rules inside it indented, each with its summary.
pub fn all_rules(look: &Look) -> String {
    let mut out = String::new();
    look.heading_at(
        &mut out,
        0,
        "The rules of docs/rules.md (`deploy-rollback explain RULE` for one, `explain CODE` for a code):",
    );
    for rule in rules() {
        let indent = if rule.section == rule.id { 0 } else { 2 };
        out.push('\n');
        look.heading_at(&mut out, indent, &format!("{} {}", rule.id, rule.title));
        look.para(&mut out, indent + 3, &rule.summary);
    }
    out
}

/// What `lookup` found, as text.
pub fn topics(look: &Look, found: &[Topic]) -> String {
    let mut out = String::new();
    for (i, topic) in found.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match topic {
            Topic::Rule(rule) => explain_rule(look, &mut out, rule),
            Topic::Code(code) => explain_code(look, &mut out, code),
        }
    }
    out
}

/// A rule: its id and title, the section it sits in, its summary, the rules inside a
/// section, and the codes that apply it.
fn explain_rule(look: &Look, out: &mut String, rule: &Rule) {
    look.heading_at(out, 0, &format!("{} {}", rule.id, rule.title));
    if rule.section != rule.id {
        let section = rule.section.rule();
        look.para(out, 3, &format!("in {} {}", section.id, section.title));
    }
    out.push('\n');
    look.para(out, 0, &rule.summary);
    let inside: Vec<String> = rules()
        .into_iter()
        .filter(|r| r.section == rule.id && r.id != rule.id)
        .map(|r| format!("{} {}", r.id, r.title))
        .collect();
    if !inside.is_empty() {
        out.push('\n');
        look.para(out, 0, &format!("Rules inside it: {}.", inside.join("; ")));
    }
    let applied: Vec<String> = codes()
        .into_iter()
        .filter(|c| c.rule.as_ref().is_some_and(|r| r.id == rule.id))
        .map(|c| format!("{} ({})", c.code, c.kind.noun()))
        .collect();
    if !applied.is_empty() {
        out.push('\n');
        look.para(out, 0, &format!("Answers that apply it: {}.", applied.join(", ")));
    }
}

/// A code: its kind, title and severity, then the rule it applies.
fn explain_code(look: &Look, out: &mut String, code: &Code) {
    let (name, kind, title) = (code.code, code.kind.with_article(), code.title);
    let head = match code.severity {
        Some(severity) => format!("{name}: {kind}, “{title}”, severity {}", severity.as_str()),
        None => format!("{name}: {kind}, “{title}”"),
    };
    look.heading_at(out, 0, &head);
    match &code.rule {
        Some(rule) => {
            look.para(out, 3, &format!("It applies {} of docs/rules.md:", rule.id));
            out.push('\n');
            explain_rule(look, out, rule);
        }
        None => look.para(
            out,
            3,
            "Bad input or a bad command line is refused before any rule applies: exit status 2, and \
             with --json {\"error\": {\"code\", \"message\", \"path\", \"detail\"}} on standard error.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_found_by_id_number_or_s_number_in_any_case() {
        for (text, id) in [("E1", RuleId::E1), ("e1", RuleId::E1), ("§4", RuleId::S4), ("4", RuleId::S4)] {
            assert!(matches!(lookup(text).as_deref(), Ok([Topic::Rule(r)]) if r.id == id), "{text}");
        }
        for text in ["S4", "s4"] {
            assert!(matches!(lookup(text).as_deref(), Ok([Topic::Rule(r)]) if r.id == RuleId::S4), "{text}");
        }
        assert!(lookup("9").is_err());
        assert!(lookup("E").is_err());
    }

    #[test]
    fn codes_are_found_by_name_and_unknown_is_two_of_them() {
        assert!(
            matches!(lookup("runtimeDowngrade").as_deref(), Ok([Topic::Code(c)]) if c.kind == Kind::Warning)
        );
        assert!(
            matches!(lookup("invalidtimestamp").as_deref(), Ok([Topic::Code(c)]) if c.kind == Kind::Error)
        );
        assert!(matches!(lookup("unknown").as_deref(), Ok([Topic::Code(_), Topic::Code(_)])));
        let (message, lists) = lookup("frobnicate").err().unwrap_or_default();
        assert!(message.contains("frobnicate"), "{message}");
        assert!(
            lists.contains("E5") && lists.contains("agentIncompatible") && lists.contains("usage"),
            "{lists}"
        );
    }

    #[test]
    fn every_code_is_listed_once_per_kind() {
        let all = codes();
        let expected = ReasonCode::ALL.len()
            + WarningCode::ALL.len()
            + TaskFate::ALL.len()
            + AgentStatus::ALL.len()
            + ErrorCode::ALL.len()
            + CLI_ERRORS.len();
        assert_eq!(all.len(), expected);
        for code in &all {
            let same = all.iter().filter(|c| c.code == code.code && c.kind == code.kind).count();
            assert_eq!(same, 1, "{}", code.code);
        }
    }
}
