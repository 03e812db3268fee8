//! The library as a Rust user meets it: every input and answer is a serde type, so it can
//! be read from and written to any serde format, held inside the user's own types, and
//! round-tripped.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::ffi::{example_scenario, EXAMPLE_SCENARIO_JSON};
use deploy_rollback::{
    eligibility, plan, simulate, Eligibility, ErrorCode, Event, Plan, Scenario, Simulation, Timeline,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[track_caller]
fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|err| panic!("{err}"))
}

#[test]
fn a_scenario_reads_with_serde_json_and_answers_round_trip() {
    let scenario: Scenario = ok(serde_json::from_str(EXAMPLE_SCENARIO_JSON));
    assert_eq!(scenario, ok(example_scenario()));
    let plan = ok(plan(&scenario, "d2", Some("back to 6 Nov")));
    let text = ok(serde_json::to_string(&plan));
    let back: Plan = ok(serde_json::from_str(&text));
    assert_eq!(back, plan);
    // The library's own writer is serde_json's, byte for byte.
    assert_eq!(deploy_rollback::ffi::to_json(&plan), text);
}

#[test]
fn the_rules_round_trip_and_refuse_unknown_fields() {
    let rules = deploy_rollback::rules();
    let text = ok(serde_json::to_string(&rules));
    let back: Vec<deploy_rollback::Rule> = ok(serde_json::from_str(&text));
    assert_eq!(back, rules);
    let extra = json!({"id": "E1", "section": "§3", "title": "t", "summary": "s", "more": 1});
    assert!(serde_json::from_value::<deploy_rollback::Rule>(extra).is_err());
}

#[test]
fn answers_live_inside_the_users_own_types() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Review {
        reviewer: String,
        plan: Plan,
        eligibility: Eligibility,
    }
    let scenario = ok(example_scenario());
    let review = Review {
        reviewer: "ada@example.com".to_owned(),
        plan: ok(plan(&scenario, "d1", None)),
        eligibility: ok(eligibility(&scenario)),
    };
    let text = ok(serde_json::to_string_pretty(&review));
    let back: Review = ok(serde_json::from_str(&text));
    assert_eq!(back, review);
    let value = ok(serde_json::to_value(&review));
    assert_eq!(value.pointer("/eligibility/current"), Some(&json!("d3")));
    assert_eq!(ok(serde_json::from_value::<Review>(value)), review);
}

#[test]
fn empty_lists_in_a_plan_come_back_as_the_right_field() {
    // `[]` reads as any list; the field's name says which one it is.
    let scenario = ok(example_scenario());
    let plan = ok(plan(&scenario, "d2", None));
    let kept = |p: &Plan, name: &str| p.fields.iter().find(|f| f.field == name).map(|f| f.current.clone());
    let back: Plan = ok(serde_json::from_str(&ok(serde_json::to_string(&plan))));
    for name in ["workerQueues", "envVars", "dbtBundles"] {
        assert_eq!(kept(&back, name), kept(&plan, name), "{name}");
    }
}

#[test]
fn a_scenario_builds_from_a_json_value() {
    // serde_json::Value sorts keys: many of an event's fields come before `kind`.
    let value = json!({
        "deployment": {"id": "dep-1", "name": "etl", "runtimeVersion": "9.1.0"},
        "events": [
            {"at": "2023-11-06T14:00:00Z", "kind": "deploy", "type": "imageAndDags", "id": "d1",
             "description": "abc1234 first", "dbtBundles": [{"name": "jaffle", "version": "v1"}]},
            {"at": "2023-11-07T09:00:00Z", "kind": "deploy", "type": "imageOnly", "id": "d2",
             "runtimeVersion": "9.5.0", "author": "ada@example.com"},
            {"at": "2023-11-08T13:00:00Z", "kind": "rollback", "to": "d1", "description": "back"},
            {"agentId": "a", "at": "2023-11-08T14:00:00Z", "kind": "agentUpdate",
             "image": "agent:3.1-11-python-3.12-astro-agent-1.4.0"}
        ]
    });
    let from_value: Timeline = ok(serde_json::from_value(value.clone()));
    let from_text = ok(Timeline::from_json(&value.to_string()));
    assert_eq!(from_value, from_text);
    assert!(matches!(
        &from_text.events[..],
        [Event::Deploy(_), Event::Deploy(_), Event::Rollback(_), Event::AgentUpdate(_)]
    ));
    let result = ok(simulate(&from_text));
    assert_eq!(result.history.first().and_then(|d| d.rollback_of.as_deref()), Some("d1"));
    let back: Simulation = ok(serde_json::from_str(&ok(serde_json::to_string(&result))));
    assert_eq!(back, result);
    // Events write `kind` and only their own fields, and read back as themselves.
    let events = ok(serde_json::to_string(&from_text.events));
    assert_eq!(ok(serde_json::from_str::<Vec<Event>>(&events)), from_text.events);
}

#[test]
fn an_event_field_out_of_place_is_still_named_in_errors() {
    let timeline = |event: serde_json::Value| {
        json!({"deployment": {"id": "d", "name": "n", "runtimeVersion": "9.1.0"}, "events": [event]})
            .to_string()
    };
    let error = |event| {
        let err = Timeline::from_json(&timeline(event)).err();
        err.map(|e| (e.code(), e.path().to_owned()))
    };
    let named = |code, path: &str| Some((code, path.to_owned()));
    // Sorted keys put these before `kind`: the error still names them.
    let bad = json!({"at": "2023-11-08T13:00:00Z", "description": 5, "kind": "rollback", "to": "d1"});
    assert_eq!(error(bad), named(ErrorCode::InvalidJson, "events[0].description"));
    let bad = json!({"at": "2023-11-08T13:00:00Z", "kind": "deploy", "runtimeVersion": "nine", "type": "imageOnly"});
    assert_eq!(error(bad), named(ErrorCode::InvalidRuntimeVersion, "events[0].runtimeVersion"));
    let bad = json!({"at": "2023-11-08T13:00:00Z", "image": "x:1", "kind": "rollback", "to": "d1"});
    assert_eq!(error(bad), named(ErrorCode::UnknownField, "events[0].image"));
    let bad = json!({"at": "yesterday", "kind": "rollback", "to": "d1"});
    assert_eq!(error(bad), named(ErrorCode::InvalidTimestamp, "events[0].at"));
    let bad = json!({"at": "2023-11-08T13:00:00Z", "to": "d1"});
    assert_eq!(error(bad), named(ErrorCode::MissingField, "events[0].kind"));
    let bad = json!({"at": "2023-11-08T13:00:00Z", "kind": "undo", "to": "d1"});
    assert_eq!(error(bad), named(ErrorCode::InvalidValue, "events[0].kind"));
    let bad = json!({"agentId": "a", "at": "2023-11-08T13:00:00Z", "kind": "agentUpdate"});
    assert_eq!(error(bad), named(ErrorCode::MissingField, "events[0].image"));
}
