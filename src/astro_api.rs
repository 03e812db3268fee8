//! Import from the Astro Platform API (v1): a `Deployment` object and pages of its
//! `deploys` become a scenario. Astronomer's documents grow new fields, so they are read
//! into lenient structs of their own (unknown fields ignored, `null` the same as missing,
//! a missing or `null` list empty) and then mapped to ours.

use crate::error::{ErrorCode, InputError};
use crate::json::from_json;
use crate::model::{
    DbtBundle, Deploy, DeployStatus, DeployType, Deployment, EnvVar, Git, RemoteExecution, Scenario,
    WorkerQueue,
};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::{Deserialize, Deserializer};

/// A list that may be missing or `null`: empty then.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// `GET …/deployments/{id}`: the fields the engine uses.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiDeployment {
    id: String,
    name: Option<String>,
    description: Option<String>,
    runtime_version: Option<RuntimeVersion>,
    astro_runtime_version: Option<RuntimeVersion>,
    is_dag_deploy_enabled: Option<bool>,
    executor: Option<String>,
    scheduler_size: Option<String>,
    #[serde(default, deserialize_with = "list")]
    worker_queues: Vec<ApiWorkerQueue>,
    #[serde(default, deserialize_with = "list")]
    environment_variables: Vec<ApiEnvVar>,
    remote_execution: Option<ApiRemoteExecution>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiWorkerQueue {
    name: String,
    astro_machine: Option<String>,
    min_worker_count: Option<u32>,
    max_worker_count: Option<u32>,
    worker_concurrency: Option<u32>,
    pod_cpu: Option<String>,
    pod_memory: Option<String>,
    is_default: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiEnvVar {
    key: String,
    value: Option<String>,
    is_secret: Option<bool>,
    updated_at: Option<Timestamp>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiRemoteExecution {
    enabled: Option<bool>,
    remote_api_url: Option<String>,
}

/// `GET …/deployments/{id}/deploys`: one page.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiDeploysPage {
    deploys: Vec<ApiDeploy>,
    offset: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiDeploy {
    id: String,
    created_at: Timestamp,
    created_by_subject: Option<ApiSubject>,
    description: Option<String>,
    image_tag: Option<String>,
    is_dag_deploy_enabled: Option<bool>,
    dag_tarball_version: Option<String>,
    #[serde(default, deserialize_with = "list")]
    bundles: Vec<ApiBundle>,
    astro_runtime_version: Option<RuntimeVersion>,
    git: Option<ApiGit>,
    rollback_from_id: Option<String>,
    status: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiSubject {
    id: Option<String>,
    username: Option<String>,
    full_name: Option<String>,
    api_token_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiBundle {
    bundle_type: Option<String>,
    current_version: Option<String>,
    desired_version: Option<String>,
    mount_path: Option<String>,
    deploy_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiGit {
    provider: Option<String>,
    commit_sha: Option<String>,
    branch: Option<String>,
    repo: Option<String>,
    commit_url: Option<String>,
}

impl From<ApiDeployment> for Deployment {
    fn from(api: ApiDeployment) -> Self {
        Self {
            id: api.id,
            name: api.name.unwrap_or_default(),
            description: api.description,
            runtime_version: api.astro_runtime_version.or(api.runtime_version),
            dag_deploy_enabled: api.is_dag_deploy_enabled,
            executor: api.executor,
            scheduler_size: api.scheduler_size,
            worker_queues: api.worker_queues.into_iter().map(WorkerQueue::from).collect(),
            env_vars: api.environment_variables.into_iter().map(EnvVar::from).collect(),
            deploy_mechanism: Default::default(),
            rollback_enabled: None,
            remote_execution: api.remote_execution.map(|r| RemoteExecution {
                enabled: r.enabled.unwrap_or(false),
                agents: Vec::new(),
                remote_api_url: r.remote_api_url,
            }),
        }
    }
}

impl From<ApiWorkerQueue> for WorkerQueue {
    fn from(q: ApiWorkerQueue) -> Self {
        Self {
            name: q.name,
            astro_machine: q.astro_machine,
            min_worker_count: q.min_worker_count,
            max_worker_count: q.max_worker_count,
            worker_concurrency: q.worker_concurrency,
            pod_cpu: q.pod_cpu,
            pod_memory: q.pod_memory,
            is_default: q.is_default,
        }
    }
}

impl From<ApiEnvVar> for EnvVar {
    fn from(v: ApiEnvVar) -> Self {
        Self { key: v.key, value: v.value, is_secret: v.is_secret.unwrap_or(false), updated_at: v.updated_at }
    }
}

impl From<ApiDeploy> for Deploy {
    /// Mapping: `IMAGE_AND_DAG`/`IMAGE_ONLY`/`DAG_ONLY` → `imageAndDags`/`imageOnly`/
    /// `dagsOnly`, `BUNDLE` (what `astro dbt deploy` creates) and `DBT` → `dbt`, and a
    /// deploy with `rollbackFromId` → `rollback`.
    fn from(d: ApiDeploy) -> Self {
        // [decided] An unknown type reads as a full (image-and-Dags) deploy.
        let kind = match (&d.rollback_from_id, d.kind.as_str()) {
            (Some(_), _) => DeployType::Rollback,
            (None, "IMAGE_ONLY") => DeployType::ImageOnly,
            (None, "DAG_ONLY") => DeployType::DagsOnly,
            (None, "BUNDLE" | "DBT") => DeployType::Dbt,
            _ => DeployType::ImageAndDags,
        };
        // [decided] An unknown status is not taken for a success: such an entry is never a
        // target.
        let status = match d.status.to_ascii_uppercase().as_str() {
            "DEPLOYED" => DeployStatus::Deployed,
            "FAILED" => DeployStatus::Failed,
            _ => DeployStatus::Initialized,
        };
        let author =
            d.created_by_subject.and_then(|s| s.username.or(s.full_name).or(s.api_token_name).or(s.id));
        Self {
            id: d.id,
            created_at: d.created_at,
            author,
            kind,
            status,
            description: d.description,
            image_tag: d.image_tag.filter(|t| !t.is_empty()),
            dag_bundle_version: d.dag_tarball_version,
            dbt_bundles: d.bundles.into_iter().filter_map(ApiBundle::dbt).collect(),
            runtime_version: d.astro_runtime_version,
            dag_deploy_enabled: d.is_dag_deploy_enabled.unwrap_or(true),
            git: d.git.map(|g| Git {
                provider: g.provider,
                commit_sha: g.commit_sha,
                branch: g.branch,
                repo: g.repo,
                commit_url: g.commit_url,
            }),
            rollback_of: d.rollback_from_id,
            replaces: None,
        }
    }
}

impl ApiBundle {
    /// A dbt bundle, named by its mount path; other bundles are not code the engine tracks.
    fn dbt(self) -> Option<DbtBundle> {
        let is_dbt = self.bundle_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("dbt"));
        is_dbt.then(|| DbtBundle {
            name: self.mount_path.or(self.deploy_id).unwrap_or_else(|| "dbt".to_owned()),
            version: self.current_version.or(self.desired_version).unwrap_or_default(),
        })
    }
}

/// The history in one or more pages, which must start at offset 0 and follow on without
/// a gap: otherwise the newest deploys are missing and the current deploy would be wrong.
/// Pages may overlap (the overlap is read once) and may stop before `totalCount` (the
/// oldest deploys, almost always outside the window, are then missing).
fn join_pages(mut pages: Vec<ApiDeploysPage>) -> Result<Vec<Deploy>, InputError> {
    pages.sort_by_key(|p| p.offset.unwrap_or(0));
    let mut history = Vec::new();
    let mut next: u64 = 0;
    for page in pages {
        let offset = page.offset.unwrap_or(0);
        if offset > next {
            let message = format!(
                "the deploys from offset {next} to {} are missing: pages must start at offset 0 and follow on without a gap",
                offset - 1
            );
            return Err(InputError::new(ErrorCode::IncompleteHistory, "deploys", message));
        }
        let seen = usize::try_from(next - offset).unwrap_or(usize::MAX);
        let count = page.deploys.len() as u64;
        history.extend(page.deploys.into_iter().skip(seen).map(Deploy::from));
        next = next.max(offset + count);
    }
    Ok(history)
}

/// Turns the Astro Platform API's `GET …/deployments/{id}` response and a
/// `GET …/deployments/{id}/deploys` page (`{deploys, limit, offset, totalCount}`) into a
/// scenario at `now` (RFC 3339). Error paths start with `deployment` or `deploys`.
///
/// Mapping: `IMAGE_AND_DAG`/`IMAGE_ONLY`/`DAG_ONLY` → `imageAndDags`/`imageOnly`/
/// `dagsOnly`, and a deploy with `rollbackFromId` → `rollback`; `DEPLOYED`/`FAILED`/
/// `INITIALIZED` → `deployed`/`failed`/`initialized`; `dagTarballVersion` → the Dag
/// bundle version; `bundles` of type `dbt` → dbt bundles; the author is the subject's
/// username, full name, API token name or id, in that order.
/// [decided] A missing status reads as deployed, an unknown one as in progress; an unknown type as a full
/// (image-and-Dags) deploy; a rollback's `replaces` is the deploy current just before it.
///
/// ```
/// let scenario = deploy_rollback::from_astro_api(
///     r#"{"id": "dep-1", "name": "etl", "runtimeVersion": "9.5.0", "someNewField": 1}"#,
///     r#"{"deploys": [{"id": "d1", "createdAt": "2023-11-06T14:00:00Z", "type": "IMAGE_AND_DAG",
///         "status": "DEPLOYED", "imageTag": "deploy-2023-11-06T14-00",
///         "astroRuntimeVersion": "9.5.0"}], "limit": 20, "offset": 0, "totalCount": 1}"#,
///     "2023-11-08T13:00:00Z",
/// ).unwrap();
/// assert_eq!(scenario.history[0].kind, deploy_rollback::DeployType::ImageAndDags);
/// ```
pub fn from_astro_api(deployment: &str, deploys: &str, now: &str) -> Result<Scenario, InputError> {
    let api: ApiDeployment = from_json(deployment).map_err(|e| e.within("deployment"))?;
    let pages = if deploys.trim_start().starts_with('[') {
        from_json(deploys)
    } else {
        from_json(deploys).map(|page| vec![page])
    };
    let mut history = join_pages(pages.map_err(|e| e.within("deploys"))?)?;
    let now: Timestamp = now.parse().map_err(|err: crate::time::TimestampError| {
        InputError::new(ErrorCode::InvalidTimestamp, "now", err.to_string())
    })?;
    infer_replaces(&mut history);
    infer_runtimes(&mut history);
    let scenario = Scenario {
        profile: Default::default(),
        options: Default::default(),
        now,
        deployment: api.into(),
        history,
        running_tasks: Vec::new(),
        actor: None,
        runtime_catalog: None,
    };
    // The scenario must hold up on its own: duplicate ids or deploys after `now` are
    // reported against the page they came from.
    // Paths name the API's fields: our `rollbackOf` is its `rollbackFromId`.
    crate::history::History::new(&scenario.history, Some(now), "deploys.deploys").map_err(|err| match err
        .path()
        .strip_suffix(".rollbackOf")
    {
        Some(entry) => InputError::new(err.code(), format!("{entry}.rollbackFromId"), err.message()),
        None => err,
    })?;
    Ok(scenario)
}

/// [decided] A Deploy that does not name its Runtime (the API does not require it) runs the
/// Runtime of the nearest older entry with the same image tag (a Dag-only or bundle deploy
/// reuses the image), else it is unknown. One pass in time order.
fn infer_runtimes(history: &mut [Deploy]) {
    let mut order: Vec<usize> = (0..history.len()).collect();
    order.sort_by_key(|&i| (history.get(i).map(|d| d.created_at), std::cmp::Reverse(i)));
    let mut by_image: std::collections::HashMap<String, RuntimeVersion> = Default::default();
    for i in order {
        let Some(entry) = history.get_mut(i) else { continue };
        let Some(tag) = &entry.image_tag else { continue };
        match &entry.runtime_version {
            Some(runtime) => {
                by_image.insert(tag.clone(), runtime.clone());
            }
            None => entry.runtime_version = by_image.get(tag).cloned(),
        }
    }
}

/// A rollback replaced the deploy that was current just before it: the newest deployed
/// entry older than it. One pass over the history in time order.
fn infer_replaces(history: &mut [Deploy]) {
    let mut order: Vec<usize> = (0..history.len()).collect();
    order.sort_by_key(|&i| (history.get(i).map(|d| d.created_at), std::cmp::Reverse(i)));
    let mut current: Option<String> = None;
    for i in order {
        let Some(entry) = history.get_mut(i) else { continue };
        if entry.kind == DeployType::Rollback {
            entry.replaces.clone_from(&current);
        }
        if entry.status == DeployStatus::Deployed {
            current = Some(entry.id.clone());
        }
    }
}
