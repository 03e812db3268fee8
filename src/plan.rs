//! The rollback plan (§4–§7): the verdict, what is restored, kept and lost, the
//! downgrade, every running task and agent, the manual steps, and the new history entry.

use crate::error::{ErrorCode, InputError};
use crate::history::History;
use crate::model::{
    DbtBundle, Deploy, DeployStatus, DeployType, EnvVar, Executor, Scenario, SchedulerSize, WorkerQueue,
};
use crate::policy::MAX_DESCRIPTION_CHARS;
use crate::rules::{Context, Reason, ReasonCode};
use crate::runtime::RuntimeVersion;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A preview of one rollback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The history entry the rollback would add, as the history will show it.
    pub new_entry: Deploy,
}

/// Whether a rollback can go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// It can.
    Allowed,
    /// It can once the listed actions are done (agents reverted).
    ActionRequired,
    /// It cannot.
    Blocked,
}

impl Verdict {
    /// As in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::ActionRequired => "actionRequired",
            Self::Blocked => "blocked",
        }
    }
}

/// Something to know before rolling back. Stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
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

/// One row of the field-by-field table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "RawFieldChange")]
pub struct FieldChange {
    /// The field's name, as in the scenario.
    pub field: Cow<'static, str>,
    /// What the rollback does to it.
    pub disposition: Disposition,
    /// Its value now.
    pub current: FieldValue,
    /// Its value after the rollback.
    pub target: FieldValue,
    /// Whether the rollback changes it.
    pub changes: bool,
}

/// What a rollback does to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Disposition {
    /// Taken from the target entry.
    Restored,
    /// Left as it is now.
    Kept,
    /// Lost for good.
    Erased,
}

crate::model::contract_names!(Disposition { Restored => "restored", Kept => "kept", Erased => "erased" });

/// A field's value, in its JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(missing_docs)]
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFieldChange {
    field: String,
    disposition: Disposition,
    current: FieldValue,
    target: FieldValue,
    changes: bool,
}

impl From<RawFieldChange> for FieldChange {
    fn from(raw: RawFieldChange) -> Self {
        let list = |value: FieldValue| match (value, raw.field.as_str()) {
            (FieldValue::DbtBundles(list), "workerQueues") if list.is_empty() => {
                FieldValue::WorkerQueues(Vec::new())
            }
            (FieldValue::DbtBundles(list), "envVars") if list.is_empty() => FieldValue::EnvVars(Vec::new()),
            (value, _) => value,
        };
        Self {
            disposition: raw.disposition,
            current: list(raw.current),
            target: list(raw.target),
            changes: raw.changes,
            field: Cow::Owned(raw.field),
        }
    }
}

impl From<Option<String>> for FieldValue {
    fn from(value: Option<String>) -> Self {
        value.map_or(Self::Null, Self::Text)
    }
}

/// A Runtime downgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Downgrade {
    /// The Runtime now.
    pub from: RuntimeVersion,
    /// The target's Runtime.
    pub to: RuntimeVersion,
    /// How far down it goes.
    pub kind: DowngradeKind,
    /// How likely metadata is erased.
    pub metadata_erasure: Likelihood,
}

/// How far down a downgrade goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DowngradeKind {
    /// Within one Airflow major.minor.
    Patch,
    /// To an older Airflow minor.
    AirflowMinor,
    /// From Airflow 3 to Airflow 2.
    AirflowMajor,
}

crate::model::contract_names!(DowngradeKind { Patch => "patch", AirflowMinor => "airflowMinor", AirflowMajor => "airflowMajor" });

/// How likely metadata-database data is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Likelihood {
    /// No migration is known between the two versions.
    Possible,
    /// A database migration or a change of Airflow version lies between them.
    Likely,
}

crate::model::contract_names!(Likelihood { Possible => "possible", Likely => "likely" });

/// What happens to one running task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskOutcome {
    /// The task.
    pub id: String,
    /// Its fate.
    pub outcome: TaskFate,
}

/// The fate of a running task (§5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TaskFate {
    /// No downgrade: it finishes on the code it started with.
    ContinuesOnCurrentCode,
    /// Downgrade: it fails at once, then retries on the target's code.
    FailsThenRetries,
    /// Downgrade: it fails at once, with no retry left.
    Fails,
    /// No downgrade, but it would still run after the grace period: it is interrupted.
    InterruptedAfterGracePeriod,
}

crate::model::contract_names!(TaskFate {
    ContinuesOnCurrentCode => "continuesOnCurrentCode",
    FailsThenRetries => "failsThenRetries",
    Fails => "fails",
    InterruptedAfterGracePeriod => "interruptedAfterGracePeriod",
});

/// One Remote Execution agent against the target Runtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentCheck {
    /// The agent.
    pub id: String,
    /// The Runtime its image is built on.
    pub runtime_version: RuntimeVersion,
    /// Whether it can work with the target.
    pub status: AgentStatus,
}

/// Whether an agent can work with a Deployment's Runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AgentStatus {
    /// Same Runtime, or older.
    Compatible,
    /// Newer than the Deployment's: revert it first.
    Incompatible,
}

crate::model::contract_names!(AgentStatus { Compatible => "compatible", Incompatible => "incompatible" });

/// Previews a rollback of `scenario`'s Deployment to the history entry `target`.
///
/// Errors are for malformed input only (an unknown target, an empty history, a
/// description over 500 characters); a rollback that cannot go ahead is a plan whose
/// verdict says so.
///
/// ```
/// use deploy_rollback::{example_scenario, plan, Verdict};
/// let scenario = example_scenario().unwrap();
/// let plan = plan(&scenario, "d2", Some("Roll back to the deploy of 6 November")).unwrap();
/// assert_eq!(plan.verdict, Verdict::Allowed);
/// assert_eq!(plan.new_entry.created_at.to_string(), "2023-11-08T13:00:00Z");
/// assert_eq!(plan.new_entry.image_tag, "deploy-2023-11-06T14-00");
/// ```
pub fn plan(scenario: &Scenario, target: &str, description: Option<&str>) -> Result<Plan, InputError> {
    if scenario.history.is_empty() {
        return Err(InputError::new(ErrorCode::EmptyHistory, "history", "there is nothing to roll back to"));
    }
    check_description(description, "description")?;
    let history = History::new(&scenario.history, Some(scenario.now), "history")?;
    let (pos, entry) = history.find(target).ok_or_else(|| {
        InputError::new(ErrorCode::UnknownDeploy, "target", format!("no history entry has the id `{target}`"))
    })?;
    let ctx = scenario.context(&history);
    let author = scenario.actor.as_ref().map(|a| a.id.as_str());
    Ok(plan_for(&ctx, pos, entry, description, author))
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
    let current = ctx.current();
    let current_entry = current.map(|(_, d)| d);
    let mut reasons = ctx.blocking_reasons(pos, target);
    let downgrade = ctx.current_runtime().and_then(|from| downgrade(ctx, from, &target.runtime_version));
    let agents = agent_checks(ctx, &target.runtime_version);
    for agent in agents.iter().filter(|a| a.status == AgentStatus::Incompatible) {
        reasons.push(Reason::new(
            ReasonCode::AgentIncompatible,
            format!(
                "agent {} runs Runtime {}, newer than the target's {}: revert its image first",
                agent.id, agent.runtime_version, target.runtime_version
            ),
        ));
    }
    let verdict = if reasons.iter().any(|r| r.code != ReasonCode::AgentIncompatible) {
        Verdict::Blocked
    } else if reasons.is_empty() {
        Verdict::Allowed
    } else {
        Verdict::ActionRequired
    };
    let running_tasks = task_outcomes(ctx, downgrade.is_some());
    let commit = target_commit(target);
    let code_changes = current_entry.is_none_or(|c| !c.same_code_as(target));
    let new_entry = Deploy {
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
    };
    let facts = Facts {
        ctx,
        pos,
        target,
        current,
        downgrade: downgrade.as_ref(),
        tasks: &running_tasks,
        agents: &agents,
        description,
        commit: commit.as_deref(),
        code_changes,
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

/// What the warnings and steps are drawn from.
struct Facts<'a, 's, 'h> {
    ctx: &'a Context<'s, 'h>,
    pos: usize,
    target: &'a Deploy,
    current: Option<(usize, &'a Deploy)>,
    downgrade: Option<&'a Downgrade>,
    tasks: &'a [TaskOutcome],
    agents: &'a [AgentCheck],
    description: Option<&'a str>,
    commit: Option<&'a str>,
    code_changes: bool,
}

/// D1: a downgrade when the target's Runtime is older than the current one; classified
/// by Airflow line. [decided] Versions whose Airflow line is unknown are classified by
/// format and Runtime major (each semver major is one Airflow minor).
fn downgrade(ctx: &Context<'_, '_>, from: &RuntimeVersion, to: &RuntimeVersion) -> Option<Downgrade> {
    if to >= from {
        return None;
    }
    let kind = match (ctx.runtimes.airflow(from), ctx.runtimes.airflow(to)) {
        (Some(a), Some(b)) if a.major != b.major => DowngradeKind::AirflowMajor,
        (Some(a), Some(b)) if a.minor != b.minor => DowngradeKind::AirflowMinor,
        (Some(_), Some(_)) => DowngradeKind::Patch,
        _ if from.is_dashed() != to.is_dashed() => DowngradeKind::AirflowMajor,
        _ if from.major() != to.major() => DowngradeKind::AirflowMinor,
        _ => DowngradeKind::Patch,
    };
    let migration = ctx.runtimes.crosses_migration(from, to).unwrap_or(false);
    let metadata_erasure =
        if kind != DowngradeKind::Patch || migration { Likelihood::Likely } else { Likelihood::Possible };
    Some(Downgrade { from: from.clone(), to: to.clone(), kind, metadata_erasure })
}

/// §6: an agent newer than the target is incompatible; equal is the intended state;
/// [decided] older is compatible (the CLI accepts it), with a warning.
fn agent_checks(ctx: &Context<'_, '_>, target: &RuntimeVersion) -> Vec<AgentCheck> {
    let Some(remote) = ctx.deployment.remote_execution.as_ref().filter(|r| r.enabled) else {
        return Vec::new();
    };
    remote
        .agents
        .iter()
        .map(|agent| {
            let runtime = agent.image.runtime_version().clone();
            let status = if runtime.cmp_line_aware(target) == Ordering::Greater {
                AgentStatus::Incompatible
            } else {
                AgentStatus::Compatible
            };
            AgentCheck { id: agent.id.clone(), runtime_version: runtime, status }
        })
        .collect()
}

/// D2/D3: with a downgrade every running task fails at once (retrying if it can); without
/// one it finishes on its code, unless it outlives the grace period.
fn task_outcomes(ctx: &Context<'_, '_>, downgrade: bool) -> Vec<TaskOutcome> {
    let deadline = ctx.now.plus_hours(ctx.options.task_grace_period_hours);
    ctx.running_tasks
        .iter()
        .map(|task| {
            let outcome = match (downgrade, task.retries_left > 0) {
                (true, true) => TaskFate::FailsThenRetries,
                (true, false) => TaskFate::Fails,
                (false, _) => match (task.expected_end_at, deadline) {
                    (Some(end), Some(deadline)) if end > deadline => TaskFate::InterruptedAfterGracePeriod,
                    _ => TaskFate::ContinuesOnCurrentCode,
                },
            };
            TaskOutcome { id: task.id.clone(), outcome }
        })
        .collect()
}

/// The commit to point the repository at: the target's Git record, else [decided] a word
/// of its description of 7 to 40 hexadecimal characters with at least one digit and one
/// letter (so that neither a date nor an English word passes for a commit).
fn target_commit(target: &Deploy) -> Option<String> {
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

fn warnings(f: &Facts<'_, '_, '_>) -> Vec<Warning> {
    let mut out = Vec::new();
    let target = f.target;
    if !f.code_changes {
        out.push(warning(
            WarningCode::NoCodeChange,
            "the target holds the code that runs now: the rollback re-deploys the same code",
        ));
    }
    if let Some(d) = f.downgrade {
        let line = |v: &RuntimeVersion| {
            f.ctx.runtimes.airflow(v).map(|l| format!(" (Airflow {l})")).unwrap_or_default()
        };
        let kind = match d.kind {
            DowngradeKind::Patch => "a patch downgrade",
            DowngradeKind::AirflowMinor => "a downgrade to an older Airflow minor version",
            DowngradeKind::AirflowMajor => "a downgrade from Airflow 3 to Airflow 2",
        };
        out.push(warning(
            WarningCode::RuntimeDowngrade,
            format!(
                "the Runtime goes down from {}{} to {}{}: {kind}",
                d.from,
                line(&d.from),
                d.to,
                line(&d.to)
            ),
        ));
        let why = match (d.metadata_erasure, d.kind) {
            (Likelihood::Possible, _) => "possible: no database migration is known between the two versions",
            (Likelihood::Likely, DowngradeKind::Patch) => {
                "likely: a metadata-database migration lies between the two versions"
            }
            (Likelihood::Likely, _) => "likely: the Airflow version changes",
        };
        out.push(warning(
            WarningCode::MetadataErasure,
            format!(
                "metadata of features that Runtime {} lacks is erased and cannot be recovered; {why}",
                d.to
            ),
        ));
    }
    if let Some(current) = f.ctx.current_runtime() {
        if f.ctx.crosses_3_to_2(current, &target.runtime_version) {
            out.push(warning(
                WarningCode::Airflow3To2,
                "Airflow 3 Dags do not run on Airflow 2: make sure the restored Dag code is Airflow 2 code; a cross-major rollback takes longer (database schema migration)",
            ));
        }
    }
    if f.downgrade.is_some() && !f.tasks.is_empty() {
        let zombies = f.ctx.current_runtime().is_some_and(|v| f.ctx.airflow_major(v) >= 3);
        let retrying = f.tasks.iter().filter(|t| t.outcome == TaskFate::FailsThenRetries).count();
        let mut message = format!(
            "{} running task(s) fail at once; {retrying} with retries left retry on the target's code",
            f.tasks.len()
        );
        if zombies {
            message.push_str("; on Airflow 3 workers may also lose their heartbeat while the API server restarts (zombie tasks)");
        }
        out.push(warning(WarningCode::TasksWillFail, message));
    }
    // D3: a task interrupted after the grace period also runs on the newest code until then.
    let continuing = f
        .tasks
        .iter()
        .filter(|t| {
            matches!(t.outcome, TaskFate::ContinuesOnCurrentCode | TaskFate::InterruptedAfterGracePeriod)
        })
        .count();
    if f.code_changes && continuing > 0 {
        out.push(warning(
            WarningCode::MixedCodeVersions,
            format!("{continuing} running task(s) keep running on the newest code while tasks started after the rollback run the target's: upstream and downstream tasks of one Dag run may run different code"),
        ));
    }
    if let Some((current_pos, _)) = f.current.filter(|(c, _)| *c > f.pos) {
        let between = f.ctx.history.deployed_between(f.pos, current_pos);
        if between > 0 {
            out.push(warning(
                WarningCode::IntermediateDeploys,
                format!("this undoes {} deploys (the current one and {between} before it): rollbacks are disruptive, the more so across several deploys", between + 1),
            ));
        }
    }
    if let Some((_, current)) = f.current {
        if current.dag_deploy_enabled != target.dag_deploy_enabled {
            let message = if target.dag_deploy_enabled {
                "Dag deploys are turned back on: Dags will come from the Dag bundle instead of the image"
            } else {
                "Dag deploys are turned off: Dags will come from the image instead of a Dag bundle"
            };
            out.push(warning(WarningCode::DagDeploySettingChanges, message));
        }
    }
    if let Some(reason) = f.ctx.runtimes.yanked(&target.runtime_version) {
        let reason = if reason.is_empty() { String::new() } else { format!(" ({reason})") };
        out.push(warning(
            WarningCode::YankedRuntime,
            format!(
                "Runtime {} is yanked{reason}: Astronomer advises against running it",
                target.runtime_version
            ),
        ));
    }
    if f.code_changes {
        let pointer = match f.commit {
            Some(commit) => format!("revert it to commit {commit}"),
            None => "revert it to the target's commit (the entry records none)".to_owned(),
        };
        out.push(warning(
            WarningCode::RevertRepository,
            format!("the code repository is not rolled back: the next CI deploy from its head brings the undone code back; {pointer}"),
        ));
    }
    if f.description.is_none_or(|d| d.trim().is_empty()) {
        out.push(warning(
            WarningCode::MissingDescription,
            "no rollback description: say why, so the history explains itself",
        ));
    }
    for agent in f
        .agents
        .iter()
        .filter(|a| a.runtime_version.cmp_line_aware(&target.runtime_version) == Ordering::Less)
    {
        out.push(warning(
            WarningCode::AgentOlderThanDeployment,
            format!(
                "agent {} runs Runtime {}, older than the target's {}: accepted, but consider updating it",
                agent.id, agent.runtime_version, target.runtime_version
            ),
        ));
    }
    out
}

/// §4: restored from the target, kept as they are, erased on a downgrade.
fn fields(
    ctx: &Context<'_, '_>,
    current: Option<&Deploy>,
    target: &Deploy,
    downgrade: Option<&Downgrade>,
) -> Vec<FieldChange> {
    let restored = |field: &'static str, now: FieldValue, then: FieldValue| FieldChange {
        field: Cow::Borrowed(field),
        disposition: Disposition::Restored,
        changes: now != then,
        current: now,
        target: then,
    };
    let kept = |field: &'static str, now: FieldValue| FieldChange {
        field: Cow::Borrowed(field),
        disposition: Disposition::Kept,
        changes: false,
        current: now.clone(),
        target: now,
    };
    let d = ctx.deployment;
    let runtime_now = ctx.current_runtime().map(ToString::to_string);
    let dag_deploy_now = current.map(|c| c.dag_deploy_enabled).or(d.dag_deploy_enabled);
    let mut rows = vec![
        restored(
            "imageTag",
            current.map(|c| c.image_tag.clone()).into(),
            FieldValue::Text(target.image_tag.clone()),
        ),
        restored(
            "dagBundleVersion",
            current.and_then(|c| c.dag_bundle_version.clone()).into(),
            target.dag_bundle_version.clone().into(),
        ),
        restored(
            "dbtBundles",
            current.map_or(FieldValue::Null, |c| FieldValue::DbtBundles(c.dbt_bundles.clone())),
            FieldValue::DbtBundles(target.dbt_bundles.clone()),
        ),
        restored("runtimeVersion", runtime_now.into(), FieldValue::Text(target.runtime_version.to_string())),
        restored(
            "dagDeployEnabled",
            dag_deploy_now.map_or(FieldValue::Null, FieldValue::Flag),
            FieldValue::Flag(target.dag_deploy_enabled),
        ),
        kept("executor", d.executor.map(|e| executor_name(e).to_owned()).into()),
        kept("schedulerSize", d.scheduler_size.map(|s| scheduler_name(s).to_owned()).into()),
        kept("workerQueues", FieldValue::WorkerQueues(d.worker_queues.clone())),
        kept("envVars", FieldValue::EnvVars(d.env_vars.clone())),
        kept("name", FieldValue::Text(d.name.clone())),
        kept("description", d.description.clone().into()),
    ];
    if let Some(down) = downgrade {
        rows.push(FieldChange {
            field: Cow::Borrowed("metadataDatabase"),
            disposition: Disposition::Erased,
            current: FieldValue::Text(format!("metadata written by Runtime {}", down.from)),
            target: FieldValue::Text(format!("only what Runtime {} knows", down.to)),
            changes: true,
        });
    }
    rows
}

fn executor_name(e: Executor) -> &'static str {
    match e {
        Executor::Celery => "CELERY",
        Executor::Kubernetes => "KUBERNETES",
        Executor::Astro => "ASTRO",
    }
}

fn scheduler_name(s: SchedulerSize) -> &'static str {
    match s {
        SchedulerSize::Small => "SMALL",
        SchedulerSize::Medium => "MEDIUM",
        SchedulerSize::Large => "LARGE",
        SchedulerSize::ExtraLarge => "EXTRA_LARGE",
    }
}

/// §6 and §7: revert incompatible agents first, then trigger, then fix the repository.
fn steps(f: &Facts<'_, '_, '_>) -> Vec<String> {
    let target = f.target;
    let mut steps = Vec::new();
    let incompatible: Vec<&AgentCheck> =
        f.agents.iter().filter(|a| a.status == AgentStatus::Incompatible).collect();
    for agent in &incompatible {
        steps.push(format!(
            "Revert agent {}'s container image to one built on Runtime {} or older (it runs {}).",
            agent.id, target.runtime_version, agent.runtime_version
        ));
    }
    if !incompatible.is_empty() {
        steps.push("Make sure every agent runs its reverted image before going on.".to_owned());
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
