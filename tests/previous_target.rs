//! `previous_target`: the entry a rollback "to the previous deploy" means (docs/rules.md
//! §4): the newest deployed entry older than the current deploy whose code differs from
//! the code in force, as `noCodeChange` compares code.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::{plan, previous_target, DeployStatus, DeployType, Scenario, WarningCode};

#[track_caller]
fn previous(scenario: Result<Scenario, deploy_rollback::InputError>) -> Option<String> {
    let scenario = scenario.unwrap_or_else(|e| panic!("{e}"));
    let previous = previous_target(&scenario).unwrap_or_else(|e| panic!("{e}"));
    // Whatever it names holds other code: its plan never warns noCodeChange.
    if let Some(id) = &previous {
        let plan = plan(&scenario, id, None).unwrap_or_else(|e| panic!("{e}"));
        assert!(!plan.warnings.iter().any(|w| w.code == WarningCode::NoCodeChange), "{plan:?}");
    }
    previous
}

const NOW: &str = "2023-11-08T13:00:00Z";

#[test]
fn the_entry_before_the_current_one_when_its_code_differs() {
    let scenario = Scenario::builder(NOW)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
        .deploy("d2", "2023-11-07T16:45:00Z", |d| d.runtime("9.5.0"))
        .deploy("d3", "2023-11-08T09:00:00Z", |d| d.kind(DeployType::DagsOnly))
        .build();
    // d3 ships Dags only: d2 has the same image and Runtime but another Dag bundle.
    assert_eq!(previous(scenario).as_deref(), Some("d2"));
}

#[test]
fn failed_and_unfinished_entries_are_skipped() {
    let scenario = Scenario::builder(NOW)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
        .deploy("d2", "2023-11-05T10:00:00Z", |d| d.runtime("9.5.0").status(DeployStatus::Failed))
        .deploy("d3", "2023-11-06T10:00:00Z", |d| d.runtime("9.5.0").status(DeployStatus::Initialized))
        .deploy("d4", "2023-11-07T16:45:00Z", |d| d.runtime("9.5.0"))
        .build();
    assert_eq!(previous(scenario).as_deref(), Some("d1"));
}

#[test]
fn after_a_rollback_the_code_it_restored_is_not_previous() {
    // rollback-3 restored d1's code: the previous code is d2's, as helm would go back to
    // the release before the rollback.
    let scenario = Scenario::builder(NOW)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
        .deploy("d2", "2023-11-07T16:45:00Z", |d| d.runtime("9.5.0"))
        .deploy("rollback-3", "2023-11-08T09:00:00Z", |d| d.kind(DeployType::Rollback).rollback_of("d1"))
        .build();
    assert_eq!(previous(scenario).as_deref(), Some("d2"));
}

#[test]
fn an_entry_past_the_window_is_still_the_previous_code() {
    let scenario = Scenario::builder(NOW)
        .retention_days(3)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
        .deploy("d2", "2023-11-07T16:45:00Z", |d| d.runtime("9.5.0"))
        .build();
    assert_eq!(previous(scenario).as_deref(), Some("d1"));
}

#[test]
fn no_previous_code_without_an_older_entry_holding_other_code() {
    let alone = Scenario::builder(NOW).deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0")).build();
    assert_eq!(previous(alone), None);
    // The same image, Runtime and Dag bundle deployed twice.
    let same = Scenario::builder(NOW)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| {
            d.runtime("9.1.0").image_tag("img").dag_bundle_version("b1")
        })
        .deploy("d2", "2023-11-07T16:45:00Z", |d| {
            d.runtime("9.1.0").image_tag("img").dag_bundle_version("b1")
        })
        .build();
    assert_eq!(previous(same), None);
    // Nothing deployed at all.
    let failed = Scenario::builder(NOW)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0").status(DeployStatus::Failed))
        .build();
    assert_eq!(previous(failed), None);
}

#[test]
fn an_unknown_image_is_never_the_same_code() {
    // Both images unknown: they cannot be told equal, so d1 counts as other code.
    let scenario = Scenario::builder(NOW)
        .deploy("d1", "2023-11-01T09:30:00Z", |d| {
            d.runtime("9.1.0").unknown_image_tag().dag_bundle_version("b1")
        })
        .deploy("d2", "2023-11-07T16:45:00Z", |d| {
            d.runtime("9.1.0").unknown_image_tag().dag_bundle_version("b1")
        })
        .build();
    assert_eq!(previous(scenario).as_deref(), Some("d1"));
}
