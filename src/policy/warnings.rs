//! The other warnings a careful preview gives (docs/rules.md §5–§7), one function each.

use super::agents::AgentCheck;
use super::downgrade::{Downgrade, DowngradeKind, Likelihood};
use super::tasks::{TaskFate, TaskOutcome};
use super::Context;
use crate::model::Deploy;
use crate::runtime::RuntimeVersion;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Something to know before rolling back. Stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub enum WarningCode {
    NoCodeChange,
    RuntimeDowngrade,
    MetadataErasure,
    Airflow3To2,
    TasksWillFail,
    MixedCodeVersions,
    IntermediateDeploys,
    DagDeploySettingChanges,
    YankedRuntime,
    RevertRepository,
    MissingDescription,
    AgentOlderThanDeployment,
    AgentsNotListed,
    PermissionsNotChecked,
    RuntimeUnknown,
}

crate::model::contract_names!(WarningCode {
    NoCodeChange => "noCodeChange",
    RuntimeDowngrade => "runtimeDowngrade",
    MetadataErasure => "metadataErasure",
    Airflow3To2 => "airflow3To2",
    TasksWillFail => "tasksWillFail",
    MixedCodeVersions => "mixedCodeVersions",
    IntermediateDeploys => "intermediateDeploys",
    DagDeploySettingChanges => "dagDeploySettingChanges",
    YankedRuntime => "yankedRuntime",
    RevertRepository => "revertRepository",
    MissingDescription => "missingDescription",
    AgentOlderThanDeployment => "agentOlderThanDeployment",
    AgentsNotListed => "agentsNotListed",
    PermissionsNotChecked => "permissionsNotChecked",
    RuntimeUnknown => "runtimeUnknown",
});

/// A warning with a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Warning {
    /// The stable code.
    pub code: WarningCode,
    /// For people; may change between versions.
    pub message: String,
}

fn warning(code: WarningCode, message: impl Into<String>) -> Warning {
    Warning { code, message: message.into() }
}

/// What the warnings and steps are drawn from.
pub(crate) struct Facts<'a, 's, 'h> {
    pub ctx: &'a Context<'s, 'h>,
    pub pos: usize,
    pub target: &'a Deploy,
    pub current: Option<(usize, &'a Deploy)>,
    pub downgrade: Option<&'a Downgrade>,
    pub tasks: &'a [TaskOutcome],
    pub agents: &'a [AgentCheck],
    pub description: Option<&'a str>,
    pub commit: Option<&'a str>,
    pub code_changes: bool,
    /// Whether the Runtime changes, or cannot be told not to (one of them is unknown).
    pub runtime_changes: bool,
}

/// The commit to point the repository at: the target's Git record, else [decided] a word
/// of its description of 7 to 40 hexadecimal characters with at least one digit and one
/// letter (so that neither a date nor an English word passes for a commit).
pub(crate) fn target_commit(target: &Deploy) -> Option<String> {
    if let Some(sha) = target.git.as_ref().and_then(|g| g.commit_sha.clone()) {
        return Some(sha);
    }
    let description = target.description.as_deref()?;
    description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| {
            (7..=40).contains(&word.len())
                && word.chars().all(|c| c.is_ascii_hexdigit())
                && word.chars().any(|c| c.is_ascii_digit())
                && word.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(str::to_owned)
}

/// Every warning for the rollback `f` describes, in a fixed order.
pub(crate) fn warnings(f: &Facts<'_, '_, '_>) -> Vec<Warning> {
    let mut out = Vec::new();
    out.extend(runtime_unknown(f));
    out.extend(no_code_change(f));
    out.extend(runtime_downgrade(f));
    out.extend(metadata_erasure(f));
    out.extend(airflow_3_to_2(f));
    out.extend(tasks_will_fail(f));
    out.extend(mixed_code_versions(f));
    out.extend(intermediate_deploys(f));
    out.extend(dag_deploy_setting_changes(f));
    out.extend(yanked_runtime(f));
    out.extend(revert_repository(f));
    out.extend(missing_description(f));
    out.extend(agents_older_than_deployment(f));
    out.extend(agents_not_listed(f));
    out.extend(permissions_not_checked(f));
    out
}

/// D1 [decided]: with the target's or the current Runtime unknown, no downgrade can be
/// classified and no agent judged.
fn runtime_unknown(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let which = match (f.ctx.current_runtime(), &f.target.runtime_version) {
        (Some(_), Some(_)) => return None,
        (None, None) => "neither the current nor the target's Runtime is known",
        (None, Some(_)) => "the current Runtime is not known",
        (Some(_), None) => "the target's Runtime is not known",
    };
    Some(warning(
        WarningCode::RuntimeUnknown,
        format!("{which}: whether this is a downgrade (which erases metadata and fails running tasks) cannot be told; check the Runtime versions before rolling back"),
    ))
}

/// [decided] E2: a rollback to the code that runs now re-deploys it.
fn no_code_change(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    (!f.code_changes).then(|| {
        warning(
            WarningCode::NoCodeChange,
            "the target holds the code that runs now: the rollback re-deploys the same code",
        )
    })
}

/// D1: the Runtime goes down, and how far.
fn runtime_downgrade(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let d = f.downgrade?;
    let line =
        |v: &RuntimeVersion| f.ctx.runtimes.airflow(v).map(|l| format!(" (Airflow {l})")).unwrap_or_default();
    let kind = match d.kind {
        DowngradeKind::Patch => "a patch downgrade",
        DowngradeKind::AirflowMinor => "a downgrade to an older Airflow minor version",
        DowngradeKind::AirflowMajor => "a downgrade from Airflow 3 to Airflow 2",
    };
    Some(warning(
        WarningCode::RuntimeDowngrade,
        format!("the Runtime goes down from {}{} to {}{}: {kind}", d.from, line(&d.from), d.to, line(&d.to)),
    ))
}

/// D1: every downgrade may erase metadata; how likely.
fn metadata_erasure(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let d = f.downgrade?;
    let (how, why) = match (d.metadata_erasure, d.kind) {
        (Likelihood::Possible, _) => ("may be", "no database migration is known between the two versions"),
        (Likelihood::Likely, DowngradeKind::Patch) => {
            ("is likely to be", "a metadata-database migration lies between the two versions")
        }
        (Likelihood::Likely, _) => ("is likely to be", "the Airflow version changes"),
    };
    Some(warning(
        WarningCode::MetadataErasure,
        format!("metadata of features that Runtime {} lacks {how} erased, and what is erased cannot be recovered: {why}", d.to),
    ))
}

/// E5: Airflow 3 Dags do not run on Airflow 2, and the crossing takes longer.
fn airflow_3_to_2(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let current = f.ctx.current_runtime()?;
    let target = f.target.runtime_version.as_ref()?;
    f.ctx.crosses_3_to_2(current, target).then(|| {
        warning(
            WarningCode::Airflow3To2,
            "Airflow 3 Dags do not run on Airflow 2: make sure the restored Dag code is Airflow 2 code; a cross-major rollback takes longer (database schema migration)",
        )
    })
}

/// D2: with a downgrade every running task fails at once.
fn tasks_will_fail(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    if f.downgrade.is_none() || f.tasks.is_empty() {
        return None;
    }
    let zombies = f.ctx.current_runtime().is_some_and(|v| f.ctx.airflow_major(v) >= 3);
    let retrying = f.tasks.iter().filter(|t| t.outcome == TaskFate::FailsThenRetries).count();
    let mut message = format!(
        "{} running task(s) fail at once; {retrying} with retries left retry on the target's code",
        f.tasks.len()
    );
    if zombies {
        message.push_str(
            "; on Airflow 3 workers may also lose their heartbeat while the API server restarts (zombie tasks)",
        );
    }
    Some(warning(WarningCode::TasksWillFail, message))
}

/// D3: tasks that keep running on their code while new ones run the target's.
fn mixed_code_versions(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let continuing = f
        .tasks
        .iter()
        .filter(|t| {
            matches!(t.outcome, TaskFate::ContinuesOnCurrentCode | TaskFate::InterruptedAfterGracePeriod)
        })
        .count();
    (f.code_changes && continuing > 0).then(|| {
        warning(
            WarningCode::MixedCodeVersions,
            format!("{continuing} running task(s) keep running the code they started with while tasks started after the rollback run the target's: upstream and downstream tasks of one Dag run may run different code"),
        )
    })
}

/// §7: the rollback undoes more than one deploy. [decided] A rollback to the code that
/// already runs undoes nothing.
fn intermediate_deploys(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    if !f.code_changes {
        return None;
    }
    let (current_pos, _) = f.current.filter(|(c, _)| *c > f.pos)?;
    let between = f.ctx.history.deployed_between(f.pos, current_pos);
    (between > 0).then(|| {
        warning(
            WarningCode::IntermediateDeploys,
            format!("this undoes {} deploys (the current one and {between} before it): rollbacks are disruptive, the more so across several deploys", between + 1),
        )
    })
}

/// §7: Dags switch between the image and a Dag bundle.
fn dag_deploy_setting_changes(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let live = f.ctx.dag_deploy_enabled?;
    (live != f.target.dag_deploy_enabled).then(|| {
        let message = if f.target.dag_deploy_enabled {
            "Dag deploys are turned back on: Dags will come from the Dag bundle instead of the image"
        } else {
            "Dag deploys are turned off: Dags will come from the image instead of a Dag bundle"
        };
        warning(WarningCode::DagDeploySettingChanges, message)
    })
}

/// §7: the target's Runtime is yanked.
fn yanked_runtime(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let target = f.target.runtime_version.as_ref()?;
    let reason = f.ctx.runtimes.yanked(target)?;
    let reason = if reason.is_empty() { String::new() } else { format!(" ({reason})") };
    Some(warning(
        WarningCode::YankedRuntime,
        format!("Runtime {target} is yanked{reason}: Astronomer advises against running it"),
    ))
}

/// §7: the code repository is not rolled back.
fn revert_repository(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    f.code_changes.then(|| {
        let pointer = match f.commit {
            Some(commit) => format!("revert it to commit {commit}"),
            None => "revert it to the target's commit (the entry records none)".to_owned(),
        };
        warning(
            WarningCode::RevertRepository,
            format!("the code repository is not rolled back: the next CI deploy from its head brings the undone code back; {pointer}"),
        )
    })
}

/// §7: no rollback description.
fn missing_description(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    f.description.is_none_or(|d| d.trim().is_empty()).then(|| {
        warning(
            WarningCode::MissingDescription,
            "no rollback description: say why, so the history explains itself",
        )
    })
}

/// §6 [decided]: Remote Execution is on and no agent is listed: every agent must still be
/// reverted first when the Runtime changes.
fn agents_not_listed(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    f.ctx.agents_not_listed().then(|| {
        let what = if f.runtime_changes {
            "revert every agent to an image built on the target's Runtime before triggering the rollback"
        } else {
            "the Runtime does not change, but check that every agent runs a compatible image"
        };
        warning(
            WarningCode::AgentsNotListed,
            format!("Remote Execution is on but no agent is listed, so none could be checked: {what}"),
        )
    })
}

/// §7 [decided]: on Private Cloud without an actor, the push permissions cannot be
/// checked.
fn permissions_not_checked(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    (f.ctx.is_private_cloud() && f.ctx.actor.is_none()).then(|| {
        warning(
            WarningCode::PermissionsNotChecked,
            "no actor is given, so the push permissions (deployment.images.push, deployment.dags.push) were not checked",
        )
    })
}

/// §6 [decided]: an agent older than the target is accepted, with a note.
fn agents_older_than_deployment(f: &Facts<'_, '_, '_>) -> Vec<Warning> {
    let Some(target) = f.target.runtime_version.as_ref() else { return Vec::new() };
    f.agents
        .iter()
        .filter(|a| a.runtime_version.cmp_line_aware(target) == Ordering::Less)
        .map(|agent| {
            warning(
                WarningCode::AgentOlderThanDeployment,
                format!(
                    "agent {} runs Runtime {}, older than the target's {target}: accepted, but consider updating it",
                    agent.id, agent.runtime_version
                ),
            )
        })
        .collect()
}
