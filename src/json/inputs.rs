//! How each input type reads itself: the contract's field names, which fields are
//! required, and the defaults of the others. Unknown fields are refused in our own
//! formats and skipped in Astronomer's runtime catalogue.

use super::reader::{FromJson, Read, Reader, Unknown};
use crate::agent::AgentImage;
use crate::catalog::{AirflowVersion, CatalogEntry, CatalogMetadata, CatalogMigrations, RuntimeCatalog};
use crate::error::ErrorCode;
use crate::model::{
    Actor, Agent, DbtBundle, Deploy, DeployMechanism, DeployStatus, DeployType, Deployment, EnvVar, Executor,
    Git, PolicyOptions, Profile, RemoteExecution, Role, RunningTask, RuntimeRange, Scenario, SchedulerSize,
    WorkerQueue, MAX_RETENTION_DAYS,
};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use crate::timeline::{Event, EventKind, Timeline};
use std::collections::BTreeMap;

/// Reads an object whose fields are listed once, each with the statement that stores
/// its value: `fields!(r, Unknown::Refuse, { "id" => id = Some(r.read()?) })`.
macro_rules! fields {
    ($r:ident, $unknown:expr, { $($name:literal => $store:expr),* $(,)? }) => {
        $r.object(&[$($name),*], $unknown, &mut |$r, field| {
            match field {
                $($name => {
                    $store;
                })*
                _ => {}
            }
            Ok(())
        })?
    };
}
pub(crate) use fields;

impl FromJson for Scenario {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut now, mut deployment) = (None, None);
        let (mut profile, mut options, mut history, mut running_tasks) = Default::default();
        let (mut actor, mut runtime_catalog) = (None, None);
        fields!(r, Unknown::Refuse, {
            "profile" => profile = r.read()?,
            "options" => options = r.read()?,
            "now" => now = Some(r.read()?),
            "deployment" => deployment = Some(r.read()?),
            "history" => history = r.read()?,
            "runningTasks" => running_tasks = r.read()?,
            "actor" => actor = r.read()?,
            "runtimeCatalog" => runtime_catalog = r.read()?,
        });
        Ok(Self {
            profile,
            options,
            now: r.required(now, "now")?,
            deployment: r.required(deployment, "deployment")?,
            history,
            running_tasks,
            actor,
            runtime_catalog,
        })
    }
}

impl FromJson for Timeline {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut deployment = None;
        let (mut profile, mut options, mut history, mut running_tasks, mut events) = Default::default();
        let (mut actor, mut runtime_catalog) = (None, None);
        fields!(r, Unknown::Refuse, {
            "profile" => profile = r.read()?,
            "options" => options = r.read()?,
            "deployment" => deployment = Some(r.read()?),
            "history" => history = r.read()?,
            "runningTasks" => running_tasks = r.read()?,
            "actor" => actor = r.read()?,
            "runtimeCatalog" => runtime_catalog = r.read()?,
            "events" => events = r.read()?,
        });
        Ok(Self {
            profile,
            options,
            deployment: r.required(deployment, "deployment")?,
            history,
            running_tasks,
            actor,
            runtime_catalog,
            events,
        })
    }
}

impl FromJson for PolicyOptions {
    /// Every option is optional; absent ones keep their default (`null` lifts the
    /// unsupported range, which absence does not).
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut o = Self::default();
        fields!(r, Unknown::Refuse, {
            "retentionDays" => o.retention_days = whole(r, MAX_RETENTION_DAYS)?,
            "privateCloudMinimumRuntime" => o.private_cloud_minimum_runtime = r.read()?,
            "airflow2MinimumTarget" => o.airflow2_minimum_target = r.read()?,
            "unsupportedRuntimeRange" => o.unsupported_runtime_range = r.read()?,
            "installationRollbacksEnabled" => o.installation_rollbacks_enabled = r.read()?,
            "taskGracePeriodHours" => o.task_grace_period_hours = r.read()?,
        });
        Ok(o)
    }
}

/// A whole number from 0 to `max`.
fn whole(r: &mut Reader<'_>, max: u32) -> Read<u32> {
    let value = r.whole(u64::from(max))?;
    Ok(u32::try_from(value).unwrap_or(max))
}

impl FromJson for RuntimeRange {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut from, mut to) = (None, None);
        fields!(r, Unknown::Refuse, {
            "from" => from = Some(r.read()?),
            "to" => to = Some(r.read()?),
        });
        Ok(Self { from: r.required(from, "from")?, to: r.required(to, "to")? })
    }
}

impl FromJson for Deployment {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut id, mut name) = (None, None);
        let mut d = Self::default();
        fields!(r, Unknown::Refuse, {
            "id" => id = Some(r.read()?),
            "name" => name = Some(r.read()?),
            "description" => d.description = r.read()?,
            "runtimeVersion" => d.runtime_version = r.read()?,
            "dagDeployEnabled" => d.dag_deploy_enabled = r.read()?,
            "executor" => d.executor = r.read()?,
            "schedulerSize" => d.scheduler_size = r.read()?,
            "workerQueues" => d.worker_queues = r.read()?,
            "envVars" => d.env_vars = r.read()?,
            "deployMechanism" => d.deploy_mechanism = r.read()?,
            "rollbackEnabled" => d.rollback_enabled = r.read()?,
            "remoteExecution" => d.remote_execution = r.read()?,
        });
        d.id = r.required(id, "id")?;
        d.name = r.required(name, "name")?;
        Ok(d)
    }
}

impl WorkerQueue {
    /// Our format and the Astro API's share the fields; only `unknown` differs.
    pub(crate) fn read_with(r: &mut Reader<'_>, unknown: Unknown) -> Read<Self> {
        let mut name = None;
        let mut q = Self {
            name: String::new(),
            astro_machine: None,
            min_worker_count: None,
            max_worker_count: None,
            worker_concurrency: None,
            pod_cpu: None,
            pod_memory: None,
            is_default: None,
        };
        fields!(r, unknown, {
            "name" => name = Some(r.read()?),
            "astroMachine" => q.astro_machine = r.read()?,
            "minWorkerCount" => q.min_worker_count = r.read()?,
            "maxWorkerCount" => q.max_worker_count = r.read()?,
            "workerConcurrency" => q.worker_concurrency = r.read()?,
            "podCpu" => q.pod_cpu = r.read()?,
            "podMemory" => q.pod_memory = r.read()?,
            "isDefault" => q.is_default = r.read()?,
        });
        q.name = r.required(name, "name")?;
        Ok(q)
    }
}

impl FromJson for WorkerQueue {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        Self::read_with(r, Unknown::Refuse)
    }
}

impl EnvVar {
    /// Our format and the Astro API's share the fields; only `unknown` differs.
    pub(crate) fn read_with(r: &mut Reader<'_>, unknown: Unknown) -> Read<Self> {
        let mut key = None;
        let mut v = Self { key: String::new(), value: None, is_secret: false, updated_at: None };
        fields!(r, unknown, {
            "key" => key = Some(r.read()?),
            "value" => v.value = r.read()?,
            "isSecret" => v.is_secret = r.read()?,
            "updatedAt" => v.updated_at = r.read()?,
        });
        v.key = r.required(key, "key")?;
        Ok(v)
    }
}

impl FromJson for EnvVar {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        Self::read_with(r, Unknown::Refuse)
    }
}

impl FromJson for RemoteExecution {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut x = Self::default();
        fields!(r, Unknown::Refuse, {
            "enabled" => x.enabled = r.read()?,
            "agents" => x.agents = r.read()?,
            "remoteApiUrl" => x.remote_api_url = r.read()?,
        });
        Ok(x)
    }
}

impl FromJson for Agent {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut id, mut image) = (None, None);
        fields!(r, Unknown::Refuse, {
            "id" => id = Some(r.read()?),
            "image" => image = Some(r.read()?),
        });
        Ok(Self { id: r.required(id, "id")?, image: r.required(image, "image")? })
    }
}

impl FromJson for Deploy {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut id, mut created_at, mut kind, mut status, mut image_tag, mut runtime_version) =
            (None, None, None, None, None, None);
        let (mut author, mut description, mut dag_bundle_version, mut git) = (None, None, None, None);
        let (mut rollback_of, mut replaces, mut dbt_bundles, mut dag_deploy_enabled) =
            (None, None, Vec::new(), true);
        fields!(r, Unknown::Refuse, {
            "id" => id = Some(r.read()?),
            "createdAt" => created_at = Some(r.read()?),
            "author" => author = r.read()?,
            "type" => kind = Some(r.read()?),
            "status" => status = Some(r.read()?),
            "description" => description = r.read()?,
            "imageTag" => image_tag = Some(r.read()?),
            "dagBundleVersion" => dag_bundle_version = r.read()?,
            "dbtBundles" => dbt_bundles = r.read()?,
            "runtimeVersion" => runtime_version = Some(r.read()?),
            "dagDeployEnabled" => dag_deploy_enabled = r.read()?,
            "git" => git = r.read()?,
            "rollbackOf" => rollback_of = r.read()?,
            "replaces" => replaces = r.read()?,
        });
        Ok(Self {
            id: r.required(id, "id")?,
            created_at: r.required(created_at, "createdAt")?,
            author,
            kind: r.required(kind, "type")?,
            status: r.required(status, "status")?,
            description,
            image_tag: r.required(image_tag, "imageTag")?,
            dag_bundle_version,
            dbt_bundles,
            runtime_version: r.required(runtime_version, "runtimeVersion")?,
            dag_deploy_enabled,
            git,
            rollback_of,
            replaces,
        })
    }
}

impl FromJson for DbtBundle {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut name, mut version) = (None, None);
        fields!(r, Unknown::Refuse, {
            "name" => name = Some(r.read()?),
            "version" => version = Some(r.read()?),
        });
        Ok(Self { name: r.required(name, "name")?, version: r.required(version, "version")? })
    }
}

impl FromJson for Git {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        Self::read_with(r, Unknown::Refuse)
    }
}

impl Git {
    /// Our format and the Astro API's share the fields; only `unknown` differs.
    pub(crate) fn read_with(r: &mut Reader<'_>, unknown: Unknown) -> Read<Self> {
        let mut g = Self::default();
        fields!(r, unknown, {
            "provider" => g.provider = r.read()?,
            "commitSha" => g.commit_sha = r.read()?,
            "branch" => g.branch = r.read()?,
            "repo" => g.repo = r.read()?,
            "commitUrl" => g.commit_url = r.read()?,
        });
        Ok(g)
    }
}

impl FromJson for RunningTask {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut id, mut started_at, mut retries_left, mut expected_end_at) = (None, None, 0, None);
        fields!(r, Unknown::Refuse, {
            "id" => id = Some(r.read()?),
            "startedAt" => started_at = Some(r.read()?),
            "retriesLeft" => retries_left = r.read()?,
            "expectedEndAt" => expected_end_at = r.read()?,
        });
        Ok(Self {
            id: r.required(id, "id")?,
            started_at: r.required(started_at, "startedAt")?,
            retries_left,
            expected_end_at,
        })
    }
}

impl FromJson for Actor {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut id, mut roles, mut permissions) = (None, Vec::new(), Vec::new());
        fields!(r, Unknown::Refuse, {
            "id" => id = Some(r.read()?),
            "roles" => roles = r.read()?,
            "permissions" => permissions = r.read()?,
        });
        Ok(Self { id: r.required(id, "id")?, roles, permissions })
    }
}

impl FromJson for Event {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut at, mut kind) = (None, None);
        let mut e = Event::new(Timestamp::EPOCH, EventKind::Deploy);
        fields!(r, Unknown::Refuse, {
            "at" => at = Some(r.read()?),
            "kind" => kind = Some(r.read()?),
            "type" => e.deploy_type = r.read()?,
            "id" => e.id = r.read()?,
            "author" => e.author = r.read()?,
            "description" => e.description = r.read()?,
            "status" => e.status = r.read()?,
            "git" => e.git = r.read()?,
            "runtimeVersion" => e.runtime_version = r.read()?,
            "imageTag" => e.image_tag = r.read()?,
            "dagBundleVersion" => e.dag_bundle_version = r.read()?,
            "dbtBundles" => e.dbt_bundles = r.read()?,
            "dagDeployEnabled" => e.dag_deploy_enabled = r.read()?,
            "to" => e.to = r.read()?,
            "agentId" => e.agent_id = r.read()?,
            "image" => e.image = r.read()?,
            "runningTasks" => e.running_tasks = r.read()?,
            "name" => e.name = r.read()?,
            "executor" => e.executor = r.read()?,
            "schedulerSize" => e.scheduler_size = r.read()?,
            "workerQueues" => e.worker_queues = r.read()?,
            "envVars" => e.env_vars = r.read()?,
            "deployMechanism" => e.deploy_mechanism = r.read()?,
            "rollbackEnabled" => e.rollback_enabled = r.read()?,
            "remoteExecution" => e.remote_execution = r.read()?,
        });
        e.at = r.required(at, "at")?;
        e.kind = r.required(kind, "kind")?;
        Ok(e)
    }
}

impl FromJson for RuntimeCatalog {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut c = Self::default();
        fields!(r, Unknown::Skip, {
            "runtimeVersions" => c.runtime_versions = releases(r)?,
            "runtimeVersionsV3" => c.runtime_versions_v3 = releases(r)?,
        });
        Ok(c)
    }
}

/// A catalogue's releases, keyed by version.
fn releases(r: &mut Reader<'_>) -> Read<BTreeMap<RuntimeVersion, CatalogEntry>> {
    let mut map = BTreeMap::new();
    r.entries(|r, key| {
        let version =
            key.parse().map_err(|err| r.error(ErrorCode::InvalidRuntimeVersion, format!("{err}")))?;
        map.insert(version, r.read()?);
        Ok(())
    })?;
    Ok(map)
}

impl FromJson for CatalogEntry {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut e = Self::default();
        fields!(r, Unknown::Skip, {
            "metadata" => e.metadata = r.read()?,
            "migrations" => e.migrations = r.read()?,
        });
        Ok(e)
    }
}

impl FromJson for CatalogMetadata {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut m = Self::default();
        fields!(r, Unknown::Skip, {
            "airflowVersion" => m.airflow_version = r.read()?,
            "yanked" => m.yanked = r.read()?,
            "yankedReason" => m.yanked_reason = r.read()?,
            "releaseDate" => m.release_date = r.read()?,
        });
        Ok(m)
    }
}

impl FromJson for CatalogMigrations {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut m = Self::default();
        fields!(r, Unknown::Skip, {
            "airflowDatabase" => m.airflow_database = r.read()?,
        });
        Ok(m)
    }
}

impl FromJson for AirflowVersion {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let text = r.string()?.into_owned();
        let message = format!("`{text}` is not an Airflow version such as 2.7.3");
        AirflowVersion::new(text).ok_or_else(|| r.error(ErrorCode::InvalidValue, message))
    }
}

impl FromJson for Timestamp {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        r.parsed(ErrorCode::InvalidTimestamp)
    }
}

impl FromJson for RuntimeVersion {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        r.parsed(ErrorCode::InvalidRuntimeVersion)
    }
}

impl FromJson for AgentImage {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        r.parsed(ErrorCode::InvalidAgentImage)
    }
}

/// Enums read by their contract names (`as_str`), which their output uses too.
macro_rules! by_name {
    ($($enum:ty),* $(,)?) => {$(
        impl FromJson for $enum {
            fn read(r: &mut Reader<'_>) -> Read<Self> {
                r.one_of(&Self::ALL, Self::as_str)
            }
        }
    )*};
}

by_name!(Profile, Executor, SchedulerSize, DeployMechanism, DeployType, DeployStatus, Role, EventKind);
