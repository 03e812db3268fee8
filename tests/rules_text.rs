//! One source for the rules: what the engine says of them (`rules()`: each rule's id,
//! section, title and summary) is what docs/rules.md says. The page's headings with an id
//! (`## §3 …`, `### E1 …`) are exactly `RuleId::ALL`, in order; each title is its heading
//! without the id; each summary is the "**In short.**" paragraph that opens the rule,
//! plain text of one or two sentences; each labelled rule sits in the section `section`
//! names. And the codes' tables of docs/contract.md name first, for each code, the rule
//! its `rule()` says.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::{rules, ReasonCode, Rule, RuleId, WarningCode};
use std::path::PathBuf;

/// What opens each rule's summary paragraph.
const IN_SHORT: &str = "**In short.** ";

fn read(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A heading of the page that carries an id, and what follows it.
#[derive(Debug, PartialEq, Eq)]
struct Heading {
    /// `§3`, `E1`.
    id: String,
    /// The heading's text after the id.
    title: String,
    /// The id of the `##` section it sits in (its own id for a section).
    section: String,
    /// The first paragraph under it, its lines joined by single spaces.
    first_paragraph: String,
}

/// An id as the page writes one: `§` and a number, or a capital letter and a number.
fn id_of(word: &str) -> Option<&str> {
    let digits = word.strip_prefix('§').or_else(|| {
        let mut chars = word.chars();
        chars.next().filter(char::is_ascii_uppercase).map(|_| chars.as_str())
    })?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(word)
}

/// Every `##` or `###` heading that starts with an id, in the page's order.
fn headings(text: &str) -> Vec<Heading> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut section = String::new();
    for (i, line) in lines.iter().enumerate() {
        let (level, rest) = match (line.strip_prefix("## "), line.strip_prefix("### ")) {
            (Some(rest), _) => (2, rest),
            (_, Some(rest)) => (3, rest),
            _ => continue,
        };
        let (word, title) = rest.split_once(' ').unwrap_or((rest, ""));
        let Some(id) = id_of(word) else {
            if level == 2 {
                section.clear();
            }
            continue;
        };
        if level == 2 {
            section = id.to_owned();
        }
        let paragraph: Vec<&str> = lines
            .iter()
            .skip(i + 1)
            .skip_while(|l| l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .copied()
            .collect();
        found.push(Heading {
            id: id.to_owned(),
            title: title.to_owned(),
            section: section.clone(),
            first_paragraph: normalised(&paragraph.join(" ")),
        });
    }
    found
}

/// `text` with every run of white space one space.
fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_engine_states_each_rule_as_docs_rules_md_does() {
    let page = headings(&read("rules.md"));
    let engine = rules();
    let page_ids: Vec<&str> = page.iter().map(|h| h.id.as_str()).collect();
    let engine_ids: Vec<&str> = engine.iter().map(|r| r.id.as_str()).collect();
    let all: Vec<&str> = RuleId::ALL.iter().map(|id| id.as_str()).collect();
    assert_eq!(page_ids, all, "docs/rules.md's headings with an id against RuleId::ALL");
    assert_eq!(engine_ids, all, "rules() against RuleId::ALL");
    let mut problems = Vec::new();
    for (heading, rule) in page.iter().zip(&engine) {
        let id = &heading.id;
        if heading.title != rule.title {
            problems.push(format!(
                "{id}: the page's title is {:?}, rules() says {:?}",
                heading.title, rule.title
            ));
        }
        if heading.section != rule.section.as_str() {
            problems.push(format!("{id}: it sits in {}, rules() says {}", heading.section, rule.section));
        }
        match heading.first_paragraph.strip_prefix(IN_SHORT) {
            None => problems
                .push(format!("{id}: the first paragraph under the heading does not open with {IN_SHORT:?}")),
            Some(summary) if summary != normalised(&rule.summary) => problems.push(format!(
                "{id}: the page says\n    {summary}\n  rules() says\n    {}",
                normalised(&rule.summary)
            )),
            Some(_) => {}
        }
        if let Err(why) = plain_and_short(rule) {
            problems.push(format!("{id}: {why}"));
        }
    }
    assert!(problems.is_empty(), "docs/rules.md and rules() disagree:\n{}", problems.join("\n"));
}

/// A summary is plain text (the page's and a terminal's alike: no Markdown) of one or two
/// sentences, each ending in a full stop.
fn plain_and_short(rule: &Rule) -> Result<(), String> {
    let summary: &str = &rule.summary;
    if let Some(c) = summary.chars().find(|c| matches!(c, '`' | '*' | '_' | '[' | ']' | '\n')) {
        return Err(format!("the summary holds {c:?}, which is not plain text"));
    }
    // A sentence ends with a full stop and a space before a capital letter (`9.1.0` and
    // `major.minor` do not).
    let ends = summary.match_indices(". ").filter(|(at, _)| {
        summary.get(at + 2..).and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase)
    });
    let sentences = ends.count() + 1;
    if !summary.ends_with('.') || sentences > 2 || summary.trim() != summary {
        return Err(format!(
            "the summary must be one or two sentences ending in a full stop, not {sentences}"
        ));
    }
    Ok(())
}

#[test]
fn every_rule_has_a_summary_and_a_section_that_is_a_section() {
    for rule in rules() {
        assert_eq!(rule, rule.id.rule());
        assert!(rule.section.rule().section == rule.section, "{}: {} is no section", rule.id, rule.section);
        assert!(rule.title.chars().next().is_some_and(char::is_uppercase), "{}: {}", rule.id, rule.title);
        assert!(plain_and_short(&rule).is_ok(), "{}: {:?}", rule.id, plain_and_short(&rule));
    }
}

/// The rows of the table under `### {heading}` in docs/contract.md: the code (the first
/// cell, in backticks) and the rules of the last cell.
fn contract_rows(text: &str, heading: &str) -> Vec<(String, Vec<String>)> {
    let start = text.find(&format!("\n### {heading}\n")).unwrap_or_else(|| panic!("no ### {heading}"));
    let section = text.get(start + heading.len() + 6..).unwrap_or_default();
    let section = section.find("\n### ").map_or(section, |end| section.get(..end).unwrap_or_default());
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
            let code = cells.first().map(|c| c.trim_matches('`')).unwrap_or_default().to_owned();
            let rules = cells.last().map(|c| c.split(", ").map(str::to_owned).collect()).unwrap_or_default();
            (code, rules)
        })
        .collect()
}

#[test]
fn the_contracts_tables_give_each_code_its_rule() {
    let contract = read("contract.md");
    let mut problems = Vec::new();
    let mut check = |table: &str, codes: Vec<(&str, RuleId)>| {
        let rows = contract_rows(&contract, table);
        let known: Vec<&str> = codes.iter().map(|(code, _)| *code).collect();
        for (code, rule) in codes {
            match rows.iter().find(|(c, _)| c == code) {
                None => problems.push(format!("{table}: {code} has no row")),
                Some((_, rules)) if rules.first().map(String::as_str) != Some(rule.as_str()) => {
                    problems.push(format!(
                        "{table}: {code} applies {rule} (its rule()), the table names first {}",
                        rules.join(", ")
                    ));
                }
                Some(_) => {}
            }
        }
        for (code, _) in &rows {
            if !known.contains(&code.as_str()) {
                problems.push(format!("{table}: {code} is not a code the engine has"));
            }
        }
    };
    check("Reasons", ReasonCode::ALL.iter().map(|c| (c.as_str(), c.rule())).collect());
    check("Warnings", WarningCode::ALL.iter().map(|c| (c.as_str(), c.rule())).collect());
    assert!(problems.is_empty(), "docs/contract.md, Codes:\n{}", problems.join("\n"));
}

#[test]
fn headings_and_paragraphs_are_read_as_written() {
    let page = "# Rules\n## §1 Vocabulary\n\n**In short.** One\ntwo.\n\nMore.\n### Not labelled\n\
                ## §2 Versions\n### E1 Retention window\n**In short.** Three.\n## Where\n### X1 Outside\n";
    let found = headings(page);
    let summary: Vec<(&str, &str, &str, &str)> = found
        .iter()
        .map(|h| (h.id.as_str(), h.title.as_str(), h.section.as_str(), h.first_paragraph.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("§1", "Vocabulary", "§1", "**In short.** One two."),
            ("§2", "Versions", "§2", ""),
            ("E1", "Retention window", "§2", "**In short.** Three."),
            ("X1", "Outside", "", ""),
        ]
    );
}
