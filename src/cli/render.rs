//! Human-readable output: plain-text tables and plan summaries.

use deploy_rollback::{Deploy, Eligibility, FieldValue, Plan, Simulation, Timestamp};
use std::fmt::Write;

/// Text from the input, safe for a terminal: control characters (escape sequences
/// included) are shown as `�`, and long text is cut.
fn clean(text: &str, max: usize) -> String {
    let mut out: String =
        text.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).take(max).collect();
    if text.chars().count() > max {
        out.pop();
        out.push('…');
    }
    out
}

/// A table with a header row, columns padded to their widest cell.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut out = String::new();
        for (cell, width) in cells.zip(&widths) {
            let pad = width.saturating_sub(cell.chars().count());
            let _ = write!(out, "{cell}{}  ", " ".repeat(pad));
        }
        out.trim_end().to_owned() + "\n"
    };
    let mut out = line(&mut headers.iter().copied());
    out += &line(&mut widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str));
    for row in rows {
        out += &line(&mut row.iter().map(String::as_str));
    }
    out
}

/// `2023-11-08 13:00` (UTC), as the Deploy History table shows time.
fn when(t: &Timestamp) -> String {
    let s = t.to_string();
    format!("{} {}", s.get(..10).unwrap_or(&s), s.get(11..16).unwrap_or(""))
}

/// The Deploy History table, newest first, as Astro shows it.
pub fn history<'a>(entries: impl Iterator<Item = &'a Deploy>) -> String {
    let rows: Vec<Vec<String>> = entries
        .map(|d| {
            vec![
                d.id.clone(),
                when(&d.created_at),
                clean(d.author.as_deref().unwrap_or("—"), 24),
                d.kind.label().to_owned(),
                d.status.as_str().to_owned(),
                clean(&d.image_tag, 32),
                clean(d.dag_bundle_version.as_deref().unwrap_or("—"), 30),
                d.runtime_version.to_string(),
                clean(d.description.as_deref().unwrap_or(""), 48),
            ]
        })
        .collect();
    table(
        &[
            "id",
            "time (UTC)",
            "author",
            "type",
            "status",
            "image tag",
            "Dag bundle version",
            "Runtime",
            "description",
        ],
        &rows,
    )
}

/// The eligibility of every entry.
pub fn eligibility(e: &Eligibility) -> String {
    let rows: Vec<Vec<String>> = e
        .entries
        .iter()
        .map(|entry| {
            let id = if entry.is_current { format!("{} (current)", entry.id) } else { entry.id.clone() };
            let reasons: Vec<String> =
                entry.reasons.iter().map(|r| format!("{}: {}", code(&r.code), r.message)).collect();
            vec![
                id,
                if entry.eligible { "yes" } else { "no" }.to_owned(),
                entry.window_closes_at.map_or("never".to_owned(), |t| when(&t)),
                reasons.join("; "),
            ]
        })
        .collect();
    table(&["entry", "eligible", "window closes (UTC)", "why not"], &rows)
}

fn code<T: serde::Serialize>(value: &T) -> String {
    deploy_rollback::to_json(value).trim_matches('"').to_owned()
}

fn value(v: &FieldValue) -> String {
    match v {
        FieldValue::Null => "—".to_owned(),
        FieldValue::Text(t) => clean(t, 40),
        FieldValue::Flag(b) => if *b { "on" } else { "off" }.to_owned(),
        FieldValue::DbtBundles(b) if b.is_empty() => "none".to_owned(),
        FieldValue::DbtBundles(b) => {
            clean(&b.iter().map(|b| format!("{}@{}", b.name, b.version)).collect::<Vec<_>>().join(", "), 40)
        }
        FieldValue::WorkerQueues(q) => format!("{} queue(s)", q.len()),
        FieldValue::EnvVars(v) => format!("{} variable(s)", v.len()),
    }
}

/// A plan, in the order a person reads it.
pub fn plan(p: &Plan) -> String {
    let mut out = String::new();
    let current = p.current.as_deref().unwrap_or("nothing");
    let _ = writeln!(out, "Rollback from {current} to {}: {}", p.target, code(&p.verdict));
    if !p.reasons.is_empty() {
        let _ = writeln!(out, "\nWhy not, or what first:");
        for r in &p.reasons {
            let _ = writeln!(out, "  ✗ {} — {}", code(&r.code), clean(&r.message, 400));
        }
    }
    if !p.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for w in &p.warnings {
            let _ = writeln!(out, "  ! {} — {}", code(&w.code), clean(&w.message, 400));
        }
    }
    let rows: Vec<Vec<String>> = p
        .fields
        .iter()
        .map(|f| {
            let arrow = if f.changes { "→" } else { "=" };
            vec![
                f.field.to_string(),
                code(&f.disposition),
                value(&f.current),
                arrow.to_owned(),
                value(&f.target),
            ]
        })
        .collect();
    let _ = writeln!(out, "\nField by field:");
    out += &indent(&table(&["field", "disposition", "now", "", "after"], &rows));
    if let Some(d) = &p.downgrade {
        let _ = writeln!(
            out,
            "\nDowngrade: {} → {} ({}), metadata erasure {}",
            d.from,
            d.to,
            code(&d.kind),
            code(&d.metadata_erasure)
        );
    }
    if !p.running_tasks.is_empty() {
        let _ = writeln!(out, "\nRunning tasks:");
        for t in &p.running_tasks {
            let _ = writeln!(out, "  {} — {}", clean(&t.id, 80), code(&t.outcome));
        }
    }
    if !p.agents.is_empty() {
        let _ = writeln!(out, "\nRemote Execution agents:");
        for a in &p.agents {
            let _ = writeln!(
                out,
                "  {} on Runtime {} — {}",
                clean(&a.id, 80),
                a.runtime_version,
                code(&a.status)
            );
        }
    }
    if !p.steps.is_empty() {
        let _ = writeln!(out, "\nSteps:");
        for (i, step) in p.steps.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, clean(step, 400));
        }
    }
    let _ = writeln!(out, "\nNew history entry:");
    out += &indent(&history(std::iter::once(&p.new_entry)));
    out
}

/// A simulation: each step, then the history at the end.
pub fn simulation(s: &Simulation) -> String {
    let mut out = String::from("Events:\n");
    for step in &s.steps {
        let _ = write!(
            out,
            "  {}. {} {} — {}",
            step.index,
            when(&step.at),
            code(&step.kind),
            code(&step.outcome)
        );
        if let Some(entry) = &step.entry {
            let _ = write!(out, " (adds {entry})");
        }
        out.push('\n');
        for r in &step.reasons {
            let _ = writeln!(out, "       ✗ {} — {}", code(&r.code), clean(&r.message, 400));
        }
    }
    let _ = writeln!(out, "\nHistory afterwards:");
    out += &indent(&history(s.history.iter()));
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[31mred\n", 80), "a\u{fffd}[31mred\u{fffd}");
        assert_eq!(clean("abcdef", 4), "abc…");
    }

    #[test]
    fn tables_pad_columns() {
        let t = table(&["a", "bb"], &[vec!["xyz".into(), "1".into()]]);
        assert_eq!(t, "a    bb\n───  ──\nxyz  1\n");
    }
}
