//! The rules, one file per section of the rules document (`docs/rules.md`; its table
//! "Where each rule lives in the code" is the full map, checked by `tests/rules_map.rs`):
//!
//! | file | rules |
//! |---|---|
//! | `eligibility` | §3, E1–E5: which entries can be targets, and their warnings |
//! | `restore` | §4: what a rollback restores, keeps and erases (the field table), its own entry, whether it restarts anything; what each simulated deploy ships |
//! | `downgrade` | §5 D1: Runtime downgrades and metadata, and their warnings |
//! | `tasks` | §5 D2, D3 and the rest of §5: running tasks at a rollback, in the input and through a timeline; mixed code |
//! | `agents` | §6: Remote Execution agents, their reasons, warnings and steps |
//! | `warnings` | §7: the other warnings and the repository step; every warning's type and order |
//!
//! The operations (`eligibility`, `plan`, `timeline` beside this module) call these rules
//! and put their answers together. The options the rules read live below the model
//! (`model::options`). Each rule reads a [`Context`]: one moment of one Deployment.

pub(crate) mod agents;
pub(crate) mod downgrade;
mod eligibility;
pub(crate) mod restore;
pub(crate) mod tasks;
pub(crate) mod warnings;

pub use agents::{AgentCheck, AgentStatus};
pub use downgrade::{Downgrade, DowngradeKind, Likelihood};
pub use restore::{Disposition, Field, FieldChange, FieldValue};
pub use tasks::{TaskFate, TaskOutcome};
pub use warnings::{Warning, WarningCode};

use crate::catalog::{RuntimeCatalog, Runtimes};
use crate::history::History;
use crate::model::options::PolicyOptions;
use crate::model::{Actor, Deploy, Deployment, Profile, RunningTask};
use crate::rules::{RuleId, Severity};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Why a rollback (or a simulated deploy) cannot go ahead. Stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ReasonCode {
    /// E1: the entry's images and Dags are no longer kept.
    OutsideRetentionWindow,
    /// E3: the entry failed or is still in progress.
    NotDeployed,
    /// E4: rollbacks are off for the installation or the Deployment.
    RollbackDisabled,
    /// E4: NFS or git-sync Deployments cannot roll back.
    UnsupportedDeployMechanism,
    /// E4: current or target Runtime below the Private Cloud minimum.
    RuntimeBelowMinimum,
    /// E5: source or target Runtime in the range that cannot be automated.
    UnsupportedRuntimeRange,
    /// E5: an Airflow 3 → 2 rollback to a Runtime below the minimum.
    Airflow2TargetTooOld,
    /// §6: Remote Execution needs Airflow 3.
    RemoteExecutionRequiresAirflow3,
    /// E4: the actor lacks a push permission.
    PermissionDenied,
    /// §6: an agent runs a newer Runtime than the target; revert it first.
    AgentIncompatible,
    /// Simulation: a normal deploy cannot lower the Runtime.
    DeployCannotDowngrade,
    /// Simulation: a Dag-only deploy ships no image, so it cannot change the Runtime.
    DagsOnlyCannotChangeRuntime,
    /// Simulation: a Dag-only deploy while Dag deploys are off.
    DagDeploysDisabled,
    /// Simulation: a deploy names a value for a field its type does not ship.
    DeployTypeCannotChange,
}

crate::names::contract_names!(ReasonCode {
    OutsideRetentionWindow,
    NotDeployed,
    RollbackDisabled,
    UnsupportedDeployMechanism,
    RuntimeBelowMinimum,
    UnsupportedRuntimeRange,
    Airflow2TargetTooOld,
    RemoteExecutionRequiresAirflow3,
    PermissionDenied,
    AgentIncompatible,
    DeployCannotDowngrade,
    DagsOnlyCannotChangeRuntime,
    DagDeploysDisabled,
    DeployTypeCannotChange,
});

/// A reason with a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reason {
    /// The stable code.
    pub code: ReasonCode,
    /// How much it matters: `blocker`, or `actionRequired` for an agent to revert first.
    pub severity: Severity,
    /// A short title for people ("Outside the retention window").
    pub title: Cow<'static, str>,
    /// The rule of `docs/rules.md` it applies.
    pub rule: RuleId,
    /// A plain sentence for people; may change between versions.
    pub message: String,
}

impl Reason {
    pub(crate) fn new(code: ReasonCode, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            title: Cow::Borrowed(code.title()),
            rule: code.rule(),
            message: crate::sentence::sentence(message.into()),
        }
    }
}

impl ReasonCode {
    /// How much a reason of this code matters: only an agent to revert is not a blocker.
    pub fn severity(self) -> Severity {
        match self {
            Self::AgentIncompatible => Severity::ActionRequired,
            _ => Severity::Blocker,
        }
    }

    /// The rule of `docs/rules.md` that gives this reason.
    pub fn rule(self) -> RuleId {
        match self {
            Self::OutsideRetentionWindow => RuleId::E1,
            Self::NotDeployed => RuleId::E3,
            Self::RollbackDisabled
            | Self::UnsupportedDeployMechanism
            | Self::RuntimeBelowMinimum
            | Self::PermissionDenied => RuleId::E4,
            Self::UnsupportedRuntimeRange | Self::Airflow2TargetTooOld => RuleId::E5,
            Self::RemoteExecutionRequiresAirflow3 | Self::AgentIncompatible => RuleId::S6,
            Self::DeployCannotDowngrade
            | Self::DagsOnlyCannotChangeRuntime
            | Self::DagDeploysDisabled
            | Self::DeployTypeCannotChange => RuleId::S4,
        }
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            Self::OutsideRetentionWindow => "Outside the retention window",
            Self::NotDeployed => "Not a deployed entry",
            Self::RollbackDisabled => "Rollbacks are disabled",
            Self::UnsupportedDeployMechanism => "Unsupported deploy mechanism",
            Self::RuntimeBelowMinimum => "Runtime below the minimum",
            Self::UnsupportedRuntimeRange => "Runtime range that cannot roll back",
            Self::Airflow2TargetTooOld => "Airflow 2 target too old",
            Self::RemoteExecutionRequiresAirflow3 => "Remote Execution needs Airflow 3",
            Self::PermissionDenied => "Permission denied",
            Self::AgentIncompatible => "Revert an agent first",
            Self::DeployCannotDowngrade => "A deploy cannot downgrade",
            Self::DagsOnlyCannotChangeRuntime => "A Dag-only deploy cannot change the Runtime",
            Self::DagDeploysDisabled => "Dag deploys are off",
            Self::DeployTypeCannotChange => "This deploy type cannot change that field",
        }
    }
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

crate::names::contract_names!(Verdict { Allowed, ActionRequired, Blocked });

impl Verdict {
    /// The verdict `reasons` give (§3, §6): blocked by any reason but an agent to revert
    /// first, which requires action; allowed with no reason at all.
    pub(crate) fn of(reasons: &[Reason]) -> Self {
        if reasons.iter().any(|r| r.code != ReasonCode::AgentIncompatible) {
            Self::Blocked
        } else if reasons.is_empty() {
            Self::Allowed
        } else {
            Self::ActionRequired
        }
    }
}

/// What a scenario or a timeline sets for every moment: the product, the options, who
/// acts and the runtime catalogue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Setting<'s> {
    pub profile: Profile,
    pub options: &'s PolicyOptions,
    pub actor: Option<&'s Actor>,
    pub catalog: Option<&'s RuntimeCatalog>,
}

/// Everything the rules look at for one moment of one Deployment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'s, 'h> {
    pub profile: Profile,
    pub options: &'s PolicyOptions,
    pub now: Timestamp,
    pub deployment: &'s Deployment,
    pub history: &'s History<'h>,
    pub running_tasks: &'s [RunningTask],
    pub actor: Option<&'s Actor>,
    pub runtimes: Runtimes<'s>,
    /// The Dag deploy setting in force (`History::dag_deploy_setting`; a simulation sets
    /// the one its events have left in force).
    pub dag_deploy_enabled: Option<bool>,
}

impl<'s, 'h> Context<'s, 'h> {
    /// The rules' view of `deployment`, its `history` and its running tasks at `now`.
    pub fn new(
        setting: Setting<'s>,
        now: Timestamp,
        deployment: &'s Deployment,
        history: &'s History<'h>,
        running_tasks: &'s [RunningTask],
    ) -> Self {
        Self {
            profile: setting.profile,
            options: setting.options,
            now,
            deployment,
            history,
            running_tasks,
            actor: setting.actor,
            runtimes: Runtimes::new(setting.catalog),
            dag_deploy_enabled: history.dag_deploy_setting(deployment),
        }
    }

    /// The current deploy, if the history has one.
    pub fn current(&self) -> Option<(usize, &'s Deploy)> {
        self.history.current()
    }

    /// The Runtime running now: the current deploy's, else the Deployment's (which also
    /// stands in when the current deploy's is unknown); `None` when neither says.
    pub fn current_runtime(&self) -> Option<&'s RuntimeVersion> {
        self.current()
            .and_then(|(_, d)| d.runtime_version.as_ref())
            .or(self.deployment.runtime_version.as_ref())
    }

    /// §6 [decided]: Remote Execution is on but no agent is listed (what an import of the
    /// Platform API gives: it does not list agents). That is not "no agents".
    pub fn agents_not_listed(&self) -> bool {
        self.deployment.remote_execution.as_ref().is_some_and(|r| r.enabled && r.agents.is_empty())
    }

    /// E1: the instant `entry` leaves the retention window (`None`: never, the window
    /// outlasts the calendar).
    pub fn window_closes_at(&self, entry: &Deploy) -> Option<Timestamp> {
        entry.created_at.plus_days(self.options.retention_days)
    }

    /// The Airflow major version of `v`. [decided] A Runtime the table and catalogue do
    /// not know is read by its format: semver is the Airflow 2 era, dashed Airflow 3.
    pub fn airflow_major(&self, v: &RuntimeVersion) -> u64 {
        self.runtimes.airflow(v).map_or(if v.is_dashed() { 3 } else { 2 }, |line| line.major)
    }

    /// Whether rolling back from `current` to `target` crosses from Airflow 3 to 2.
    pub fn crosses_3_to_2(&self, current: &RuntimeVersion, target: &RuntimeVersion) -> bool {
        self.airflow_major(current) >= 3 && self.airflow_major(target) <= 2
    }

    pub fn is_private_cloud(&self) -> bool {
        self.profile == Profile::AstroPrivateCloud
    }
}
