//! The scenario: a Deployment, its deploy history and everything else a rollback preview
//! depends on, in the contract's JSON vocabulary. Plain data; the rules live elsewhere.

use crate::agent::AgentImage;
use crate::catalog::RuntimeCatalog;
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

pub(crate) mod options;

use options::PolicyOptions;

/// Everything a rollback preview depends on. `now` is an input: the engine never reads a
/// clock.
///
/// ```
/// let scenario = deploy_rollback::Scenario::from_json(r#"{
///     "now": "2023-11-08T13:00:00Z",
///     "deployment": {"id": "dep-1", "name": "etl-prod"},
///     "history": [{"id": "d1", "createdAt": "2023-11-06T14:00:00Z", "type": "imageAndDags",
///                  "status": "deployed", "imageTag": "deploy-2023-11-06T14-00",
///                  "runtimeVersion": "9.1.0"}]
/// }"#).unwrap();
/// assert_eq!(scenario.history.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Which product's rules apply.
    #[serde(default)]
    pub profile: Profile,
    /// Policy overrides.
    #[serde(default)]
    pub options: PolicyOptions,
    /// The moment of the preview.
    pub now: Timestamp,
    /// The Deployment's settings (and, without history, its code state).
    pub deployment: Deployment,
    /// The deploy history, in any order.
    #[serde(default)]
    pub history: Vec<Deploy>,
    /// Tasks running now.
    #[serde(default)]
    pub running_tasks: Vec<RunningTask>,
    /// Who would trigger the rollback (Private Cloud checks their permissions).
    #[serde(default)]
    pub actor: Option<Actor>,
    /// Astronomer's runtime catalogue, overriding the built-in table.
    #[serde(default)]
    pub runtime_catalog: Option<RuntimeCatalog>,
}

/// The product whose rules apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Profile {
    /// Astro Hosted (the default).
    #[default]
    AstroHosted,
    /// Astro Private Cloud / Astronomer Software.
    AstroPrivateCloud,
}

/// A Deployment's live settings: what a rollback keeps as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deployment {
    /// The Deployment's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The Runtime it runs; the history's current deploy is authoritative when there is
    /// one, this is used when there is none.
    #[serde(default)]
    pub runtime_version: Option<RuntimeVersion>,
    /// The Dag deploy setting; as for `runtime_version`, the current deploy's wins.
    #[serde(default)]
    pub dag_deploy_enabled: Option<bool>,
    /// The executor (`CELERY`, `KUBERNETES`, `ASTRO`, or any value Astronomer adds: the
    /// engine only carries it).
    #[serde(default)]
    pub executor: Option<String>,
    /// The scheduler size.
    #[serde(default)]
    pub scheduler_size: Option<String>,
    /// Worker queues.
    #[serde(default)]
    pub worker_queues: Vec<WorkerQueue>,
    /// Environment variables.
    #[serde(default)]
    pub env_vars: Vec<EnvVar>,
    /// Private Cloud: how code reaches the Deployment.
    #[serde(default)]
    pub deploy_mechanism: DeployMechanism,
    /// Private Cloud: the Deployment's rollback toggle (off unless set).
    #[serde(default)]
    pub rollback_enabled: Option<bool>,
    /// Remote Execution, when configured.
    #[serde(default)]
    pub remote_execution: Option<RemoteExecution>,
}

/// A worker queue (resource configuration, kept by a rollback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct WorkerQueue {
    pub name: String,
    pub astro_machine: Option<String>,
    pub min_worker_count: Option<u32>,
    pub max_worker_count: Option<u32>,
    pub worker_concurrency: Option<u32>,
    pub pod_cpu: Option<String>,
    pub pod_memory: Option<String>,
    pub is_default: Option<bool>,
}

/// An environment variable; `value` is absent for secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct EnvVar {
    pub key: String,
    pub value: Option<String>,
    #[serde(default)]
    pub is_secret: bool,
    pub updated_at: Option<Timestamp>,
}

/// Private Cloud: how code reaches the Deployment. Rollbacks need image or Dag-only
/// deploys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
#[non_exhaustive]
pub enum DeployMechanism {
    #[default]
    Image,
    DagOnly,
    Nfs,
    GitSync,
}

/// Remote Execution: tasks run on agents in the customer's own cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RemoteExecution {
    /// Whether Remote Execution is on.
    pub enabled: bool,
    /// The agents and the images they run.
    pub agents: Vec<Agent>,
    /// The API URL the agents talk to.
    pub remote_api_url: Option<String>,
}

/// One Remote Execution agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// The agent's name.
    pub id: String,
    /// The image it runs; its tag says its Runtime.
    pub image: AgentImage,
}

/// One entry of the deploy history, holding the code state after that deploy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deploy {
    /// Unique within the history.
    pub id: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who made it.
    #[serde(default)]
    pub author: Option<String>,
    /// The deploy type.
    #[serde(rename = "type")]
    pub kind: DeployType,
    /// Whether it completed.
    pub status: DeployStatus,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The project image tag after the deploy; `null` when unknown (an imported Dag-only
    /// or bundle deploy with no image before it in the fetched pages). The key is
    /// required; an empty tag is refused (`null` says "unknown").
    #[serde(deserialize_with = "image_tag")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Nullable<String>", length(min = 1)))]
    pub image_tag: Option<String>,
    /// The Dag bundle version after the deploy (none while Dag deploys are off).
    #[serde(default)]
    pub dag_bundle_version: Option<String>,
    /// The dbt bundles after the deploy.
    #[serde(default)]
    pub dbt_bundles: Vec<DbtBundle>,
    /// The Runtime after the deploy; `null` when unknown (an imported Deploy that does not
    /// name it, and no older entry with the same image does either). The key is required.
    #[serde(deserialize_with = "nullable")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Nullable<RuntimeVersion>"))]
    pub runtime_version: Option<RuntimeVersion>,
    /// The Dag deploy setting after the deploy. [decided] On unless stated, as for new
    /// Astro Deployments.
    #[serde(default = "on")]
    pub dag_deploy_enabled: bool,
    /// The Git commit the code came from.
    #[serde(default)]
    pub git: Option<Git>,
    /// For a rollback: the entry whose code it restored.
    #[serde(default)]
    pub rollback_of: Option<String>,
    /// For a rollback: the deploy that was current before it.
    #[serde(default)]
    pub replaces: Option<String>,
}

fn on() -> bool {
    true
}

/// An image tag: text that is not empty, or `null` for unknown.
fn image_tag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let tag = Option::<String>::deserialize(deserializer)?;
    if tag.as_deref().is_some_and(str::is_empty) {
        return Err(serde::de::Error::custom(crate::error::tagged(
            crate::error::ErrorCode::InvalidValue,
            "an empty image tag; write null when the image is not known",
        )));
    }
    Ok(tag)
}

/// A required key whose value may be `null`.
fn nullable<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::deserialize(deserializer)
}

impl Deploy {
    /// Whether the two entries hold the same code state (image, Dags, dbt bundles,
    /// Runtime, Dag deploy setting).
    pub fn same_code_as(&self, other: &Deploy) -> bool {
        self.image_tag == other.image_tag
            && self.dag_bundle_version == other.dag_bundle_version
            && self.dbt_bundles == other.dbt_bundles
            && self.runtime_version == other.runtime_version
            && self.dag_deploy_enabled == other.dag_deploy_enabled
    }
}

/// The deploy types the history shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
#[non_exhaustive]
pub enum DeployType {
    ImageAndDags,
    ImageOnly,
    DagsOnly,
    Github,
    Dbt,
    Rollback,
}

impl DeployType {
    /// Whether a deploy of this type pushes a new image.
    pub fn carries_image(self) -> bool {
        matches!(self, Self::ImageAndDags | Self::ImageOnly | Self::Github)
    }

    /// Whether a deploy of this type pushes new Dags.
    pub fn carries_dags(self) -> bool {
        matches!(self, Self::ImageAndDags | Self::DagsOnly | Self::Github)
    }

    /// The label the Deploy History table uses.
    pub fn label(self) -> &'static str {
        match self {
            Self::ImageAndDags => "image and Dags",
            Self::ImageOnly => "image only",
            Self::DagsOnly => "Dags only",
            Self::Github => "GitHub",
            Self::Dbt => "dbt",
            Self::Rollback => "rollback",
        }
    }
}

/// Whether a deploy completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
#[non_exhaustive]
pub enum DeployStatus {
    Deployed,
    Failed,
    Initialized,
}

/// A dbt project bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DbtBundle {
    /// The bundle's name (its mount path, for imported ones).
    pub name: String,
    /// The bundle version.
    pub version: String,
}

/// Where a deploy's code came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct Git {
    pub provider: Option<String>,
    pub commit_sha: Option<String>,
    pub branch: Option<String>,
    pub repo: Option<String>,
    pub commit_url: Option<String>,
}

/// A task running at the moment of the rollback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunningTask {
    /// `dag_id.task_id`, or any name.
    pub id: String,
    /// When it started.
    pub started_at: Timestamp,
    /// Retries it has left.
    #[serde(default)]
    pub retries_left: u32,
    /// When it is expected to finish, if known.
    pub expected_end_at: Option<Timestamp>,
}

/// Who would trigger the rollback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The user's id or e-mail.
    pub id: String,
    /// Their roles on the Deployment or installation.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Permissions granted one by one (`deployment.images.push`, …).
    #[serde(default)]
    pub permissions: Vec<String>,
}

/// Roles that matter for rollbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
#[non_exhaustive]
pub enum Role {
    DeploymentViewer,
    DeploymentEditor,
    DeploymentAdmin,
    SystemAdmin,
}

use crate::names::contract_names;

contract_names!(Profile { AstroHosted, AstroPrivateCloud });
contract_names!(DeployMechanism { Image, DagOnly, Nfs, GitSync });
contract_names!(DeployType { ImageAndDags, ImageOnly, DagsOnly, Github, Dbt, Rollback });
contract_names!(DeployStatus { Deployed, Failed, Initialized });
contract_names!(Role { DeploymentViewer, DeploymentEditor, DeploymentAdmin, SystemAdmin });
