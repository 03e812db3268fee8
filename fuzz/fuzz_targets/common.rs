//! Invariants shared by the fuzz targets. A crash is either a panic inside the engine or
//! one of these assertions: a silent wrong answer (an output the engine cannot read back,
//! a plan that contradicts the eligibility listing, a simulation that depends on how its
//! events are split).

#![allow(dead_code, reason = "each fuzz target uses only some of the shared checks")]

#[path = "../../tests/support/mod.rs"]
mod support;
use deploy_rollback::{eligibility, plan, simulate, Deploy, DeployStatus, DeployType, Disposition, Event, Field, EventKind, Outcome, Plan, ReasonCode, Scenario, Simulation, Timeline, Verdict};
use deploy_rollback::ffi::{to_json};

/// The fields a rollback takes from its target.
pub const RESTORED: [Field; 5] =
    [Field::ImageTag, Field::DagBundleVersion, Field::DbtBundles, Field::RuntimeVersion, Field::DagDeployEnabled];

/// Bytes as text, or nothing: every front door takes UTF-8 text.
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Whether two entries hold the same code state.
pub fn same_code(a: &Deploy, b: &Deploy) -> bool {
    a.image_tag == b.image_tag
        && a.dag_bundle_version == b.dag_bundle_version
        && a.dbt_bundles == b.dbt_bundles
        && a.runtime_version == b.runtime_version
        && a.dag_deploy_enabled == b.dag_deploy_enabled
}

/// A scenario the engine accepted: it reads back what it writes, and its eligibility
/// listing, its plans and a one-rollback simulation agree with each other.
pub fn check_scenario(scenario: &Scenario) {
    let json = to_json(scenario);
    match Scenario::from_json(&json) {
        Ok(back) => assert_eq!(&back, scenario, "a scenario does not read back as itself: {json}"),
        Err(err) => panic!("the engine cannot read its own output back: {err}\n{json}"),
    }

    let listing = eligibility(scenario);
    for entry in &scenario.history {
        let result = plan(scenario, &entry.id, None);
        let listing = match (&listing, result) {
            (Err(a), Err(b)) => {
                assert_eq!(a, &b, "eligibility and plan disagree on the input error");
                continue;
            }
            (Ok(listing), Ok(p)) => {
                check_plan(scenario, entry, &p);
                listing
            }
            (a, b) => panic!("eligibility {a:?} but plan {b:?}"),
        };
        let Some(row) = listing.entries.iter().find(|e| e.id == entry.id) else {
            panic!("{} missing from the eligibility listing", entry.id)
        };
        let plan = match plan(scenario, &entry.id, Some("fuzz")) {
            Ok(p) => p,
            Err(err) => panic!("a plan with a short description failed: {err}"),
        };
        let blocking: Vec<_> =
            plan.reasons.iter().filter(|r| r.code != ReasonCode::AgentIncompatible).cloned().collect();
        assert_eq!(row.eligible, blocking.is_empty(), "eligibility and plan disagree about {}", entry.id);
        assert_eq!(row.reasons, blocking, "eligibility and plan give different reasons for {}", entry.id);
        assert_eq!(row.window_closes_at, entry.created_at.plus_days(scenario.options.retention_days));

        // Simulating the same rollback at `now` gives the same plan and, when allowed, adds
        // exactly its new entry.
        let event = Event::rollback(scenario.now, &entry.id, Some("fuzz"));
        let timeline = Timeline::from_scenario(scenario.clone(), vec![event]);
        let sim = match simulate(&timeline) {
            Ok(sim) => sim,
            Err(err) => panic!("planning worked but simulating the same rollback failed: {err}"),
        };
        check_simulation(&timeline, &sim);
        let Some(step) = sim.steps.first() else { panic!("no step") };
        assert_eq!(step.plan.as_ref(), Some(&plan), "simulate and plan disagree");
    }

    if let Ok(listing) = &listing {
        assert_eq!(listing.entries.len(), scenario.history.len());
        let created = |id: &str| scenario.history.iter().find(|d| d.id == id).map(|d| d.created_at);
        for pair in listing.entries.windows(2) {
            if let [a, b] = pair {
                assert!(created(&a.id) >= created(&b.id), "the listing is not newest first");
            }
        }
        let currents = listing.entries.iter().filter(|e| e.is_current).count();
        let deployed = scenario.history.iter().any(|d| d.status == DeployStatus::Deployed);
        assert_eq!(currents, usize::from(deployed), "exactly one current deploy when one is deployed");
        // The current deploy is the newest deployed entry of the listing.
        let newest_deployed = listing
            .entries
            .iter()
            .find(|e| scenario.history.iter().any(|d| d.id == e.id && d.status == DeployStatus::Deployed));
        assert_eq!(newest_deployed.map(|e| e.is_current), deployed.then_some(true));
    }
}

/// One plan, on its own and against its scenario.
pub fn check_plan(scenario: &Scenario, target: &Deploy, p: &Plan) {
    assert_eq!(
        p.verdict == Verdict::Allowed,
        p.reasons.is_empty(),
        "verdict {:?} with {:?}",
        p.verdict,
        p.reasons
    );
    let blocked = p.reasons.iter().any(|r| r.code != ReasonCode::AgentIncompatible);
    assert_eq!(p.verdict == Verdict::Blocked, blocked);
    assert_eq!(p.steps.is_empty(), p.verdict == Verdict::Blocked);
    assert_eq!(p.target, target.id);
    assert_eq!(p.running_tasks.len(), scenario.running_tasks.len());

    // A blocked rollback writes nothing; any other writes the target's code.
    assert_eq!(p.new_entry.is_none(), p.verdict == Verdict::Blocked);
    if let Some(new) = &p.new_entry {
        assert!(same_code(new, target), "the new entry's code is not the target's");
        assert_eq!(new.rollback_of.as_deref(), Some(target.id.as_str()));
        assert_eq!(new.replaces, p.current);
        assert_eq!(new.created_at, scenario.now);
        assert_eq!((new.kind, new.status), (DeployType::Rollback, DeployStatus::Deployed));
        assert!(scenario.history.iter().all(|d| d.id != new.id), "the new entry's id {} is taken", new.id);
    }

    for field in &p.fields {
        match field.disposition {
            Disposition::Kept => {
                assert_eq!(field.current, field.target, "kept field {} changes", field.field);
                assert!(!field.changes, "kept field {} says it changes", field.field);
                assert!(!RESTORED.contains(&field.field), "{} is rolled back", field.field);
            }
            Disposition::Restored => {
                assert!(RESTORED.contains(&field.field), "{} is not rolled back", field.field);
                assert_eq!(field.changes, field.current != field.target, "{}", field.field);
            }
            Disposition::Erased => {
                assert_eq!(field.field, Field::MetadataDatabase);
                assert!(p.downgrade.is_some(), "erased without a downgrade");
            }
            other => panic!("{} has a disposition this target does not know: {other:?}", field.field),
        }
    }
    for name in RESTORED {
        assert_eq!(
            p.fields.iter().filter(|f| f.field == name && f.disposition == Disposition::Restored).count(),
            1,
            "{name} is not reported once as restored"
        );
    }
    if let Some(d) = &p.downgrade {
        assert!(d.to < d.from, "a downgrade that does not go down");
        assert_eq!(Some(&d.to), target.runtime_version.as_ref());
    }
    let json = to_json(p);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "a plan is not JSON: {json}");
}

/// A simulation against its timeline: every step accounted for, existing entries kept,
/// added entries on top in order.
pub fn check_simulation(timeline: &Timeline, sim: &Simulation) {
    assert_eq!(sim.steps.len(), timeline.events.len());
    let added: Vec<&str> = sim.steps.iter().filter_map(|s| s.entry.as_deref()).collect();
    assert_eq!(sim.history.len(), timeline.history.len() + added.len());
    for original in &timeline.history {
        assert_eq!(
            sim.history.iter().find(|d| d.id == original.id),
            Some(original),
            "an existing entry was changed or removed"
        );
    }
    let top: Vec<&str> = sim.history.iter().take(added.len()).rev().map(|d| d.id.as_str()).collect();
    assert_eq!(top, added, "the added entries are not the newest, in order");
    for (i, (step, event)) in sim.steps.iter().zip(&timeline.events).enumerate() {
        assert_eq!((step.index, step.kind, step.at), (i, event.kind(), event.at()));
        assert_eq!(step.outcome == Outcome::Rejected, !step.reasons.is_empty(), "step {i}");
        if step.outcome == Outcome::Rejected {
            assert!(step.entry.is_none());
        }
        match event.kind() {
            EventKind::Rollback => {
                let Some(p) = &step.plan else { panic!("a rollback step without a plan") };
                assert_eq!(step.outcome == Outcome::Applied, p.verdict == Verdict::Allowed);
                assert_eq!(p.verdict == Verdict::Allowed, p.reasons.is_empty());
                if step.outcome == Outcome::Applied {
                    let Some(new) = &p.new_entry else { panic!("an applied rollback has no new entry") };
                    assert_eq!(step.entry.as_deref(), Some(new.id.as_str()));
                    let Some(entry) = sim.history.iter().find(|d| d.id == new.id) else {
                        panic!("an applied rollback left no entry")
                    };
                    assert_eq!(entry, new);
                } else {
                    assert_eq!(step.reasons, p.reasons);
                }
            }
            EventKind::Deploy => assert!(step.plan.is_none()),
            _ => assert!(step.plan.is_none() && step.entry.is_none()),
        }
    }
    let settings_changed = timeline.events.iter().any(|e| e.kind() == EventKind::Settings);
    if !settings_changed {
        let (a, b) = (&timeline.deployment, &sim.deployment);
        assert_eq!(
            (&a.id, &a.name, &a.description, &a.executor, &a.scheduler_size, &a.worker_queues, &a.env_vars),
            (&b.id, &b.name, &b.description, &b.executor, &b.scheduler_size, &b.worker_queues, &b.env_vars),
            "settings changed without a settings event"
        );
    }
    let json = to_json(sim);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "a simulation is not JSON: {json}");
}

/// Simulating `events[..k]` and then, from the moment it reached, `events[k..]` ends where
/// simulating them all at once does, step for step. The moment before event `k` has the
/// prefix's history and Deployment; it is fed back as a timeline (with the tasks still
/// running) unless it holds what a timeline cannot state: an interruption under way, or a
/// Dag deploy setting changed by a settings event since the current deploy.
pub fn check_split(timeline: &Timeline, whole: &Simulation, k: usize) {
    let (first_events, rest) = timeline.events.split_at(k.min(timeline.events.len()));
    let first = Timeline { events: first_events.to_vec(), ..timeline.clone() };
    let Ok(part) = simulate(&first) else { panic!("a prefix of a valid timeline failed") };
    for (a, b) in part.steps.iter().zip(&whole.steps) {
        assert_eq!(
            (a.kind, a.outcome, &a.reasons, &a.plan, &a.entry),
            (b.kind, b.outcome, &b.reasons, &b.plan, &b.entry)
        );
    }
    let moment = match timeline.moment_before(k) {
        Ok(Some(moment)) => moment,
        Ok(None) => {
            assert_eq!(part.history, whole.history, "history differs at the end");
            assert_eq!(part.deployment, whole.deployment, "deployment differs at the end");
            return;
        }
        Err(err) => panic!("the moment before a valid timeline's event {k} failed: {err}"),
    };
    assert_eq!(moment.scenario.history, part.history, "the moment before {k} has another history");
    assert_eq!(moment.scenario.deployment, part.deployment, "the moment before {k} has another Deployment");
    let current = moment.scenario.history.iter().find(|d| d.status == DeployStatus::Deployed);
    let setting_stated =
        current.is_none_or(|d| moment.scenario.deployment.dag_deploy_enabled == Some(d.dag_deploy_enabled));
    if moment.interrupted_at.iter().any(Option::is_some) || !setting_stated {
        return;
    }
    let second = Timeline {
        history: moment.scenario.history,
        deployment: moment.scenario.deployment,
        running_tasks: moment.scenario.running_tasks,
        events: rest.to_vec(),
        ..timeline.clone()
    };
    let end = match simulate(&second) {
        Ok(end) => end,
        Err(err) => panic!("continuing from a prefix's result failed at {k}: {err}"),
    };
    assert_eq!(end.history, whole.history, "history differs when split at {k}");
    assert_eq!(end.deployment, whole.deployment, "deployment differs when split at {k}");
    for (a, b) in part.steps.iter().chain(&end.steps).zip(&whole.steps) {
        assert_eq!(
            (a.kind, a.outcome, &a.reasons, &a.plan, &a.entry),
            (b.kind, b.outcome, &b.reasons, &b.plan, &b.entry)
        );
    }
}

/// An input error about a document that is valid JSON must name a place in it (the shared
/// oracle, `tests/support/error_path.rs`). `prefix` is the path of the document within the
/// error's (`deployment` for an import).
pub fn check_error_path(text: &str, prefix: &str, err: &deploy_rollback::InputError) {
    if let Err(why) = support::error_path::check(text, prefix, err) {
        panic!("{why}");
    }
}
