//! The other warnings a careful preview gives (docs/rules.md §5–§7), one function each.

use super::agents::AgentCheck;
use super::downgrade::{Downgrade, DowngradeKind, Likelihood};
use super::tasks::{TaskFate, TaskOutcome};
use super::Context;
use crate::history::History;
use crate::model::{Deploy, DeployType};
use crate::plan::Verdict;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Something to know before rolling back. Stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
#[non_exhaustive]
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
    DeployInProgress,
    AirflowMajorUpgrade,
}

crate::model::contract_names!(WarningCode {
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
    DeployInProgress,
    AirflowMajorUpgrade,
});

/// A warning with a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    pub verdict: Verdict,
    pub downgrade: Option<&'a Downgrade>,
    pub tasks: &'a [TaskOutcome],
    pub agents: &'a [AgentCheck],
    pub description: Option<&'a str>,
    pub commit: Option<&'a str>,
    pub code_changes: bool,
    /// Whether the Runtime changes, or cannot be told not to (one of them is unknown).
    pub runtime_changes: bool,
}

/// The commit to point the repository at: that of the code the target holds. [decided]
/// For a rollback entry that is the code of the entry it restored (followed through
/// `rollbackOf`, never a commit named in the rollback's own description, which names
/// the broken one); then the entry's Git record, else a word of its description of 7 to
/// 40 hexadecimal characters with at least one digit and one letter (so that neither a
/// date nor an English word passes for a commit).
pub(crate) fn target_commit(history: &History<'_>, target: &Deploy) -> Option<String> {
    let mut entry = target;
    // Links always point to older entries, so the walk ends; the bound is a belt.
    for _ in 0..=history.len() {
        let restored = entry.rollback_of.as_deref().filter(|_| entry.kind == DeployType::Rollback);
        match restored.and_then(|id| history.find(id)) {
            Some((_, older)) => entry = older,
            None => break,
        }
    }
    if let Some(sha) = entry.git.as_ref().and_then(|g| g.commit_sha.clone()) {
        return Some(sha);
    }
    if entry.kind == DeployType::Rollback {
        return None;
    }
    let description = entry.description.as_deref()?;
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
    out.extend(airflow_major_upgrade(f));
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
    out.extend(deploy_in_progress(f));
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

/// D1: the Runtime goes down, and how far. [decided] The words come from the two
/// Airflow lines themselves (4.0-1 → 3.1-12 is "from Airflow 4 to Airflow 3"); a patch
/// downgrade says that Airflow stays at its version.
fn runtime_downgrade(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let d = f.downgrade?;
    let lines = (f.ctx.runtimes.airflow(&d.from), f.ctx.runtimes.airflow(&d.to));
    let how = match (d.kind, lines) {
        (DowngradeKind::AirflowMajor, (Some(a), Some(b))) => {
            format!("from Airflow {} to Airflow {}, an older Airflow major version", a.major, b.major)
        }
        (DowngradeKind::AirflowMajor, _) => "to an older Airflow major version".to_owned(),
        (DowngradeKind::AirflowMinor, (Some(a), Some(b))) => {
            format!("from Airflow {a} to Airflow {b}, an older Airflow minor version")
        }
        (DowngradeKind::AirflowMinor, _) => "to an older Airflow minor version".to_owned(),
        (DowngradeKind::Patch, (Some(a), _)) => format!("Airflow stays {a}"),
        (DowngradeKind::Patch, _) => "Airflow stays at its version".to_owned(),
    };
    Some(warning(
        WarningCode::RuntimeDowngrade,
        format!("the Runtime goes down from {} to {}: {how}", d.from, d.to),
    ))
}

/// [decided] A rollback that moves Airflow up a major version (a roll forward to an
/// Airflow 3 deploy) migrates the database forward: slower, nothing erased.
fn airflow_major_upgrade(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let current = f.ctx.current_runtime()?;
    let target = f.target.runtime_version.as_ref()?;
    let (from, to) = (f.ctx.airflow_major(current), f.ctx.airflow_major(target));
    (to > from).then(|| {
        warning(
            WarningCode::AirflowMajorUpgrade,
            format!("the rollback moves Airflow up from {from} to {to} (Runtime {current} to {target}): the metadata database migrates forward, which takes longer; nothing is erased"),
        )
    })
}

/// D1: every downgrade may erase metadata; how likely.
fn metadata_erasure(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let d = f.downgrade?;
    let (how, why) = match (d.metadata_erasure, d.kind) {
        (Likelihood::Possible, _) => ("may be", "no database migration is known between the two versions"),
        (Likelihood::Likely, DowngradeKind::Patch) => {
            ("is likely to be", "a metadata-database migration lies between the two versions")
        }
        (Likelihood::Likely, _) => ("is likely to be", "the Airflow major.minor version changes"),
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
/// already runs undoes nothing; the count is of the deployed entries newer than the
/// target, and says how many of them are themselves rollbacks (so that it never claims to
/// undo a deploy an earlier rollback already undid).
fn intermediate_deploys(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    if !f.code_changes {
        return None;
    }
    let (current_pos, current) = f.current.filter(|(c, _)| *c > f.pos)?;
    let (between, rollbacks) = f.ctx.history.deployed_between(f.pos, current_pos);
    if between == 0 {
        return None;
    }
    let newer = between + 1;
    let rollbacks = rollbacks + usize::from(current.kind == DeployType::Rollback);
    let of_them = match rollbacks {
        0 => String::new(),
        1 => ", 1 of them a rollback".to_owned(),
        n => format!(", {n} of them rollbacks"),
    };
    Some(warning(
        WarningCode::IntermediateDeploys,
        format!("{newer} newer deploys lie between the target and now{of_them}: the rollback sets all of them aside; rollbacks are disruptive, the more so across several deploys"),
    ))
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
/// [decided] A blocked plan asks nobody to act.
fn revert_repository(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    (f.code_changes && f.verdict != Verdict::Blocked).then(|| {
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
    f.description.is_none().then(|| {
        warning(
            WarningCode::MissingDescription,
            "no rollback description: say why, so the history explains itself",
        )
    })
}

/// §6 [decided]: Remote Execution is on and no agent is listed: every agent must still be
/// reverted first when the Runtime changes. A blocked plan keeps the warning without the
/// advice.
fn agents_not_listed(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    f.ctx.agents_not_listed().then(|| {
        let what = match (f.verdict, f.runtime_changes) {
            (Verdict::Blocked, _) => "",
            (_, true) => ": revert every agent to an image built on the target's Runtime before triggering the rollback",
            (_, false) => ": the Runtime does not change, but check that every agent runs a compatible image",
        };
        warning(
            WarningCode::AgentsNotListed,
            format!("Remote Execution is on but no agent is listed, so none could be checked{what}"),
        )
    })
}

/// §7 [decided]: on Private Cloud without an actor, the push permissions cannot be
/// checked; on Astro Hosted an actor's roles are not modelled, so a given actor is not
/// checked either.
fn permissions_not_checked(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let message = match (f.ctx.is_private_cloud(), f.ctx.actor) {
        (true, None) => "no actor is given, so the push permissions (deployment.images.push, deployment.dags.push) were not checked".to_owned(),
        (false, Some(actor)) => format!("Astro Hosted roles are not modelled here: whether {} may roll back this Deployment was not checked", actor.id),
        _ => return None,
    };
    Some(warning(WarningCode::PermissionsNotChecked, message))
}

/// §7 [decided]: a deploy newer than the current one is still in progress: when it
/// finishes it becomes current and undoes the rollback.
fn deploy_in_progress(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let entry = f.ctx.history.in_progress_after_current()?;
    Some(warning(
        WarningCode::DeployInProgress,
        format!("deploy {} (started {}) is still in progress: when it finishes it becomes the current deploy and undoes this rollback", entry.id, entry.created_at),
    ))
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
