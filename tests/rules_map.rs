//! docs/rules.md's table "Where each rule lives in the code" is true: it names every
//! section (`## §N`) and every labelled rule (`### E1`, `### D2`) of the page exactly once,
//! each file it names exists, and the file named for a rule cites that rule's label.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use std::collections::BTreeMap;
use std::path::PathBuf;

const HEADING: &str = "## Where each rule lives in the code";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules() -> String {
    let path = root().join("docs").join("rules.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A rule's label when `text` is one: `§` and a number, or a capital letter and a number.
fn label(text: &str) -> Option<&str> {
    let digits = text.strip_prefix('§').or_else(|| {
        let mut chars = text.chars();
        chars.next().filter(char::is_ascii_uppercase).map(|_| chars.as_str())
    })?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(text)
}

/// The labels of the page's sections and rules, from their headings, in order.
fn labels(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("## ").or_else(|| line.strip_prefix("### ")))
        .filter_map(|title| title.split_whitespace().next().and_then(label))
        .map(str::to_owned)
        .collect()
}

/// The rows of the map: the first cell and the file (the second cell, in backticks).
fn map_rows(text: &str) -> Vec<(String, String)> {
    let start = text.find(HEADING).unwrap_or_else(|| panic!("docs/rules.md has no heading `{HEADING}`"));
    let section = text.get(start + HEADING.len()..).unwrap_or_default();
    let section = section.find("\n## ").map_or(section, |end| section.get(..end).unwrap_or_default());
    section
        .lines()
        .filter(|line| line.starts_with('|'))
        .skip(2) // the header and the `|---|` line
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", rule, file, ..] => (
                    (*rule).to_owned(),
                    file.strip_prefix('`').and_then(|f| f.strip_suffix('`')).unwrap_or(file).to_owned(),
                ),
                _ => panic!("not a row of the map: {line}"),
            }
        })
        .collect()
}

#[test]
fn every_section_and_rule_lives_in_one_named_file_that_cites_it() {
    let text = rules();
    let labels = labels(&text);
    // The page numbers §1–§8, E1–E5 and D1–D3: the scan must find them all.
    for expected in ["§1", "§8", "E1", "E5", "D1", "D3"] {
        assert!(labels.iter().any(|l| l == expected), "no heading labelled {expected} in {labels:?}");
    }
    let rows = map_rows(&text);
    assert!(rows.len() >= labels.len(), "the map has {} rows for {} labels", rows.len(), labels.len());
    let mut files: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (rule, file) in &rows {
        let path = root().join(file);
        assert!(
            file.starts_with("src/") && path.is_file(),
            "the map names `{file}` (for {rule}), which is not a file of src/"
        );
        files.entry(rule.as_str()).or_default().push(file.as_str());
    }
    let mut problems = Vec::new();
    for label in &labels {
        match files.get(label.as_str()).map(Vec::as_slice) {
            None => problems.push(format!("{label} is not in the map")),
            Some([file]) => {
                let code = std::fs::read_to_string(root().join(file)).unwrap_or_default();
                if !code.contains(label.as_str()) {
                    problems.push(format!("{label} is mapped to {file}, which does not cite it"));
                }
            }
            Some(many) => problems.push(format!("{label} is mapped to {} files: {many:?}", many.len())),
        }
    }
    for (rule, _) in &rows {
        if label(rule).is_some_and(|l| !labels.iter().any(|known| known == l)) {
            problems.push(format!("the map names {rule}, which no heading of docs/rules.md labels"));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/rules.md, \"Where each rule lives in the code\":\n{}",
        problems.join("\n")
    );
}

#[test]
fn labels_are_told_from_titles() {
    assert_eq!(label("§4"), Some("§4"));
    assert_eq!(label("E12"), Some("E12"));
    assert_eq!(label("Running"), None);
    assert_eq!(label("§"), None);
    assert_eq!(
        labels("# Rules\n## §1 Vocabulary\n### E1 Retention\n### Mixed code\n## Where\n"),
        ["§1", "E1"]
    );
}
