//! The rollback plan (docs/rules.md §4–§7): the verdict, what is restored, kept and lost,
//! the downgrade, every running task and agent, the manual steps, and the new history
//! entry. The rules it applies live in `policy`; this file puts their answers together.

use crate::error::{ErrorCode, InputError};
use crate::model::{
    DbtBundle, Deploy, DeployStatus, DeployType, EnvVar, RemoteExecution, RunningTask, Scenario, WorkerQueue,
};
use crate::policy::agents::{agent_checks, AgentCheck, AgentStatus};
use crate::policy::downgrade::{downgrade, Downgrade};
use crate::policy::tasks::{task_outcomes, Lowers, TaskOutcome};
use crate::policy::warnings::{target_commit, warnings, Facts, Warning};
use crate::policy::{Context, Reason, ReasonCode, MAX_DESCRIPTION_CHARS};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A preview of one rollback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Plan {
    /// Whether it can go ahead.
    pub verdict: Verdict,
    /// The target entry's id.
    pub target: String,
    /// The current deploy's id (`null` when nothing is deployed).
    pub current: Option<String>,
    /// Why it is blocked, or what action it needs first; empty exactly when allowed.
    pub reasons: Vec<Reason>,
    /// What a careful person should know before going ahead.
    pub warnings: Vec<Warning>,
    /// Field by field: restored, kept or erased.
    pub fields: Vec<FieldChange>,
    /// The Runtime downgrade, if it is one.
    pub downgrade: Option<Downgrade>,
    /// What happens to each running task.
    pub running_tasks: Vec<TaskOutcome>,
    /// Each Remote Execution agent against the target Runtime.
    pub agents: Vec<AgentCheck>,
    /// The manual steps, in order (none when blocked).
    pub steps: Vec<String>,
    /// The history entry the rollback would add, as the history will show it; `null` when
    /// the verdict is `blocked` (nothing is written). For `actionRequired` it is what the
    /// rollback writes once the action is done.
    pub new_entry: Option<Deploy>,
}

/// Whether a rollback can go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Verdict {
    /// It can.
    Allowed,
    /// It can once the listed actions are done (agents reverted).
    ActionRequired,
    /// It cannot.
    Blocked,
}

crate::model::contract_names!(Verdict { Allowed, ActionRequired, Blocked });

/// One row of the field-by-field table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", from = "RawFieldChange")]
pub struct FieldChange {
    /// The field, named as in the scenario.
    pub field: Field,
    /// What the rollback does to it.
    pub disposition: Disposition,
    /// Its value now.
    pub current: FieldValue,
    /// Its value after the rollback.
    pub target: FieldValue,
    /// Whether the rollback changes it.
    pub changes: bool,
}

/// A field of the field-by-field table: a deploy's code state, a Deployment setting, or
/// the metadata database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub enum Field {
    ImageTag,
    DagBundleVersion,
    DbtBundles,
    RuntimeVersion,
    DagDeployEnabled,
    Executor,
    SchedulerSize,
    WorkerQueues,
    EnvVars,
    Name,
    Description,
    MetadataDatabase,
}

crate::model::contract_names!(Field {
    ImageTag,
    DagBundleVersion,
    DbtBundles,
    RuntimeVersion,
    DagDeployEnabled,
    Executor,
    SchedulerSize,
    WorkerQueues,
    EnvVars,
    Name,
    Description,
    MetadataDatabase,
});

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Field {
    fn eq(&self, name: &str) -> bool {
        self.as_str() == name
    }
}

impl PartialEq<&str> for Field {
    fn eq(&self, name: &&str) -> bool {
        self.as_str() == *name
    }
}

/// What a rollback does to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Disposition {
    /// Taken from the target entry.
    Restored,
    /// Left as it is now.
    Kept,
    /// Lost for good.
    Erased,
}

crate::model::contract_names!(Disposition { Restored, Kept, Erased });

/// A field's value, in its JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub enum FieldValue {
    Null,
    Text(String),
    Flag(bool),
    DbtBundles(Vec<DbtBundle>),
    WorkerQueues(Vec<WorkerQueue>),
    EnvVars(Vec<EnvVar>),
}

/// A field change as read: an empty list reads as dbt bundles whatever the field, so the
/// field's name says which list it is.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFieldChange {
    field: Field,
    disposition: Disposition,
    current: FieldValue,
    target: FieldValue,
    changes: bool,
}

impl From<RawFieldChange> for FieldChange {
    fn from(raw: RawFieldChange) -> Self {
        let list = |value: FieldValue| match (value, raw.field) {
            (FieldValue::DbtBundles(list), Field::WorkerQueues) if list.is_empty() => {
                FieldValue::WorkerQueues(Vec::new())
            }
            (FieldValue::DbtBundles(list), Field::EnvVars) if list.is_empty() => {
                FieldValue::EnvVars(Vec::new())
            }
            (value, _) => value,
        };
        Self {
            disposition: raw.disposition,
            current: list(raw.current),
            target: list(raw.target),
            changes: raw.changes,
            field: raw.field,
        }
    }
}

impl From<Option<String>> for FieldValue {
    fn from(value: Option<String>) -> Self {
        value.map_or(Self::Null, Self::Text)
    }
}

/// Previews a rollback of `scenario`'s Deployment to the history entry `target`.
///
/// Errors are for malformed input only (an unknown target, an empty history, a
/// description over 500 characters); a rollback that cannot go ahead is a plan whose
/// verdict says so.
///
/// ```
/// use deploy_rollback::{plan, Verdict};
/// use deploy_rollback::ffi::example_scenario;
/// let scenario = example_scenario().unwrap();
/// let plan = plan(&scenario, "d2", Some("Roll back to the deploy of 6 November")).unwrap();
/// assert_eq!(plan.verdict, Verdict::Allowed);
/// let entry = plan.new_entry.unwrap();
/// assert_eq!(entry.created_at.to_string(), "2023-11-08T13:00:00Z");
/// assert_eq!(entry.image_tag.as_deref(), Some("deploy-2023-11-06T14-00"));
/// ```
pub fn plan(scenario: &Scenario, target: &str, description: Option<&str>) -> Result<Plan, InputError> {
    if scenario.history.is_empty() {
        return Err(InputError::new(ErrorCode::EmptyHistory, "history", "there is nothing to roll back to"));
    }
    check_description(description, "description")?;
    let history = scenario.checked_history()?;
    let (pos, entry) = history.find(target).ok_or_else(|| {
        InputError::new(ErrorCode::UnknownDeploy, "target", format!("no history entry has the id `{target}`"))
    })?;
    let ctx = scenario.context(&history);
    let author = scenario.actor.as_ref().map(|a| a.id.as_str());
    Ok(plan_for(&ctx, pos, entry, description, author))
}

/// What one moment of a Deployment states besides its history, for [`check_moment`]: the
/// running tasks (and the array's path), and the Remote Execution set-up (and its path).
#[derive(Debug, Clone, Copy)]
pub(crate) struct MomentInput<'a> {
    /// The moment the tasks are said to run at; `None` when there is none (a timeline
    /// without events).
    pub now: Option<Timestamp>,
    pub running_tasks: Option<(&'a [RunningTask], &'a str)>,
    pub remote_execution: Option<(&'a RemoteExecution, &'a str)>,
}

/// The one check, shared by `eligibility`, `plan` and `simulate` (for a timeline's start
/// and for each `tasks` and `settings` event), of what reading alone does not refuse
/// (§5, §6): [decided] a running task cannot start after `now`, nor be expected to end
/// before it started; two Remote Execution agents cannot share an id (the second is at
/// fault). Every fault is `invalidValue` at the field's path.
pub(crate) fn check_moment(input: MomentInput<'_>) -> Result<(), InputError> {
    if let Some((tasks, path)) = input.running_tasks {
        for (i, task) in tasks.iter().enumerate() {
            if let Some(now) = input.now.filter(|now| task.started_at > *now) {
                return Err(InputError::new(
                    ErrorCode::InvalidValue,
                    format!("{path}[{i}].startedAt"),
                    format!("{} is after now ({now}): a running task started before it", task.started_at),
                ));
            }
            if let Some(end) = task.expected_end_at.filter(|end| *end < task.started_at) {
                return Err(InputError::new(
                    ErrorCode::InvalidValue,
                    format!("{path}[{i}].expectedEndAt"),
                    format!("{end} is before the task started ({})", task.started_at),
                ));
            }
        }
    }
    if let Some((remote, path)) = input.remote_execution {
        // A map of the same type as the history's index, so that the module holds one.
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(remote.agents.len());
        for (i, agent) in remote.agents.iter().enumerate() {
            if seen.insert(agent.id.as_str(), i).is_some() {
                return Err(InputError::new(
                    ErrorCode::InvalidValue,
                    format!("{path}.agents[{i}].id"),
                    format!("`{}` is the id of an earlier agent too: agent ids are unique", agent.id),
                ));
            }
        }
    }
    Ok(())
}

/// Refuses a rollback description over [`MAX_DESCRIPTION_CHARS`] characters.
pub(crate) fn check_description(description: Option<&str>, path: &str) -> Result<(), InputError> {
    let chars = description.map_or(0, |d| d.chars().count());
    if chars > MAX_DESCRIPTION_CHARS {
        let message =
            format!("{chars} characters; a rollback description has at most {MAX_DESCRIPTION_CHARS}");
        return Err(InputError::new(ErrorCode::DescriptionTooLong, path, message));
    }
    Ok(())
}

/// The plan for rolling back to `target` (at position `pos`) in `ctx`.
pub(crate) fn plan_for(
    ctx: &Context<'_, '_>,
    pos: usize,
    target: &Deploy,
    description: Option<&str>,
    author: Option<&str>,
) -> Plan {
    // [decided] The stored description is trimmed; a blank one is no description.
    let description = description.map(str::trim).filter(|d| !d.is_empty());
    let current = ctx.current();
    let current_entry = current.map(|(_, d)| d);
    let mut reasons = ctx.blocking_reasons(pos, target);
    // D1 [decided] With either Runtime unknown no downgrade is classified (the plan warns
    // `runtimeUnknown` instead).
    let target_runtime = target.runtime_version.as_ref();
    let (downgrade, lowers) = match (ctx.current_runtime(), target_runtime) {
        (Some(from), Some(to)) => {
            let down = downgrade(ctx, from, to);
            let lowers = if down.is_some() { Lowers::Yes } else { Lowers::No };
            (down, lowers)
        }
        _ if ctx.current().is_some_and(|(c, _)| c == pos) => (None, Lowers::No),
        _ => (None, Lowers::Unknown),
    };
    let agents = agent_checks(ctx, target_runtime);
    // §6: incompatible agents need action first; [decided] a rollback that is blocked
    // anyway asks nobody to act, so they are then data only (the `agents` list).
    if reasons.is_empty() {
        for agent in agents.iter().filter(|a| a.status == AgentStatus::Incompatible) {
            reasons.push(Reason::new(
                ReasonCode::AgentIncompatible,
                format!(
                    "agent {} runs Runtime {}, newer than the target's {}: revert its image first",
                    agent.id,
                    agent.runtime_version,
                    target_runtime.map(ToString::to_string).unwrap_or_default()
                ),
            ));
        }
    }
    let verdict = if reasons.iter().any(|r| r.code != ReasonCode::AgentIncompatible) {
        Verdict::Blocked
    } else if reasons.is_empty() {
        Verdict::Allowed
    } else {
        Verdict::ActionRequired
    };
    let running_tasks = task_outcomes(ctx, lowers, ctx.restarts_for(pos, target));
    let commit = target_commit(ctx.history, target);
    let code_changes = !ctx.holds_code_of(pos, target);
    // A blocked rollback writes nothing.
    let new_entry = (verdict != Verdict::Blocked).then(|| Deploy {
        id: ctx.history.fresh_id("rollback"),
        created_at: ctx.now,
        author: author.map(str::to_owned),
        kind: DeployType::Rollback,
        status: DeployStatus::Deployed,
        description: description.map(str::to_owned),
        image_tag: target.image_tag.clone(),
        dag_bundle_version: target.dag_bundle_version.clone(),
        dbt_bundles: target.dbt_bundles.clone(),
        runtime_version: target.runtime_version.clone(),
        dag_deploy_enabled: target.dag_deploy_enabled,
        git: target.git.clone(),
        rollback_of: Some(target.id.clone()),
        replaces: current_entry.map(|c| c.id.clone()),
    });
    let facts = Facts {
        ctx,
        pos,
        target,
        current,
        verdict,
        downgrade: downgrade.as_ref(),
        tasks: &running_tasks,
        agents: &agents,
        description,
        commit: commit.as_deref(),
        code_changes,
        runtime_changes: match (ctx.current_runtime(), target_runtime) {
            (Some(now), Some(then)) => now != then,
            _ => lowers == Lowers::Unknown,
        },
    };
    Plan {
        verdict,
        target: target.id.clone(),
        current: current_entry.map(|c| c.id.clone()),
        warnings: warnings(&facts),
        fields: fields(ctx, current_entry, target, downgrade.as_ref()),
        steps: if verdict == Verdict::Blocked { Vec::new() } else { steps(&facts) },
        reasons,
        downgrade,
        running_tasks,
        agents,
        new_entry,
    }
}

/// §4: restored from the target, kept as they are, erased on a downgrade.
fn fields(
    ctx: &Context<'_, '_>,
    current: Option<&Deploy>,
    target: &Deploy,
    downgrade: Option<&Downgrade>,
) -> Vec<FieldChange> {
    let restored = |field: Field, now: FieldValue, then: FieldValue| FieldChange {
        field,
        disposition: Disposition::Restored,
        changes: now != then,
        current: now,
        target: then,
    };
    let kept = |field: Field, now: FieldValue| FieldChange {
        field,
        disposition: Disposition::Kept,
        changes: false,
        current: now.clone(),
        target: now,
    };
    let d = ctx.deployment;
    let runtime_now = ctx.current_runtime().map(ToString::to_string);
    let dag_deploy_now = ctx.dag_deploy_enabled;
    let mut rows = vec![
        restored(
            Field::ImageTag,
            current.and_then(|c| c.image_tag.clone()).into(),
            target.image_tag.clone().into(),
        ),
        restored(
            Field::DagBundleVersion,
            current.and_then(|c| c.dag_bundle_version.clone()).into(),
            target.dag_bundle_version.clone().into(),
        ),
        restored(
            Field::DbtBundles,
            current.map_or(FieldValue::Null, |c| FieldValue::DbtBundles(c.dbt_bundles.clone())),
            FieldValue::DbtBundles(target.dbt_bundles.clone()),
        ),
        restored(
            Field::RuntimeVersion,
            runtime_now.into(),
            target.runtime_version.as_ref().map(ToString::to_string).into(),
        ),
        restored(
            Field::DagDeployEnabled,
            dag_deploy_now.map_or(FieldValue::Null, FieldValue::Flag),
            FieldValue::Flag(target.dag_deploy_enabled),
        ),
        kept(Field::Executor, d.executor.clone().into()),
        kept(Field::SchedulerSize, d.scheduler_size.clone().into()),
        kept(Field::WorkerQueues, FieldValue::WorkerQueues(d.worker_queues.clone())),
        kept(Field::EnvVars, FieldValue::EnvVars(d.env_vars.clone())),
        kept(Field::Name, FieldValue::Text(d.name.clone())),
        kept(Field::Description, d.description.clone().into()),
    ];
    if let Some(down) = downgrade {
        rows.push(FieldChange {
            field: Field::MetadataDatabase,
            disposition: Disposition::Erased,
            current: FieldValue::Text(format!("metadata written by Runtime {}", down.from)),
            target: FieldValue::Text(format!("only what Runtime {} knows", down.to)),
            changes: true,
        });
    }
    rows
}

/// §6 and §7: revert incompatible agents first (or check them, when the target's Runtime
/// is unknown), then trigger, then fix the repository.
fn steps(f: &Facts<'_, '_, '_>) -> Vec<String> {
    let target = f.target;
    let mut steps = Vec::new();
    let target_runtime = target
        .runtime_version
        .as_ref()
        .map_or_else(|| "the target's Runtime".to_owned(), |v| format!("Runtime {v}"));
    for agent in f.agents {
        match agent.status {
            AgentStatus::Incompatible => steps.push(format!(
                "Revert agent {}'s container image to one built on {target_runtime} or older (it runs {}).",
                agent.id, agent.runtime_version
            )),
            AgentStatus::Unknown => steps.push(format!(
                "Check agent {} (it runs Runtime {}) against the target's Runtime, which is not known: its image must be built on that Runtime or older.",
                agent.id, agent.runtime_version
            )),
            AgentStatus::Compatible => {}
        }
    }
    // [decided] Agents the scenario does not list (an import never lists them) must be
    // reverted all the same when the Runtime changes: say so in general terms.
    let unlisted = f.ctx.agents_not_listed() && f.runtime_changes;
    if unlisted {
        steps.push(format!(
            "Revert every Remote Execution agent's container image to one built on {target_runtime} or older (the agents are not listed here: check each one)."
        ));
    }
    if !steps.is_empty() {
        steps.push("Make sure every agent runs a compatible image before going on.".to_owned());
    }
    steps.push(format!("Trigger the rollback to {} (deployed {}).", target.id, target.created_at));
    if f.code_changes {
        steps.push(match f.commit {
            Some(commit) => format!("Revert the code repository to commit {commit} so that the next CI deploy does not bring the undone code back."),
            None => "Revert the code repository to the target's code so that the next CI deploy does not bring the undone code back.".to_owned(),
        });
    }
    steps
}
