//! The rollback plan (docs/rules.md §4–§7): the verdict, what is restored, kept and lost,
//! the downgrade, every running task and agent, the manual steps, and the new history
//! entry. The rules it applies live in `policy`; this file puts their answers together.

use crate::error::{ErrorCode, InputError};
use crate::model::{Deploy, Scenario};
use crate::policy::agents::{agent_checks, require_agent_action, AgentCheck};
use crate::policy::downgrade::{classify, runtime_changes, Downgrade};
use crate::policy::restore::{check_description, fields, rollback_entry, stored_description};
use crate::policy::tasks::{task_outcomes, TaskOutcome};
use crate::policy::warnings::{steps, target_commit, warnings, Facts, Warning};
use crate::policy::{Context, FieldChange, Reason, Verdict};
use serde::{Deserialize, Serialize};

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

/// The id of the entry a rollback "to the previous deploy" means: the newest deployed entry
/// older than the current deploy whose code differs from the code in force (compared as
/// for `noCodeChange`), as `helm rollback` without a revision picks the release before
/// (docs/rules.md §4). `None` when nothing is deployed or no older entry holds other code.
/// The command line's `plan` takes it when `--to` is not given.
///
/// ```
/// let scenario = deploy_rollback::ffi::example_scenario().unwrap();
/// assert_eq!(deploy_rollback::previous_target(&scenario).unwrap().as_deref(), Some("d2"));
/// ```
pub fn previous_target(scenario: &Scenario) -> Result<Option<String>, InputError> {
    let history = scenario.checked_history()?;
    let ctx = scenario.context(&history);
    Ok(ctx.previous_code().map(|(_, entry)| entry.id.clone()))
}

/// The plan for rolling back to `target` (at position `pos`) in `ctx`: the answers of the
/// rules in `policy`, put together.
pub(crate) fn plan_for(
    ctx: &Context<'_, '_>,
    pos: usize,
    target: &Deploy,
    description: Option<&str>,
    author: Option<&str>,
) -> Plan {
    let description = stored_description(description);
    let current = ctx.current();
    let current_entry = current.map(|(_, d)| d);
    let mut reasons = ctx.blocking_reasons(pos, target);
    let target_runtime = target.runtime_version.as_ref();
    let (downgrade, lowers) = classify(ctx, pos, target);
    let agents = agent_checks(ctx, target_runtime);
    require_agent_action(&mut reasons, &agents, target_runtime);
    let verdict = Verdict::of(&reasons);
    let running_tasks = task_outcomes(ctx, lowers, ctx.restarts_for(pos, target));
    let commit = target_commit(ctx.history, target);
    let code_changes = !ctx.holds_code_of(pos, target);
    let new_entry = rollback_entry(ctx, verdict, target, current_entry, description, author);
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
        runtime_changes: runtime_changes(ctx, target_runtime, lowers),
    };
    Plan {
        verdict,
        target: target.id.clone(),
        current: current_entry.map(|c| c.id.clone()),
        warnings: warnings(&facts),
        fields: fields(ctx, current_entry, target, downgrade.as_ref()),
        steps: steps(&facts),
        reasons,
        downgrade,
        running_tasks,
        agents,
        new_entry,
    }
}
