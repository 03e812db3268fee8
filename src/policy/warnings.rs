//! §7 (docs/rules.md): the other warnings a careful preview gives, one function each, and
//! the step that reverts the repository. The warning type and the order of all warnings
//! live here; the warnings of other sections live in those sections' files.

use super::agents::AgentCheck;
use super::downgrade::Downgrade;
use super::tasks::TaskOutcome;
use super::Context;
use super::{agents, downgrade, eligibility, tasks, Verdict};
use crate::history::History;
use crate::model::{Deploy, DeployType};
use crate::rules::{RuleId, Severity};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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

crate::names::contract_names!(WarningCode {
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
    /// How much it matters: `warning` or `info`.
    pub severity: Severity,
    /// A short title for people ("Runtime downgrade").
    pub title: Cow<'static, str>,
    /// The rule of `docs/rules.md` that gives this warning.
    pub rule: RuleId,
    /// A plain sentence for people; may change between versions.
    pub message: String,
}

pub(super) fn warning(code: WarningCode, message: impl Into<String>) -> Warning {
    Warning {
        code,
        severity: code.severity(),
        title: Cow::Borrowed(code.title()),
        rule: code.rule(),
        message: crate::sentence::sentence(message.into()),
    }
}

impl WarningCode {
    /// How much a warning of this code matters.
    pub fn severity(self) -> Severity {
        match self {
            Self::NoCodeChange
            | Self::IntermediateDeploys
            | Self::MissingDescription
            | Self::AgentOlderThanDeployment
            | Self::PermissionsNotChecked => Severity::Info,
            Self::RuntimeDowngrade
            | Self::MetadataErasure
            | Self::Airflow3To2
            | Self::TasksWillFail
            | Self::MixedCodeVersions
            | Self::DagDeploySettingChanges
            | Self::YankedRuntime
            | Self::RevertRepository
            | Self::AgentsNotListed
            | Self::RuntimeUnknown
            | Self::DeployInProgress
            | Self::AirflowMajorUpgrade => Severity::Warning,
        }
    }

    /// The rule of `docs/rules.md` that gives this warning.
    pub fn rule(self) -> RuleId {
        match self {
            Self::RuntimeDowngrade
            | Self::MetadataErasure
            | Self::RuntimeUnknown
            | Self::AirflowMajorUpgrade => RuleId::D1,
            Self::TasksWillFail => RuleId::D2,
            Self::NoCodeChange => RuleId::E2,
            Self::Airflow3To2 => RuleId::E5,
            Self::MixedCodeVersions => RuleId::S5,
            Self::AgentOlderThanDeployment | Self::AgentsNotListed => RuleId::S6,
            Self::IntermediateDeploys
            | Self::DagDeploySettingChanges
            | Self::YankedRuntime
            | Self::RevertRepository
            | Self::MissingDescription
            | Self::PermissionsNotChecked
            | Self::DeployInProgress => RuleId::S7,
        }
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            Self::NoCodeChange => "No code change",
            Self::RuntimeDowngrade => "Runtime downgrade",
            Self::MetadataErasure => "Metadata may be erased",
            Self::Airflow3To2 => "Airflow 3 → Airflow 2",
            Self::TasksWillFail => "Running tasks will fail",
            Self::MixedCodeVersions => "Mixed code versions",
            Self::IntermediateDeploys => "Undoes more than one deploy",
            Self::DagDeploySettingChanges => "The Dag deploy setting flips",
            Self::YankedRuntime => "Yanked Runtime",
            Self::RevertRepository => "Revert your repository too",
            Self::MissingDescription => "No description",
            Self::AgentOlderThanDeployment => "Agent older than the Deployment",
            Self::AgentsNotListed => "Agents not listed",
            Self::PermissionsNotChecked => "Permissions not checked",
            Self::RuntimeUnknown => "Runtime unknown",
            Self::DeployInProgress => "A deploy is in progress",
            Self::AirflowMajorUpgrade => "Airflow major upgrade",
        }
    }
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
    out.extend(downgrade::runtime_unknown(f));
    out.extend(eligibility::no_code_change(f));
    out.extend(downgrade::runtime_downgrade(f));
    out.extend(downgrade::airflow_major_upgrade(f));
    out.extend(downgrade::metadata_erasure(f));
    out.extend(eligibility::airflow_3_to_2(f));
    out.extend(tasks::tasks_will_fail(f));
    out.extend(tasks::mixed_code_versions(f));
    out.extend(intermediate_deploys(f));
    out.extend(dag_deploy_setting_changes(f));
    out.extend(yanked_runtime(f));
    out.extend(revert_repository(f));
    out.extend(missing_description(f));
    out.extend(agents::agents_older_than_deployment(f));
    out.extend(agents::agents_not_listed(f));
    out.extend(permissions_not_checked(f));
    out.extend(deploy_in_progress(f));
    out
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

/// The manual steps, in order: those for the agents (§6), the rollback itself, then the
/// repository (§7). [decided] A blocked plan asks nobody to act: it has no steps.
pub(crate) fn steps(f: &Facts<'_, '_, '_>) -> Vec<String> {
    if f.verdict == Verdict::Blocked {
        return Vec::new();
    }
    let target = f.target;
    let mut steps = agents::agent_steps(f);
    steps.push(format!("Trigger the rollback to {} (deployed {}).", target.id, target.created_at));
    steps.extend(repository_step(f));
    steps
}

/// §7: the step after the rollback when it changes code: revert the repository, to the
/// target's commit when one is known.
fn repository_step(f: &Facts<'_, '_, '_>) -> Option<String> {
    f.code_changes.then(|| match f.commit {
        Some(commit) => format!("Revert the code repository to commit {commit} so that the next CI deploy does not bring the undone code back."),
        None => "Revert the code repository to the target's code so that the next CI deploy does not bring the undone code back.".to_owned(),
    })
}
