//! A typed builder for scenarios, for Rust programs and tests that state a Deployment's
//! history in code rather than in JSON.
//!
//! Times, Runtime versions and agent images are taken either as typed values
//! ([`Timestamp`], [`RuntimeVersion`], [`AgentImage`]) or as text, parsed where they enter.
//! Nothing panics: a bad value is remembered and [`ScenarioBuilder::build`] returns it as an
//! [`InputError`] with the code and the path the JSON reader would give
//! (`history[1].runtimeVersion`).
//!
//! ```
//! use deploy_rollback::{plan, DeployType, Scenario, Verdict, WarningCode};
//!
//! let scenario = Scenario::builder("2023-11-08T13:00:00Z")
//!     .deployment("dep-1", "etl-prod")
//!     .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
//!     .deploy("d2", "2023-11-07T16:45:00Z", |d| d.runtime("9.5.0"))
//!     .deploy("d3", "2023-11-08T09:00:00Z", |d| d.kind(DeployType::DagsOnly))
//!     .build()?;
//! // d3 changed only the Dags: it keeps d2's image and Runtime.
//! assert_eq!(scenario.history[2].image_tag.as_deref(), Some("deploy-2023-11-07T16-45"));
//! let preview = plan(&scenario, "d1", None)?;
//! assert_eq!(preview.verdict, Verdict::Allowed);
//! assert!(preview.warnings.iter().any(|w| w.code == WarningCode::RuntimeDowngrade));
//!
//! let err = Scenario::builder("2023-11-08T13:00:00Z")
//!     .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1"))
//!     .build()
//!     .unwrap_err();
//! assert_eq!((err.code().as_str(), err.path()), ("invalidRuntimeVersion", "history[0].runtimeVersion"));
//! # Ok::<(), deploy_rollback::InputError>(())
//! ```

use crate::error::{ErrorCode, InputError};
use crate::{
    Actor, Agent, AgentImage, DbtBundle, Deploy, DeployMechanism, DeployStatus, DeployType, Deployment, Git,
    PolicyOptions, Profile, RemoteExecution, Role, RunningTask, RuntimeCatalog, RuntimeRange, RuntimeVersion,
    Scenario, Timestamp,
};
use std::collections::HashMap;

/// A value the builder takes where a `T` belongs: a `T` itself, or text that is parsed as
/// one (`&str`, `String`). Text that does not parse is an [`InputError`] of the type's code
/// (`invalidTimestamp`, `invalidRuntimeVersion`, `invalidAgentImage`); the builder adds the
/// path.
pub trait Typed<T> {
    /// The value as a `T`, or why it is not one (with an empty path).
    fn typed(self) -> Result<T, InputError>;
}

/// `Typed<$ty>` for the type itself and for text parsed with its `FromStr`.
macro_rules! typed_from_text {
    ($ty:ty, $code:expr) => {
        impl Typed<$ty> for $ty {
            fn typed(self) -> Result<$ty, InputError> {
                Ok(self)
            }
        }

        impl Typed<$ty> for &$ty {
            fn typed(self) -> Result<$ty, InputError> {
                Ok(self.clone())
            }
        }

        impl Typed<$ty> for &str {
            fn typed(self) -> Result<$ty, InputError> {
                self.parse::<$ty>().map_err(|err| InputError::new($code, "", err.to_string()))
            }
        }

        impl Typed<$ty> for String {
            fn typed(self) -> Result<$ty, InputError> {
                self.as_str().typed()
            }
        }

        impl Typed<$ty> for &String {
            fn typed(self) -> Result<$ty, InputError> {
                self.as_str().typed()
            }
        }
    };
}

typed_from_text!(Timestamp, ErrorCode::InvalidTimestamp);
typed_from_text!(RuntimeVersion, ErrorCode::InvalidRuntimeVersion);
typed_from_text!(AgentImage, ErrorCode::InvalidAgentImage);

/// Keeps the first error of a chain of calls: `slot` becomes `Some` once and stays so.
fn keep_first(slot: &mut Option<InputError>, err: InputError) {
    if slot.is_none() {
        *slot = Some(err);
    }
}

/// `value` as a `T`, or `None` with the error (at `path`) kept in `slot`.
fn read<T>(value: impl Typed<T>, slot: &mut Option<InputError>, path: &str) -> Option<T> {
    value.typed().map_err(|err| keep_first(slot, err.within(path))).ok()
}

impl Scenario {
    /// A builder for a scenario at the moment `now` (a [`Timestamp`] or RFC 3339 text).
    /// See [`ScenarioBuilder`] for what it starts with.
    ///
    /// ```
    /// let scenario = deploy_rollback::Scenario::builder("2023-11-08T13:00:00Z").build()?;
    /// assert!(scenario.history.is_empty());
    /// let err = deploy_rollback::Scenario::builder("yesterday").build().unwrap_err();
    /// assert_eq!((err.code().as_str(), err.path()), ("invalidTimestamp", "now"));
    /// # Ok::<(), deploy_rollback::InputError>(())
    /// ```
    pub fn builder(now: impl Typed<Timestamp>) -> ScenarioBuilder {
        let mut error = None;
        let now = read(now, &mut error, "now");
        ScenarioBuilder {
            now,
            profile: Profile::default(),
            options: PolicyOptions::default(),
            deployment: Deployment::default(),
            deploys: Vec::new(),
            running_tasks: Vec::new(),
            actor: None,
            runtime_catalog: None,
            error,
        }
    }
}

/// Builds a [`Scenario`] call by call; [`Scenario::builder`] makes one.
///
/// It starts as the JSON format's defaults do: the Astro Hosted profile, the default
/// [`PolicyOptions`], a Deployment with an empty id and name and no settings, an empty
/// history, no running tasks, no actor and the built-in Runtime table. Each call sets one
/// thing; a later call of the same setter wins, and list calls ([`deploy`](Self::deploy),
/// [`running_task`](Self::running_task), [`agent`](Self::agent)) add in order.
///
/// Bad values do not stop the chain: the first one is kept and [`build`](Self::build)
/// returns it.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ScenarioBuilder {
    now: Option<Timestamp>,
    profile: Profile,
    options: PolicyOptions,
    deployment: Deployment,
    deploys: Vec<DeployBuilder>,
    running_tasks: Vec<RunningTask>,
    actor: Option<Actor>,
    runtime_catalog: Option<RuntimeCatalog>,
    error: Option<InputError>,
}

impl ScenarioBuilder {
    /// Which product's rules apply (Astro Hosted unless set).
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Every policy option at once, replacing any set before.
    pub fn options(mut self, options: PolicyOptions) -> Self {
        self.options = options;
        self
    }

    /// The retention window in days (0 to [`MAX_RETENTION_DAYS`](crate::MAX_RETENTION_DAYS);
    /// more is `invalidValue` at `options.retentionDays`).
    pub fn retention_days(mut self, days: u32) -> Self {
        self.options.retention_days = days;
        self
    }

    /// The hours a task may keep running on the old code after a rollback.
    pub fn task_grace_period_hours(mut self, hours: u32) -> Self {
        self.options.task_grace_period_hours = hours;
        self
    }

    /// Private Cloud: whether the installation allows rollbacks at all.
    pub fn installation_rollbacks_enabled(mut self, enabled: bool) -> Self {
        self.options.installation_rollbacks_enabled = enabled;
        self
    }

    /// Private Cloud: the oldest Runtime that can roll back.
    pub fn private_cloud_minimum_runtime(mut self, version: impl Typed<RuntimeVersion>) -> Self {
        let path = "options.privateCloudMinimumRuntime";
        if let Some(version) = read(version, &mut self.error, path) {
            self.options.private_cloud_minimum_runtime = version;
        }
        self
    }

    /// The oldest Runtime an Airflow 3 → 2 rollback may land on.
    pub fn airflow2_minimum_target(mut self, version: impl Typed<RuntimeVersion>) -> Self {
        if let Some(version) = read(version, &mut self.error, "options.airflow2MinimumTarget") {
            self.options.airflow2_minimum_target = version;
        }
        self
    }

    /// The Runtimes, `from` to `to` inclusive, from or to which a rollback cannot be
    /// automated. A range whose `from` ranks above its `to` is `invalidValue`, as in JSON.
    pub fn unsupported_runtime_range(
        mut self,
        from: impl Typed<RuntimeVersion>,
        to: impl Typed<RuntimeVersion>,
    ) -> Self {
        let path = "options.unsupportedRuntimeRange";
        let from = read(from, &mut self.error, &format!("{path}.from"));
        let to = read(to, &mut self.error, &format!("{path}.to"));
        if let (Some(from), Some(to)) = (from, to) {
            self.options.unsupported_runtime_range = Some(RuntimeRange { from, to });
        }
        self
    }

    /// Lifts the unsupported Runtime range (`null` in JSON).
    pub fn no_unsupported_runtime_range(mut self) -> Self {
        self.options.unsupported_runtime_range = None;
        self
    }

    /// The Deployment's id and name.
    pub fn deployment(mut self, id: impl Into<String>, name: impl Into<String>) -> Self {
        self.deployment.id = id.into();
        self.deployment.name = name.into();
        self
    }

    /// The Runtime the Deployment runs, used when the history has no current deploy.
    pub fn deployment_runtime(mut self, version: impl Typed<RuntimeVersion>) -> Self {
        if let Some(version) = read(version, &mut self.error, "deployment.runtimeVersion") {
            self.deployment.runtime_version = Some(version);
        }
        self
    }

    /// The executor (`CELERY`, `KUBERNETES`, `ASTRO`, …).
    pub fn executor(mut self, executor: impl Into<String>) -> Self {
        self.deployment.executor = Some(executor.into());
        self
    }

    /// Private Cloud: how code reaches the Deployment.
    pub fn deploy_mechanism(mut self, mechanism: DeployMechanism) -> Self {
        self.deployment.deploy_mechanism = mechanism;
        self
    }

    /// Private Cloud: the Deployment's rollback toggle.
    pub fn rollback_enabled(mut self, enabled: bool) -> Self {
        self.deployment.rollback_enabled = Some(enabled);
        self
    }

    /// Any other Deployment setting (worker queues, environment variables, …), changed in
    /// place.
    ///
    /// ```
    /// let scenario = deploy_rollback::Scenario::builder("2023-11-08T13:00:00Z")
    ///     .deployment_with(|d| d.scheduler_size = Some("SMALL".to_owned()))
    ///     .build()?;
    /// assert_eq!(scenario.deployment.scheduler_size.as_deref(), Some("SMALL"));
    /// # Ok::<(), deploy_rollback::InputError>(())
    /// ```
    pub fn deployment_with(mut self, change: impl FnOnce(&mut Deployment)) -> Self {
        change(&mut self.deployment);
        self
    }

    /// A Remote Execution agent running `image` (an [`AgentImage`] or its reference as
    /// text); the first one turns Remote Execution on.
    pub fn agent(mut self, id: impl Into<String>, image: impl Typed<AgentImage>) -> Self {
        let remote = self
            .deployment
            .remote_execution
            .get_or_insert_with(|| RemoteExecution { enabled: true, ..RemoteExecution::default() });
        let path = format!("deployment.remoteExecution.agents[{}].image", remote.agents.len());
        if let Some(image) = read(image, &mut self.error, &path) {
            remote.agents.push(Agent { id: id.into(), image });
        }
        self
    }

    /// A history entry `id` created at `created_at`, described by `describe` (which may
    /// leave it as it comes: `|d| d`). See [`DeployBuilder`] for the defaults. Entries may
    /// be added in any order; the history keeps this order, so that error paths
    /// (`history[2]`) count calls.
    pub fn deploy(
        mut self,
        id: impl Into<String>,
        created_at: impl Typed<Timestamp>,
        describe: impl FnOnce(DeployBuilder) -> DeployBuilder,
    ) -> Self {
        let path = format!("history[{}]", self.deploys.len());
        let created_at = read(created_at, &mut self.error, &format!("{path}.createdAt"));
        let draft = describe(DeployBuilder::new(id.into(), created_at));
        if let Some(err) = draft.error.clone() {
            keep_first(&mut self.error, err.within(&path));
        }
        self.deploys.push(draft);
        self
    }

    /// A task running now, started at `started_at`, described by `describe` (`|t| t` for
    /// no retries and no expected end).
    pub fn running_task(
        mut self,
        id: impl Into<String>,
        started_at: impl Typed<Timestamp>,
        describe: impl FnOnce(TaskBuilder) -> TaskBuilder,
    ) -> Self {
        let path = format!("runningTasks[{}]", self.running_tasks.len());
        let started_at = read(started_at, &mut self.error, &format!("{path}.startedAt"));
        let task = describe(TaskBuilder { retries_left: 0, expected_end_at: None, error: None });
        if let Some(err) = task.error {
            keep_first(&mut self.error, err.within(&path));
        }
        if let Some(started_at) = started_at {
            self.running_tasks.push(RunningTask {
                id: id.into(),
                started_at,
                retries_left: task.retries_left,
                expected_end_at: task.expected_end_at,
            });
        }
        self
    }

    /// Who would trigger the rollback, with their roles.
    ///
    /// ```
    /// use deploy_rollback::{Profile, Role, Scenario};
    /// let scenario = Scenario::builder("2023-11-08T13:00:00Z")
    ///     .profile(Profile::AstroPrivateCloud)
    ///     .actor("ada@example.com", [Role::DeploymentEditor])
    ///     .build()?;
    /// assert_eq!(scenario.actor.map(|a| a.roles), Some(vec![Role::DeploymentEditor]));
    /// # Ok::<(), deploy_rollback::InputError>(())
    /// ```
    pub fn actor(mut self, id: impl Into<String>, roles: impl IntoIterator<Item = Role>) -> Self {
        let permissions = self.actor.take().map(|a| a.permissions).unwrap_or_default();
        self.actor = Some(Actor { id: id.into(), roles: roles.into_iter().collect(), permissions });
        self
    }

    /// A permission granted to the actor one by one (`deployment.images.push`); the actor
    /// is set with [`actor`](Self::actor), before or after.
    pub fn permission(mut self, permission: impl Into<String>) -> Self {
        let actor = self.actor.get_or_insert_with(|| Actor {
            id: String::new(),
            roles: Vec::new(),
            permissions: Vec::new(),
        });
        actor.permissions.push(permission.into());
        self
    }

    /// Astronomer's runtime catalogue, overriding the built-in Runtime table.
    pub fn runtime_catalog(mut self, catalog: RuntimeCatalog) -> Self {
        self.runtime_catalog = Some(catalog);
        self
    }

    /// The scenario, or the first bad value met on the way.
    ///
    /// The entries' unset code fields are filled in time order (see [`DeployBuilder`]);
    /// then the scenario is checked as the JSON reader checks one
    /// ([`Scenario::from_json`]), with the same codes and paths: an option out of range,
    /// an empty image tag or a string beyond the size limits is refused here. What the
    /// operations check (ids unique, nothing created after `now`, rollback links to older
    /// entries) they still check, and report with the same paths.
    pub fn build(self) -> Result<Scenario, InputError> {
        if let Some(err) = self.error {
            return Err(err);
        }
        let Some(now) = self.now else {
            return Err(InputError::new(ErrorCode::InvalidTimestamp, "now", "not a timestamp"));
        };
        let scenario = Scenario {
            profile: self.profile,
            options: self.options,
            now,
            deployment: self.deployment,
            history: resolve(self.deploys),
            running_tasks: self.running_tasks,
            actor: self.actor,
            runtime_catalog: self.runtime_catalog,
        };
        Scenario::from_json(&crate::ffi::to_json(&scenario))
    }
}

/// The entries with their unset fields filled: in time order, each from its basis (the
/// target of a rollback that names one already seen, otherwise the newest deployed entry
/// before it). The history keeps the builder's order.
fn resolve(drafts: Vec<DeployBuilder>) -> Vec<Deploy> {
    let dated: Vec<(usize, DeployBuilder, Timestamp)> = drafts
        .into_iter()
        .enumerate()
        .filter_map(|(i, draft)| draft.created_at.map(|at| (i, draft, at)))
        .collect();
    // Oldest first; ties in the builder's order, read newest first as the engine does.
    let mut order: Vec<usize> = (0..dated.len()).collect();
    order.sort_by_key(|&k| (dated.get(k).map(|d| d.2), std::cmp::Reverse(k)));
    let mut slots: Vec<Option<(usize, Deploy)>> = (0..dated.len()).map(|_| None).collect();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut current: Option<usize> = None;
    let mut dated: Vec<Option<(usize, DeployBuilder, Timestamp)>> = dated.into_iter().map(Some).collect();
    for k in order {
        let Some((i, draft, at)) = dated.get_mut(k).and_then(Option::take) else { continue };
        let entry = |slot: Option<usize>| slot.and_then(|s| slots.get(s)?.as_ref()).map(|(_, d)| d);
        let target = draft.rollback_of.as_ref().and_then(|id| by_id.get(id).copied());
        let basis = entry(target.or(current));
        let deploy = draft.finish(at, basis, target.is_some());
        by_id.insert(deploy.id.clone(), k);
        if deploy.status == DeployStatus::Deployed {
            current = Some(k);
        }
        if let Some(slot) = slots.get_mut(k) {
            *slot = Some((i, deploy));
        }
    }
    let mut history: Vec<(usize, Deploy)> = slots.into_iter().flatten().collect();
    history.sort_by_key(|(i, _)| *i);
    history.into_iter().map(|(_, deploy)| deploy).collect()
}

/// One history entry, described inside [`ScenarioBuilder::deploy`].
///
/// Unless set, an entry is an `imageAndDags` deploy that completed (`deployed`), and its
/// code fields follow from its type and the entry it builds on (the newest `deployed`
/// entry before it, or for a [`rollback_of`](Self::rollback_of) the target):
///
/// - image tag: for a type that pushes an image (`imageAndDags`, `imageOnly`, `github`),
///   the astro CLI's default tag for its time (`deploy-2023-11-06T14-00`); otherwise the
///   basis's (unknown, `null`, without one);
/// - Dag bundle version: none while Dag deploys are off; for a type that pushes Dags, the
///   version Astro gives its time; otherwise the basis's;
/// - Runtime, dbt bundles and the Dag deploy setting: the basis's (without one: unknown,
///   none and on).
#[derive(Debug, Clone)]
#[must_use = "a deploy builder must be returned from the closure"]
pub struct DeployBuilder {
    id: String,
    created_at: Option<Timestamp>,
    kind: DeployType,
    status: DeployStatus,
    author: Option<String>,
    description: Option<String>,
    image_tag: Option<Option<String>>,
    dag_bundle_version: Option<Option<String>>,
    dbt_bundles: Option<Vec<DbtBundle>>,
    runtime_version: Option<Option<RuntimeVersion>>,
    dag_deploy_enabled: Option<bool>,
    git: Option<Git>,
    rollback_of: Option<String>,
    replaces: Option<String>,
    error: Option<InputError>,
}

impl DeployBuilder {
    fn new(id: String, created_at: Option<Timestamp>) -> Self {
        Self {
            id,
            created_at,
            kind: DeployType::ImageAndDags,
            status: DeployStatus::Deployed,
            author: None,
            description: None,
            image_tag: None,
            dag_bundle_version: None,
            dbt_bundles: None,
            runtime_version: None,
            dag_deploy_enabled: None,
            git: None,
            rollback_of: None,
            replaces: None,
            error: None,
        }
    }

    /// The deploy type (`imageAndDags` unless set).
    pub fn kind(mut self, kind: DeployType) -> Self {
        self.kind = kind;
        self
    }

    /// Whether it completed (`deployed` unless set).
    pub fn status(mut self, status: DeployStatus) -> Self {
        self.status = status;
        self
    }

    /// Who made it.
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }

    /// Its description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The project image tag after the deploy (an empty tag is `invalidValue`, as in JSON).
    pub fn image_tag(mut self, tag: impl Into<String>) -> Self {
        self.image_tag = Some(Some(tag.into()));
        self
    }

    /// The image tag is not known (`null`).
    pub fn unknown_image_tag(mut self) -> Self {
        self.image_tag = Some(None);
        self
    }

    /// The Dag bundle version after the deploy.
    pub fn dag_bundle_version(mut self, version: impl Into<String>) -> Self {
        self.dag_bundle_version = Some(Some(version.into()));
        self
    }

    /// No Dag bundle version after the deploy.
    pub fn no_dag_bundle_version(mut self) -> Self {
        self.dag_bundle_version = Some(None);
        self
    }

    /// A dbt bundle after the deploy; the first call replaces the inherited bundles.
    pub fn dbt_bundle(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        let bundle = DbtBundle { name: name.into(), version: version.into() };
        self.dbt_bundles.get_or_insert_with(Vec::new).push(bundle);
        self
    }

    /// No dbt bundles after the deploy.
    pub fn no_dbt_bundles(mut self) -> Self {
        self.dbt_bundles = Some(Vec::new());
        self
    }

    /// The Runtime after the deploy (a [`RuntimeVersion`] or its text).
    pub fn runtime(mut self, version: impl Typed<RuntimeVersion>) -> Self {
        if let Some(version) = read(version, &mut self.error, "runtimeVersion") {
            self.runtime_version = Some(Some(version));
        }
        self
    }

    /// The Runtime after the deploy is not known (`null`).
    pub fn unknown_runtime(mut self) -> Self {
        self.runtime_version = Some(None);
        self
    }

    /// The Dag deploy setting after the deploy.
    pub fn dag_deploy_enabled(mut self, enabled: bool) -> Self {
        self.dag_deploy_enabled = Some(enabled);
        self
    }

    /// The Git commit the code came from.
    pub fn git_commit(mut self, sha: impl Into<String>) -> Self {
        self.git.get_or_insert_with(Git::default).commit_sha = Some(sha.into());
        self
    }

    /// Where the code came from, in full.
    pub fn git(mut self, git: Git) -> Self {
        self.git = Some(git);
        self
    }

    /// Makes the entry a rollback (type `rollback`) that restored the entry `target`; its
    /// unset code fields are the target's.
    pub fn rollback_of(mut self, target: impl Into<String>) -> Self {
        self.kind = DeployType::Rollback;
        self.rollback_of = Some(target.into());
        self
    }

    /// For a rollback: the deploy that was current before it.
    pub fn replaces(mut self, id: impl Into<String>) -> Self {
        self.replaces = Some(id.into());
        self
    }

    /// The entry, its unset fields taken from `basis` as the type says.
    fn finish(self, at: Timestamp, basis: Option<&Deploy>, restores: bool) -> Deploy {
        let dag_deploy_enabled =
            self.dag_deploy_enabled.or(basis.map(|b| b.dag_deploy_enabled)).unwrap_or(true);
        let pushes = |carries: bool| carries && !restores;
        let image_tag = self.image_tag.unwrap_or_else(|| match basis {
            _ if pushes(self.kind.carries_image()) => Some(at.image_tag()),
            Some(b) => b.image_tag.clone(),
            None => None,
        });
        let dag_bundle_version = self.dag_bundle_version.unwrap_or_else(|| match basis {
            _ if !dag_deploy_enabled => None,
            _ if pushes(self.kind.carries_dags()) => Some(at.bundle_version()),
            Some(b) => b.dag_bundle_version.clone(),
            None => None,
        });
        Deploy {
            id: self.id,
            created_at: at,
            author: self.author,
            kind: self.kind,
            status: self.status,
            description: self.description,
            image_tag,
            dag_bundle_version,
            dbt_bundles: self
                .dbt_bundles
                .or_else(|| basis.map(|b| b.dbt_bundles.clone()))
                .unwrap_or_default(),
            runtime_version: self
                .runtime_version
                .unwrap_or_else(|| basis.and_then(|b| b.runtime_version.clone())),
            dag_deploy_enabled,
            git: self.git,
            rollback_of: self.rollback_of,
            replaces: self.replaces,
        }
    }
}

/// One running task, described inside [`ScenarioBuilder::running_task`]: no retries left
/// and no expected end unless set.
#[derive(Debug, Clone)]
#[must_use = "a task builder must be returned from the closure"]
pub struct TaskBuilder {
    retries_left: u32,
    expected_end_at: Option<Timestamp>,
    error: Option<InputError>,
}

impl TaskBuilder {
    /// Retries it has left.
    pub fn retries_left(mut self, retries: u32) -> Self {
        self.retries_left = retries;
        self
    }

    /// When it is expected to finish (a [`Timestamp`] or RFC 3339 text).
    pub fn expected_end_at(mut self, at: impl Typed<Timestamp>) -> Self {
        self.expected_end_at = read(at, &mut self.error, "expectedEndAt");
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{plan, ReasonCode, Verdict};

    fn built(builder: ScenarioBuilder) -> Scenario {
        builder.build().unwrap_or_else(|err| unreachable!("{err}"))
    }

    fn error_of(builder: ScenarioBuilder) -> (ErrorCode, String) {
        match builder.build() {
            Ok(scenario) => unreachable!("built {scenario:?}"),
            Err(err) => (err.code(), err.path().to_owned()),
        }
    }

    const NOW: &str = "2023-11-08T13:00:00Z";

    #[test]
    fn a_built_scenario_equals_the_same_scenario_read_from_json() {
        let scenario = built(
            Scenario::builder(NOW)
                .deployment("dep-1", "etl-prod")
                .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0").author("ada@example.com"))
                .deploy("d2", "2023-11-06T14:00:00Z", |d| {
                    d.kind(DeployType::DagsOnly).git_commit("abc1234").dbt_bundle("/dbt/j", "v3")
                })
                .running_task("etl.load", "2023-11-08T12:00:00Z", |t| t.retries_left(2))
                .retention_days(30),
        );
        let json = r#"{
            "options": {"retentionDays": 30},
            "now": "2023-11-08T13:00:00Z",
            "deployment": {"id": "dep-1", "name": "etl-prod"},
            "history": [
                {"id": "d1", "createdAt": "2023-11-01T09:30:00Z", "author": "ada@example.com",
                 "type": "imageAndDags", "status": "deployed", "imageTag": "deploy-2023-11-01T09-30",
                 "dagBundleVersion": "2023-11-01T09:30:00.0000000Z", "runtimeVersion": "9.1.0"},
                {"id": "d2", "createdAt": "2023-11-06T14:00:00Z", "type": "dagsOnly", "status": "deployed",
                 "imageTag": "deploy-2023-11-01T09-30", "dagBundleVersion": "2023-11-06T14:00:00.0000000Z",
                 "dbtBundles": [{"name": "/dbt/j", "version": "v3"}], "runtimeVersion": "9.1.0",
                 "git": {"commitSha": "abc1234"}}
            ],
            "runningTasks": [{"id": "etl.load", "startedAt": "2023-11-08T12:00:00Z", "retriesLeft": 2,
                              "expectedEndAt": null}]
        }"#;
        assert_eq!(Scenario::from_json(json), Ok(scenario));
    }

    #[test]
    fn unset_code_fields_follow_the_entry_before_in_time_not_in_calls() {
        let scenario = built(
            Scenario::builder(NOW)
                .deploy("d3", "2023-11-07T10:00:00Z", |d| d.kind(DeployType::ImageOnly))
                .deploy("d2", "2023-11-06T10:00:00Z", |d| d.status(DeployStatus::Failed).runtime("11.0.0"))
                .deploy("d1", "2023-11-05T10:00:00Z", |d| d.runtime("9.1.0").dag_deploy_enabled(false)),
        );
        let ids: Vec<&str> = scenario.history.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["d3", "d2", "d1"]);
        let d3 = scenario.history.first();
        // The failed d2 is not what d3 builds on: d1 is.
        assert_eq!(
            d3.and_then(|d| d.runtime_version.as_ref()).map(ToString::to_string).as_deref(),
            Some("9.1.0")
        );
        assert_eq!(d3.map(|d| d.dag_deploy_enabled), Some(false));
        assert_eq!(d3.and_then(|d| d.dag_bundle_version.clone()), None);
        assert_eq!(d3.and_then(|d| d.image_tag.clone()).as_deref(), Some("deploy-2023-11-07T10-00"));
    }

    #[test]
    fn a_rollback_entry_takes_its_targets_code() {
        let scenario = built(
            Scenario::builder(NOW)
                .deploy("d1", "2023-11-01T09:30:00Z", |d| d.runtime("9.1.0"))
                .deploy("d2", "2023-11-06T14:00:00Z", |d| d.runtime("9.5.0"))
                .deploy("r3", "2023-11-07T08:00:00Z", |d| d.rollback_of("d1").replaces("d2")),
        );
        let (d1, r3) = (scenario.history.first(), scenario.history.get(2));
        assert_eq!(r3.map(|d| d.kind), Some(DeployType::Rollback));
        assert!(d1.zip(r3).is_some_and(|(a, b)| a.same_code_as(b)));
        let preview = plan(&scenario, "d2", None).unwrap_or_else(|err| unreachable!("{err}"));
        assert_eq!(preview.verdict, Verdict::Allowed);
    }

    #[test]
    fn bad_values_are_input_errors_at_their_json_path() {
        let base = || Scenario::builder(NOW).deploy("d1", "2023-11-01T09:30:00Z", |d| d);
        let cases = [
            (Scenario::builder("2023-11-08"), ErrorCode::InvalidTimestamp, "now"),
            (base().deploy("d2", "soon", |d| d), ErrorCode::InvalidTimestamp, "history[1].createdAt"),
            (
                base().deploy("d2", NOW, |d| d.runtime("9")),
                ErrorCode::InvalidRuntimeVersion,
                "history[1].runtimeVersion",
            ),
            (base().deploy("d2", NOW, |d| d.image_tag("")), ErrorCode::InvalidValue, "history[1].imageTag"),
            (
                base().agent("a", "agent"),
                ErrorCode::InvalidAgentImage,
                "deployment.remoteExecution.agents[0].image",
            ),
            (base().retention_days(40_000), ErrorCode::InvalidValue, "options.retentionDays"),
            (
                base().unsupported_runtime_range("3.1", "3.0-1"),
                ErrorCode::InvalidRuntimeVersion,
                "options.unsupportedRuntimeRange.from",
            ),
            (
                base().airflow2_minimum_target("x"),
                ErrorCode::InvalidRuntimeVersion,
                "options.airflow2MinimumTarget",
            ),
            (
                base().running_task("t", NOW, |t| t.expected_end_at("later")),
                ErrorCode::InvalidTimestamp,
                "runningTasks[0].expectedEndAt",
            ),
        ];
        for (builder, code, path) in cases {
            assert_eq!(error_of(builder), (code, path.to_owned()), "{path}");
        }
        // A reversed range is refused by the JSON reader's own check.
        let built = Scenario::builder(NOW).unsupported_runtime_range("3.1-1", "3.0-1").build().err();
        assert_eq!(built.as_ref().map(InputError::code), Some(ErrorCode::InvalidValue));
        assert_eq!(built.as_ref().map(InputError::path), Some("options.unsupportedRuntimeRange"));
    }

    #[test]
    fn the_first_bad_value_wins() {
        let builder = Scenario::builder(NOW)
            .deploy("d1", NOW, |d| d.runtime("one").runtime("two"))
            .deployment_runtime("three");
        let err = builder.build().err();
        assert_eq!(err.as_ref().map(InputError::path), Some("history[0].runtimeVersion"));
        assert!(err.is_some_and(|e| e.message().contains("`one`")));
    }

    #[test]
    fn typed_values_and_text_build_the_same_scenario() {
        let (now, version, image) =
            ("2023-11-08T13:00:00Z", "3.1-11", "agent:3.1-11-python-3.12-astro-agent-1.3.3");
        let typed = |v: &str| v.parse::<RuntimeVersion>().unwrap_or_else(|err| unreachable!("{err}"));
        let a = Scenario::builder(now.parse::<Timestamp>().unwrap_or_else(|err| unreachable!("{err}")))
            .deploy("d1", now, |d| d.runtime(typed(version)))
            .agent("a1", image.parse::<AgentImage>().unwrap_or_else(|err| unreachable!("{err}")));
        let b =
            Scenario::builder(now).deploy("d1", now.to_owned(), |d| d.runtime(version)).agent("a1", image);
        assert_eq!(built(a), built(b));
    }

    #[test]
    fn operations_check_what_they_always_check() {
        let scenario = built(Scenario::builder(NOW).deploy("d1", "2023-11-01T09:30:00Z", |d| d).deploy(
            "d1",
            "2023-11-02T09:30:00Z",
            |d| d,
        ));
        let err = plan(&scenario, "d1", None).err();
        assert_eq!(
            err.map(|e| (e.code(), e.path().to_owned())),
            Some((ErrorCode::DuplicateDeployId, "history[1].id".to_owned()))
        );
        let blocked = built(
            Scenario::builder(NOW).retention_days(1).deploy("d1", "2023-11-01T09:30:00Z", |d| d).deploy(
                "d2",
                "2023-11-08T09:30:00Z",
                |d| d,
            ),
        );
        let preview = plan(&blocked, "d1", None).unwrap_or_else(|err| unreachable!("{err}"));
        assert!(preview.reasons.iter().any(|r| r.code == ReasonCode::OutsideRetentionWindow));
    }
}
