//! D2, D3 and the rest of docs/rules.md §5: what happens to each task running at the
//! rollback (or at a simulated deploy), the one check of the running tasks and agents in
//! the input, the tasks living on through a timeline, and mixed code.

use super::warnings::{warning, Facts, Warning, WarningCode};
use super::Context;
use crate::error::{ErrorCode, InputError};
use crate::model::{Deploy, RemoteExecution, RunningTask};
use crate::rules::{RuleId, Severity};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

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
    /// How much it matters: `info` when the task keeps running, `warning` otherwise.
    pub severity: Severity,
    /// A short title for people ("Fails, then retries").
    pub title: Cow<'static, str>,
    /// The rule of `docs/rules.md` that decides it.
    pub rule: RuleId,
    /// A plain sentence for people; may change between versions.
    pub message: String,
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

crate::names::contract_names!(TaskFate {
    ContinuesOnCurrentCode,
    FailsThenRetries,
    Fails,
    InterruptedAfterGracePeriod,
    Unknown,
});

impl TaskFate {
    /// How much a task's fate matters: only one that keeps running is no concern.
    pub fn severity(self) -> Severity {
        match self {
            Self::ContinuesOnCurrentCode => Severity::Info,
            Self::FailsThenRetries | Self::Fails | Self::InterruptedAfterGracePeriod | Self::Unknown => {
                Severity::Warning
            }
        }
    }

    /// The rule of `docs/rules.md` that decides it.
    pub fn rule(self) -> RuleId {
        match self {
            Self::FailsThenRetries | Self::Fails => RuleId::D2,
            Self::ContinuesOnCurrentCode | Self::InterruptedAfterGracePeriod => RuleId::D3,
            Self::Unknown => RuleId::D1,
        }
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            Self::ContinuesOnCurrentCode => "Keeps running",
            Self::FailsThenRetries => "Fails, then retries",
            Self::Fails => "Fails",
            Self::InterruptedAfterGracePeriod => "Interrupted after the grace period",
            Self::Unknown => "Outcome unknown",
        }
    }

    /// The sentence for task `id`, given whether it then retries and when the grace
    /// period ends.
    fn message(self, id: &str, retries: bool, grace_period_ends_at: Option<Timestamp>) -> String {
        let then = if retries { "then retries on the target's code" } else { "with no retry left" };
        match (self, grace_period_ends_at) {
            (Self::ContinuesOnCurrentCode, _) => format!("Task {id} keeps running the code it started with."),
            (Self::FailsThenRetries | Self::Fails, _) => format!("Task {id} fails at once, {then}."),
            (Self::InterruptedAfterGracePeriod, Some(end)) => {
                format!("Task {id} is interrupted at {end} if it is still running, {then}.")
            }
            (Self::InterruptedAfterGracePeriod, None) => {
                format!("Task {id} is interrupted at the end of the grace period if it is still running, {then}.")
            }
            (Self::Unknown, _) => format!(
                "Task {id}: a Runtime is unknown, so it fails at once if the rollback is a downgrade and keeps running otherwise."
            ),
        }
    }
}

impl TaskOutcome {
    /// The outcome `outcome` of task `id`, with its words.
    pub(crate) fn new(
        id: &str,
        outcome: TaskFate,
        retries: bool,
        grace_period_ends_at: Option<Timestamp>,
    ) -> Self {
        Self {
            id: id.to_owned(),
            outcome,
            retries,
            grace_period_ends_at,
            severity: outcome.severity(),
            title: Cow::Borrowed(outcome.title()),
            rule: outcome.rule(),
            message: outcome.message(id, retries, grace_period_ends_at),
        }
    }
}

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
            TaskOutcome::new(&task.id, outcome, retries, deadline)
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

/// §5: what an ordinary deploy (`entry`, about to take position `pos`) does to the running
/// tasks: [decided] it never lowers the Runtime, and it restarts the Deployment when its
/// image or Runtime changes (a Dag-only or dbt deploy restarts nothing).
pub(crate) fn deploy_outcomes(ctx: &Context<'_, '_>, pos: usize, entry: &Deploy) -> Vec<TaskOutcome> {
    let restarts = entry.kind.carries_image() && ctx.restarts_for(pos, entry);
    task_outcomes(ctx, Lowers::No, restarts)
}

/// §5: the tasks running through a timeline, from one event to the next.
#[derive(Debug, Clone)]
pub(crate) struct LiveTasks<'t> {
    /// The tasks running now.
    pub running: Cow<'t, [RunningTask]>,
    /// One per running task: when a restart already under way interrupts it.
    pub interrupted_at: Vec<Option<Timestamp>>,
    /// The earliest instant at which a task finishes or is interrupted, so that an event
    /// before it costs nothing however many tasks run.
    due_at: Option<Timestamp>,
}

impl<'t> LiveTasks<'t> {
    /// The tasks a timeline starts with.
    pub fn new(running: &'t [RunningTask]) -> Self {
        let mut tasks =
            Self { running: Cow::Borrowed(running), interrupted_at: vec![None; running.len()], due_at: None };
        tasks.update_due();
        tasks
    }

    /// The tasks a `tasks` event states.
    pub fn replace(&mut self, running: &'t [RunningTask]) {
        self.running = Cow::Borrowed(running);
        self.interrupted_at = vec![None; running.len()];
        self.update_due();
    }

    fn update_due(&mut self) {
        let ends = self.running.iter().filter_map(|t| t.expected_end_at);
        self.due_at = ends.chain(self.interrupted_at.iter().flatten().copied()).min();
    }

    /// Time moves on to `at`: [decided] a task interrupted by a restart whose grace period
    /// has ended by then fails (it runs again from `at`, with one retry fewer, if it has
    /// one left); then a task expected to end at or before `at` has finished.
    pub fn advance(&mut self, at: Timestamp) {
        let due = |interrupt: &Option<Timestamp>| interrupt.is_some_and(|i| i <= at);
        let finished = |task: &RunningTask| task.expected_end_at.is_some_and(|end| end <= at);
        if self.due_at.is_none_or(|first| first > at) {
            return;
        }
        let mut tasks = Vec::with_capacity(self.running.len());
        let mut interrupts = Vec::with_capacity(self.running.len());
        for (i, task) in self.running.iter().enumerate() {
            let interrupt = self.interrupted_at.get(i).copied().flatten();
            let task = if due(&interrupt) {
                match rerun(task, at) {
                    Some(again) => (again, None),
                    None => continue,
                }
            } else {
                (task.clone(), interrupt)
            };
            if !finished(&task.0) {
                tasks.push(task.0);
                interrupts.push(task.1);
            }
        }
        self.running = Cow::Owned(tasks);
        self.interrupted_at = interrupts;
        self.update_due();
    }

    /// §5: what a deploy or rollback at `at` does to each running task, in the order of
    /// `outcomes` (one per task): [decided] one that fails stops running, one that fails
    /// and retries runs again from `at` on the new code, one interrupted after the grace
    /// period runs on until then (an earlier interruption stands), and one whose fate is
    /// unknown (a Runtime is unknown) runs on as it was.
    pub fn apply(&mut self, outcomes: &[TaskOutcome], at: Timestamp) {
        let mut tasks = Vec::with_capacity(self.running.len());
        let mut interrupts = Vec::with_capacity(self.running.len());
        for (i, (task, outcome)) in self.running.iter().zip(outcomes).enumerate() {
            let interrupt = self.interrupted_at.get(i).copied().flatten();
            match outcome.outcome {
                TaskFate::Fails => continue,
                TaskFate::FailsThenRetries => match rerun(task, at) {
                    Some(again) => {
                        tasks.push(again);
                        interrupts.push(None);
                    }
                    None => continue,
                },
                TaskFate::InterruptedAfterGracePeriod => {
                    tasks.push(task.clone());
                    interrupts.push(match (interrupt, outcome.grace_period_ends_at) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    });
                }
                TaskFate::ContinuesOnCurrentCode | TaskFate::Unknown => {
                    tasks.push(task.clone());
                    interrupts.push(interrupt);
                }
            }
        }
        self.running = Cow::Owned(tasks);
        self.interrupted_at = interrupts;
        self.update_due();
    }
}

/// `task` run again from `at` with one retry fewer and its expected duration kept, or
/// `None` when it has no retry left.
fn rerun(task: &RunningTask, at: Timestamp) -> Option<RunningTask> {
    let retries_left = task.retries_left.checked_sub(1)?;
    Some(RunningTask {
        id: task.id.clone(),
        started_at: at,
        retries_left,
        expected_end_at: task.expected_end_at.and_then(|end| at.plus_elapsed(task.started_at, end)),
    })
}

/// D2: with a downgrade every running task fails at once.
pub(super) fn tasks_will_fail(f: &Facts<'_, '_, '_>) -> Option<Warning> {
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
pub(super) fn mixed_code_versions(f: &Facts<'_, '_, '_>) -> Option<Warning> {
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
