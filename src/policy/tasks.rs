//! D2 and D3 (docs/rules.md §5): what happens to each task running at the rollback.

use super::Context;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What happens to one running task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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
    ContinuesOnCurrentCode,
    FailsThenRetries,
    Fails,
    InterruptedAfterGracePeriod,
    Unknown,
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
