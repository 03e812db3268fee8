//! What a Rust user of `deploy-rollback` writes: native policy tests with the scenario
//! builder, answers and scenarios through serde_json, decisions on the stable codes.

use deploy_rollback::{
    eligibility, plan, AgentStatus, DeployStatus, DeployType, ErrorCode, Plan, Profile, ReasonCode, Role,
    RuntimeVersion, Scenario, Timestamp, Verdict, WarningCode,
};

#[track_caller]
fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|err| panic!("{err}"))
}

/// An Airflow 3 Deployment with a Remote Execution agent already on the newer Runtime.
fn remote_execution() -> Scenario {
    ok(Scenario::builder("2025-06-10T12:00:00Z")
        .deployment("dep-3", "etl-remote")
        .deploy("d1", "2025-06-01T08:00:00Z", |d| d.runtime("3.1-5"))
        .deploy("d2", "2025-06-09T08:00:00Z", |d| d.runtime("3.1-11").git_commit("9f8e7d6"))
        .agent("agent-eu", "images.example.com/agent:3.1-11-python-3.12-astro-agent-1.3.3")
        .build())
}

#[test]
fn an_agent_newer_than_the_target_asks_for_action_first() {
    let scenario = remote_execution();
    let preview = ok(plan(&scenario, "d1", Some("back to 3.1-5")));
    assert_eq!(preview.verdict, Verdict::ActionRequired);
    let codes: Vec<ReasonCode> = preview.reasons.iter().map(|r| r.code).collect();
    assert_eq!(codes, [ReasonCode::AgentIncompatible]);
    let agent = preview.agents.first().map(|a| (a.id.as_str(), a.status));
    assert_eq!(agent, Some(("agent-eu", AgentStatus::Incompatible)));
    assert!(preview.warnings.iter().any(|w| w.code == WarningCode::RuntimeDowngrade));
    assert!(preview.warnings.iter().any(|w| w.code == WarningCode::RevertRepository));
    // The entry the rollback would write holds d1's code.
    let restored = preview.new_entry.as_ref().and_then(|e| e.runtime_version.clone());
    assert_eq!(restored, Some(ok("3.1-5".parse::<RuntimeVersion>())));
}

#[test]
fn private_cloud_checks_the_actors_role_and_the_deployments_toggle() {
    let base = || {
        Scenario::builder("2023-11-08T13:00:00Z")
            .profile(Profile::AstroPrivateCloud)
            .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
            .deploy("d2", "2023-11-06T14:00:00Z", |d| d.runtime("9.1.0"))
    };
    let viewer = ok(base().rollback_enabled(true).actor("bo@example.com", [Role::DeploymentViewer]).build());
    let preview = ok(plan(&viewer, "d1", None));
    assert_eq!(preview.verdict, Verdict::Blocked);
    assert!(preview.reasons.iter().any(|r| r.code == ReasonCode::PermissionDenied));
    assert!(preview.new_entry.is_none());

    let toggle_off = ok(base().actor("ada@example.com", [Role::DeploymentAdmin]).build());
    let preview = ok(plan(&toggle_off, "d1", None));
    assert!(preview.reasons.iter().any(|r| r.code == ReasonCode::RollbackDisabled));

    let editor = ok(base().rollback_enabled(true).actor("ada@example.com", [Role::DeploymentEditor]).build());
    assert_eq!(ok(plan(&editor, "d1", None)).verdict, Verdict::Allowed);
}

#[test]
fn failed_deploys_are_listed_but_not_targets() {
    let scenario = ok(Scenario::builder("2023-11-08T13:00:00Z")
        .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
        .deploy("d2", "2023-11-07T16:45:00Z", |d| d.kind(DeployType::ImageOnly).status(DeployStatus::Failed))
        .build());
    let listing = ok(eligibility(&scenario));
    let d2 = listing.entries.iter().find(|e| e.id == "d2");
    assert_eq!(d2.map(|e| e.eligible), Some(false));
    assert!(d2.is_some_and(|e| e.reasons.iter().any(|r| r.code == ReasonCode::NotDeployed)));
}

#[test]
fn a_plan_and_a_scenario_round_trip_through_serde_json() {
    let scenario = remote_execution();
    let text = ok(serde_json::to_string(&scenario));
    let back: Scenario = ok(serde_json::from_str(&text));
    assert_eq!(back, scenario);
    // The library's own reader takes serde_json's text too.
    assert_eq!(ok(Scenario::from_json(&text)), scenario);

    let preview = ok(plan(&scenario, "d1", None));
    let value = ok(serde_json::to_value(&preview));
    assert_eq!(value.pointer("/verdict"), Some(&serde_json::json!("actionRequired")));
    assert_eq!(value.pointer("/reasons/0/code"), Some(&serde_json::json!("agentIncompatible")));
    let back: Plan = ok(serde_json::from_value(value));
    assert_eq!(back, preview);
    assert_eq!(deploy_rollback::ffi::to_json(&preview), ok(serde_json::to_string(&preview)));
}

#[test]
fn codes_are_stable_strings_both_ways() {
    for code in ErrorCode::ALL {
        assert_eq!(ErrorCode::from_name(code.as_str()), Some(code));
        assert_eq!(ok(serde_json::to_value(code)), serde_json::json!(code.as_str()));
    }
    for code in ReasonCode::ALL {
        assert_eq!(ok(serde_json::from_value::<ReasonCode>(serde_json::json!(code.as_str()))), code);
    }
    for code in WarningCode::ALL {
        assert_eq!(ok(serde_json::from_value::<WarningCode>(serde_json::json!(code.as_str()))), code);
    }
}

#[test]
fn bad_builder_values_are_input_errors_with_codes_and_paths() {
    let at: Timestamp = ok("2023-11-08T13:00:00Z".parse());
    let err = Scenario::builder(at)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
        .running_task("etl.load", "yesterday", |t| t)
        .build()
        .err();
    let err = err.unwrap_or_else(|| panic!("a task started `yesterday` was accepted"));
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidTimestamp, "runningTasks[0].startedAt"));

    // What only the operations check comes back from them, with the same codes.
    let future = ok(Scenario::builder(at).deploy("d1", "2023-11-09T09:30:00Z", |d| d).build());
    let err = plan(&future, "d1", None).err().map(|e| (e.code(), e.path().to_owned()));
    assert_eq!(err, Some((ErrorCode::DeployInFuture, "history[0].createdAt".to_owned())));
    let err = plan(&future, "d9", None).err().map(|e| e.code());
    assert!(matches!(err, Some(ErrorCode::DeployInFuture | ErrorCode::UnknownDeploy)), "{err:?}");
}
