//! Import from the Astro Platform API (v1): a `Deployment` object and a page of its
//! `deploys` become a scenario. Astronomer's documents grow new fields, so unknown ones
//! are ignored here (unlike in our own format) and optional ones may be missing.

use crate::error::{ErrorCode, InputError};
use crate::model::{
    DbtBundle, Deploy, DeployStatus, DeployType, Deployment, EnvVar, Executor, Git, RemoteExecution,
    Scenario, SchedulerSize, WorkerQueue,
};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiDeployment {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    runtime_version: Option<RuntimeVersion>,
    #[serde(default)]
    astro_runtime_version: Option<RuntimeVersion>,
    #[serde(default)]
    is_dag_deploy_enabled: Option<bool>,
    #[serde(default)]
    executor: Option<Executor>,
    #[serde(default)]
    scheduler_size: Option<SchedulerSize>,
    #[serde(default)]
    worker_queues: Vec<ApiWorkerQueue>,
    #[serde(default)]
    environment_variables: Vec<ApiEnvVar>,
    #[serde(default)]
    remote_execution: Option<ApiRemoteExecution>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiWorkerQueue {
    name: String,
    #[serde(default)]
    astro_machine: Option<String>,
    #[serde(default)]
    min_worker_count: Option<u32>,
    #[serde(default)]
    max_worker_count: Option<u32>,
    #[serde(default)]
    worker_concurrency: Option<u32>,
    #[serde(default)]
    pod_cpu: Option<String>,
    #[serde(default)]
    pod_memory: Option<String>,
    #[serde(default)]
    is_default: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiEnvVar {
    key: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    is_secret: bool,
    #[serde(default)]
    updated_at: Option<Timestamp>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiRemoteExecution {
    #[serde(default)]
    enabled: bool,
    #[serde(default)]
    remote_api_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiDeploysPage {
    deploys: Vec<ApiDeploy>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiDeploy {
    id: String,
    created_at: Timestamp,
    #[serde(default)]
    created_by_subject: Option<ApiSubject>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    image_tag: Option<String>,
    #[serde(default)]
    is_dag_deploy_enabled: Option<bool>,
    #[serde(default)]
    dag_tarball_version: Option<String>,
    #[serde(default)]
    bundles: Vec<ApiBundle>,
    astro_runtime_version: RuntimeVersion,
    #[serde(default)]
    git: Option<ApiGit>,
    #[serde(default)]
    rollback_from_id: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiSubject {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    full_name: Option<String>,
    #[serde(default)]
    api_token_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiBundle {
    #[serde(default)]
    bundle_type: Option<String>,
    #[serde(default)]
    current_version: Option<String>,
    #[serde(default)]
    desired_version: Option<String>,
    #[serde(default)]
    mount_path: Option<String>,
    #[serde(default)]
    deploy_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiGit {
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    commit_sha: Option<String>,
    #[serde(default)]
    branch: Option<String>,
    #[serde(default)]
    repo: Option<String>,
    #[serde(default)]
    commit_url: Option<String>,
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
pub fn from_astro_api(deployment: &str, deploys_page: &str, now: &str) -> Result<Scenario, InputError> {
    let api: ApiDeployment = crate::json::from_json(deployment).map_err(|e| e.within("deployment"))?;
    let page: ApiDeploysPage = crate::json::from_json(deploys_page).map_err(|e| e.within("deploys"))?;
    let now: Timestamp = now.parse().map_err(|err: crate::time::TimestampError| {
        InputError::new(ErrorCode::InvalidTimestamp, "now", err.to_string())
    })?;
    let mut history: Vec<Deploy> = page.deploys.into_iter().map(deploy_from_api).collect();
    infer_replaces(&mut history);
    let deployment = Deployment {
        id: api.id,
        name: api.name.unwrap_or_default(),
        description: api.description,
        runtime_version: api.astro_runtime_version.or(api.runtime_version),
        dag_deploy_enabled: api.is_dag_deploy_enabled,
        executor: api.executor,
        scheduler_size: api.scheduler_size,
        worker_queues: api.worker_queues.into_iter().map(queue_from_api).collect(),
        env_vars: api
            .environment_variables
            .into_iter()
            .map(|v| EnvVar { key: v.key, value: v.value, is_secret: v.is_secret, updated_at: v.updated_at })
            .collect(),
        deploy_mechanism: Default::default(),
        rollback_enabled: None,
        remote_execution: api.remote_execution.map(|r| RemoteExecution {
            enabled: r.enabled,
            agents: Vec::new(),
            remote_api_url: r.remote_api_url,
        }),
    };
    let scenario = Scenario {
        profile: Default::default(),
        options: Default::default(),
        now,
        deployment,
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

fn deploy_from_api(d: ApiDeploy) -> Deploy {
    let kind = match (&d.rollback_from_id, d.kind.as_deref()) {
        (Some(_), _) => DeployType::Rollback,
        (None, Some("IMAGE_ONLY")) => DeployType::ImageOnly,
        (None, Some("DAG_ONLY")) => DeployType::DagsOnly,
        (None, Some("DBT")) => DeployType::Dbt,
        _ => DeployType::ImageAndDags,
    };
    // [decided] An unknown status is not taken for a success: such an entry is never a
    // target. A missing one reads as deployed (older records carry none).
    let status = match d.status.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("DEPLOYED") => DeployStatus::Deployed,
        Some("FAILED") => DeployStatus::Failed,
        Some(_) => DeployStatus::Initialized,
    };
    let author = d.created_by_subject.and_then(|s| s.username.or(s.full_name).or(s.api_token_name).or(s.id));
    let dbt_bundles = d
        .bundles
        .into_iter()
        .filter(|b| b.bundle_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("dbt")))
        .map(|b| DbtBundle {
            name: b.mount_path.or(b.deploy_id).unwrap_or_else(|| "dbt".to_owned()),
            version: b.current_version.or(b.desired_version).unwrap_or_default(),
        })
        .collect();
    Deploy {
        id: d.id,
        created_at: d.created_at,
        author,
        kind,
        status,
        description: d.description,
        image_tag: d.image_tag.unwrap_or_default(),
        dag_bundle_version: d.dag_tarball_version,
        dbt_bundles,
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

fn queue_from_api(q: ApiWorkerQueue) -> WorkerQueue {
    WorkerQueue {
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
