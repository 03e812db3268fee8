//! Remote Execution agents (docs/rules.md §6): a rollback never touches them, so each is
//! checked against the target's Runtime.

use super::warnings::{warning, Facts, Warning, WarningCode};
use super::{Context, Reason, ReasonCode, Verdict};
use crate::rules::{RuleId, Severity};
use crate::runtime::RuntimeVersion;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
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
    /// How much it matters: `info` when compatible, `actionRequired` otherwise.
    pub severity: Severity,
    /// A short title for people ("Revert first").
    pub title: Cow<'static, str>,
    /// The rule of `docs/rules.md` that decides it (§6).
    pub rule: RuleId,
    /// A plain sentence for people; may change between versions.
    pub message: String,
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

crate::names::contract_names!(AgentStatus { Compatible, Incompatible, Unknown });

impl AgentStatus {
    /// How much an agent's status matters.
    pub fn severity(self) -> Severity {
        match self {
            Self::Compatible => Severity::Info,
            Self::Incompatible | Self::Unknown => Severity::ActionRequired,
        }
    }

    /// The rule of `docs/rules.md` that decides it.
    pub fn rule(self) -> RuleId {
        RuleId::S6
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            Self::Compatible => "Compatible",
            Self::Incompatible => "Revert first",
            Self::Unknown => "Check by hand",
        }
    }
}

impl AgentCheck {
    /// Agent `id`, whose image is built on `runtime`, against the target's Runtime.
    fn new(id: &str, runtime: RuntimeVersion, status: AgentStatus, target: Option<&RuntimeVersion>) -> Self {
        let message = match (status, target) {
            (AgentStatus::Incompatible, Some(t)) => format!(
                "Agent {id} runs Runtime {runtime}, newer than the target's {t}: revert its image before the rollback."
            ),
            (AgentStatus::Compatible, Some(t)) => {
                format!("Agent {id} runs Runtime {runtime}, which works with the target's {t}.")
            }
            _ => format!(
                "Agent {id} runs Runtime {runtime}; the target's Runtime is unknown, so check the agent by hand."
            ),
        };
        Self {
            id: id.to_owned(),
            runtime_version: runtime,
            status,
            severity: status.severity(),
            title: Cow::Borrowed(status.title()),
            rule: status.rule(),
            message,
        }
    }
}

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
            AgentCheck::new(&agent.id, runtime, status, target)
        })
        .collect()
}

/// §6: incompatible agents need action first; [decided] a rollback that is blocked
/// anyway asks nobody to act, so they are then data only (the `agents` list).
pub(crate) fn require_agent_action(
    reasons: &mut Vec<Reason>,
    agents: &[AgentCheck],
    target_runtime: Option<&RuntimeVersion>,
) {
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
}

/// §6: the steps before the rollback: revert incompatible agents (or check them, when the
/// target's Runtime is unknown), then make sure of every agent. None when no agent needs
/// anything.
pub(crate) fn agent_steps(f: &Facts<'_, '_, '_>) -> Vec<String> {
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
    steps
}

/// §6 [decided]: an agent older than the target is accepted, with a note.
pub(super) fn agents_older_than_deployment(f: &Facts<'_, '_, '_>) -> Vec<Warning> {
    let Some(target) = f.target.runtime_version.as_ref() else { return Vec::new() };
    f.agents
        .iter()
        .filter(|a| a.runtime_version.cmp_line_aware(target) == Ordering::Less)
        .map(|agent| {
            warning(
                WarningCode::AgentOlderThanDeployment,
                format!(
                    "agent {} runs Runtime {}, older than the target's {target}: accepted, but consider updating it",
                    agent.id, agent.runtime_version
                ),
            )
        })
        .collect()
}

/// §6 [decided]: Remote Execution is on and no agent is listed: every agent must still be
/// reverted first when the Runtime changes. A blocked plan keeps the warning without the
/// advice.
pub(super) fn agents_not_listed(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    f.ctx.agents_not_listed().then(|| {
        let what = match (f.verdict, f.runtime_changes) {
            (Verdict::Blocked, _) => "",
            (_, true) => ": revert every agent to an image built on the target's Runtime before triggering the rollback",
            (_, false) => ": the Runtime does not change, but check that every agent runs a compatible image",
        };
        warning(
            WarningCode::AgentsNotListed,
            format!("Remote Execution is on but no agent is listed, so none could be checked{what}"),
        )
    })
}
