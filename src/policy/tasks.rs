//! D2 and D3 (docs/rules.md §5): what happens to each task running at the rollback.

use super::Context;
use serde::{Deserialize, Serialize};

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

/// D2/D3: with a downgrade every running task fails at once (retrying if it can); without
/// one it finishes on the code it started with, unless it outlives the grace period after
/// a rollback that restarts the Deployment (a new image or Runtime), which interrupts it
/// (then it retries if it can).
/// [decided] A rollback that changes neither the image nor the Runtime (only the Dag
/// bundle or dbt bundles) restarts nothing: like a Dag-only deploy it disrupts no task.
pub(crate) fn task_outcomes(ctx: &Context<'_, '_>, downgrade: bool, restarts: bool) -> Vec<TaskOutcome> {
    let deadline = ctx.now.plus_hours(ctx.options.task_grace_period_hours);
    ctx.running_tasks
        .iter()
        .map(|task| {
            let outcome = match (downgrade, task.retries_left > 0) {
                (true, true) => TaskFate::FailsThenRetries,
                (true, false) => TaskFate::Fails,
                (false, _) => match (task.expected_end_at, deadline) {
                    (Some(end), Some(deadline)) if restarts && end > deadline => {
                        TaskFate::InterruptedAfterGracePeriod
                    }
                    _ => TaskFate::ContinuesOnCurrentCode,
                },
            };
            let retries = task.retries_left > 0
                && matches!(outcome, TaskFate::FailsThenRetries | TaskFate::InterruptedAfterGracePeriod);
            TaskOutcome { id: task.id.clone(), outcome, retries }
        })
        .collect()
}
