//! Remote Execution agents (docs/rules.md §6): a rollback never touches them, so each is
//! checked against the target's Runtime.

use super::Context;
use crate::runtime::RuntimeVersion;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// One Remote Execution agent against the target Runtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum AgentStatus {
    /// Same Runtime, or older.
    Compatible,
    /// Newer than the Deployment's: revert it first.
    Incompatible,
    /// [decided] The target's Runtime is unknown: check the agent against it by hand.
    Unknown,
}

crate::model::contract_names!(AgentStatus { Compatible, Incompatible, Unknown });

/// §6: an agent newer than the target is incompatible; equal is the intended state;
/// [decided] older is compatible (the CLI accepts it), with a warning. Against an unknown
/// target Runtime every listed agent stays listed, `unknown`, to be checked by hand.
pub(crate) fn agent_checks(ctx: &Context<'_, '_>, target: Option<&RuntimeVersion>) -> Vec<AgentCheck> {
    let Some(remote) = ctx.deployment.remote_execution.as_ref().filter(|r| r.enabled) else {
        return Vec::new();
    };
    remote
        .agents
        .iter()
        .map(|agent| {
            let runtime = agent.image.runtime_version().clone();
            let status = match target.map(|t| runtime.cmp_line_aware(t)) {
                None => AgentStatus::Unknown,
                Some(Ordering::Greater) => AgentStatus::Incompatible,
                Some(_) => AgentStatus::Compatible,
            };
            AgentCheck { id: agent.id.clone(), runtime_version: runtime, status }
        })
        .collect()
}
