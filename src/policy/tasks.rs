//! D2 and D3 (docs/rules.md §5): what happens to each task running at the rollback.

use super::Context;
use crate::error::{ErrorCode, InputError};
use crate::model::{RemoteExecution, RunningTask};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What happens to one running task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskOutcome {
    /// The task.
    pub id: String,
    /// Its fate.
    pub outcome: TaskFate,
    /// Whether it then runs again, on the target's code: it fails or is interrupted and has
    /// retries left.
    pub retries: bool,
    /// [decided] The instant the task, if still running, would be interrupted: the
    /// rollback's time plus the grace period; `null` when the rollback restarts nothing.
    pub grace_period_ends_at: Option<Timestamp>,
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
    /// [decided] A Runtime is unknown: it fails at once if the rollback turns out to be a
    /// downgrade, and keeps running otherwise.
    Unknown,
}

crate::model::contract_names!(TaskFate {
    ContinuesOnCurrentCode => "continuesOnCurrentCode",
    FailsThenRetries => "failsThenRetries",
    Fails => "fails",
    InterruptedAfterGracePeriod => "interruptedAfterGracePeriod",
    Unknown => "unknown",
});

/// Whether a rollback lowers the Runtime, as far as can be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lowers {
    /// It does (D2).
    Yes,
    /// It does not (D3).
    No,
    /// A Runtime is unknown.
    Unknown,
}

/// D2/D3: with a downgrade every running task fails at once (retrying if it can); without
/// one it finishes on the code it started with, unless it outlives the grace period after
/// a rollback that restarts the Deployment (a new image or Runtime, or a flip of the Dag
/// deploy setting), which interrupts it (then it retries if it can).
/// [decided] A rollback that changes neither the image, the Runtime nor the Dag deploy
/// setting (only the Dag bundle or dbt bundles) restarts nothing: like a Dag-only deploy
/// it disrupts no task. With a Runtime unknown, no task's fate is certain: `unknown`.
pub(crate) fn task_outcomes(ctx: &Context<'_, '_>, lowers: Lowers, restarts: bool) -> Vec<TaskOutcome> {
    let deadline = if restarts { ctx.now.plus_hours(ctx.options.task_grace_period_hours) } else { None };
    ctx.running_tasks
        .iter()
        .map(|task| {
            let outcome = match (lowers, task.retries_left > 0) {
                (Lowers::Unknown, _) => TaskFate::Unknown,
                (Lowers::Yes, true) => TaskFate::FailsThenRetries,
                (Lowers::Yes, false) => TaskFate::Fails,
                (Lowers::No, _) => match (task.expected_end_at, deadline) {
                    (Some(end), Some(deadline)) if end > deadline => TaskFate::InterruptedAfterGracePeriod,
                    _ => TaskFate::ContinuesOnCurrentCode,
                },
            };
            let retries = task.retries_left > 0
                && matches!(outcome, TaskFate::FailsThenRetries | TaskFate::InterruptedAfterGracePeriod);
            TaskOutcome { id: task.id.clone(), outcome, retries, grace_period_ends_at: deadline }
        })
        .collect()
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
