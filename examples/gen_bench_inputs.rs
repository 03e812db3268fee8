//! Writes the benchmark inputs: deterministic scenarios and timelines that both halves of
//! `make bench` (native `benches/engine.rs` and WASM `benches/wasm-bench.mjs`) read, so
//! that they measure exactly the same documents.
//!
//! ```text
//! cargo run --profile bench --example gen_bench_inputs [-- OUT_DIR]
//! ```
//!
//! `OUT_DIR` defaults to `target/bench-inputs`. It gets `history-N.json` (a scenario whose
//! history has N entries, N = 10 … 100,000), `timeline-N.json` (a timeline of N events,
//! N = 10 … 10,000) and `manifest.json`, which names each file with its size, the plan
//! target and description to use. The same seed always gives the same bytes.
//!
//! Every document is checked with the engine before it is written: a benchmark whose
//! input is refused would measure an error path.

use chrono::{DateTime, SecondsFormat, Utc};
use deploy_rollback::{eligibility, plan, simulate, Eligibility, Scenario, Timeline, Verdict};
use serde_json::{json, Value};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

/// History lengths.
const HISTORY_SIZES: [usize; 5] = [10, 100, 1_000, 10_000, 100_000];
/// Timeline lengths, in events.
const TIMELINE_SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
/// "Now" of every scenario: 1 June 2025, 12:00 UTC.
const NOW: i64 = 1_748_779_200;
/// Every history spans the same year, whatever its length, so that about three quarters
/// of its entries lie outside the 90-day window at every size: the per-entry work is the
/// same, and the growth from one size to the next measures the engine, not the mix (with
/// one deploy an hour, 1,000 entries all lay inside the window and 10,000 mostly outside,
/// and each outside entry writes a reason).
const HISTORY_SPAN: i64 = 365 * 86_400;
/// The history a timeline starts from: one deploy an hour.
const BASE_SPACING: i64 = 3_600;
/// One timeline event every 30 minutes.
const EVENT_SPACING: i64 = 1_800;
/// Entries of the history a timeline starts from.
const TIMELINE_BASE_HISTORY: usize = 50;

/// Runtime versions in release order, Airflow 2 era then Airflow 3 era; a history climbs
/// through them from its oldest entry to its newest. None lies in the default
/// unsupported range (3.0-1 … 3.1-1) except `3.0-2`, so some old plans meet that rule.
const RUNTIMES: [&str; 14] = [
    "5.0.0", "7.4.0", "9.1.0", "9.5.0", "10.2.0", "11.4.0", "12.1.0", "12.4.0", "13.0.0", "3.0-2", "3.1-2",
    "3.1-5", "3.1-9", "3.1-11",
];
/// Where the Airflow 3 era begins in [`RUNTIMES`].
const FIRST_DASHED: usize = 9;
/// The share of a history deployed on Airflow 2.
const AIRFLOW_2_SHARE: f64 = 0.3;

/// Deploy types of the six newest history entries, oldest first.
const NEWEST_KINDS: [&str; 6] = ["rollback", "dbt", "imageOnly", "github", "dagsOnly", "imageAndDags"];

const AUTHORS: [&str; 5] = [
    "ada@example.com",
    "grace@example.com",
    "linus@example.com",
    "barbara@example.com",
    "ci-bot@example.com",
];
const SUBJECTS: [&str; 8] = [
    "add the etl Dag",
    "fix the load step",
    "bump dbt models",
    "retry flaky sensor",
    "tune pool sizes",
    "rewrite the transform",
    "upgrade Runtime",
    "drop the legacy export",
];
const DAGS: [&str; 6] = ["etl.load", "etl.transform", "reports.daily", "ml.train", "dbt.run", "export.s3"];

/// A small deterministic generator (SplitMix64): no dependency, same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or_default()
    }

    fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next()));
        }
        out.truncate(len);
        out
    }
}

/// Sets `key` of a JSON object (indexing a `Value` would panic on a non-object).
fn set(value: &mut Value, key: &str, field: Value) {
    if let Some(map) = value.as_object_mut() {
        map.insert(key.to_owned(), field);
    }
}

fn instant(secs: i64) -> Result<DateTime<Utc>, Box<dyn Error>> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| format!("no instant at {secs} s").into())
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The astro CLI's default image tag and Astro's Dag bundle version for a deploy at `t`.
fn image_tag(t: DateTime<Utc>) -> String {
    format!("deploy-{}", t.format("%Y-%m-%dT%H-%M"))
}

fn bundle_version(t: DateTime<Utc>) -> String {
    format!("{}.0000000Z", t.format("%Y-%m-%dT%H:%M:%S"))
}

/// The Runtime of a deploy `fraction_of_history` of the way from the oldest entry to the
/// newest: the oldest 30 % climb through the Airflow 2 era, the rest through Airflow 3.
fn runtime_at(fraction_of_history: f64) -> &'static str {
    let (from, to, fraction) = if fraction_of_history < AIRFLOW_2_SHARE {
        (0, FIRST_DASHED, fraction_of_history / AIRFLOW_2_SHARE)
    } else {
        (FIRST_DASHED, RUNTIMES.len(), (fraction_of_history - AIRFLOW_2_SHARE) / (1.0 - AIRFLOW_2_SHARE))
    };
    let index = from + (fraction * (to - from) as f64) as usize;
    RUNTIMES.get(index.min(to - 1)).copied().unwrap_or("3.1-11")
}

fn agent_image(runtime: &str) -> String {
    format!("images.astronomer.cloud/baseimages/astro-remote-execution-agent:{runtime}-python-3.12-astro-agent-1.3.3")
}

/// The code state a history entry records.
#[derive(Clone)]
struct Code {
    image_tag: String,
    dag_bundle_version: Option<String>,
    dbt_version: usize,
    runtime: &'static str,
    dag_deploy_enabled: bool,
}

impl Code {
    fn dbt_bundles(&self) -> Value {
        if self.dbt_version == 0 {
            return json!([]);
        }
        json!([
            { "name": "jaffle_shop", "version": format!("v{}", self.dbt_version) },
            { "name": "/usr/local/airflow/dbt/finance", "version": format!("2025.{}", self.dbt_version % 97) }
        ])
    }
}

fn description(rng: &mut Rng) -> Option<String> {
    match rng.below(10) {
        0 => None,
        1 => Some(format!("hotfix: {}", rng.pick(&SUBJECTS))),
        _ => Some(format!("{} {}", rng.hex(7), rng.pick(&SUBJECTS))),
    }
}

fn git(rng: &mut Rng) -> Value {
    let sha = rng.hex(40);
    json!({
        "provider": "GITHUB",
        "commitSha": sha,
        "branch": if rng.chance(80) { "main" } else { "release" },
        "repo": "acme/airflow-etl",
        "commitUrl": format!("https://github.com/acme/airflow-etl/commit/{sha}")
    })
}

fn running_tasks(rng: &mut Rng, now: i64) -> Result<Value, Box<dyn Error>> {
    let count = rng.below(6);
    let mut tasks = Vec::with_capacity(count);
    for i in 0..count {
        let started = now - 60 * (1 + rng.below(600) as i64);
        let mut task = json!({
            "id": format!("{}#{i}", rng.pick(&DAGS)),
            "startedAt": rfc3339(instant(started)?),
            "retriesLeft": rng.below(3),
        });
        if rng.chance(70) {
            // Some outlive the 24-hour grace period.
            let end = now + 3_600 * (1 + rng.below(36) as i64);
            set(&mut task, "expectedEndAt", json!(rfc3339(instant(end)?)));
        }
        tasks.push(task);
    }
    Ok(Value::Array(tasks))
}

fn deployment(current: &Code, agents: &[(&str, &str)]) -> Value {
    json!({
        "id": "clx4k2m9p000108l5a1b2c3d4",
        "name": "etl-prod",
        "description": "Nightly loads for the warehouse",
        "runtimeVersion": current.runtime,
        "dagDeployEnabled": current.dag_deploy_enabled,
        "executor": "CELERY",
        "schedulerSize": "MEDIUM",
        "workerQueues": [
            { "name": "default", "astroMachine": "A5", "minWorkerCount": 1, "maxWorkerCount": 10,
              "workerConcurrency": 5, "isDefault": true },
            { "name": "heavy", "astroMachine": "A20", "minWorkerCount": 0, "maxWorkerCount": 4,
              "workerConcurrency": 2, "isDefault": false }
        ],
        "envVars": [
            { "key": "WAREHOUSE", "value": "analytics", "isSecret": false },
            { "key": "WAREHOUSE_PASSWORD", "isSecret": true, "updatedAt": "2025-01-10T08:00:00Z" },
            { "key": "AIRFLOW__CORE__PARALLELISM", "value": "64", "isSecret": false }
        ],
        "remoteExecution": {
            "enabled": true,
            "agents": agents.iter().map(|(id, runtime)| json!({ "id": id, "image": agent_image(runtime) })).collect::<Vec<_>>(),
            "remoteApiUrl": "https://clx4k2m9p.astronomer.run/api/v2"
        }
    })
}

const ACTOR: &str = "ada@example.com";

/// A history of `n` entries `spacing` seconds apart, oldest first, the newest `spacing`
/// before `end`; and the code state of its newest deployed entry.
struct GeneratedHistory {
    entries: Vec<Value>,
    ids: Vec<String>,
    deployed: Vec<bool>,
    current: Code,
}

fn history(rng: &mut Rng, n: usize, end: i64, spacing: i64) -> Result<GeneratedHistory, Box<dyn Error>> {
    let mut entries = Vec::with_capacity(n);
    let mut ids: Vec<String> = Vec::with_capacity(n);
    let mut deployed = Vec::with_capacity(n);
    let mut codes: Vec<Code> = Vec::with_capacity(n);
    let first = instant(end - spacing * n as i64)?;
    let mut current = Code {
        image_tag: image_tag(first),
        dag_bundle_version: Some(bundle_version(first)),
        dbt_version: 0,
        runtime: runtime_at(0.0),
        dag_deploy_enabled: true,
    };
    let mut current_id: Option<String> = None;
    for i in 0..n {
        let t = instant(end - spacing * (n - i) as i64)?;
        let id = format!("d-{i}");
        // The newest entry is always deployed, so every history has a current deploy.
        let status = match rng.below(100) {
            _ if i + 1 == n => "deployed",
            0..=6 => "failed",
            7..=9 => "initialized",
            _ => "deployed",
        };
        // The newest six entries are one of each type, so that even the shortest history
        // has them all.
        let newest_six = (i + 6).checked_sub(n).and_then(|k| NEWEST_KINDS.get(k)).copied();
        let kind = match rng.below(100) {
            _ if newest_six.is_some() => newest_six.unwrap_or("imageAndDags"),
            0..=34 => "imageAndDags",
            35..=59 => "dagsOnly",
            60..=69 => "imageOnly",
            70..=84 => "github",
            85..=92 => "dbt",
            _ if i > 0 => "rollback",
            _ => "imageAndDags",
        };
        let mut code = current.clone();
        let mut rollback_of = None;
        let runtime = runtime_at(i as f64 / n as f64);
        if rng.chance(1) {
            code.dag_deploy_enabled = !code.dag_deploy_enabled;
        }
        let carries_image = matches!(kind, "imageAndDags" | "imageOnly" | "github");
        let carries_dags = matches!(kind, "imageAndDags" | "dagsOnly" | "github");
        if carries_image {
            code.image_tag = image_tag(t);
            code.runtime = runtime;
        }
        if carries_dags && code.dag_deploy_enabled {
            code.dag_bundle_version = Some(bundle_version(t));
        }
        if !code.dag_deploy_enabled {
            code.dag_bundle_version = None;
        }
        if kind == "dbt" {
            code.dbt_version += 1;
        }
        if kind == "rollback" {
            // Back to one of the last twenty deployed entries.
            let candidates: Vec<usize> =
                (i.saturating_sub(20)..i).filter(|&j| deployed.get(j) == Some(&true)).collect();
            if let Some(&j) = candidates.get(rng.below(candidates.len())) {
                if let (Some(target), Some(target_id)) = (codes.get(j), ids.get(j)) {
                    code = target.clone();
                    rollback_of = Some(target_id.clone());
                }
            }
        }
        let mut entry = json!({
            "id": id,
            "createdAt": rfc3339(t),
            "author": if kind == "github" { "ci-bot@example.com" } else { rng.pick(&AUTHORS) },
            "type": kind,
            "status": status,
            "description": if kind == "rollback" { Some(format!("roll back: {}", rng.pick(&SUBJECTS))) } else { description(rng) },
            "imageTag": code.image_tag,
            "dagBundleVersion": code.dag_bundle_version,
            "dbtBundles": code.dbt_bundles(),
            // Half the entries leave it out: on unless stated.
            "runtimeVersion": code.runtime,
        });
        if !code.dag_deploy_enabled || rng.chance(50) {
            set(&mut entry, "dagDeployEnabled", json!(code.dag_deploy_enabled));
        }
        if kind == "github" || rng.chance(10) {
            set(&mut entry, "git", git(rng));
        }
        if kind == "rollback" {
            set(&mut entry, "rollbackOf", json!(rollback_of));
            set(&mut entry, "replaces", json!(current_id));
        }
        let is_deployed = status == "deployed";
        if is_deployed {
            current = code.clone();
            current_id = Some(id.clone());
        }
        entries.push(entry);
        ids.push(id);
        deployed.push(is_deployed);
        codes.push(code);
    }
    Ok(GeneratedHistory { entries, ids, deployed, current })
}

/// The agents: one on the current Runtime, one a little older.
fn agents_for(current: &Code) -> Vec<(&'static str, &'static str)> {
    let index = RUNTIMES.iter().position(|r| *r == current.runtime).unwrap_or(0);
    let older = RUNTIMES.get(index.saturating_sub(1).max(FIRST_DASHED)).copied().unwrap_or("3.1-2");
    let newest = RUNTIMES.get(index.max(FIRST_DASHED)).copied().unwrap_or("3.1-11");
    vec![("agent-a", newest), ("agent-b", older)]
}

/// A scenario with `n` history entries, newest first as Astro lists them.
fn scenario(n: usize) -> Result<Value, Box<dyn Error>> {
    let mut rng = Rng(0x5EED_0000 + n as u64);
    let generated = history(&mut rng, n, NOW, HISTORY_SPAN / n as i64)?;
    let agents = agents_for(&generated.current);
    let mut entries = generated.entries;
    entries.reverse();
    Ok(json!({
        "profile": "astroHosted",
        "options": { "retentionDays": 90 },
        "now": rfc3339(instant(NOW)?),
        "deployment": deployment(&generated.current, &agents),
        "history": entries,
        "runningTasks": running_tasks(&mut rng, NOW)?,
        "actor": { "id": ACTOR, "roles": ["deploymentEditor"], "permissions": [] }
    }))
}

/// The plan target: the tenth-newest eligible entry other than the current one (the
/// oldest such in short histories), so that the plan goes through every step and undoes
/// several deploys; any other entry if none is eligible.
fn plan_target(listing: &Eligibility) -> Option<String> {
    let others = || listing.entries.iter().filter(|e| !e.is_current);
    let eligible: Vec<_> = others().filter(|e| e.eligible).collect();
    eligible.get(9).or(eligible.last()).copied().or(others().next()).map(|e| e.id.clone())
}

/// A timeline of `n` events after a 50-entry history: deploys of every type, rollbacks,
/// settings changes, agent updates and running-task changes.
fn timeline(n: usize) -> Result<Value, Box<dyn Error>> {
    let mut rng = Rng(0x71AE_0000 + n as u64);
    let start = NOW - EVENT_SPACING * n as i64;
    let base = history(&mut rng, TIMELINE_BASE_HISTORY, start, BASE_SPACING)?;
    let agents = agents_for(&base.current);
    // Entries a rollback may name: every deployed entry known to exist.
    let mut targets: Vec<String> =
        base.ids.iter().zip(&base.deployed).filter(|(_, d)| **d).map(|(id, _)| id.clone()).collect();
    let mut highest = RUNTIMES.iter().position(|r| *r == base.current.runtime).unwrap_or(0);
    let mut events = Vec::with_capacity(n);
    for i in 0..n {
        let at = instant(start + EVENT_SPACING * i as i64)?;
        let at_text = rfc3339(at);
        let event = match rng.below(100) {
            0..=54 => {
                let kind = rng.pick(&[
                    "imageAndDags",
                    "imageAndDags",
                    "dagsOnly",
                    "dagsOnly",
                    "imageOnly",
                    "github",
                    "dbt",
                ]);
                let mut event =
                    json!({ "at": at_text, "kind": "deploy", "type": kind, "author": rng.pick(&AUTHORS) });
                if let Some(text) = description(&mut rng) {
                    set(&mut event, "description", json!(text));
                }
                // Most deploys name themselves; the others get a generated id.
                if rng.chance(80) {
                    let id = format!("ev-{i}");
                    set(&mut event, "id", json!(id));
                    // A Dag-only deploy is refused while Dag deploys are off, so it is no
                    // sure rollback target.
                    if rng.chance(95) && kind != "dagsOnly" {
                        targets.push(id);
                    } else {
                        set(
                            &mut event,
                            "status",
                            json!(if rng.chance(50) { "failed" } else { "initialized" }),
                        );
                    }
                }
                // Runtime upgrades only ever go up from the highest seen, so that no deploy
                // is refused for lowering it.
                if matches!(kind, "imageAndDags" | "imageOnly" | "github") && rng.chance(3) {
                    highest = (highest + 1).min(RUNTIMES.len() - 1);
                    set(
                        &mut event,
                        "runtimeVersion",
                        json!(RUNTIMES.get(highest).copied().unwrap_or("3.1-11")),
                    );
                }
                if kind == "github" {
                    set(&mut event, "git", git(&mut rng));
                }
                if kind == "dbt" {
                    let bundles = json!([{ "name": "jaffle_shop", "version": format!("v{}", 100 + i) }]);
                    set(&mut event, "dbtBundles", bundles);
                }
                // No deploy states the Dag deploy setting: a deploy cannot change it (only
                // a `settings` event or a rollback can), and a refused deploy would leave
                // a rollback target that does not exist.
                event
            }
            55..=66 => {
                // Back to one of the last fifteen deployed entries.
                let recent = targets.len().saturating_sub(15);
                let to = targets.get(recent + rng.below(targets.len() - recent)).cloned().unwrap_or_default();
                let mut event = json!({ "at": at_text, "kind": "rollback", "to": to });
                if rng.chance(85) {
                    set(
                        &mut event,
                        "description",
                        json!(format!("roll back to {to}: {}", rng.pick(&SUBJECTS))),
                    );
                }
                if rng.chance(50) {
                    set(&mut event, "author", json!(rng.pick(&AUTHORS)));
                }
                event
            }
            67..=76 => match rng.below(5) {
                0 => json!({ "at": at_text, "kind": "settings", "envVars": [
                    { "key": "WAREHOUSE", "value": format!("analytics_{}", rng.below(9)), "isSecret": false },
                    { "key": "WAREHOUSE_PASSWORD", "isSecret": true, "updatedAt": at_text }
                ] }),
                1 => json!({ "at": at_text, "kind": "settings",
                    "schedulerSize": rng.pick(&["SMALL", "MEDIUM", "LARGE"]) }),
                2 => json!({ "at": at_text, "kind": "settings", "workerQueues": [
                    { "name": "default", "astroMachine": "A10", "minWorkerCount": 1, "maxWorkerCount": 5 + rng.below(10) }
                ] }),
                3 => {
                    json!({ "at": at_text, "kind": "settings", "description": format!("Nightly loads, rev {i}") })
                }
                _ => json!({ "at": at_text, "kind": "settings", "executor": rng.pick(&["CELERY", "ASTRO"]) }),
            },
            77..=84 => {
                let agent = rng.pick(&["agent-a", "agent-b", "agent-c"]);
                let index = (highest.saturating_sub(rng.below(3))).max(FIRST_DASHED);
                let runtime = RUNTIMES.get(index).copied().unwrap_or("3.1-11");
                json!({ "at": at_text, "kind": "agentUpdate", "agentId": agent, "image": agent_image(runtime) })
            }
            _ => {
                json!({ "at": at_text, "kind": "tasks", "runningTasks": running_tasks(&mut rng, at.timestamp())? })
            }
        };
        events.push(event);
    }
    let mut history = base.entries;
    history.reverse();
    Ok(json!({
        "profile": "astroHosted",
        "deployment": deployment(&base.current, &agents),
        "history": history,
        "runningTasks": running_tasks(&mut rng, start)?,
        "actor": { "id": ACTOR, "roles": ["deploymentEditor"], "permissions": [] },
        "events": events
    }))
}

fn write(dir: &Path, name: &str, text: &str) -> Result<usize, Box<dyn Error>> {
    fs::write(dir.join(name), text).map_err(|e| format!("cannot write {name}: {e}"))?;
    Ok(text.len())
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from("target/bench-inputs"), PathBuf::from);
    fs::create_dir_all(&dir)?;
    let mut histories = Vec::new();
    for n in HISTORY_SIZES {
        let text = scenario(n)?.to_string();
        // The engine must accept it: a benchmark of an error path measures nothing.
        let parsed = Scenario::from_json(&text).map_err(|e| format!("history-{n}: {e}"))?;
        let listing = eligibility(&parsed).map_err(|e| format!("history-{n} eligibility: {e}"))?;
        let target = plan_target(&listing).ok_or_else(|| format!("history-{n}: no plan target"))?;
        let description = format!("Roll back to {target}: the newer deploys broke the nightly load");
        let preview =
            plan(&parsed, &target, Some(&description)).map_err(|e| format!("history-{n} plan: {e}"))?;
        let eligible = listing.entries.iter().filter(|e| e.eligible).count();
        let file = format!("history-{n}.json");
        let bytes = write(&dir, &file, &text)?;
        eprintln!(
            "{file}: {bytes} bytes, {eligible} of {n} eligible, plan to {target}: {}",
            preview.verdict.as_str()
        );
        histories.push(json!({ "entries": n, "file": file, "bytes": bytes, "target": target,
            "description": description, "eligible": eligible, "verdict": preview.verdict.as_str() }));
    }
    let mut timelines = Vec::new();
    for n in TIMELINE_SIZES {
        let text = timeline(n)?.to_string();
        let parsed = Timeline::from_json(&text).map_err(|e| format!("timeline-{n}: {e}"))?;
        let result = simulate(&parsed).map_err(|e| format!("timeline-{n} simulate: {e}"))?;
        let rollbacks = result.steps.iter().filter(|s| s.plan.is_some()).count();
        let applied = result
            .steps
            .iter()
            .filter(|s| s.plan.as_ref().is_some_and(|p| p.verdict == Verdict::Allowed))
            .count();
        let file = format!("timeline-{n}.json");
        let bytes = write(&dir, &file, &text)?;
        eprintln!(
            "{file}: {bytes} bytes, {rollbacks} rollbacks ({applied} allowed), {} entries after",
            result.history.len()
        );
        timelines.push(json!({ "events": n, "file": file, "bytes": bytes, "rollbacks": rollbacks,
            "rollbacksAllowed": applied, "historyAfter": result.history.len() }));
    }
    let manifest = json!({ "histories": histories, "timelines": timelines });
    write(&dir, "manifest.json", &serde_json::to_string_pretty(&manifest)?)?;
    Ok(())
}
