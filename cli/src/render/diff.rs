//! `diff`: two history entries side by side, for people. A child of `render`, so that it
//! shares its look (tables, headings, warnings) and keeps to a file of its own.

use super::{Look, Paint};
use crate::table::{col, Fit};
use crate::text::clean;
use deploy_rollback::{Comparison, Direction, FieldValue, RuntimeChangeKind};

/// The most ids of the entries between the two that are listed by name.
const MAX_BETWEEN: usize = 20;

/// A field's value: a plan's text, but dbt bundles by name and version.
fn shown(value: &FieldValue, text: &str) -> String {
    match value {
        FieldValue::DbtBundles(bundles) if !bundles.is_empty() => {
            let names: Vec<String> = bundles.iter().map(|b| format!("{}@{}", b.name, b.version)).collect();
            clean(&names.join(", "), 120)
        }
        _ => clean(text, 120),
    }
}

/// A comparison in the order a person reads it: which way, the code field by field, the
/// Runtime, its warnings, the entries between and the commits.
pub fn comparison(look: &Look, c: &Comparison) -> String {
    let (from, to) = (clean(&c.from, 40), clean(&c.to, 40));
    let mut out = String::new();
    let head = match c.direction {
        Direction::Newer => format!("From {from} to {to}, a newer entry"),
        Direction::Older => format!("From {from} to {to}, an older entry"),
        _ => format!("{from} compared with itself"),
    };
    look.heading(&mut out, &head);
    out.push('\n');
    look.heading(&mut out, "Code, field by field:");
    let rows: Vec<Vec<String>> = c
        .fields
        .iter()
        .map(|f| {
            vec![
                f.label.to_string(),
                shown(&f.from, &f.from_text),
                if f.changes { "→" } else { "=" }.to_owned(),
                shown(&f.to, &f.to_text),
            ]
        })
        .collect();
    let columns = [
        col("field", Fit::Words, 0),
        col(&from, Fit::Free, 0),
        col("", Fit::Whole, 0),
        col(&to, Fit::Free, 0),
    ];
    out += &look.table(2, &columns, rows);
    out.push('\n');
    let r = &c.runtime;
    let version = |v: Option<&deploy_rollback::RuntimeVersion>| {
        v.map_or_else(|| "unknown".to_owned(), ToString::to_string)
    };
    let (a, b) = (version(r.from.as_ref()), version(r.to.as_ref()));
    let runtime = match (r.change, &r.downgrade) {
        (RuntimeChangeKind::Downgrade, Some(d)) => format!(
            "Runtime: {a} → {b}, a downgrade ({}), metadata erasure {}",
            d.kind.as_str(),
            d.metadata_erasure.as_str()
        ),
        (RuntimeChangeKind::Upgrade, _) => format!("Runtime: {a} → {b}, an upgrade"),
        (RuntimeChangeKind::Same, _) => format!("Runtime: {a} in both"),
        (RuntimeChangeKind::Unknown, _) => format!("Runtime: {a} → {b}, a change that cannot be told"),
        (kind, _) => format!("Runtime: {a} → {b}, {}", kind.as_str()),
    };
    let paint = match r.change {
        RuntimeChangeKind::Downgrade => Some(Paint::Yellow),
        _ => None,
    };
    look.item(&mut out, 0, "·", paint, &runtime);
    if !c.warnings.is_empty() {
        out.push('\n');
        look.heading(&mut out, "Warnings:");
        look.warnings(&mut out, 2, &c.warnings);
    }
    out.push('\n');
    let between = match c.between.len() {
        0 => "Entries between: none".to_owned(),
        n => {
            let names: Vec<String> = c.between.iter().take(MAX_BETWEEN).map(|id| clean(id, 40)).collect();
            let more =
                if n > MAX_BETWEEN { format!(", … and {} more", n - MAX_BETWEEN) } else { String::new() };
            format!("Entries between ({n}, newest first): {}{more}", names.join(", "))
        }
    };
    look.para(&mut out, 0, &between);
    out.push('\n');
    look.heading(&mut out, "Commits:");
    for (id, commit) in [(&from, &c.commits.from), (&to, &c.commits.to)] {
        let commit = commit.as_deref().map_or_else(|| "not recorded".to_owned(), |sha| clean(sha, 60));
        look.item(&mut out, 2, "·", None, &format!("{id}: {commit}"));
    }
    out
}
