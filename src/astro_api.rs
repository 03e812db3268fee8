//! Import from the Astro Platform API (v1): a `Deployment` object and a page of its
//! `deploys` become a scenario. Astronomer's documents grow new fields, so unknown ones
//! are ignored here (unlike in our own format) and optional ones may be missing.

use crate::error::{ErrorCode, InputError};
use crate::json::{fields, FromJson, Read, Reader, Unknown};
use crate::model::{
    DbtBundle, Deploy, DeployStatus, DeployType, Deployment, EnvVar, Git, RemoteExecution, Scenario,
    WorkerQueue,
};
use crate::time::Timestamp;

/// The `Deployment` object, read straight into ours.
struct ApiDeployment(Deployment);

impl FromJson for ApiDeployment {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (mut id, mut runtime_version, mut astro_runtime_version) = (None, None, None);
        let mut d = Deployment::default();
        fields!(r, Unknown::Skip, {
            "id" => id = Some(r.read()?),
            "name" => d.name = r.read::<Option<String>>()?.unwrap_or_default(),
            "description" => d.description = r.read()?,
            "runtimeVersion" => runtime_version = r.read()?,
            "astroRuntimeVersion" => astro_runtime_version = r.read()?,
            "isDagDeployEnabled" => d.dag_deploy_enabled = r.read()?,
            "executor" => d.executor = r.read()?,
            "schedulerSize" => d.scheduler_size = r.read()?,
            "workerQueues" => d.worker_queues = r.array(|r| WorkerQueue::read_with(r, Unknown::Skip))?,
            "environmentVariables" => d.env_vars = r.array(|r| EnvVar::read_with(r, Unknown::Skip))?,
            "remoteExecution" => d.remote_execution = optional(r, remote_execution)?,
        });
        d.id = r.required(id, "id")?;
        d.runtime_version = astro_runtime_version.or(runtime_version);
        Ok(Self(d))
    }
}

/// `null` or what `read` reads.
fn optional<T>(r: &mut Reader<'_>, read: fn(&mut Reader<'_>) -> Read<T>) -> Read<Option<T>> {
    if r.null()? {
        return Ok(None);
    }
    read(r).map(Some)
}

fn remote_execution(r: &mut Reader<'_>) -> Read<RemoteExecution> {
    let mut x = RemoteExecution::default();
    fields!(r, Unknown::Skip, {
        "enabled" => x.enabled = r.read()?,
        "remoteApiUrl" => x.remote_api_url = r.read()?,
    });
    Ok(x)
}

/// A page of `deploys`, read straight into history entries (`replaces` still unset).
struct ApiDeploysPage(Vec<Deploy>);

impl FromJson for ApiDeploysPage {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut deploys = None;
        fields!(r, Unknown::Skip, {
            "deploys" => deploys = Some(r.array(deploy)?),
        });
        r.required(deploys, "deploys").map(Self)
    }
}

/// One deploy. Mapping: `IMAGE_AND_DAG`/`IMAGE_ONLY`/`DAG_ONLY`/`DBT` → `imageAndDags`/
/// `imageOnly`/`dagsOnly`/`dbt`, and a deploy with `rollbackFromId` → `rollback`.
fn deploy(r: &mut Reader<'_>) -> Read<Deploy> {
    let (mut id, mut created_at, mut runtime_version) = (None, None, None);
    let (mut author, mut description, mut image_tag, mut dag_deploy_enabled) = (None, None, None, None);
    let (mut dag_bundle_version, mut dbt_bundles, mut git) = (None, Vec::new(), None);
    let (mut rollback_of, mut status, mut kind) = (None, None::<String>, None::<String>);
    fields!(r, Unknown::Skip, {
        "id" => id = Some(r.read()?),
        "createdAt" => created_at = Some(r.read()?),
        "createdBySubject" => author = optional(r, subject)?.flatten(),
        "description" => description = r.read()?,
        "imageTag" => image_tag = r.read()?,
        "isDagDeployEnabled" => dag_deploy_enabled = r.read()?,
        "dagTarballVersion" => dag_bundle_version = r.read()?,
        "bundles" => dbt_bundles = r.array(bundle)?.into_iter().flatten().collect(),
        "astroRuntimeVersion" => runtime_version = Some(r.read()?),
        "git" => git = optional(r, |r| Git::read_with(r, Unknown::Skip))?,
        "rollbackFromId" => rollback_of = r.read()?,
        "status" => status = r.read()?,
        "type" => kind = r.read()?,
    });
    let kind = match (&rollback_of, kind.as_deref()) {
        (Some(_), _) => DeployType::Rollback,
        (None, Some("IMAGE_ONLY")) => DeployType::ImageOnly,
        (None, Some("DAG_ONLY")) => DeployType::DagsOnly,
        (None, Some("DBT")) => DeployType::Dbt,
        _ => DeployType::ImageAndDags,
    };
    // [decided] An unknown status is not taken for a success: such an entry is never a
    // target. A missing one reads as deployed (older records carry none).
    let status = match status.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("DEPLOYED") => DeployStatus::Deployed,
        Some("FAILED") => DeployStatus::Failed,
        Some(_) => DeployStatus::Initialized,
    };
    Ok(Deploy {
        id: r.required(id, "id")?,
        created_at: r.required(created_at, "createdAt")?,
        author,
        kind,
        status,
        description,
        image_tag: image_tag.unwrap_or_default(),
        dag_bundle_version,
        dbt_bundles,
        runtime_version: r.required(runtime_version, "astroRuntimeVersion")?,
        dag_deploy_enabled: dag_deploy_enabled.unwrap_or(true),
        git,
        rollback_of,
        replaces: None,
    })
}

/// The author: the subject's username, full name, API token name or id, in that order.
fn subject(r: &mut Reader<'_>) -> Read<Option<String>> {
    let (mut id, mut username, mut full_name, mut token): (Option<String>, _, _, _) =
        (None, None, None, None);
    fields!(r, Unknown::Skip, {
        "id" => id = r.read()?,
        "username" => username = r.read()?,
        "fullName" => full_name = r.read()?,
        "apiTokenName" => token = r.read()?,
    });
    Ok(username.or(full_name).or(token).or(id))
}

/// A bundle: a dbt bundle (named by its mount path) or nothing.
fn bundle(r: &mut Reader<'_>) -> Read<Option<DbtBundle>> {
    let (mut kind, mut current, mut desired, mut mount_path, mut deploy_id): (Option<String>, _, _, _, _) =
        (None, None, None, None, None);
    fields!(r, Unknown::Skip, {
        "bundleType" => kind = r.read()?,
        "currentVersion" => current = r.read()?,
        "desiredVersion" => desired = r.read()?,
        "mountPath" => mount_path = r.read()?,
        "deployId" => deploy_id = r.read()?,
    });
    let is_dbt = kind.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("dbt"));
    Ok(is_dbt.then(|| DbtBundle {
        name: mount_path.or(deploy_id).unwrap_or_else(|| "dbt".to_owned()),
        version: current.or(desired).unwrap_or_default(),
    }))
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
    let (ApiDeployment(deployment), ApiDeploysPage(mut history)) = (api, page);
    infer_replaces(&mut history);
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
