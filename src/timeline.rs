//! Timelines: a story of deploys, rollbacks, settings changes, agent updates and running
//! tasks, applied in order. Each event is O(1) on the history (plus its own running tasks
//! and agents), so a timeline is linear in its length. The rules it applies (what each
//! deploy type ships, the running tasks living on) live in `policy`; this file keeps the
//! state and applies the events in order.

use crate::agent::AgentImage;
use crate::catalog::RuntimeCatalog;
use crate::error::{ErrorCode, InputError};
use crate::history::History;
use crate::model::options::PolicyOptions;
use crate::model::{
    Actor, DbtBundle, Deploy, DeployMechanism, DeployStatus, DeployType, Deployment, EnvVar, Git, Profile,
    RemoteExecution, RunningTask, Scenario, WorkerQueue,
};
use crate::plan::{plan_for, Plan};
use crate::policy::restore::{check_description, deploy_reasons, shipped_code, update_agent, Shipment};
use crate::policy::tasks::{check_moment, MomentInput};
use crate::policy::tasks::{deploy_outcomes, LiveTasks};
use crate::policy::Verdict;
use crate::policy::{Context, Reason, Setting};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// A starting point and the events that happen to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct Timeline {
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub options: PolicyOptions,
    pub deployment: Deployment,
    #[serde(default)]
    pub history: Vec<Deploy>,
    #[serde(default)]
    pub running_tasks: Vec<RunningTask>,
    #[serde(default)]
    pub actor: Option<Actor>,
    #[serde(default)]
    pub runtime_catalog: Option<RuntimeCatalog>,
    /// In time order.
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Timeline {
    /// The scenario's Deployment and history, with `events` to come (its `now` is not
    /// needed: each event happens at its own `at`).
    pub fn from_scenario(scenario: Scenario, events: Vec<Event>) -> Self {
        Self {
            profile: scenario.profile,
            options: scenario.options,
            deployment: scenario.deployment,
            history: scenario.history,
            running_tasks: scenario.running_tasks,
            actor: scenario.actor,
            runtime_catalog: scenario.runtime_catalog,
            events,
        }
    }
}

/// What kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
#[non_exhaustive]
pub enum EventKind {
    Deploy,
    Rollback,
    Settings,
    AgentUpdate,
    Tasks,
}

crate::names::contract_names!(EventKind { Deploy, Rollback, Settings, AgentUpdate, Tasks });

/// One event of a timeline, tagged by `kind` in JSON; each kind carries its own fields
/// and no other (`{"at": …, "kind": "rollback", "to": "d2"}`).
///
/// Reading looks for `kind` first and then reads the rest straight into that kind's
/// fields, so that an error names the field at fault (see the JSON edge).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Event {
    /// A deploy: an entry with the code it changes, the rest carried forward.
    Deploy(DeployEvent),
    /// A rollback to an earlier entry, applied when its plan allows it.
    Rollback(RollbackEvent),
    /// Deployment settings change; the history does not.
    Settings(SettingsEvent),
    /// A Remote Execution agent runs another image.
    AgentUpdate(AgentUpdateEvent),
    /// The running tasks are replaced.
    Tasks(TasksEvent),
}

/// A deploy event: the deploy type and whatever the deploy changes; the rest is carried
/// forward from the current deploy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct DeployEvent {
    pub at: Timestamp,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(schema_with = "deploy_event_type"))]
    pub deploy_type: DeployType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeployStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<Git>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_version: Option<RuntimeVersion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dag_bundle_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dbt_bundles: Option<Vec<DbtBundle>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dag_deploy_enabled: Option<bool>,
}

/// A rollback event: the target's id, a description and who triggers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct RollbackEvent {
    pub at: Timestamp,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// A settings event: the Deployment fields it changes, named as in `deployment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct SettingsEvent {
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduler_size: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_queues: Option<Vec<WorkerQueue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_vars: Option<Vec<EnvVar>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy_mechanism: Option<DeployMechanism>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_execution: Option<RemoteExecution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dag_deploy_enabled: Option<bool>,
}

/// An agent update: the agent (registered if new) and its new image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct AgentUpdateEvent {
    pub at: Timestamp,
    pub agent_id: String,
    pub image: AgentImage,
}

/// A tasks event: the tasks running from then on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct TasksEvent {
    pub at: Timestamp,
    pub running_tasks: Vec<RunningTask>,
}

impl Event {
    /// A rollback to `to` at `at`.
    pub fn rollback(at: Timestamp, to: &str, description: Option<&str>) -> Self {
        Self::Rollback(RollbackEvent {
            at,
            to: to.to_owned(),
            description: description.map(str::to_owned),
            author: None,
        })
    }

    /// When it happens.
    pub fn at(&self) -> Timestamp {
        match self {
            Self::Deploy(e) => e.at,
            Self::Rollback(e) => e.at,
            Self::Settings(e) => e.at,
            Self::AgentUpdate(e) => e.at,
            Self::Tasks(e) => e.at,
        }
    }

    /// Its kind.
    pub fn kind(&self) -> EventKind {
        match self {
            Self::Deploy(_) => EventKind::Deploy,
            Self::Rollback(_) => EventKind::Rollback,
            Self::Settings(_) => EventKind::Settings,
            Self::AgentUpdate(_) => EventKind::AgentUpdate,
            Self::Tasks(_) => EventKind::Tasks,
        }
    }
}

/// The result of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Simulation {
    /// One per event, in order.
    pub steps: Vec<Step>,
    /// The history at the end, newest first.
    pub history: Vec<Deploy>,
    /// The Deployment at the end.
    pub deployment: Deployment,
}

/// What one event did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Step {
    /// The event's position in `events`.
    pub index: usize,
    /// When it happened.
    pub at: Timestamp,
    /// Its kind.
    pub kind: EventKind,
    /// Whether it was applied.
    pub outcome: Outcome,
    /// Why not, when rejected.
    pub reasons: Vec<Reason>,
    /// For a rollback, its plan at that moment.
    pub plan: Option<Plan>,
    /// The id of the history entry it added, if any.
    pub entry: Option<String>,
}

/// Whether an event was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Outcome {
    /// It changed the state.
    Applied,
    /// It changed nothing.
    Rejected,
}

crate::names::contract_names!(Outcome { Applied, Rejected });

/// Runs `timeline`'s events in order. A rejected event (a rollback whose plan is not
/// `allowed`, a deploy that would lower the Runtime or change what its type does not
/// ship) changes nothing and the run goes on; malformed events are errors naming their
/// path. Running tasks live on from event to event (§4, §5): each deploy or rollback does
/// to them what its plan says, and a task whose expected end has passed is no longer
/// running.
///
/// ```
/// use deploy_rollback::{simulate, Event, Timeline};
/// use deploy_rollback::ffi::example_scenario;
/// let scenario = example_scenario().unwrap();
/// let rollback = Event::rollback(scenario.now, "d2", Some("back to 6 Nov"));
/// let result = simulate(&Timeline::from_scenario(scenario, vec![rollback])).unwrap();
/// assert_eq!(result.history[0].rollback_of.as_deref(), Some("d2"));
/// assert_eq!(result.history.len(), 4);
/// ```
pub fn simulate(timeline: &Timeline) -> Result<Simulation, InputError> {
    let mut run = Run::start(timeline)?;
    let mut steps = Vec::with_capacity(timeline.events.len());
    for (index, event) in timeline.events.iter().enumerate() {
        steps.push(run.step(index, event)?);
    }
    Ok(run.finish(steps))
}

/// The state of a simulation just before one of its events: what a fresh question at that
/// instant would be asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    /// The Deployment as the earlier events left it (its `dagDeployEnabled` is the setting
    /// in force), the history so far, the tasks still running, and the event's `at` as
    /// `now`; the timeline's profile, options, actor and catalogue.
    pub scenario: Scenario,
    /// One per running task: the instant a restart already under way interrupts it (it is
    /// handled at the first event at or after it), or `None`. A scenario cannot state this.
    pub interrupted_at: Vec<Option<Timestamp>>,
}

impl Timeline {
    /// The [`Moment`] just before event `index`, once the events before it have run;
    /// `Ok(None)` when there is no such event. Errors are those `simulate` reports for
    /// the events before it (or for the timeline's start).
    ///
    /// ```
    /// use deploy_rollback::{plan, Event, Timeline};
    /// use deploy_rollback::ffi::example_scenario;
    /// let scenario = example_scenario().unwrap();
    /// let rollback = Event::rollback(scenario.now, "d2", None);
    /// let timeline = Timeline::from_scenario(scenario.clone(), vec![rollback]);
    /// let moment = timeline.moment_before(0).unwrap().unwrap();
    /// assert_eq!(plan(&moment.scenario, "d2", None), plan(&scenario, "d2", None));
    /// ```
    pub fn moment_before(&self, index: usize) -> Result<Option<Moment>, InputError> {
        let Some(event) = self.events.get(index) else { return Ok(None) };
        let mut run = Run::start(self)?;
        for (i, earlier) in self.events.iter().enumerate().take(index) {
            run.step(i, earlier)?;
        }
        let at = event.at();
        if index > 0 {
            run.state.tasks.advance(at);
        }
        let State { deployment, tasks } = run.state;
        Ok(Some(Moment {
            scenario: Scenario {
                profile: self.profile,
                options: self.options.clone(),
                now: at,
                deployment,
                history: run.history.into_newest_first(),
                running_tasks: tasks.running.into_owned(),
                actor: self.actor.clone(),
                runtime_catalog: self.runtime_catalog.clone(),
            },
            interrupted_at: tasks.interrupted_at,
        }))
    }
}

/// A simulation under way.
struct Run<'t> {
    timeline: &'t Timeline,
    history: History<'t>,
    state: State<'t>,
    previous: Option<Timestamp>,
}

impl<'t> Run<'t> {
    /// Checks the starting point: the history at the first event's instant, and the
    /// Deployment and running tasks as a scenario at that instant would be checked.
    fn start(timeline: &'t Timeline) -> Result<Self, InputError> {
        let first = timeline.events.first().map(Event::at);
        let history = History::new(&timeline.history, first, "history")?;
        check_moment(MomentInput {
            now: first,
            running_tasks: Some((&timeline.running_tasks, "runningTasks")),
            remote_execution: timeline
                .deployment
                .remote_execution
                .as_ref()
                .map(|r| (r, "deployment.remoteExecution")),
        })?;
        let mut deployment = timeline.deployment.clone();
        // §4 [decided] The Deployment carries the setting in force from here on.
        deployment.dag_deploy_enabled = history.dag_deploy_setting(&timeline.deployment);
        let state = State::new(deployment, &timeline.running_tasks);
        Ok(Self { timeline, history, state, previous: None })
    }

    fn setting(&self) -> Setting<'t> {
        let t = self.timeline;
        Setting {
            profile: t.profile,
            options: &t.options,
            actor: t.actor.as_ref(),
            catalog: t.runtime_catalog.as_ref(),
        }
    }

    /// Applies event `index`.
    fn step(&mut self, index: usize, event: &'t Event) -> Result<Step, InputError> {
        let path = EventPath(index);
        let at = event.at();
        if let Some(previous) = self.previous.filter(|p| at < *p) {
            let message =
                format!("{at} is before the previous event ({previous}): events come in time order");
            return Err(InputError::new(ErrorCode::InvalidTimestamp, format!("{path}.at"), message));
        }
        // The first event is the moment the timeline's tasks are said to run at; before
        // each later one, time has moved on.
        if self.previous.is_some() {
            self.state.tasks.advance(at);
        }
        self.previous = Some(at);
        let mut step = Step {
            index,
            at,
            kind: event.kind(),
            outcome: Outcome::Applied,
            reasons: Vec::new(),
            plan: None,
            entry: None,
        };
        let setting = self.setting();
        match event {
            Event::Deploy(event) => match new_deploy(event, path, &self.history, &self.state, setting.actor)?
            {
                Ok(entry) => {
                    if entry.status == DeployStatus::Deployed {
                        let ctx = self.state.context(setting, at, &self.history);
                        let outcomes = deploy_outcomes(&ctx, self.history.len(), &entry);
                        self.state.tasks.apply(&outcomes, at);
                        self.state.record(&entry);
                    }
                    step.entry = Some(entry.id.clone());
                    self.history.push(Cow::Owned(entry));
                }
                Err(reasons) => step.reject(reasons),
            },
            Event::Rollback(event) => {
                let plan = self.rollback_plan(event, path)?;
                match (&plan.new_entry, plan.verdict) {
                    (Some(entry), Verdict::Allowed) => {
                        self.state.tasks.apply(&plan.running_tasks, at);
                        self.state.record(entry);
                        step.entry = Some(entry.id.clone());
                        self.history.push(Cow::Owned(entry.clone()));
                    }
                    _ => step.reject(plan.reasons.clone()),
                }
                step.plan = Some(plan);
            }
            Event::Settings(event) => {
                let remote = event.remote_execution.as_ref();
                let remote_path = format!("{path}.remoteExecution");
                check_moment(MomentInput {
                    now: Some(at),
                    running_tasks: None,
                    remote_execution: remote.map(|r| (r, remote_path.as_str())),
                })?;
                self.state.apply_settings(event);
            }
            Event::AgentUpdate(event) => self.state.update_agent(event),
            Event::Tasks(event) => {
                let tasks_path = format!("{path}.runningTasks");
                check_moment(MomentInput {
                    now: Some(at),
                    running_tasks: Some((&event.running_tasks, tasks_path.as_str())),
                    remote_execution: None,
                })?;
                self.state.tasks.replace(&event.running_tasks);
            }
        }
        Ok(step)
    }

    fn rollback_plan(&self, event: &RollbackEvent, path: EventPath) -> Result<Plan, InputError> {
        let to = event.to.as_str();
        check_description(event.description.as_deref(), &format!("{path}.description"))?;
        let (pos, target) = self.history.find(to).ok_or_else(|| {
            InputError::new(
                ErrorCode::UnknownDeploy,
                format!("{path}.to"),
                format!("no history entry has the id `{to}` at this point"),
            )
        })?;
        let setting = self.setting();
        let ctx = self.state.context(setting, event.at, &self.history);
        let author = event.author.as_deref().or(setting.actor.map(|a| a.id.as_str()));
        Ok(plan_for(&ctx, pos, target, event.description.as_deref(), author))
    }

    fn finish(self, steps: Vec<Step>) -> Simulation {
        Simulation { steps, history: self.history.into_newest_first(), deployment: self.state.deployment }
    }
}

impl Step {
    fn reject(&mut self, reasons: Vec<Reason>) {
        self.outcome = Outcome::Rejected;
        self.reasons = reasons;
    }
}

/// An event's path in errors, `events[i]`: written only when an error needs it.
#[derive(Debug, Clone, Copy)]
struct EventPath(usize);

impl fmt::Display for EventPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "events[{}]", self.0)
    }
}

/// What events change besides the history.
struct State<'t> {
    /// The Deployment; its `dag_deploy_enabled` is the Dag deploy setting in force.
    deployment: Deployment,
    /// The tasks running now (§5).
    tasks: LiveTasks<'t>,
}

impl<'t> State<'t> {
    fn new(deployment: Deployment, running_tasks: &'t [RunningTask]) -> Self {
        Self { deployment, tasks: LiveTasks::new(running_tasks) }
    }

    /// The rules' view of this state at `at`, with the Dag deploy setting in force.
    fn context<'s, 'h>(
        &'s self,
        setting: Setting<'s>,
        at: Timestamp,
        history: &'s History<'h>,
    ) -> Context<'s, 'h> {
        let mut ctx = Context::new(setting, at, &self.deployment, history, &self.tasks.running);
        ctx.dag_deploy_enabled = self.deployment.dag_deploy_enabled;
        ctx
    }

    /// A deployed entry's code state becomes the Deployment's.
    fn record(&mut self, entry: &Deploy) {
        if entry.status == DeployStatus::Deployed {
            if let Some(runtime) = &entry.runtime_version {
                self.deployment.runtime_version = Some(runtime.clone());
            }
            self.deployment.dag_deploy_enabled = Some(entry.dag_deploy_enabled);
        }
    }

    fn apply_settings(&mut self, event: &SettingsEvent) {
        let d = &mut self.deployment;
        let set = |slot: &mut Option<String>, value: &Option<String>| {
            if value.is_some() {
                slot.clone_from(value);
            }
        };
        if let Some(name) = &event.name {
            d.name.clone_from(name);
        }
        set(&mut d.description, &event.description);
        set(&mut d.executor, &event.executor);
        set(&mut d.scheduler_size, &event.scheduler_size);
        if let Some(queues) = &event.worker_queues {
            d.worker_queues.clone_from(queues);
        }
        if let Some(vars) = &event.env_vars {
            d.env_vars.clone_from(vars);
        }
        d.deploy_mechanism = event.deploy_mechanism.unwrap_or(d.deploy_mechanism);
        d.rollback_enabled = event.rollback_enabled.or(d.rollback_enabled);
        // [decided] The Dag deploy setting is a Deployment setting (`astro deployment
        // update --dag-deploy`): it changes without a history entry.
        d.dag_deploy_enabled = event.dag_deploy_enabled.or(d.dag_deploy_enabled);
        if let Some(remote) = &event.remote_execution {
            d.remote_execution = Some(remote.clone());
        }
    }

    /// An agent runs another image (§4: one not listed is registered).
    fn update_agent(&mut self, event: &AgentUpdateEvent) {
        update_agent(&mut self.deployment, &event.agent_id, &event.image);
    }
}

/// The entry a deploy event adds, or why it is rejected. Whatever the event does not
/// change is carried forward from the current deploy (§4).
fn new_deploy(
    event: &DeployEvent,
    path: EventPath,
    history: &History<'_>,
    state: &State<'_>,
    actor: Option<&Actor>,
) -> Result<Result<Deploy, Vec<Reason>>, InputError> {
    let kind = event.deploy_type;
    if kind == DeployType::Rollback {
        let message = "a rollback is its own event kind: use {\"kind\": \"rollback\", \"to\": …}";
        return Err(InputError::new(ErrorCode::InvalidValue, format!("{path}.type"), message));
    }
    let shipment = Shipment {
        kind,
        at: event.at,
        runtime_version: event.runtime_version.as_ref(),
        image_tag: event.image_tag.as_ref(),
        dag_bundle_version: event.dag_bundle_version.as_ref(),
        dbt_bundles: event.dbt_bundles.as_ref(),
        dag_deploy_enabled: event.dag_deploy_enabled,
    };
    let base = history.current().map(|(_, d)| d);
    let current_runtime =
        base.and_then(|b| b.runtime_version.as_ref()).or(state.deployment.runtime_version.as_ref());
    let runtime = event.runtime_version.as_ref().or(current_runtime).cloned().ok_or_else(|| {
        InputError::new(
            ErrorCode::MissingField,
            format!("{path}.runtimeVersion"),
            "nothing is deployed yet to carry the Runtime version from",
        )
    })?;
    let dag_setting = state.deployment.dag_deploy_enabled;
    let reasons = deploy_reasons(&shipment, base, current_runtime, dag_setting, &runtime);
    if !reasons.is_empty() {
        return Ok(Err(reasons));
    }
    let Some(code) = shipped_code(&shipment, base, dag_setting.unwrap_or(true)) else {
        let message = "a deploy without an image needs an earlier deploy to carry the image tag from";
        return Err(InputError::new(ErrorCode::MissingField, format!("{path}.imageTag"), message));
    };
    let id = event.id.clone().unwrap_or_else(|| history.fresh_id("deploy"));
    if history.contains(&id) {
        let message = format!("`{id}` is already the id of a history entry");
        return Err(InputError::new(ErrorCode::DuplicateDeployId, format!("{path}.id"), message));
    }
    Ok(Ok(Deploy {
        id,
        created_at: event.at,
        author: event.author.clone().or_else(|| actor.map(|a| a.id.clone())),
        kind,
        status: event.status.unwrap_or(DeployStatus::Deployed),
        description: event.description.clone(),
        image_tag: code.image_tag,
        dag_bundle_version: code.dag_bundle_version,
        dbt_bundles: code.dbt_bundles,
        runtime_version: Some(runtime),
        dag_deploy_enabled: code.dag_deploy_enabled,
        git: event.git.clone(),
        rollback_of: None,
        replaces: None,
    }))
}

/// A deploy event's `type`: any deploy type but `rollback`, which is an event kind of its
/// own (the simulation refuses it).
#[cfg(feature = "schema")]
fn deploy_event_type(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut schema = <DeployType as schemars::JsonSchema>::json_schema(generator);
    if let Some(serde_json::Value::Array(names)) = schema.get_mut("enum") {
        names.retain(|name| name.as_str() != Some(DeployType::Rollback.as_str()));
    }
    schema
}
