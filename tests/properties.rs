//! Property tests: generated histories, scenarios and timelines, and the invariants every
//! answer must keep whatever the input.
//!
//! Generators build documents as JSON and read them through `Scenario::from_json` /
//! `Timeline::from_json`, so the parser is exercised too: a generated document is valid
//! by construction and must be accepted. `generators_reach_the_interesting_cases` makes
//! sure the properties are not vacuous (rollbacks applied and refused, downgrades, ties).
//!
//! Case counts are modest so that the file runs in seconds in debug; raise them with
//! `PROPTEST_CASES=…` for a longer run.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use chrono::{DateTime, FixedOffset, SecondsFormat};
#[path = "support/mod.rs"]
mod support;
use deploy_rollback::ffi::{compare_runtime_versions, to_json};
use deploy_rollback::{
    compare_entries, eligibility, from_astro_api, plan, simulate, AgentImage, Deploy, Direction, Disposition,
    ErrorCode, Event, Moment, Outcome, Profile, ReasonCode, RuntimeChangeKind, RuntimeVersion, Scenario,
    Simulation, TaskFate, Timeline, Verdict,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use std::cmp::Ordering;

/// Cases per property, unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The fields a rollback takes from its target (DOMAIN §4); every other field is kept.
const RESTORED: [&str; 5] =
    ["imageTag", "dagBundleVersion", "dbtBundles", "runtimeVersion", "dagDeployEnabled"];

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

/// 2023-06-01T00:00:00Z: generated `now`s fall within a year after it.
const EPOCH: i64 = 1_685_577_600;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// An instant written in RFC 3339 with one of several offsets (or `Z`).
fn instant(secs: i64, nanos: u32, offset_minutes: i32) -> String {
    let (Some(utc), Some(offset)) =
        (DateTime::from_timestamp(secs, nanos), FixedOffset::east_opt(offset_minutes * 60))
    else {
        panic!("bad instant {secs}")
    };
    if offset_minutes == 0 {
        utc.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    } else {
        utc.with_timezone(&offset).to_rfc3339()
    }
}

fn offset() -> impl Strategy<Value = i32> {
    prop::sample::select(vec![0, 0, 60, -300, 330, 345, -720, 840, -30])
}

fn nanos() -> impl Strategy<Value = u32> {
    prop_oneof![4 => Just(0u32), 1 => 0u32..1_000_000_000]
}

fn pre_release() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        4 => Just(None),
        1 => prop::sample::select(vec!["rc1", "rc.2", "rc.10", "alpha.1", "dev1", "beta-3", "1", "2.a"]).prop_map(Some),
    ]
}

/// A Runtime version as text, in either format, sometimes with a leading `v` or a
/// pre-release; numbers stay in the range real versions use.
fn runtime_text() -> impl Strategy<Value = String> {
    runtime_text_in(3u64..=14, 0u64..=12, 0u64..=6, 2u64..=4, 0u64..=3, 0u64..=15)
}

/// A Runtime version as text, with any numbers (for the ordering properties).
fn wide_runtime_text() -> impl Strategy<Value = String> {
    let n = || prop_oneof![3 => 0u64..20, 1 => any::<u64>()];
    runtime_text_in(n(), n(), n(), n(), n(), n())
}

fn runtime_text_in(
    semver_major: impl Strategy<Value = u64> + Clone + 'static,
    semver_minor: impl Strategy<Value = u64> + Clone + 'static,
    semver_patch: impl Strategy<Value = u64> + Clone + 'static,
    dashed_major: impl Strategy<Value = u64> + Clone + 'static,
    dashed_minor: impl Strategy<Value = u64> + Clone + 'static,
    dashed_patch: impl Strategy<Value = u64> + Clone + 'static,
) -> impl Strategy<Value = String> {
    let v = || prop_oneof![5 => Just(""), 1 => Just("v")];
    let semver =
        (v(), semver_major, semver_minor, semver_patch, pre_release()).prop_map(|(v, a, b, c, pre)| {
            let pre = pre.map(|p| format!("-{p}")).unwrap_or_default();
            format!("{v}{a}.{b}.{c}{pre}")
        });
    let dashed = (v(), dashed_major, dashed_minor, dashed_patch, pre_release(), any::<bool>()).prop_map(
        |(v, a, b, c, pre, dot)| {
            let pre = pre.map(|p| format!("{}{p}", if dot { '.' } else { '-' })).unwrap_or_default();
            format!("{v}{a}.{b}-{c}{pre}")
        },
    );
    prop_oneof![semver, dashed]
}

/// A dashed Runtime for an agent image: `3.1-5`, or a whole line such as `4.0`.
fn agent_image_text() -> impl Strategy<Value = String> {
    (3u64..=4, 0u64..=2, prop::option::of(0u64..=15), any::<bool>(), any::<bool>()).prop_map(
        |(a, b, patch, distro, base)| {
            let patch = patch.map(|p| format!("-{p}")).unwrap_or_default();
            let distro = if distro { "-ubi9" } else { "" };
            let base = if base { "-base" } else { "" };
            format!("images.example.com/agent:{a}.{b}{patch}{distro}-python-3.12-astro-agent-1.1.0{base}")
        },
    )
}

const DEPLOY_TYPES: [&str; 6] = ["imageAndDags", "imageOnly", "dagsOnly", "github", "dbt", "rollback"];

/// One history entry, before its id and time are known: (age in seconds before now,
/// fields). Ages are whole hours so that ties happen.
fn entry_spec() -> impl Strategy<Value = (i64, i32, u32, Value)> {
    let code = (
        prop::sample::select(vec!["tag-a", "tag-b", "tag-c", "deploy-2023-11-06T14-00"]),
        prop::option::of(prop::sample::select(vec!["2023-11-06T14:00:00.0000000Z", "b2", "b3"])),
        prop::collection::vec(
            prop::sample::select(vec![("jaffle", "v1"), ("jaffle", "v2"), ("shop", "v1")]),
            0..=2,
        ),
        runtime_text(),
        prop_oneof![4 => Just(true), 1 => Just(false)],
    );
    let meta = (
        prop::sample::select(DEPLOY_TYPES.to_vec()),
        prop_oneof![6 => Just("deployed"), 2 => Just("failed"), 1 => Just("initialized")],
        prop::option::of(prop::sample::select(vec![
            "abc1234 fix the loader",
            "first deploy",
            "",
            "deadbeef",
        ])),
        prop::option::of(prop::sample::select(vec!["ada@example.com", "grace@example.com"])),
        prop::option::of(Just(json!({"provider": "GITHUB", "commitSha": "9f8e7d6c5b4a", "branch": "main"}))),
    );
    let age = prop_oneof![1 => Just(0i64), 6 => (0i64..200 * 24).prop_map(|h| h * HOUR)];
    (age, offset(), nanos(), code, meta).prop_map(
        |(
            age,
            offset,
            nanos,
            (image, bundle, dbt, runtime, dag_deploy),
            (kind, status, description, author, git),
        )| {
            let dbt: Vec<Value> = dbt.iter().map(|(n, v)| json!({"name": n, "version": v})).collect();
            let mut entry = json!({
                "type": kind, "status": status, "imageTag": image, "dagBundleVersion": bundle,
                "dbtBundles": dbt, "runtimeVersion": runtime, "dagDeployEnabled": dag_deploy,
                "description": description, "author": author,
            });
            if let (Some(git), Some(map)) = (git, entry.as_object_mut()) {
                map.insert("git".to_owned(), git);
            }
            (age, offset, nanos, entry)
        },
    )
}

/// A history of `min` to `max` entries at `now` (seconds): ids `e0`, `e1`, …, times at or
/// before `now`, in random order; a rollback entry links to a strictly older one.
fn history(now: i64, min: usize, max: usize) -> impl Strategy<Value = Vec<Value>> {
    (prop::collection::vec((entry_spec(), any::<bool>()), min..=max)).prop_map(move |specs| {
        let times: Vec<i64> = specs.iter().map(|((age, ..), _)| now - age).collect();
        specs
            .into_iter()
            .enumerate()
            .map(|(i, ((_, offset, nanos, mut entry), link))| {
                let created = times.get(i).copied().unwrap_or(now);
                // An instant with nanoseconds must stay at or before `now`.
                let nanos = if created == now { 0 } else { nanos };
                if let Some(map) = entry.as_object_mut() {
                    map.insert("id".to_owned(), json!(format!("e{i}")));
                    map.insert("createdAt".to_owned(), json!(instant(created, nanos, offset)));
                    let older = times.iter().position(|t| *t < created).map(|j| format!("e{j}"));
                    if map.get("type") == Some(&json!("rollback")) && link {
                        map.insert("rollbackOf".to_owned(), json!(older));
                    }
                }
                entry
            })
            .collect()
    })
}

fn deployment() -> impl Strategy<Value = Value> {
    let settings = (
        "[a-z][a-z0-9-]{0,10}",
        prop::option::of("[ -~]{0,24}"),
        prop::option::of(prop::sample::select(vec!["CELERY", "KUBERNETES", "ASTRO"])),
        prop::option::of(prop::sample::select(vec!["SMALL", "MEDIUM", "LARGE", "EXTRA_LARGE"])),
        prop::collection::vec(("[a-z]{1,6}", 0u32..5, any::<bool>()), 0..=2),
        prop::collection::vec(("[A-Z_]{1,8}", prop::option::of("[a-z0-9]{0,6}"), any::<bool>()), 0..=2),
    );
    let code = (
        prop::option::of(runtime_text()),
        prop::option::of(any::<bool>()),
        prop::sample::select(vec!["image", "image", "dagOnly", "nfs", "gitSync"]),
        prop_oneof![3 => Just(Some(true)), 1 => Just(Some(false)), 1 => Just(None)],
        prop_oneof![3 => Just(None), 1 => (any::<bool>(), prop::collection::vec(agent_image_text(), 0..=2)).prop_map(Some)],
    );
    (settings, code).prop_map(
        |((name, description, executor, scheduler, queues, vars), (runtime, dag_deploy, mechanism, rollback, remote))| {
            let queues: Vec<Value> = queues
                .into_iter()
                .map(|(n, min, default)| json!({"name": n, "minWorkerCount": min, "isDefault": default}))
                .collect();
            let vars: Vec<Value> = vars
                .into_iter()
                .map(|(k, v, secret)| json!({"key": k, "value": if secret { None } else { v }, "isSecret": secret}))
                .collect();
            let remote = remote.map(|(enabled, images)| {
                let agents: Vec<Value> = images
                    .into_iter()
                    .enumerate()
                    .map(|(i, image)| json!({"id": format!("agent-{i}"), "image": image}))
                    .collect();
                json!({"enabled": enabled, "agents": agents})
            });
            json!({
                "id": "dep-1", "name": name, "description": description, "executor": executor,
                "schedulerSize": scheduler, "workerQueues": queues, "envVars": vars,
                "runtimeVersion": runtime, "dagDeployEnabled": dag_deploy, "deployMechanism": mechanism,
                "rollbackEnabled": rollback, "remoteExecution": remote,
            })
        },
    )
}

/// Everything of a scenario but `now`, `deployment` and `history`.
fn surroundings(now: i64) -> impl Strategy<Value = Value> {
    let options = (
        prop::sample::select(vec![0u32, 1, 7, 30, 90, 90, 90, 365, 36_500]),
        prop_oneof![3 => Just(None), 1 => Just(Some(Value::Null))],
        prop_oneof![5 => Just(true), 1 => Just(false)],
        prop::sample::select(vec![0u32, 1, 24]),
    )
        .prop_map(|(days, range, installation, grace)| {
            let mut options = json!({"retentionDays": days, "installationRollbacksEnabled": installation,
                                     "taskGracePeriodHours": grace});
            if let (Some(range), Some(map)) = (range, options.as_object_mut()) {
                map.insert("unsupportedRuntimeRange".to_owned(), range);
            }
            options
        });
    let tasks = prop::collection::vec((0i64..48, 0u32..3, prop::option::of(0i64..60)), 0..=3).prop_map(
        move |tasks| {
            tasks
                .into_iter()
                .enumerate()
                .map(|(i, (started, retries, end))| {
                    json!({"id": format!("dag.task{i}"), "startedAt": instant(now - started * HOUR, 0, 0),
                       "retriesLeft": retries, "expectedEndAt": end.map(|h| instant(now + h * HOUR, 0, 60))})
                })
                .collect::<Vec<_>>()
        },
    );
    let actor = prop::option::of((
        prop::collection::vec(
            prop::sample::select(vec!["deploymentViewer", "deploymentEditor", "deploymentAdmin", "systemAdmin"]),
            0..=2,
        ),
        prop::collection::vec(
            prop::sample::select(vec![
                "deployment.images.push",
                "deployment.dags.push",
                "system.deployments.images.push",
            ]),
            0..=2,
        ),
    ))
    .prop_map(|actor| actor.map(|(roles, permissions)| json!({"id": "ada@example.com", "roles": roles, "permissions": permissions})));
    let catalog = prop_oneof![
        3 => Just(Value::Null),
        1 => Just(json!({
            "runtimeVersions": {
                "9.1.0": {"metadata": {"airflowVersion": "2.7.1"}, "migrations": {"airflowDatabase": false}},
                "9.5.0": {"metadata": {"airflowVersion": "2.7.3", "yanked": true, "yankedReason": "bad"},
                          "migrations": {"airflowDatabase": true}},
                "12.4.0": {"metadata": {"airflowVersion": "2.10.5"}}
            },
            "runtimeVersionsV3": {"3.0-1": {"metadata": {"airflowVersion": "3.0.1"}, "migrations": {"airflowDatabase": true}}}
        })),
    ];
    let profile = prop::sample::select(vec!["astroHosted", "astroHosted", "astroPrivateCloud"]);
    (options, tasks, actor, catalog, profile).prop_map(|(options, tasks, actor, catalog, profile)| {
        json!({"options": options, "runningTasks": tasks, "actor": actor, "runtimeCatalog": catalog, "profile": profile})
    })
}

/// A valid scenario with `min` to `max` history entries, as JSON.
fn scenario_value(min: usize, max: usize) -> impl Strategy<Value = Value> {
    (0i64..366 * DAY, offset()).prop_flat_map(move |(at, now_offset)| {
        let now = EPOCH + at / HOUR * HOUR;
        (deployment(), history(now, min, max), surroundings(now)).prop_map(
            move |(deployment, history, mut doc)| {
                if let Some(map) = doc.as_object_mut() {
                    map.insert("now".to_owned(), json!(instant(now, 0, now_offset)));
                    map.insert("deployment".to_owned(), deployment);
                    map.insert("history".to_owned(), Value::Array(history));
                }
                doc
            },
        )
    })
}

#[track_caller]
fn read_scenario(doc: &Value) -> Scenario {
    match Scenario::from_json(&doc.to_string()) {
        Ok(s) => s,
        Err(err) => panic!("a generated scenario was refused: {err}\n{doc:#}"),
    }
}

fn scenario(min: usize, max: usize) -> impl Strategy<Value = Scenario> {
    scenario_value(min, max).prop_map(|doc| read_scenario(&doc))
}

/// Events after `now` (seconds), in time order with ties: deploys of every type (with
/// explicit ids `v0`, `v1`, … so that later rollbacks can name them), sometimes naming
/// fields their type does not ship; rollbacks to any id the story may hold by then;
/// settings changes, some of them flipping the Dag deploy setting; agent updates; and
/// running tasks with and without retries and expected ends.
fn events(now: i64, history_len: usize, max: usize) -> impl Strategy<Value = Vec<Value>> {
    let extra = (
        0u8..8,
        prop::option::of(prop::sample::select(vec!["b2", "b9"])),
        prop::option::of(prop::sample::select(vec![("jaffle", "v3"), ("shop", "v1")])),
        any::<bool>(),
        prop::collection::vec((0i64..4, 0u32..3, prop::option::of(0i64..60)), 1..=3),
    );
    let event = (
        prop_oneof![Just(0i64), 0i64..6, 0i64..72],
        prop_oneof![3 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8), 2 => Just(4u8)],
        runtime_text(),
        prop::sample::select(DEPLOY_TYPES.iter().take(5).copied().collect::<Vec<_>>()),
        any::<prop::sample::Index>(),
        prop::option::of("[a-z ]{0,12}"),
        agent_image_text(),
        (offset(), any::<bool>(), prop::option::of(prop::sample::select(vec!["tag-x", "tag-y"]))),
        extra,
    );
    prop::collection::vec(event, 0..=max).prop_map(move |specs| {
        let mut at = now;
        let mut out = Vec::new();
        for (i, (gap, kind, runtime, deploy_type, pick, text, image, (offset, flag, tag), extra)) in
            specs.into_iter().enumerate()
        {
            let (which, bundle, dbt, dag_deploys, tasks) = extra;
            at += gap * HOUR;
            let when = instant(at, 0, offset);
            out.push(match kind {
                0 => {
                    // Mostly what the type ships; now and then a field it does not.
                    let ships_image = matches!(deploy_type, "imageAndDags" | "imageOnly" | "github");
                    let tag = if ships_image || which == 3 { tag } else { None };
                    let mut e = json!({"at": when, "kind": "deploy", "type": deploy_type, "id": format!("v{i}"),
                                       "description": text, "imageTag": tag});
                    if let Some(map) = e.as_object_mut() {
                        if flag && (ships_image || which == 4) {
                            map.insert("runtimeVersion".to_owned(), json!(runtime));
                        }
                        match which {
                            0 => { map.insert("dagBundleVersion".to_owned(), json!(bundle)); }
                            1 => {
                                let bundles: Vec<Value> = dbt.iter().map(|(n, v)| json!({"name": n, "version": v})).collect();
                                map.insert("dbtBundles".to_owned(), json!(bundles));
                            }
                            2 => { map.insert("dagDeployEnabled".to_owned(), json!(dag_deploys)); }
                            _ => {}
                        }
                    }
                    e
                }
                1 => {
                    // Any history entry or earlier deploy event (which may have been
                    // refused, making the rollback an unknown-deploy error).
                    let earlier: Vec<String> = (0..history_len)
                        .map(|j| format!("e{j}"))
                        .chain((0..i).map(|j| format!("v{j}")))
                        .collect();
                    let to = if earlier.is_empty() { "e0".to_owned() } else { pick.get(&earlier).clone() };
                    json!({"at": when, "kind": "rollback", "to": to, "description": text})
                }
                2 => {
                    let mut e = json!({"at": when, "kind": "settings", "name": text.unwrap_or_default(),
                                       "executor": if flag { "KUBERNETES" } else { "CELERY" },
                                       "envVars": [{"key": "K", "value": format!("{i}")}]});
                    if let (true, Some(map)) = (which < 4, e.as_object_mut()) {
                        map.insert("dagDeployEnabled".to_owned(), json!(dag_deploys));
                    }
                    e
                }
                3 => json!({"at": when, "kind": "agentUpdate", "agentId": format!("agent-{}", i % 2), "image": image}),
                _ => {
                    let tasks: Vec<Value> = tasks
                        .into_iter()
                        .enumerate()
                        .map(|(j, (ago, retries, end))| {
                            json!({"id": format!("t{i}.{j}"), "startedAt": instant(at - ago * HOUR, 0, 0),
                                   "retriesLeft": retries, "expectedEndAt": end.map(|h| instant(at + h * HOUR, 0, 0))})
                        })
                        .collect();
                    json!({"at": when, "kind": "tasks", "runningTasks": tasks})
                }
            });
        }
        out
    })
}

/// A timeline: a generated scenario (without `now`) and events after it.
fn timeline(max_history: usize, max_events: usize) -> impl Strategy<Value = Timeline> {
    scenario_value(0, max_history)
        .prop_flat_map(move |doc| {
            let secs = now_secs(&doc);
            let len = doc.get("history").and_then(Value::as_array).map_or(0, Vec::len);
            (Just(doc), events(secs, len, max_events))
        })
        .prop_map(|(mut doc, events)| {
            if let Some(map) = doc.as_object_mut() {
                map.remove("now");
                map.insert("events".to_owned(), Value::Array(events));
            }
            match Timeline::from_json(&doc.to_string()) {
                Ok(t) => t,
                Err(err) => panic!("a generated timeline was refused: {err}\n{doc:#}"),
            }
        })
}

fn now_secs(doc: &Value) -> i64 {
    doc.get("now")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map_or(EPOCH, |t| t.timestamp())
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

#[track_caller]
fn sim(timeline: &Timeline) -> Simulation {
    match simulate(timeline) {
        Ok(s) => s,
        Err(err) => panic!("simulate failed: {err}"),
    }
}

/// The whole simulation, or `None` for the errors a generated story may run into: a
/// rollback to a deploy event that was itself refused names nothing; a deploy with nothing
/// deployed before it has no image or Runtime to carry forward.
fn simulation_or_expected_error(t: &Timeline) -> Result<Option<Simulation>, TestCaseError> {
    match simulate(t) {
        Ok(whole) => Ok(Some(whole)),
        Err(err) => {
            prop_assert!(matches!(err.code(), ErrorCode::UnknownDeploy | ErrorCode::MissingField), "{}", err);
            Ok(None)
        }
    }
}

#[track_caller]
fn moment(t: &Timeline, i: usize) -> Moment {
    match t.moment_before(i) {
        Ok(Some(m)) => m,
        Ok(None) => panic!("no event {i}"),
        Err(err) => panic!("moment before {i}: {err}"),
    }
}

/// Whether a scenario reads the Dag deploy setting its Deployment holds: the current
/// deploy's, or without one the Deployment's. After a settings event that changed it since
/// the current deploy, a scenario cannot say so.
fn states_the_setting_in_force(s: &Scenario) -> bool {
    let current = s.history.iter().find(|d| d.status == deploy_rollback::DeployStatus::Deployed);
    current.is_none_or(|d| s.deployment.dag_deploy_enabled == Some(d.dag_deploy_enabled))
}

fn same_code(a: &Deploy, b: &Deploy) -> bool {
    a.image_tag == b.image_tag
        && a.dag_bundle_version == b.dag_bundle_version
        && a.dbt_bundles == b.dbt_bundles
        && a.runtime_version == b.runtime_version
        && a.dag_deploy_enabled == b.dag_deploy_enabled
}

/// The Deployment's settings, which no rollback touches.
fn settings(d: &deploy_rollback::Deployment) -> impl PartialEq + std::fmt::Debug {
    (
        d.name.clone(),
        d.description.clone(),
        d.executor.clone(),
        d.scheduler_size.clone(),
        d.worker_queues.clone(),
        d.env_vars.clone(),
        d.remote_execution.clone(),
    )
}

#[track_caller]
fn version(s: &str) -> RuntimeVersion {
    match s.parse() {
        Ok(v) => v,
        Err(err) => panic!("{err}"),
    }
}

/// An input error about a document that is valid JSON names a place in it (the shared
/// oracle, `tests/support/error_path.rs`).
fn check_error_path(text: &str, err: &deploy_rollback::InputError) -> Result<(), TestCaseError> {
    support::error_path::check(text, "", err).map_err(TestCaseError::fail)
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(160))]

    /// A generated scenario reads back as itself from the JSON the engine writes.
    #[test]
    fn scenarios_read_back_as_themselves(s in scenario(0, 8)) {
        let json = to_json(&s);
        prop_assert_eq!(Scenario::from_json(&json).ok(), Some(s), "{}", json);
    }

    /// A rollback never removes or reorders entries; it adds exactly one, newest, with the
    /// target's code, `rollbackOf` = target and `replaces` = the previous current; the
    /// Deployment's settings stay as they were. A refused one changes nothing.
    #[test]
    fn a_rollback_only_adds_one_entry_on_top(
        s in scenario(1, 8),
        pick in any::<prop::sample::Index>(),
        description in prop::option::of("[ -~]{0,40}"),
    ) {
        let target = pick.get(&s.history).clone();
        let before = sim(&Timeline::from_scenario(s.clone(), Vec::new()));
        let event = Event::rollback(s.now, &target.id, description.as_deref());
        let after = sim(&Timeline::from_scenario(s.clone(), vec![event]));
        let Some(step) = after.steps.first() else { panic!("no step") };
        let Some(p) = &step.plan else { panic!("a rollback step without a plan") };
        let listing = match eligibility(&s) { Ok(l) => l, Err(err) => panic!("{err}") };
        let previous = listing.entries.iter().find(|e| e.is_current).map(|e| e.id.clone());
        prop_assert_eq!(&p.current, &previous);
        if step.outcome == Outcome::Applied {
            prop_assert_eq!(p.verdict, Verdict::Allowed);
            prop_assert_eq!(after.history.len(), s.history.len() + 1);
            prop_assert_eq!(after.history.get(1..), Some(before.history.as_slice()));
            let Some(top) = after.history.first() else { panic!("empty history") };
            prop_assert!(same_code(top, &target), "{:?} vs {:?}", top, target);
            prop_assert_eq!(top.rollback_of.as_deref(), Some(target.id.as_str()));
            prop_assert_eq!(&top.replaces, &previous);
            prop_assert_eq!(top.created_at, s.now);
            // Stored trimmed; a blank description is none.
            let stored = description.as_deref().map(str::trim).filter(|d| !d.is_empty());
            prop_assert_eq!(top.description.as_deref(), stored);
            prop_assert!(s.history.iter().all(|d| d.id != top.id));
            prop_assert_eq!(after.deployment.runtime_version.as_ref(), target.runtime_version.as_ref());
            prop_assert_eq!(after.deployment.dag_deploy_enabled, Some(target.dag_deploy_enabled));
        } else {
            prop_assert_ne!(p.verdict, Verdict::Allowed);
            prop_assert_eq!(&after.history, &before.history);
            prop_assert_eq!(&after.deployment, &before.deployment);
        }
        prop_assert_eq!(settings(&after.deployment), settings(&s.deployment));
    }

    /// In every plan: `kept` fields have current == target and do not change; only the
    /// fields the domain rolls back are `restored`, each once; `erased` only with a
    /// downgrade; the verdict is `allowed` exactly when there are no reasons.
    #[test]
    fn plans_keep_settings_and_restore_only_code(s in scenario(0, 6), description in prop::option::of("[ -~]{0,20}")) {
        for entry in &s.history {
            let p = match plan(&s, &entry.id, description.as_deref()) { Ok(p) => p, Err(err) => panic!("{err}") };
            prop_assert_eq!(p.verdict == Verdict::Allowed, p.reasons.is_empty(), "{:?}", p.reasons);
            let blocking = p.reasons.iter().any(|r| r.code != ReasonCode::AgentIncompatible);
            prop_assert_eq!(p.verdict == Verdict::Blocked, blocking);
            for field in &p.fields {
                match field.disposition {
                    Disposition::Kept => {
                        prop_assert_eq!(&field.current, &field.target, "{}", field.field);
                        prop_assert!(!field.changes, "{}", field.field);
                        prop_assert!(!RESTORED.contains(&field.field.as_str()), "{}", field.field);
                    }
                    Disposition::Restored => {
                        prop_assert!(RESTORED.contains(&field.field.as_str()), "{} restored", field.field);
                        prop_assert_eq!(field.changes, field.current != field.target);
                    }
                    Disposition::Erased => {
                        prop_assert_eq!(field.field.as_str(), "metadataDatabase");
                        prop_assert!(p.downgrade.is_some());
                    }
                    other => prop_assert!(false, "a disposition this test does not know: {:?}", other),
                }
            }
            for name in RESTORED {
                let n = p.fields.iter().filter(|f| f.field == name && f.disposition == Disposition::Restored).count();
                prop_assert_eq!(n, 1, "{}", name);
            }
            for name in ["executor", "schedulerSize", "workerQueues", "envVars", "name", "description"] {
                prop_assert!(p.fields.iter().any(|f| f.field == name && f.disposition == Disposition::Kept), "{}", name);
            }
            // A blocked rollback writes nothing; any other holds the target's code.
            match &p.new_entry {
                Some(new_entry) => prop_assert!(same_code(new_entry, entry)),
                None => prop_assert_eq!(p.verdict, Verdict::Blocked),
            }
        }
    }

    /// An entry outside the retention window at `now` stays outside at every later `now`
    /// (its window's end does not move); the current deploy on Astro Hosted is never
    /// outside it (the last-deploy rule).
    #[test]
    fn retention_is_monotone_in_time(s in scenario(0, 8), later in prop_oneof![Just(0i64), 0i64..400 * DAY]) {
        let at = |s: &Scenario| match eligibility(s) { Ok(e) => e, Err(err) => panic!("{err}") };
        let first = at(&s);
        let mut moved = s.clone();
        let Some(now) = moved.now.plus_hours(u32::try_from(later / HOUR).unwrap_or(0)) else { return Ok(()) };
        moved.now = now;
        let second = at(&moved);
        let outside = |row: &deploy_rollback::EntryEligibility| {
            row.reasons.iter().any(|r| r.code == ReasonCode::OutsideRetentionWindow)
        };
        for (a, b) in first.entries.iter().zip(&second.entries) {
            prop_assert_eq!(&a.id, &b.id);
            prop_assert_eq!(a.window_closes_at, b.window_closes_at);
            prop_assert_eq!(a.is_current, b.is_current);
            if outside(a) {
                prop_assert!(outside(b), "{} left the window at {} but is back in at {}", a.id, s.now, moved.now);
            }
            if a.is_current && s.profile == Profile::AstroHosted {
                prop_assert!(!outside(a) && !outside(b), "the Hosted current deploy {} is outside", a.id);
            }
        }
    }

    /// Simulating events one call at a time, each from the moment the whole simulation
    /// reached before it, gives the same step; the moments follow one another (each one's
    /// history and Deployment are those the previous event left), and the last one leads
    /// to where the whole simulation ends.
    #[test]
    fn simulating_in_pieces_equals_simulating_at_once(t in timeline(5, 8)) {
        let Some(whole) = simulation_or_expected_error(&t)? else { return Ok(()) };
        let mut history = sim(&Timeline { events: Vec::new(), ..t.clone() }).history;
        let mut deployment = sim(&Timeline { events: Vec::new(), ..t.clone() }).deployment;
        for (i, event) in t.events.iter().enumerate() {
            let m = moment(&t, i);
            prop_assert_eq!(&m.scenario.history, &history);
            prop_assert_eq!(&m.scenario.deployment, &deployment);
            let Some(b) = whole.steps.get(i) else { panic!("missing step") };
            if states_the_setting_in_force(&m.scenario) {
                let one = sim(&Timeline::from_scenario(m.scenario.clone(), vec![event.clone()]));
                let Some(a) = one.steps.first() else { panic!("missing step") };
                prop_assert_eq!((a.outcome, &a.reasons, &a.plan, &a.entry), (b.outcome, &b.reasons, &b.plan, &b.entry));
            }
            let upto = sim(&Timeline { events: t.events.get(..=i).unwrap_or_default().to_vec(), ..t.clone() });
            history = upto.history;
            deployment = upto.deployment;
        }
        prop_assert_eq!(&history, &whole.history);
        prop_assert_eq!(&deployment, &whole.deployment);
    }

    /// Comparing the current deploy with any entry says what a plan to that entry says
    /// about the code: the restored fields with the same values, texts and labels, and the
    /// same downgrade. (A plan reads the Deployment's Runtime when the current deploy's is
    /// unknown; a comparison reads entries only, so such scenarios are left out.)
    #[test]
    fn comparing_with_the_current_deploy_agrees_with_the_plan(s in scenario(1, 8)) {
        let listing = match eligibility(&s) { Ok(l) => l, Err(err) => panic!("{err}") };
        let Some(current) = listing.current.as_deref() else { return Ok(()) };
        let Some(entry) = s.history.iter().find(|d| d.id == current) else { panic!("no current entry") };
        if entry.runtime_version.is_none() && s.deployment.runtime_version.is_some() {
            return Ok(());
        }
        for target in &s.history {
            let p = match plan(&s, &target.id, None) { Ok(p) => p, Err(err) => panic!("{err}") };
            let c = match compare_entries(&s, current, &target.id) { Ok(c) => c, Err(err) => panic!("{err}") };
            let restored: Vec<_> = p.fields.iter().filter(|f| f.disposition == Disposition::Restored).collect();
            prop_assert_eq!(restored.len(), c.fields.len());
            for (r, f) in restored.iter().zip(&c.fields) {
                prop_assert_eq!(r.field, f.field);
                prop_assert_eq!(&r.label, &f.label);
                prop_assert_eq!((&r.current, &r.target), (&f.from, &f.to), "{}", f.field);
                prop_assert_eq!((&r.current_text, &r.target_text), (&f.from_text, &f.to_text), "{}", f.field);
                prop_assert_eq!(r.changes, f.changes, "{}", f.field);
            }
            prop_assert_eq!(&p.downgrade, &c.runtime.downgrade, "{} → {}", current, target.id);
            prop_assert_eq!(c.runtime.change == RuntimeChangeKind::Downgrade, c.runtime.downgrade.is_some());
        }
    }

    /// Comparing the other way round swaps every value and text, flips the direction and
    /// an upgrade into a downgrade, and lists the same entries between.
    #[test]
    fn comparing_the_other_way_round_mirrors(s in scenario(1, 8), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let (a, b) = (&a.get(&s.history).id, &b.get(&s.history).id);
        let ask = |x: &str, y: &str| match compare_entries(&s, x, y) { Ok(c) => c, Err(err) => panic!("{err}") };
        let (there, back) = (ask(a, b), ask(b, a));
        let flipped = match there.direction {
            Direction::Newer => Direction::Older,
            Direction::Older => Direction::Newer,
            other => other,
        };
        prop_assert_eq!(back.direction, flipped);
        prop_assert_eq!(there.direction == Direction::Same, a == b);
        prop_assert_eq!(&there.between, &back.between);
        prop_assert_eq!((&there.commits.from, &there.commits.to), (&back.commits.to, &back.commits.from));
        for (f, g) in there.fields.iter().zip(&back.fields) {
            prop_assert_eq!((&f.from, &f.to, &f.from_text, &f.to_text), (&g.to, &g.from, &g.to_text, &g.from_text));
            prop_assert_eq!(f.changes, g.changes);
        }
        let mirrored = match there.runtime.change {
            RuntimeChangeKind::Upgrade => RuntimeChangeKind::Downgrade,
            RuntimeChangeKind::Downgrade => RuntimeChangeKind::Upgrade,
            other => other,
        };
        prop_assert_eq!(back.runtime.change, mirrored);
    }

    /// (a) Every entry's eligibility agrees with a plan to it: the same eligible flag and
    /// the same reasons, `agentIncompatible` aside (agents call for action, not refusal).
    #[test]
    fn eligibility_agrees_with_every_plan(s in scenario(0, 8)) {
        let listing = match eligibility(&s) { Ok(l) => l, Err(err) => panic!("{err}") };
        for row in &listing.entries {
            let p = match plan(&s, &row.id, None) { Ok(p) => p, Err(err) => panic!("{err}") };
            let blocking: Vec<_> =
                p.reasons.iter().filter(|r| r.code != ReasonCode::AgentIncompatible).cloned().collect();
            prop_assert_eq!(row.eligible, blocking.is_empty(), "{}", row.id);
            prop_assert_eq!(&row.reasons, &blocking, "{}", row.id);
        }
    }

    /// Whatever the scenario or timeline, every reason, warning, task outcome and agent
    /// check of every answer names a rule of `rules()` with the severity, title and rule of
    /// its own code, and every field change has its field's label and values' texts: the
    /// words an answer shows are derived from what it says, never set apart from it.
    #[test]
    fn answers_name_their_rules_and_agree_with_their_codes(s in scenario(0, 8), t in timeline(5, 8)) {
        let mut answers = vec![to_json(&eligibility(&s).map_err(|e| TestCaseError::fail(e.to_string()))?)];
        for entry in &s.history {
            answers.push(to_json(&plan(&s, &entry.id, None).map_err(|e| TestCaseError::fail(e.to_string()))?));
        }
        if let Some(simulation) = simulation_or_expected_error(&t)? {
            answers.push(to_json(&simulation));
        }
        for answer in answers {
            let value: Value = serde_json::from_str(&answer).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let findings = support::showable::check_answer(&value);
            prop_assert!(findings.problems.is_empty(), "{:?}\n{}", findings.problems, answer);
        }
    }

    /// (b) Every simulated rollback's plan is the plan a fresh `plan` gives on the state
    /// at that step: the history so far, the Deployment, the tasks still running and the
    /// step's `at` as `now`. (A scenario cannot state a Dag deploy setting changed by a
    /// settings event since the current deploy; such steps are left out.)
    #[test]
    fn simulated_rollbacks_plan_as_a_fresh_plan(t in timeline(5, 10)) {
        let Some(whole) = simulation_or_expected_error(&t)? else { return Ok(()) };
        for (i, (event, step)) in t.events.iter().zip(&whole.steps).enumerate() {
            let Event::Rollback(rollback) = event else { continue };
            let m = moment(&t, i);
            if !states_the_setting_in_force(&m.scenario) {
                continue;
            }
            let fresh = match plan(&m.scenario, &rollback.to, rollback.description.as_deref()) {
                Ok(p) => p,
                Err(err) => panic!("step {i}: {err}"),
            };
            prop_assert_eq!(step.plan.as_ref(), Some(&fresh), "step {}", i);
        }
    }

    /// (c) A task that an applied deploy or rollback made fail for good is not running any
    /// more: no later step reports it (until a `tasks` event states the running tasks
    /// anew).
    #[test]
    fn failed_tasks_are_not_reported_again(t in timeline(5, 10)) {
        let Some(whole) = simulation_or_expected_error(&t)? else { return Ok(()) };
        let mut failed: Vec<String> = Vec::new();
        for (event, step) in t.events.iter().zip(&whole.steps) {
            if matches!(event, Event::Tasks(_)) {
                failed.clear();
            }
            let Some(p) = &step.plan else { continue };
            for task in &p.running_tasks {
                prop_assert!(!failed.contains(&task.id), "{} failed earlier but step {} reports it", task.id, step.index);
            }
            if step.outcome == Outcome::Applied {
                failed.extend(p.running_tasks.iter().filter(|o| o.outcome == TaskFate::Fails).map(|o| o.id.clone()));
            }
        }
        // The state agrees: no moment holds a task that failed for good before it.
        let mut failed: Vec<String> = Vec::new();
        for (i, (event, step)) in t.events.iter().zip(&whole.steps).enumerate() {
            if matches!(event, Event::Tasks(_)) {
                failed.clear();
            }
            let m = moment(&t, i);
            for task in &m.scenario.running_tasks {
                prop_assert!(!failed.contains(&task.id), "{} failed earlier but runs at step {}", task.id, i);
            }
            if let (Some(p), Outcome::Applied) = (&step.plan, step.outcome) {
                failed.extend(p.running_tasks.iter().filter(|o| o.outcome == TaskFate::Fails).map(|o| o.id.clone()));
            }
        }
    }

    /// A simulation keeps every entry it was given and puts the ones it adds on top, in
    /// order; each applied rollback is its plan's new entry.
    #[test]
    fn simulations_only_append(t in timeline(5, 8)) {
        let Ok(result) = simulate(&t) else { return Ok(()) };
        let added: Vec<&str> = result.steps.iter().filter_map(|s| s.entry.as_deref()).collect();
        prop_assert_eq!(result.history.len(), t.history.len() + added.len());
        let top: Vec<&str> = result.history.iter().take(added.len()).rev().map(|d| d.id.as_str()).collect();
        prop_assert_eq!(top, added);
        for original in &t.history {
            prop_assert_eq!(result.history.iter().find(|d| d.id == original.id), Some(original));
        }
        for step in &result.steps {
            prop_assert_eq!(step.outcome == Outcome::Rejected, !step.reasons.is_empty());
            if let (Some(p), Outcome::Applied) = (&step.plan, step.outcome) {
                prop_assert_eq!(p.verdict, Verdict::Allowed);
                prop_assert_eq!(result.history.iter().find(|d| Some(&d.id) == step.entry.as_ref()), p.new_entry.as_ref());
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// parse → to_string → parse gives the same version, and printing is canonical.
    #[test]
    fn runtime_versions_round_trip(text in wide_runtime_text()) {
        let v = version(&text);
        let shown = v.to_string();
        prop_assert_eq!(version(&shown), v.clone(), "{} → {}", text, shown);
        prop_assert_eq!(version(&shown).to_string(), shown.clone());
        prop_assert_eq!(v.is_dashed(), text.split('.').nth(1).is_some_and(|m| m.contains('-')));
        prop_assert_eq!(v.cmp(&v), Ordering::Equal);
    }

    /// The order is total, antisymmetric, consistent with equality and with
    /// `compare_runtime_versions`, and puts every dashed version after every semver one.
    #[test]
    fn runtime_order_is_total_and_antisymmetric(a in wide_runtime_text(), b in wide_runtime_text()) {
        let (x, y) = (version(&a), version(&b));
        let order = x.cmp(&y);
        prop_assert_eq!(y.cmp(&x), order.reverse());
        prop_assert_eq!(order == Ordering::Equal, x == y);
        prop_assert_eq!(order == Ordering::Equal, x.to_string() == y.to_string());
        prop_assert_eq!(x.partial_cmp(&y), Some(order));
        let sign = match order { Ordering::Less => -1, Ordering::Equal => 0, Ordering::Greater => 1 };
        prop_assert_eq!(compare_runtime_versions(&a, &b), Ok(sign));
        if x.is_dashed() && !y.is_dashed() {
            prop_assert_eq!(order, Ordering::Greater, "{} vs {}", a, b);
        }
    }

    /// Transitivity over triples (sorted by the order, each adjacent pair agrees with the
    /// outer pair).
    #[test]
    fn runtime_order_is_transitive(a in wide_runtime_text(), b in wide_runtime_text(), c in wide_runtime_text()) {
        let mut vs = [version(&a), version(&b), version(&c)];
        vs.sort();
        let [x, y, z] = &vs;
        prop_assert!(x <= y && y <= z && x <= z);
        if x < y || y < z {
            prop_assert!(x < z);
        }
    }

    /// Arbitrary text never panics any parser.
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = Scenario::from_json(&text);
        let _ = Timeline::from_json(&text);
        let _ = text.parse::<RuntimeVersion>();
        let _ = text.parse::<AgentImage>();
        let _ = compare_runtime_versions(&text, "9.1.0");
        let _ = from_astro_api(&text, &text, &text);
        let _ = from_astro_api(r#"{"id": "d"}"#, &text, "2023-11-08T13:00:00Z");
    }

    /// Text that nearly parses (a valid version or image with a few characters changed)
    /// never panics, and what parses round-trips.
    #[test]
    fn near_misses_never_panic(
        text in prop_oneof![wide_runtime_text(), agent_image_text()],
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>(), 0u8..3), 1..4),
    ) {
        let mut chars: Vec<char> = text.chars().collect();
        for (at, c, op) in edits {
            let i = if chars.is_empty() { 0 } else { at.index(chars.len()) };
            match op {
                0 => chars.insert(i, c),
                1 if !chars.is_empty() => { chars.remove(i); }
                _ if !chars.is_empty() => { if let Some(slot) = chars.get_mut(i) { *slot = c; } }
                _ => chars.push(c),
            }
        }
        let text: String = chars.into_iter().collect();
        if let Ok(v) = text.parse::<RuntimeVersion>() {
            prop_assert!(text.is_ascii(), "{:?} parsed", text);
            prop_assert_eq!(version(&v.to_string()), v);
        }
        if let Ok(image) = text.parse::<AgentImage>() {
            prop_assert_eq!(image.to_string(), text.clone());
            prop_assert!(image.runtime_version().is_dashed());
        }
    }
}

proptest! {
    #![proptest_config(config(200))]

    /// Valid documents with a few characters changed, and arbitrary JSON values, never
    /// panic any front door; what is accepted still answers.
    #[test]
    fn mangled_documents_never_panic(
        doc in scenario_value(0, 4),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec!['{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'x', '9', '.', ' ', '\u{0}', 'é', '٣', '`', 'n', 'u']), 0u8..3), 1..6),
    ) {
        let mut chars: Vec<char> = doc.to_string().chars().collect();
        for (at, c, op) in edits {
            let i = at.index(chars.len().max(1)).min(chars.len());
            match op {
                0 => chars.insert(i, c),
                1 if i < chars.len() => { chars.remove(i); }
                _ => { if let Some(slot) = chars.get_mut(i) { *slot = c; } }
            }
        }
        let text: String = chars.into_iter().collect();
        match Scenario::from_json(&text).map(|s| (eligibility(&s), s)) {
            Ok((Ok(listing), s)) => {
                for row in &listing.entries {
                    let p = match plan(&s, &row.id, None) { Ok(p) => p, Err(err) => panic!("{err}") };
                    prop_assert_eq!(p.verdict == Verdict::Allowed, p.reasons.is_empty());
                }
            }
            Ok((Err(err), _)) | Err(err) => check_error_path(&text, &err)?,
        }
        if let Err(err) = Timeline::from_json(&text).and_then(|t| simulate(&t)) {
            check_error_path(&text, &err)?;
        }
        let _ = from_astro_api(&text, r#"{"deploys": []}"#, "2023-11-08T13:00:00Z");
    }

    /// Arbitrary JSON values in every front door.
    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let text = value.to_string();
        if let Err(err) = Scenario::from_json(&text).and_then(|s| eligibility(&s)) {
            check_error_path(&text, &err)?;
        }
        if let Err(err) = Timeline::from_json(&text).and_then(|t| simulate(&t)) {
            check_error_path(&text, &err)?;
        }
        let _ = from_astro_api(&text, &text, "2023-11-08T13:00:00Z");
        let page = json!({"deploys": [value]}).to_string();
        let _ = from_astro_api(r#"{"id": "d"}"#, &page, "2023-11-08T13:00:00Z");
    }
}

/// Arbitrary JSON, with the keys and string values of our formats over-represented.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "now",
            "deployment",
            "history",
            "id",
            "name",
            "createdAt",
            "type",
            "status",
            "imageTag",
            "runtimeVersion",
            "events",
            "at",
            "kind",
            "to",
            "deploys",
            "astroRuntimeVersion",
            "options",
            "retentionDays",
            "agents",
            "image",
            "remoteExecution",
            "rollbackOf",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z]{0,6}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "2023-11-08T13:00:00Z",
            "9.1.0",
            "3.1-11",
            "imageAndDags",
            "deployed",
            "rollback",
            "deploy",
            "agent:3.1-1-python-3.12-astro-agent-1.1.0",
            "astroPrivateCloud",
            "",
        ])
        .prop_map(|s| json!(s)),
        ".{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// The properties above hold vacuously if the generators never produce the cases they
/// are about: count them over a fixed sample.
#[test]
fn generators_reach_the_interesting_cases() {
    let mut runner = TestRunner::deterministic();
    let strategy = (scenario(0, 8), any::<prop::sample::Index>());
    let (mut applied, mut refused, mut downgrades, mut outside, mut ties, mut dashed) = (0, 0, 0, 0, 0, 0);
    for _ in 0..150 {
        let (s, pick) = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(err) => panic!("{err}"),
        };
        if s.history.is_empty() {
            continue;
        }
        let target = pick.get(&s.history);
        let p = match plan(&s, &target.id, Some("why")) {
            Ok(p) => p,
            Err(err) => panic!("{err}"),
        };
        if p.verdict == Verdict::Allowed {
            applied += 1;
        } else {
            refused += 1;
        }
        downgrades += usize::from(p.downgrade.is_some());
        outside += usize::from(p.reasons.iter().any(|r| r.code == ReasonCode::OutsideRetentionWindow));
        dashed += usize::from(target.runtime_version.as_ref().is_some_and(|v| v.is_dashed()));
        let times: Vec<_> = s.history.iter().map(|d| d.created_at).collect();
        ties += usize::from(times.iter().enumerate().any(|(i, t)| times.iter().skip(i + 1).any(|u| u == t)));
    }
    for (what, n) in [
        ("allowed plans", applied),
        ("refused plans", refused),
        ("downgrades", downgrades),
        ("entries outside the window", outside),
        ("histories with ties", ties),
        ("dashed targets", dashed),
    ] {
        assert!(n >= 5, "only {n} {what} in 150 generated scenarios");
    }
    // Timelines: steps applied and refused, and few errors; the running-task and
    // deploy-type cases the simulation properties are about.
    let strategy = timeline(5, 10);
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    let mut ok = 0;
    for _ in 0..80 {
        let t = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(err) => panic!("{err}"),
        };
        let Ok(result) = simulate(&t) else { continue };
        ok += 1;
        let mut count = |what, yes: bool| *counts.entry(what).or_default() += usize::from(yes);
        for (i, (event, step)) in t.events.iter().zip(&result.steps).enumerate() {
            count("rollbacks applied", step.outcome == Outcome::Applied && step.plan.is_some());
            count("steps refused", step.outcome == Outcome::Rejected);
            count("deploys applied", step.outcome == Outcome::Applied && matches!(event, Event::Deploy(_)));
            count(
                "deploys refused for a field their type does not ship",
                step.reasons.iter().any(|r| r.code == ReasonCode::DeployTypeCannotChange),
            );
            count(
                "settings flips of the Dag deploy setting",
                matches!(event, Event::Settings(e) if e.dag_deploy_enabled.is_some()),
            );
            let fates = step.plan.iter().flat_map(|p| &p.running_tasks).map(|o| o.outcome);
            for fate in fates {
                count("tasks failing", fate == TaskFate::Fails);
                count("tasks failing then retrying", fate == TaskFate::FailsThenRetries);
                count("tasks interrupted", fate == TaskFate::InterruptedAfterGracePeriod);
            }
            let m = match t.moment_before(i) {
                Ok(Some(m)) => m,
                other => panic!("{other:?}"),
            };
            let fresh = states_the_setting_in_force(&m.scenario);
            count("rollbacks compared with a fresh plan", matches!(event, Event::Rollback(_)) && fresh);
            count("moments with an interruption under way", m.interrupted_at.iter().any(Option::is_some));
            let finished =
                |task: &deploy_rollback::RunningTask| task.expected_end_at.is_some_and(|end| end <= step.at);
            let before = if i == 0 { None } else { t.moment_before(i - 1).ok().flatten() };
            count(
                "tasks that finished between two events",
                before.is_some_and(|b| b.scenario.running_tasks.iter().any(finished)),
            );
        }
    }
    assert!(ok >= 40, "only {ok} of 80 generated timelines simulate");
    for (what, n) in &counts {
        assert!(*n >= 3, "only {n} {what} in 80 generated timelines: {counts:?}");
    }
}
