//! Human-readable output: tables fitted to the terminal's width and prose wrapped to it,
//! coloured only for a terminal. Everything is built from the library's Rust structs, and
//! the words are the answer's own: each reason, warning, task outcome and agent check
//! shows its `severity`, `title`, `rule` and `message`, each field its `label`,
//! `currentText` and `targetText`. Nothing here serialises JSON.

use super::table::{self, col, Col, Fit};
use super::text::{clean, cols, wrap};
use deploy_rollback::{
    Deploy, DeployMechanism, DeployStatus, Deployment, Eligibility, Event, Outcome, Plan, Profile, Reason,
    RuleId, Scenario, Severity, Simulation, Step, Timeline, Timestamp, Verdict, Warning,
};
use std::collections::HashMap;
use std::fmt::Write;

pub mod diff;

/// The narrowest layout we fit to; below it lines may run over.
pub const MIN_WIDTH: usize = 40;

/// How output looks: the columns it may fill, and whether to colour it.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    /// Every line fits in this many columns.
    pub width: usize,
    /// ANSI colours on (a terminal, and `NO_COLOR` unset).
    pub color: bool,
}

/// An ANSI colour or weight.
#[derive(Debug, Clone, Copy)]
enum Paint {
    Bold,
    Red,
    Green,
    Yellow,
    Dim,
}

impl Look {
    /// `text` in `paint`, when colour is on. Applied after fitting: escapes take no room.
    fn paint(&self, text: &str, paint: Paint) -> String {
        if !self.color {
            return text.to_owned();
        }
        let code = match paint {
            Paint::Bold => "1",
            Paint::Red => "31",
            Paint::Green => "32",
            Paint::Yellow => "33",
            Paint::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// A heading line.
    fn heading(&self, out: &mut String, text: &str) {
        let lines = wrap(text, self.width);
        for line in lines {
            out.push_str(&self.paint(&line, Paint::Bold));
            out.push('\n');
        }
    }

    /// A heading wrapped to the width, every line after `indent` spaces.
    pub(crate) fn heading_at(&self, out: &mut String, indent: usize, text: &str) {
        for line in wrap(text, self.width.saturating_sub(indent)) {
            let _ = writeln!(out, "{:indent$}{}", "", self.paint(&line, Paint::Bold));
        }
    }

    /// A paragraph wrapped to the width, every line after `indent` spaces.
    pub(crate) fn para(&self, out: &mut String, indent: usize, text: &str) {
        for line in wrap(text, self.width.saturating_sub(indent)) {
            let _ = writeln!(out, "{:indent$}{line}", "");
        }
    }

    /// An item: `marker` (painted) then `text`, wrapped with a hanging indent so that the
    /// continuation lines start under the text.
    fn item(&self, out: &mut String, indent: usize, marker: &str, paint: Option<Paint>, text: &str) {
        let hang = indent + cols(marker) + 1;
        let lines = wrap(text, self.width.saturating_sub(hang));
        let marker = paint.map_or_else(|| marker.to_owned(), |p| self.paint(marker, p));
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "{:indent$}{marker} {line}", "");
            } else {
                let _ = writeln!(out, "{:hang$}{line}", "");
            }
        }
    }

    /// A reason, warning, task outcome or agent check as the answer words it: a mark for
    /// its severity, its title, the rule it applies, then its sentence.
    fn showable(
        &self,
        out: &mut String,
        indent: usize,
        severity: Severity,
        title: &str,
        rule: RuleId,
        message: &str,
    ) {
        let (mark, paint) = match severity {
            Severity::Blocker => ("✗", Some(Paint::Red)),
            Severity::ActionRequired => ("→", Some(Paint::Red)),
            Severity::Info => ("·", None),
            // A warning, and any severity added later.
            _ => ("!", Some(Paint::Yellow)),
        };
        let text = format!("{} [{rule}] — {}", clean(title, 200), clean(message, 2000));
        self.item(out, indent, mark, paint, &text);
    }

    fn reasons(&self, out: &mut String, indent: usize, reasons: &[Reason]) {
        for r in reasons {
            self.showable(out, indent, r.severity, &r.title, r.rule, &r.message);
        }
    }

    fn warnings(&self, out: &mut String, indent: usize, warnings: &[Warning]) {
        for w in warnings {
            self.showable(out, indent, w.severity, &w.title, w.rule, &w.message);
        }
    }

    /// `text` wrapped (after `indent` spaces), its last occurrence of `word` painted:
    /// painting after wrapping keeps the escapes out of the count.
    fn paint_last(&self, wrapped: String, word: &str, paint: Paint) -> String {
        match wrapped.rfind(word) {
            Some(at) if self.color => {
                let mut out = wrapped;
                out.replace_range(at..at + word.len(), &self.paint(word, paint));
                out
            }
            _ => wrapped,
        }
    }

    /// A table fitted to the width less `indent`, each line indented, with a note under
    /// it naming the columns left out for want of room.
    fn table(&self, indent: usize, columns: &[Col<'_>], rows: Vec<Vec<String>>) -> String {
        let room = self.width.saturating_sub(indent);
        let (lines, hidden) = table::lines(columns, rows, room);
        let mut out = String::new();
        // The header runs to the rule under it, over several lines when it wraps.
        // A table's header runs to the rule under it; rows as blocks (at a narrow width) have
        // no rule, and each block's first lines, not indented, name it.
        let blocks = !lines.iter().any(|line| line.starts_with('─'));
        let mut in_header = !blocks;
        for line in &lines {
            in_header &= !line.starts_with('─');
            let head = in_header || (blocks && !line.is_empty() && !line.starts_with(' '));
            let line = if head { self.paint(line, Paint::Bold) } else { line.clone() };
            let indent = if line.is_empty() { 0 } else { indent };
            let _ = writeln!(out, "{:indent$}{line}", "");
        }
        if !hidden.is_empty() {
            let note = format!("(left out at this width: {}; --json has every field)", hidden.join(", "));
            for line in wrap(&note, room) {
                let _ = writeln!(out, "{:indent$}{}", "", self.paint(&line, Paint::Dim));
            }
        }
        out
    }
}

/// `2023-11-08 13:00` (UTC), as the Deploy History table shows time.
fn when(t: &Timestamp) -> String {
    let s = t.to_string();
    format!("{} {}", s.get(..10).unwrap_or(&s), s.get(11..16).unwrap_or(""))
}

fn or_dash(text: Option<&str>, max: usize) -> String {
    text.filter(|t| !t.is_empty()).map_or_else(|| "—".to_owned(), |t| clean(t, max))
}

/// The Deploy History table, newest first, as Astro shows it.
pub fn history<'a>(look: &Look, indent: usize, entries: impl Iterator<Item = &'a Deploy>) -> String {
    let rows: Vec<Vec<String>> = entries
        .map(|d| {
            vec![
                clean(&d.id, 40),
                when(&d.created_at),
                d.kind.label().to_owned(),
                d.status.as_str().to_owned(),
                runtime(d),
                or_dash(d.image_tag.as_deref(), 120),
                or_dash(d.dag_bundle_version.as_deref(), 120),
                or_dash(d.author.as_deref(), 120),
                or_dash(d.description.as_deref(), 500),
            ]
        })
        .collect();
    let columns = [
        col("id", Fit::Words, 0),
        col("time (UTC)", Fit::Whole, 0),
        col("type", Fit::Words, 0),
        col("status", Fit::Words, 0),
        col("Runtime", Fit::Whole, 0),
        col("image tag", Fit::Words, 1),
        col("Dag bundle version", Fit::Words, 3),
        col("author", Fit::Words, 2),
        col("description", Fit::Free, 0),
    ];
    look.table(indent, &columns, rows)
}

/// The eligibility of every entry: a table of the entries, then why not, entry by entry,
/// and why a current deploy past its window is still a target.
pub fn eligibility(look: &Look, scenario: &Scenario, e: &Eligibility) -> String {
    let by_id: HashMap<&str, &Deploy> = scenario.history.iter().map(|d| (d.id.as_str(), d)).collect();
    let exempt = |closes: Option<Timestamp>| {
        scenario.profile == Profile::AstroHosted && closes.is_some_and(|c| scenario.now > c)
    };
    let rows: Vec<Vec<String>> = e
        .entries
        .iter()
        .map(|entry| {
            let deploy = by_id.get(entry.id.as_str());
            let id = clean(&entry.id, 40);
            let eligible = match (entry.eligible, entry.is_current && exempt(entry.window_closes_at)) {
                (true, true) => "yes*",
                (true, false) => "yes",
                (false, _) => "no",
            };
            vec![
                if entry.is_current { format!("{id} (current)") } else { id },
                deploy.map_or_else(String::new, |d| when(&d.created_at)),
                deploy.map_or_else(String::new, |d| d.kind.label().to_owned()),
                deploy.map_or_else(String::new, |d| runtime(d)),
                or_dash(deploy.and_then(|d| d.description.as_deref()), 300),
                eligible.to_owned(),
                entry.window_closes_at.map_or_else(|| "never".to_owned(), |t| when(&t)),
            ]
        })
        .collect();
    let columns = [
        col("entry", Fit::Words, 0),
        col("time (UTC)", Fit::Whole, 0),
        col("type", Fit::Words, 0),
        col("Runtime", Fit::Whole, 0),
        col("description", Fit::Free, 0),
        col("eligible", Fit::Whole, 0),
        col("window closes", Fit::Whole, 0),
    ];
    let mut out = look.table(0, &columns, rows);

    let blocked: Vec<_> = e.entries.iter().filter(|entry| !entry.reasons.is_empty()).collect();
    if !blocked.is_empty() {
        out.push('\n');
        look.heading(&mut out, "Why not:");
        for entry in blocked {
            look.para(&mut out, 2, &format!("{}:", clean(&entry.id, 40)));
            look.reasons(&mut out, 4, &entry.reasons);
        }
    }
    for entry in e.entries.iter().filter(|x| x.is_current && x.eligible && exempt(x.window_closes_at)) {
        let closed = entry.window_closes_at.map(|t| when(&t)).unwrap_or_default();
        out.push('\n');
        look.item(
            &mut out,
            0,
            "*",
            Some(Paint::Yellow),
            &format!(
                "{} is past its {}-day retention window (it closed {closed} UTC) but is still a \
                 target: on Astro Hosted the current deploy can always be rolled back to, the \
                 last-deploy exception, since once every deploy is older than the window it is \
                 the only one left.",
                clean(&entry.id, 40),
                scenario.options.retention_days,
            ),
        );
    }
    out
}

fn task_fates(look: &Look, out: &mut String, indent: usize, plan: &Plan) {
    for t in &plan.running_tasks {
        look.showable(out, indent, t.severity, &t.title, t.rule, &t.message);
    }
}

/// A plan, in the order a person reads it.
pub fn plan(look: &Look, p: &Plan) -> String {
    let mut out = String::new();
    let current = p.current.as_deref().map_or_else(|| "nothing".to_owned(), |c| clean(c, 40));
    let verdict = p.verdict.as_str();
    let mut head = String::new();
    look.heading(&mut head, &format!("Rollback from {current} to {}: {verdict}", clean(&p.target, 40)));
    let paint = match p.verdict {
        Verdict::Allowed => Paint::Green,
        Verdict::ActionRequired => Paint::Yellow,
        Verdict::Blocked => Paint::Red,
        _ => Paint::Yellow,
    };
    out += &look.paint_last(head, verdict, paint);
    if !p.reasons.is_empty() {
        out.push('\n');
        look.heading(&mut out, "Why not, or what first:");
        look.reasons(&mut out, 2, &p.reasons);
    }
    if !p.warnings.is_empty() {
        out.push('\n');
        look.heading(&mut out, "Warnings:");
        look.warnings(&mut out, 2, &p.warnings);
    }
    let rows: Vec<Vec<String>> = p
        .fields
        .iter()
        .map(|f| {
            let arrow = if f.changes { "→" } else { "=" };
            vec![
                clean(&f.label, 80),
                f.disposition.as_str().to_owned(),
                clean(&f.current_text, 120),
                arrow.to_owned(),
                clean(&f.target_text, 120),
            ]
        })
        .collect();
    out.push('\n');
    look.heading(&mut out, "Field by field:");
    let columns = [
        col("field", Fit::Words, 0),
        col("disposition", Fit::Words, 0),
        col("now", Fit::Words, 0),
        col("", Fit::Whole, 0),
        col("after", Fit::Words, 0),
    ];
    out += &look.table(2, &columns, rows);
    if let Some(d) = &p.downgrade {
        out.push('\n');
        let text = format!(
            "Downgrade: {} → {} ({}), metadata erasure {}",
            d.from,
            d.to,
            d.kind.as_str(),
            d.metadata_erasure.as_str()
        );
        look.para(&mut out, 0, &text);
    }
    if !p.running_tasks.is_empty() {
        out.push('\n');
        look.heading(&mut out, "Running tasks:");
        task_fates(look, &mut out, 2, p);
    }
    if !p.agents.is_empty() {
        out.push('\n');
        look.heading(&mut out, "Remote Execution agents:");
        for a in &p.agents {
            look.showable(&mut out, 2, a.severity, &a.title, a.rule, &a.message);
        }
    }
    if !p.steps.is_empty() {
        out.push('\n');
        look.heading(&mut out, "Steps:");
        for (i, step) in p.steps.iter().enumerate() {
            look.item(&mut out, 2, &format!("{}.", i + 1), None, &clean(step, 2000));
        }
    }
    out.push('\n');
    match &p.new_entry {
        Some(entry) => {
            look.heading(
                &mut out,
                if p.verdict == Verdict::Allowed {
                    "New history entry:"
                } else {
                    "The history entry it would add:"
                },
            );
            out += &history(look, 2, std::iter::once(entry));
        }
        None => look.heading(&mut out, "New history entry: none (a blocked rollback writes nothing)"),
    }
    out
}

/// A history entry's Runtime, or `unknown`.
fn runtime(d: &Deploy) -> String {
    d.runtime_version.as_ref().map_or_else(|| "unknown".to_owned(), ToString::to_string)
}

/// What one event was, in a few words: `deploy d4 (image only, Runtime 9.5.0)`.
fn event_summary(event: Option<&Event>, step: &Step, added: Option<&Deploy>) -> String {
    let Some(event) = event else { return step.kind.as_str().to_owned() };
    match event {
        Event::Deploy(event) => {
            let id = added.map(|d| d.id.as_str()).or(event.id.as_deref());
            let kind = added.map_or(event.deploy_type, |d| d.kind).label();
            let runtime =
                added.map(runtime).or_else(|| event.runtime_version.as_ref().map(ToString::to_string));
            let mut what =
                format!("deploy{} ({kind}", id.map(|i| format!(" {}", clean(i, 40))).unwrap_or_default());
            if let Some(runtime) = runtime {
                let _ = write!(what, ", Runtime {runtime}");
            }
            if let Some(status) = added.map(|d| d.status).filter(|s| *s != DeployStatus::Deployed) {
                let _ = write!(what, ", {}", status.as_str());
            }
            what.push(')');
            what
        }
        Event::Rollback(event) => format!("rollback to {}", clean(&event.to, 40)),
        Event::Settings(event) => {
            // The fields a settings event carries are the ones it changes.
            let changed: Vec<String> = match serde_json::to_value(event) {
                Ok(serde_json::Value::Object(fields)) => {
                    fields.keys().filter(|k| *k != "at").cloned().collect()
                }
                _ => Vec::new(),
            };
            if changed.is_empty() {
                "settings (no change)".to_owned()
            } else {
                format!("settings: {}", changed.join(", "))
            }
        }
        Event::AgentUpdate(event) => {
            format!("agent {} now runs {}", clean(&event.agent_id, 40), clean(&event.image.to_string(), 120))
        }
        Event::Tasks(event) => {
            let tasks = &event.running_tasks;
            let names: Vec<String> = tasks.iter().take(3).map(|t| clean(&t.id, 40)).collect();
            match tasks.len() {
                0 => "no task running".to_owned(),
                1..=3 => format!("tasks running: {}", names.join(", ")),
                n => format!("tasks running: {}, … ({n} in all)", names.join(", ")),
            }
        }
    }
}

/// A simulation, told as a story: each event with its outcome, reasons and warnings, the
/// running tasks' fates for rollbacks, then the Deployment and its history at the end.
pub fn simulation(look: &Look, timeline: &Timeline, s: &Simulation) -> String {
    let by_id: HashMap<&str, &Deploy> = s.history.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut out = String::new();
    let name = clean(&s.deployment.name, 80);
    look.heading(&mut out, &format!("What happens to {name}, event by event:"));
    for step in &s.steps {
        let event = timeline.events.get(step.index);
        let added = step.entry.as_deref().and_then(|id| by_id.get(id).copied());
        let mut head = format!("{} {}", when(&step.at), event_summary(event, step, added));
        let author = event.and_then(|e| match e {
            Event::Deploy(d) => d.author.as_deref(),
            Event::Rollback(r) => r.author.as_deref(),
            _ => None,
        });
        if let Some(author) = author {
            let _ = write!(head, " by {}", clean(author, 80));
        }
        let outcome = step.outcome.as_str();
        let _ = write!(head, " — {outcome}");
        if let Some(entry) = &step.entry {
            let _ = write!(head, ", adds {}", clean(entry, 40));
        }
        let mut item = String::new();
        look.item(&mut item, 0, &format!("{}.", step.index + 1), None, &head);
        let paint = if step.outcome == Outcome::Applied { Paint::Green } else { Paint::Red };
        out += &look.paint_last(item, &format!("— {outcome}"), paint);
        let hang = cols(&format!("{}.", step.index + 1)) + 1;
        let description = event
            .and_then(|e| match e {
                Event::Deploy(d) => d.description.as_deref(),
                Event::Rollback(r) => r.description.as_deref(),
                _ => None,
            })
            .filter(|d| !d.is_empty());
        if let Some(description) = description {
            look.para(&mut out, hang, &format!("“{}”", clean(description, 500)));
        }
        look.reasons(&mut out, hang, &step.reasons);
        if let Some(plan) = &step.plan {
            look.warnings(&mut out, hang, &plan.warnings);
            if step.outcome == Outcome::Applied {
                task_fates(look, &mut out, hang, plan);
            }
        }
    }
    out.push('\n');
    look.heading(&mut out, "The Deployment afterwards:");
    deployment(look, &mut out, &s.deployment);
    out.push('\n');
    look.heading(&mut out, "Deploy History afterwards:");
    out += &history(look, 2, s.history.iter());
    out
}

/// A Deployment's state, one setting a line.
fn deployment(look: &Look, out: &mut String, d: &Deployment) {
    let flag = |b: Option<bool>| match b {
        Some(true) => "on",
        Some(false) => "off",
        None => "—",
    };
    let mut lines = vec![
        ("name", clean(&d.name, 120)),
        ("Runtime", d.runtime_version.as_ref().map_or_else(|| "—".to_owned(), ToString::to_string)),
        ("Dag deploys", flag(d.dag_deploy_enabled).to_owned()),
        ("executor", clean(d.executor.as_deref().unwrap_or("—"), 40)),
        ("scheduler", clean(d.scheduler_size.as_deref().unwrap_or("—"), 40)),
        ("worker queues", queues(d)),
        ("env vars", env_vars(d)),
    ];
    if d.rollback_enabled.is_some() || d.deploy_mechanism != DeployMechanism::Image {
        lines.push(("deploy mechanism", d.deploy_mechanism.as_str().to_owned()));
        lines.push(("rollbacks", flag(d.rollback_enabled).to_owned()));
    }
    if let Some(remote) = &d.remote_execution {
        let agents: Vec<String> = remote
            .agents
            .iter()
            .map(|a| format!("{} {}", clean(&a.id, 40), clean(&a.image.to_string(), 120)))
            .collect();
        let state = if remote.enabled { "on" } else { "off" };
        let text =
            if agents.is_empty() { state.to_owned() } else { format!("{state}: {}", agents.join(", ")) };
        lines.push(("Remote Execution", text));
    }
    for (label, text) in lines {
        look.item(out, 2, &format!("{label:<17}"), None, &text);
    }
}

fn queues(d: &Deployment) -> String {
    if d.worker_queues.is_empty() {
        return "none".to_owned();
    }
    d.worker_queues
        .iter()
        .map(|q| match &q.astro_machine {
            Some(machine) => format!("{} ({})", clean(&q.name, 40), clean(machine, 20)),
            None => clean(&q.name, 40),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn env_vars(d: &Deployment) -> String {
    if d.env_vars.is_empty() {
        return "none".to_owned();
    }
    d.env_vars
        .iter()
        .map(|v| if v.is_secret { format!("{} (secret)", clean(&v.key, 40)) } else { clean(&v.key, 40) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The built-in example: the history before, the plan, the history after, and the three
/// slips of the documentation's own example.
pub fn example(look: &Look, scenario: &Scenario, plan_: &Plan, after: &Simulation) -> String {
    let mut out = String::new();
    let Some(top) = &plan_.new_entry else { return String::new() };
    look.para(
        &mut out,
        0,
        &format!(
            "The documentation's example: on {} a user rolls back {} to the deploy of 2023-11-06 \
             14:00 UTC.",
            scenario.now,
            clean(&scenario.deployment.name, 80)
        ),
    );
    out.push('\n');
    look.heading(&mut out, "Deploy History before:");
    out += &history(look, 2, scenario.history.iter());
    out.push('\n');
    out += &plan(look, plan_);
    out.push('\n');
    look.heading(&mut out, "Deploy History after:");
    out += &history(look, 2, after.history.iter());
    out.push('\n');
    look.heading(&mut out, "Where the documentation's own example slips, and what the engine shows instead:");
    let slips = [
        format!(
            "time: the new top entry is at {}, the moment of the rollback (the docs print 14:00);",
            top.created_at
        ),
        format!(
            "image tag: {}, the CLI's zero-padded default (the docs print 2023-11-6);",
            top.image_tag.as_deref().unwrap_or("unknown")
        ),
        format!(
            "Dag bundle version: {}, the target's (the docs print a 16 November value).",
            top.dag_bundle_version.as_deref().unwrap_or("none")
        ),
    ];
    for (i, slip) in slips.iter().enumerate() {
        look.item(&mut out, 2, &format!("{}.", i + 1), None, slip);
    }
    out.push('\n');
    look.para(
        &mut out,
        0,
        "Try: deploy-rollback example > scenario.json, then deploy-rollback plan scenario.json --to d1; \
         deploy-rollback example --timeline > timeline.json, then deploy-rollback simulate timeline.json",
    );
    out
}

/// The parts of an agent image, one a line.
pub fn agent_image(parts: &deploy_rollback::AgentImageParts) -> String {
    format!(
        "repository      {}\nRuntime         {}\nPython          {}\nagent version   {}\ndistro          {}\nbase image      {}\n",
        clean(&parts.repository, 200),
        parts.runtime_version,
        parts.python_version,
        parts.agent_version,
        parts.distro.as_deref().map_or_else(|| "—".to_owned(), |d| clean(d, 80)),
        if parts.is_base { "yes" } else { "no" }
    )
}
