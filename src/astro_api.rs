//! Import from the Astro Platform API (v1): a `Deployment` object and pages of its
//! `deploys` become a scenario (rules.md §8). Astronomer's documents grow new fields, so
//! they are read into lenient structs of their own (unknown fields ignored, `null` the
//! same as missing, a missing or `null` list empty, an over-long string cut) and then
//! mapped to ours.
//!
//! The import's checks, in order (the first failure wins): each page's shape, the merge
//! of the pages by deploy id, their coverage from offset 0, the cross-checks (pages that
//! stop before the newest deploys, a Deployment running another image), then `now` and
//! the scenario's own rules (no deploy after `now`, rollback links to older entries).

use crate::error::{tagged, ErrorCode, InputError};
use crate::history::{order_by, time_order};
use crate::json::{from_foreign_json, strip_bom, MAX_INPUT_BYTES};
use crate::model::{
    DbtBundle, Deploy, DeployStatus, DeployType, Deployment, EnvVar, Git, RemoteExecution, Scenario,
    WorkerQueue,
};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;

/// A list that may be missing or `null`: empty then.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A required field: `null` counts as missing (`missingField` at the field's path).
fn required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    Option::<T>::deserialize(deserializer)?
        .ok_or_else(|| serde::de::Error::custom(tagged(ErrorCode::MissingField, "is required")))
}

/// `GET …/deployments/{id}`: the fields the engine uses.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiDeployment {
    #[serde(deserialize_with = "required")]
    id: String,
    name: Option<String>,
    description: Option<String>,
    runtime_version: Option<RuntimeVersion>,
    astro_runtime_version: Option<RuntimeVersion>,
    /// The image the Deployment runs, for the cross-check with the history.
    image_tag: Option<String>,
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
    #[serde(deserialize_with = "required")]
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
    #[serde(deserialize_with = "required")]
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
    #[serde(deserialize_with = "required")]
    deploys: Vec<ApiDeploy>,
    /// Missing: offset 0.
    offset: Option<u64>,
    total_count: Option<u64>,
}

/// One `Deploy`. Two copies of a deploy (pages that overlap) are the same deploy when
/// every field read here is equal.
#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ApiDeploy {
    #[serde(deserialize_with = "required")]
    id: String,
    #[serde(deserialize_with = "required")]
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
    #[serde(deserialize_with = "required")]
    status: String,
    #[serde(rename = "type", deserialize_with = "required")]
    kind: String,
}

#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ApiSubject {
    id: Option<String>,
    username: Option<String>,
    full_name: Option<String>,
    api_token_name: Option<String>,
}

#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct ApiBundle {
    bundle_type: Option<String>,
    current_version: Option<String>,
    desired_version: Option<String>,
    mount_path: Option<String>,
    deploy_id: Option<String>,
}

#[derive(Deserialize, PartialEq)]
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

impl ApiDeploy {
    /// Mapping: `IMAGE_AND_DAG`/`IMAGE_ONLY`/`DAG_ONLY` → `imageAndDags`/`imageOnly`/
    /// `dagsOnly`, `BUNDLE` (what `astro dbt deploy` creates) and `DBT` → `dbt`, in any
    /// case, and a deploy with `rollbackFromId` → `rollback`.
    fn deploy_type(&self) -> DeployType {
        if self.rollback_from_id.is_some() {
            return DeployType::Rollback;
        }
        // [decided] An unknown type reads as a full (image-and-Dags) deploy.
        match self.kind.to_ascii_uppercase().as_str() {
            "IMAGE_ONLY" => DeployType::ImageOnly,
            "DAG_ONLY" => DeployType::DagsOnly,
            "BUNDLE" | "DBT" => DeployType::Dbt,
            _ => DeployType::ImageAndDags,
        }
    }

    /// The image tag; an empty one is missing.
    fn image_tag(&self) -> Option<&str> {
        self.image_tag.as_deref().filter(|tag| !tag.is_empty())
    }

    fn into_deploy(self) -> Deploy {
        let kind = self.deploy_type();
        // [decided] An unknown status is not taken for a success: such an entry is never a
        // target.
        let status = match self.status.to_ascii_uppercase().as_str() {
            "DEPLOYED" => DeployStatus::Deployed,
            "FAILED" => DeployStatus::Failed,
            _ => DeployStatus::Initialized,
        };
        let author =
            self.created_by_subject.and_then(|s| s.username.or(s.full_name).or(s.api_token_name).or(s.id));
        Deploy {
            id: self.id,
            created_at: self.created_at,
            author,
            kind,
            status,
            description: self.description,
            image_tag: self.image_tag.filter(|tag| !tag.is_empty()),
            dag_bundle_version: self.dag_tarball_version,
            dbt_bundles: self.bundles.into_iter().filter_map(ApiBundle::dbt).collect(),
            runtime_version: self.astro_runtime_version,
            dag_deploy_enabled: self.is_dag_deploy_enabled.unwrap_or(true),
            git: self.git.map(|g| Git {
                provider: g.provider,
                commit_sha: g.commit_sha,
                branch: g.branch,
                repo: g.repo,
                commit_url: g.commit_url,
            }),
            rollback_of: self.rollback_from_id,
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

/// Where a page was read in the deploys argument.
#[derive(Debug, Clone, Copy)]
enum At {
    /// The argument is one page.
    Single,
    /// The argument is an array of pages; this is the n-th.
    Nth(usize),
    /// The argument is a bare array of deploys, read as one page.
    Bare,
}

/// Where a deploy was read: its page and its index in that page.
#[derive(Debug, Clone, Copy)]
struct Origin {
    page: At,
    index: usize,
}

impl Origin {
    /// The path of one of its fields: `deploys.deploys[3].id`, `deploys[1].deploys[0].id`,
    /// `deploys[3].id` (a bare array of deploys).
    fn path(self, field: &str) -> String {
        match self.page {
            At::Nth(page) => format!("deploys[{page}].deploys[{}].{field}", self.index),
            At::Single => format!("deploys.deploys[{}].{field}", self.index),
            At::Bare => format!("deploys[{}].{field}", self.index),
        }
    }
}

/// One page as read, with its place in the argument.
struct Page {
    at: At,
    page: ApiDeploysPage,
}

/// The deploys argument: one page, an array of pages, or [decided] a bare array of
/// deploys (what a page's `deploys` holds: an array whose first element has no `deploys`),
/// read as the page at offset 0. Each page's
/// shape is checked, including that a deploy that ships an image names it.
fn read_pages(text: &str) -> Result<Vec<Page>, InputError> {
    let text = strip_bom(text);
    let pages: Vec<Page> = if text.trim_start().starts_with('[') {
        match from_foreign_json::<Vec<ApiDeploysPage>>(text).map_err(|e| e.within("deploys")) {
            Ok(pages) => {
                pages.into_iter().enumerate().map(|(at, page)| Page { at: At::Nth(at), page }).collect()
            }
            // Its first element is no page: the array is the deploys themselves. (Told by
            // the error, so that no second reader is needed: the module stays small.)
            Err(e) if e.code() == ErrorCode::MissingField && e.path() == "deploys[0].deploys" => {
                let deploys: Vec<ApiDeploy> = from_foreign_json(text).map_err(|e| e.within("deploys"))?;
                vec![Page { at: At::Bare, page: ApiDeploysPage { deploys, offset: None, total_count: None } }]
            }
            Err(e) => return Err(e),
        }
    } else {
        vec![Page { at: At::Single, page: from_foreign_json(text).map_err(|e| e.within("deploys"))? }]
    };
    for Page { at, page } in &pages {
        for (index, deploy) in page.deploys.iter().enumerate() {
            // [decided] A deploy that ships an image (an unknown type reads as one) must
            // say which; a rollback or a Dag-only or bundle deploy may leave it out.
            if deploy.deploy_type().carries_image() && deploy.image_tag().is_none() {
                let message = format!("is required: a deploy of type `{}` ships an image", deploy.kind);
                let path = Origin { page: *at, index }.path("imageTag");
                return Err(InputError::new(ErrorCode::MissingField, path, message));
            }
        }
    }
    Ok(pages)
}

/// The pages merged: in offset order, each deploy once (pages may overlap, be fetched
/// twice, or see a deploy move on to the next page while paging). A deploy read twice
/// with different contents is refused at its second copy. Also returns each page's
/// `(offset, length)` in offset order and the largest `totalCount`.
struct Merged {
    deploys: Vec<(Origin, ApiDeploy)>,
    spans: Vec<(u64, u64)>,
    total_count: Option<u64>,
}

fn merge(pages: Vec<Page>) -> Result<Merged, InputError> {
    let offset = |i: usize| pages.get(i).map(|p| p.page.offset.unwrap_or(0));
    let order = order_by(pages.len(), &|a, b| (offset(a), a).cmp(&(offset(b), b)));
    let mut pages: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    let mut merged =
        Merged { deploys: Vec::new(), spans: Vec::with_capacity(pages.len()), total_count: None };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for Page { at, page } in order.into_iter().filter_map(|i| pages.get_mut(i).and_then(Option::take)) {
        merged.spans.push((page.offset.unwrap_or(0), page.deploys.len() as u64));
        merged.total_count = merged.total_count.max(page.total_count);
        for (index, deploy) in page.deploys.into_iter().enumerate() {
            let origin = Origin { page: at, index };
            let Some(&first) = seen.get(&deploy.id) else {
                seen.insert(deploy.id.clone(), merged.deploys.len());
                merged.deploys.push((origin, deploy));
                continue;
            };
            if let Some((first, copy)) = merged.deploys.get(first).filter(|(_, copy)| *copy != deploy) {
                let message = format!(
                    "`{}` is also the id of {}, with different contents",
                    copy.id,
                    first.path("id").strip_suffix(".id").unwrap_or_default()
                );
                return Err(InputError::new(ErrorCode::DuplicateDeployId, origin.path("id"), message));
            }
        }
    }
    Ok(merged)
}

/// Sorted by offset, the pages must start at 0 and leave no gap: otherwise the newest
/// deploys are missing and the current deploy would be wrong. Returns where they end.
fn check_coverage(spans: &[(u64, u64)]) -> Result<u64, InputError> {
    let mut next: u64 = 0;
    for &(offset, count) in spans {
        if offset > next {
            let message = format!(
                "the deploys from offset {next} to {} are missing: pages must start at offset 0 and follow on without a gap",
                offset - 1
            );
            return Err(InputError::new(ErrorCode::IncompleteHistory, "deploys", message));
        }
        next = next.max(offset.saturating_add(count));
    }
    Ok(next)
}

/// Pages listed oldest first (`createdAt` never decreasing along them and increasing at
/// least once) that stop before `totalCount` leave out the newest deploys.
fn check_oldest_first(merged: &Merged, end: u64) -> Result<(), InputError> {
    let Some(total) = merged.total_count.filter(|total| end < *total) else { return Ok(()) };
    let (mut decreasing, mut increasing) = (false, false);
    for pair in merged.deploys.windows(2) {
        if let [(_, older), (_, newer)] = pair {
            decreasing |= newer.created_at < older.created_at;
            increasing |= older.created_at < newer.created_at;
        }
    }
    if increasing && !decreasing {
        let message = format!(
            "the pages list the deploys oldest first and stop at {end} of {total}: the newest deploys are missing"
        );
        return Err(InputError::new(ErrorCode::IncompleteHistory, "deploys", message));
    }
    Ok(())
}

/// Turns the Astro Platform API's `GET …/deployments/{id}` response and one or more
/// `GET …/deployments/{id}/deploys` pages (`{deploys, limit, offset, totalCount}`, or an
/// array of them) into a scenario at `now` (RFC 3339). Error paths start with
/// `deployment` or `deploys` (`deploys[1].deploys[0].id` when the pages come as an array).
///
/// Mapping: `IMAGE_AND_DAG`/`IMAGE_ONLY`/`DAG_ONLY`/`BUNDLE` → `imageAndDags`/`imageOnly`/
/// `dagsOnly`/`dbt`, and a deploy with `rollbackFromId` → `rollback`; `DEPLOYED`/
/// `FAILED`/`INITIALIZED` → `deployed`/`failed`/`initialized` (types and statuses in any
/// case); `dagTarballVersion` → the Dag bundle version; `bundles` of type `dbt` → dbt
/// bundles; the author is the subject's username, full name, API token name or id, in
/// that order. A deploy that ships no image carries the image, Runtime and dbt bundles in
/// place before it (rules.md §8). [decided] An unknown status reads as in progress, an
/// unknown type as a full (image-and-Dags) deploy; a rollback's `replaces` is the deploy
/// current just before it.
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
    let api: ApiDeployment = from_foreign_json(deployment).map_err(|e| e.within("deployment"))?;
    let merged = merge(read_pages(deploys)?)?;
    let end = check_coverage(&merged.spans)?;
    check_oldest_first(&merged, end)?;
    let mut origins = Vec::with_capacity(merged.deploys.len());
    let mut history = Vec::with_capacity(merged.deploys.len());
    for (origin, deploy) in merged.deploys {
        origins.push(origin);
        history.push(deploy.into_deploy());
    }
    let order = time_order(&history);
    carry_over(&mut history, &order)?;
    infer_replaces(&mut history, &order);
    check_deployment_image(api.image_tag.as_deref().filter(|tag| !tag.is_empty()), &history, &order)?;
    let now: Timestamp = now.parse().map_err(|err: crate::time::TimestampError| {
        InputError::new(ErrorCode::InvalidTimestamp, "now", err.to_string())
    })?;
    // The scenario must hold up on its own: deploys after `now` or rollback links to newer
    // entries are reported where they were read. Paths name the API's fields: our
    // `rollbackOf` is its `rollbackFromId`.
    crate::history::History::new(&history, Some(now), "").map_err(|err| {
        let at = err
            .path()
            .strip_prefix('[')
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(i, field)| Some((i, field.strip_prefix('.')?)))
            .and_then(|(i, field)| Some((origins.get(i.parse::<usize>().ok()?)?, field)));
        match at {
            Some((origin, field)) => {
                let field = if field == "rollbackOf" { "rollbackFromId" } else { field };
                InputError::new(err.code(), origin.path(field), err.message())
            }
            None => InputError::new(err.code(), "deploys", err.message()),
        }
    })?;
    Ok(Scenario {
        profile: Default::default(),
        options: Default::default(),
        now,
        deployment: api.into(),
        history,
        running_tasks: Vec::new(),
        actor: None,
        runtime_catalog: None,
    })
}

/// What a deploy leaves out, it takes from the code in place before it (§8), in one pass
/// in time order, so that carried values carry on:
///
/// - [decided] A deploy that ships no image (Dag-only, bundle) and does not name one takes
///   the image in place: the image tag of the nearest older deployed entry, and that
///   entry's Runtime unless it names its own; a rollback that does not name its image
///   takes its target's image and Runtime. Else the image (and, unless given, the Runtime)
///   is unknown. An image in place that is unknown stays unknown: after a rollback to an
///   entry the pages do not hold, an older image is not the one running.
/// - [decided] A Deploy that does not name its Runtime runs the Runtime of the nearest
///   older entry with the same image tag (a Dag-only or bundle deploy reuses the image),
///   else it is unknown.
/// - [decided] dbt bundles: a bundle deploy replaces the bundles at its mount paths and
///   keeps the others in place; any other deploy that lists none keeps those in place (a
///   rollback: its target's); the bundles in place are those of the nearest older deployed
///   entry.
///
/// Carrying copies text from entry to entry; in all it may copy at most
/// [`MAX_INPUT_BYTES`], so that a hostile history cannot multiply its size.
fn carry_over(history: &mut [Deploy], order: &[usize]) -> Result<(), InputError> {
    // Positions of the entries already seen, by id; the nearest older deployed entry.
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(history.len());
    let mut in_place: Option<usize> = None;
    // By image tag, the newest entry so far with that image and a known Runtime.
    let mut runtime_by_image: HashMap<String, usize> = HashMap::new();
    let mut carried: usize = 0;
    for &i in order {
        let Some(entry) = history.get(i) else { continue };
        let target = match (&entry.kind, &entry.rollback_of) {
            (DeployType::Rollback, Some(id)) => seen.get(id).copied(),
            _ => None,
        };
        let image_from = match entry.kind {
            _ if entry.image_tag.is_some() => None,
            DeployType::Rollback => Some(target),
            _ => Some(in_place),
        };
        let bundles_from = match entry.kind {
            DeployType::Dbt => Some(in_place),
            _ if entry.dbt_bundles.is_empty() => Some(target.or(in_place)),
            _ => None,
        };
        let source = |from: Option<usize>| from.and_then(|j| history.get(j));
        let image = image_from.map(|from| {
            source(from).map_or((None, None), |s| (s.image_tag.clone(), s.runtime_version.clone()))
        });
        let bundles = bundles_from.map(|from| {
            let in_place = source(from).map_or(&[][..], |s| s.dbt_bundles.as_slice());
            if entry.kind == DeployType::Dbt {
                replace_by_name(in_place, &entry.dbt_bundles)
            } else {
                in_place.to_vec()
            }
        });
        carried += image.as_ref().and_then(|(tag, _)| tag.as_ref()).map_or(0, String::len);
        carried += bundles.iter().flatten().map(|b| b.name.len() + b.version.len()).sum::<usize>();
        if carried > MAX_INPUT_BYTES {
            let message = format!(
                "carrying images and dbt bundles over the deploys that leave them out would copy more than {MAX_INPUT_BYTES} bytes"
            );
            return Err(InputError::new(ErrorCode::InputTooLarge, "deploys", message));
        }
        let Some(entry) = history.get_mut(i) else { continue };
        if let Some((tag, runtime)) = image {
            entry.image_tag = tag;
            if entry.runtime_version.is_none() {
                entry.runtime_version = runtime;
            }
        }
        if let Some(bundles) = bundles {
            entry.dbt_bundles = bundles;
        }
        if let Some(tag) = &entry.image_tag {
            if entry.runtime_version.is_some() {
                runtime_by_image.insert(tag.clone(), i);
            } else if let Some(&known) = runtime_by_image.get(tag) {
                let runtime = history.get(known).and_then(|d| d.runtime_version.clone());
                if let Some(entry) = history.get_mut(i) {
                    entry.runtime_version = runtime;
                }
            }
        }
        let Some(entry) = history.get(i) else { continue };
        if entry.status == DeployStatus::Deployed {
            in_place = Some(i);
        }
        seen.insert(entry.id.clone(), i);
    }
    Ok(())
}

/// The bundles in place with `new` ones replacing those of the same name (mount path).
fn replace_by_name(in_place: &[DbtBundle], new: &[DbtBundle]) -> Vec<DbtBundle> {
    let names: HashMap<&str, usize> = new.iter().enumerate().map(|(i, b)| (b.name.as_str(), i)).collect();
    let mut bundles: Vec<DbtBundle> =
        in_place.iter().filter(|b| !names.contains_key(b.name.as_str())).cloned().collect();
    bundles.extend(new.iter().cloned());
    bundles
}

/// A rollback replaced the deploy that was current just before it: the newest deployed
/// entry older than it. One pass over the history in time order.
fn infer_replaces(history: &mut [Deploy], order: &[usize]) {
    let mut current: Option<String> = None;
    for &i in order {
        let Some(entry) = history.get_mut(i) else { continue };
        if entry.kind == DeployType::Rollback {
            entry.replaces.clone_from(&current);
        }
        if entry.status == DeployStatus::Deployed {
            current = Some(entry.id.clone());
        }
    }
}

/// [decided] The Deployment's own `imageTag` must be the current deploy's (its own or
/// carried), or that of a deploy still in progress after it (a deploy under way may
/// already show in the Deployment); when both are known and differ, the pages are stale
/// or miss the newest deploys.
fn check_deployment_image(
    running: Option<&str>,
    history: &[Deploy],
    order: &[usize],
) -> Result<(), InputError> {
    let Some(running) = running else { return Ok(()) };
    let current =
        order.iter().rev().filter_map(|&i| history.get(i)).position(|d| d.status == DeployStatus::Deployed);
    let Some(current_at) = current else { return Ok(()) };
    let newest_first = || order.iter().rev().filter_map(|&i| history.get(i));
    let Some(current) = newest_first().nth(current_at) else { return Ok(()) };
    let Some(tag) = current.image_tag.as_deref() else { return Ok(()) };
    let in_progress = newest_first()
        .take(current_at)
        .any(|d| d.status == DeployStatus::Initialized && d.image_tag.as_deref() == Some(running));
    if tag == running || in_progress {
        return Ok(());
    }
    let message = format!(
        "the Deployment runs image `{running}`, but the current deploy of the pages, `{}`, has image `{tag}`: the pages are stale or miss the newest deploys",
        current.id
    );
    Err(InputError::new(ErrorCode::IncompleteHistory, "deploys", message))
}
