//! Which history entries can be rollback targets, why not the others, and when each
//! leaves the retention window.

use crate::error::InputError;
use crate::history::History;
use crate::model::Scenario;
use crate::policy::tasks::{check_moment, MomentInput};
use crate::policy::{Context, Reason, Setting};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The eligibility of every history entry, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Eligibility {
    /// The current deploy's id (`null` when nothing is deployed).
    pub current: Option<String>,
    /// One per history entry, newest first.
    pub entries: Vec<EntryEligibility>,
}

/// Whether one entry can be a rollback target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryEligibility {
    /// The entry's id.
    pub id: String,
    /// Whether a rollback to it can go ahead (agents aside: they need action, not refusal).
    pub eligible: bool,
    /// Whether it is the current deploy.
    pub is_current: bool,
    /// Why not, when not.
    pub reasons: Vec<Reason>,
    /// When the entry leaves the retention window; `null` if never.
    pub window_closes_at: Option<Timestamp>,
}

/// The eligibility of every entry of `scenario`'s history, newest first. Linear in the
/// history's length.
///
/// ```
/// let scenario = deploy_rollback::ffi::example_scenario().unwrap();
/// let eligibility = deploy_rollback::eligibility(&scenario).unwrap();
/// let ids: Vec<_> = eligibility.entries.iter().map(|e| (e.id.as_str(), e.eligible)).collect();
/// assert_eq!(ids, [("d3", true), ("d2", true), ("d1", true)]);
/// ```
pub fn eligibility(scenario: &Scenario) -> Result<Eligibility, InputError> {
    let history = scenario.checked_history()?;
    let ctx = scenario.context(&history);
    Ok(listing(&ctx))
}

pub(crate) fn listing(ctx: &Context<'_, '_>) -> Eligibility {
    let current = ctx.current().map(|(pos, _)| pos);
    let last = ctx.history.len();
    let entries = ctx
        .history
        .newest_first()
        .enumerate()
        .map(|(i, entry)| {
            let pos = last - 1 - i;
            let reasons = ctx.blocking_reasons(pos, entry);
            EntryEligibility {
                id: entry.id.clone(),
                eligible: reasons.is_empty(),
                is_current: current == Some(pos),
                reasons,
                window_closes_at: ctx.window_closes_at(entry),
            }
        })
        .collect();
    Eligibility { current: ctx.current().map(|(_, d)| d.id.clone()), entries }
}

impl Scenario {
    /// The history, indexed, once the whole scenario is known to be well formed: the same
    /// checks, in the same order, for every operation on a scenario.
    pub(crate) fn checked_history(&self) -> Result<History<'_>, InputError> {
        let history = History::new(&self.history, Some(self.now), "history")?;
        check_moment(MomentInput {
            now: Some(self.now),
            running_tasks: Some((&self.running_tasks, "runningTasks")),
            remote_execution: self
                .deployment
                .remote_execution
                .as_ref()
                .map(|r| (r, "deployment.remoteExecution")),
        })?;
        Ok(history)
    }

    /// The rules' view of this scenario at its `now`, over its indexed history.
    pub(crate) fn context<'s, 'h>(&'s self, history: &'s History<'h>) -> Context<'s, 'h> {
        Context::new(self.setting(), self.now, &self.deployment, history, &self.running_tasks)
    }

    /// What the scenario sets for every moment.
    pub(crate) fn setting(&self) -> Setting<'_> {
        Setting {
            profile: self.profile,
            options: &self.options,
            actor: self.actor.as_ref(),
            catalog: self.runtime_catalog.as_ref(),
        }
    }
}
