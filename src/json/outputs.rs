//! How every output type is written: the contract's member names, in declaration order;
//! `null` for an absent value (except the fields an event does not carry, left out);
//! Runtime versions, timestamps and agent images as their text.

use super::{ToJson, Writer};
use crate::agent::{AgentImage, AgentImageParts};
use crate::catalog::{AirflowVersion, CatalogEntry, CatalogMetadata, CatalogMigrations, RuntimeCatalog};
use crate::eligibility::{Eligibility, EntryEligibility};
use crate::error::{ErrorCode, InputError};
use crate::model::{
    Actor, Agent, DbtBundle, Deploy, DeployMechanism, DeployStatus, DeployType, Deployment, EnvVar, Executor,
    Git, PolicyOptions, Profile, RemoteExecution, Role, RunningTask, RuntimeRange, Scenario, SchedulerSize,
    WorkerQueue,
};
use crate::plan::{
    AgentCheck, AgentStatus, Disposition, Downgrade, DowngradeKind, FieldChange, FieldValue, Likelihood,
    Plan, TaskFate, TaskOutcome, Verdict, Warning, WarningCode,
};
use crate::rules::{Reason, ReasonCode};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use crate::timeline::{Event, EventKind, Outcome, Simulation, Step, Timeline};
use std::collections::BTreeMap;

/// Enums written by their contract names, the same `as_str` their input reads.
macro_rules! by_name {
    ($($enum:ty),* $(,)?) => {$(
        impl ToJson for $enum {
            fn write_json(&self, w: &mut Writer) {
                w.str(self.as_str());
            }
        }
    )*};
}

by_name!(
    Profile,
    Executor,
    SchedulerSize,
    DeployMechanism,
    DeployType,
    DeployStatus,
    Role,
    EventKind,
    WarningCode,
    Disposition,
    DowngradeKind,
    Likelihood,
    TaskFate,
    AgentStatus,
    ReasonCode,
    Outcome,
    ErrorCode,
    Verdict,
);

// Types written as their text.

impl ToJson for RuntimeVersion {
    fn write_json(&self, w: &mut Writer) {
        w.display(self);
    }
}

impl ToJson for Timestamp {
    fn write_json(&self, w: &mut Writer) {
        w.display(self);
    }
}

impl ToJson for AgentImage {
    fn write_json(&self, w: &mut Writer) {
        w.display(self); // the reference as given
    }
}

impl ToJson for AirflowVersion {
    fn write_json(&self, w: &mut Writer) {
        w.str(&self.text);
    }
}

// error.rs

impl ToJson for InputError {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("code", &self.code());
            o.field("path", self.path());
            o.field("message", self.message());
        });
    }
}

// agent.rs

impl ToJson for AgentImageParts {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("repository", &self.repository);
            o.field("runtimeVersion", &self.runtime_version);
            o.field("pythonVersion", &self.python_version);
            o.field("agentVersion", &self.agent_version);
            o.field("distro", &self.distro);
            o.field("isBase", &self.is_base);
        });
    }
}

// catalog.rs

impl ToJson for RuntimeCatalog {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("runtimeVersions", &Releases(&self.runtime_versions));
            o.field("runtimeVersionsV3", &Releases(&self.runtime_versions_v3));
        });
    }
}

/// A map keyed by Runtime version: an object whose keys are the versions' text, in the
/// map's order.
struct Releases<'a>(&'a BTreeMap<RuntimeVersion, CatalogEntry>);

impl ToJson for Releases<'_> {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            for (version, entry) in self.0 {
                o.field(&version.to_string(), entry);
            }
        });
    }
}

impl ToJson for CatalogEntry {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("metadata", &self.metadata);
            o.field("migrations", &self.migrations);
        });
    }
}

impl ToJson for CatalogMetadata {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("airflowVersion", &self.airflow_version);
            o.field("yanked", &self.yanked);
            o.field("yankedReason", &self.yanked_reason);
            o.field("releaseDate", &self.release_date);
        });
    }
}

impl ToJson for CatalogMigrations {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| o.field("airflowDatabase", &self.airflow_database));
    }
}

// eligibility.rs

impl ToJson for Eligibility {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("current", &self.current);
            o.field("entries", &self.entries);
        });
    }
}

impl ToJson for EntryEligibility {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("eligible", &self.eligible);
            o.field("isCurrent", &self.is_current);
            o.field("reasons", &self.reasons);
            o.field("windowClosesAt", &self.window_closes_at);
        });
    }
}

// model.rs

impl ToJson for Scenario {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("profile", &self.profile);
            o.field("options", &self.options);
            o.field("now", &self.now);
            o.field("deployment", &self.deployment);
            o.field("history", &self.history);
            o.field("runningTasks", &self.running_tasks);
            o.field("actor", &self.actor);
            o.field("runtimeCatalog", &self.runtime_catalog);
        });
    }
}

impl ToJson for PolicyOptions {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("retentionDays", &self.retention_days);
            o.field("privateCloudMinimumRuntime", &self.private_cloud_minimum_runtime);
            o.field("airflow2MinimumTarget", &self.airflow2_minimum_target);
            o.field("unsupportedRuntimeRange", &self.unsupported_runtime_range);
            o.field("installationRollbacksEnabled", &self.installation_rollbacks_enabled);
            o.field("taskGracePeriodHours", &self.task_grace_period_hours);
        });
    }
}

impl ToJson for RuntimeRange {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("from", &self.from);
            o.field("to", &self.to);
        });
    }
}

impl ToJson for Deployment {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("name", &self.name);
            o.field("description", &self.description);
            o.field("runtimeVersion", &self.runtime_version);
            o.field("dagDeployEnabled", &self.dag_deploy_enabled);
            o.field("executor", &self.executor);
            o.field("schedulerSize", &self.scheduler_size);
            o.field("workerQueues", &self.worker_queues);
            o.field("envVars", &self.env_vars);
            o.field("deployMechanism", &self.deploy_mechanism);
            o.field("rollbackEnabled", &self.rollback_enabled);
            o.field("remoteExecution", &self.remote_execution);
        });
    }
}

impl ToJson for WorkerQueue {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("name", &self.name);
            o.field("astroMachine", &self.astro_machine);
            o.field("minWorkerCount", &self.min_worker_count);
            o.field("maxWorkerCount", &self.max_worker_count);
            o.field("workerConcurrency", &self.worker_concurrency);
            o.field("podCpu", &self.pod_cpu);
            o.field("podMemory", &self.pod_memory);
            o.field("isDefault", &self.is_default);
        });
    }
}

impl ToJson for EnvVar {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("key", &self.key);
            o.field("value", &self.value);
            o.field("isSecret", &self.is_secret);
            o.field("updatedAt", &self.updated_at);
        });
    }
}

impl ToJson for RemoteExecution {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("enabled", &self.enabled);
            o.field("agents", &self.agents);
            o.field("remoteApiUrl", &self.remote_api_url);
        });
    }
}

impl ToJson for Agent {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("image", &self.image);
        });
    }
}

impl ToJson for Deploy {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("createdAt", &self.created_at);
            o.field("author", &self.author);
            o.field("type", &self.kind);
            o.field("status", &self.status);
            o.field("description", &self.description);
            o.field("imageTag", &self.image_tag);
            o.field("dagBundleVersion", &self.dag_bundle_version);
            o.field("dbtBundles", &self.dbt_bundles);
            o.field("runtimeVersion", &self.runtime_version);
            o.field("dagDeployEnabled", &self.dag_deploy_enabled);
            o.field("git", &self.git);
            o.field("rollbackOf", &self.rollback_of);
            o.field("replaces", &self.replaces);
        });
    }
}

impl ToJson for DbtBundle {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("name", &self.name);
            o.field("version", &self.version);
        });
    }
}

impl ToJson for Git {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("provider", &self.provider);
            o.field("commitSha", &self.commit_sha);
            o.field("branch", &self.branch);
            o.field("repo", &self.repo);
            o.field("commitUrl", &self.commit_url);
        });
    }
}

impl ToJson for RunningTask {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("startedAt", &self.started_at);
            o.field("retriesLeft", &self.retries_left);
            o.field("expectedEndAt", &self.expected_end_at);
        });
    }
}

impl ToJson for Actor {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("roles", &self.roles);
            o.field("permissions", &self.permissions);
        });
    }
}

// plan.rs

impl ToJson for Plan {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("verdict", &self.verdict);
            o.field("target", &self.target);
            o.field("current", &self.current);
            o.field("reasons", &self.reasons);
            o.field("warnings", &self.warnings);
            o.field("fields", &self.fields);
            o.field("downgrade", &self.downgrade);
            o.field("runningTasks", &self.running_tasks);
            o.field("agents", &self.agents);
            o.field("steps", &self.steps);
            o.field("newEntry", &self.new_entry);
        });
    }
}

impl ToJson for Warning {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("code", &self.code);
            o.field("message", &self.message);
        });
    }
}

impl ToJson for FieldChange {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("field", self.field);
            o.field("disposition", &self.disposition);
            o.field("current", &self.current);
            o.field("target", &self.target);
            o.field("changes", &self.changes);
        });
    }
}

/// Untagged: the variant's content alone (`Null` is `null`).
impl ToJson for FieldValue {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Self::Null => w.null(),
            Self::Text(text) => w.str(text),
            Self::Flag(flag) => w.bool(*flag),
            Self::DbtBundles(bundles) => bundles.write_json(w),
            Self::WorkerQueues(queues) => queues.write_json(w),
            Self::EnvVars(vars) => vars.write_json(w),
        }
    }
}

impl ToJson for Downgrade {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("from", &self.from);
            o.field("to", &self.to);
            o.field("kind", &self.kind);
            o.field("metadataErasure", &self.metadata_erasure);
        });
    }
}

impl ToJson for TaskOutcome {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("outcome", &self.outcome);
        });
    }
}

impl ToJson for AgentCheck {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("id", &self.id);
            o.field("runtimeVersion", &self.runtime_version);
            o.field("status", &self.status);
        });
    }
}

// rules.rs

impl ToJson for Reason {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("code", &self.code);
            o.field("message", &self.message);
        });
    }
}

// timeline.rs

impl ToJson for Timeline {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("profile", &self.profile);
            o.field("options", &self.options);
            o.field("deployment", &self.deployment);
            o.field("history", &self.history);
            o.field("runningTasks", &self.running_tasks);
            o.field("actor", &self.actor);
            o.field("runtimeCatalog", &self.runtime_catalog);
            o.field("events", &self.events);
        });
    }
}

/// Every member but `at` and `kind` is left out when `None`.
impl ToJson for Event {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("at", &self.at);
            o.field("kind", &self.kind);
            o.field_if_some("type", &self.deploy_type);
            o.field_if_some("id", &self.id);
            o.field_if_some("author", &self.author);
            o.field_if_some("description", &self.description);
            o.field_if_some("status", &self.status);
            o.field_if_some("git", &self.git);
            o.field_if_some("runtimeVersion", &self.runtime_version);
            o.field_if_some("imageTag", &self.image_tag);
            o.field_if_some("dagBundleVersion", &self.dag_bundle_version);
            o.field_if_some("dbtBundles", &self.dbt_bundles);
            o.field_if_some("dagDeployEnabled", &self.dag_deploy_enabled);
            o.field_if_some("to", &self.to);
            o.field_if_some("agentId", &self.agent_id);
            o.field_if_some("image", &self.image);
            o.field_if_some("runningTasks", &self.running_tasks);
            o.field_if_some("name", &self.name);
            o.field_if_some("executor", &self.executor);
            o.field_if_some("schedulerSize", &self.scheduler_size);
            o.field_if_some("workerQueues", &self.worker_queues);
            o.field_if_some("envVars", &self.env_vars);
            o.field_if_some("deployMechanism", &self.deploy_mechanism);
            o.field_if_some("rollbackEnabled", &self.rollback_enabled);
            o.field_if_some("remoteExecution", &self.remote_execution);
        });
    }
}

impl ToJson for Simulation {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("steps", &self.steps);
            o.field("history", &self.history);
            o.field("deployment", &self.deployment);
        });
    }
}

impl ToJson for Step {
    fn write_json(&self, w: &mut Writer) {
        w.object(|o| {
            o.field("index", &self.index);
            o.field("at", &self.at);
            o.field("kind", &self.kind);
            o.field("outcome", &self.outcome);
            o.field("reasons", &self.reasons);
            o.field("plan", &self.plan);
            o.field("entry", &self.entry);
        });
    }
}
