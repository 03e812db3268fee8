//! Timelines: a story of deploys, rollbacks, settings changes, agent updates and running
//! tasks, applied in order. Each event is O(1) on the history (plus its own running tasks
//! and agents), so a timeline is linear in its length.

use crate::agent::AgentImage;
use crate::catalog::RuntimeCatalog;
use crate::error::{ErrorCode, InputError};
use crate::history::History;
use crate::model::{
    Actor, Agent, DbtBundle, Deploy, DeployMechanism, DeployStatus, DeployType, Deployment, EnvVar, Git,
    Profile, RemoteExecution, RunningTask, Scenario, WorkerQueue,
};
use crate::plan::{check_description, check_running_tasks, plan_for, Plan, Verdict};
use crate::policy::PolicyOptions;
use crate::policy::{Context, Reason, ReasonCode, Setting};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// A starting point and the events that happen to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase")]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub enum EventKind {
    Deploy,
    Rollback,
    Settings,
    AgentUpdate,
    Tasks,
}

crate::model::contract_names!(EventKind {
    Deploy => "deploy",
    Rollback => "rollback",
    Settings => "settings",
    AgentUpdate => "agentUpdate",
    Tasks => "tasks",
});

/// One event of a timeline, tagged by `kind` in JSON; each kind carries its own fields
/// and no other (`{"at": …, "kind": "rollback", "to": "d2"}`).
///
/// Reading looks for `kind` first and then reads the rest straight into that kind's
/// fields, so that an error names the field at fault (see the JSON edge).
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct DeployEvent {
    pub at: Timestamp,
    #[serde(rename = "type")]
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub struct AgentUpdateEvent {
    pub at: Timestamp,
    pub agent_id: String,
    pub image: AgentImage,
}

/// A tasks event: the tasks running from then on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// It changed the state.
    Applied,
    /// It changed nothing.
    Rejected,
}

crate::model::contract_names!(Outcome { Applied => "applied", Rejected => "rejected" });

/// Runs `timeline`'s events in order. A rejected event (a rollback whose plan is not
/// `allowed`, a deploy that would lower the Runtime) changes nothing and the run goes on;
/// malformed events are errors naming their path.
///
/// ```
/// use deploy_rollback::{example_scenario, simulate, Event, Timeline};
/// let scenario = example_scenario().unwrap();
/// let rollback = Event::rollback(scenario.now, "d2", Some("back to 6 Nov"));
/// let result = simulate(&Timeline::from_scenario(scenario, vec![rollback])).unwrap();
/// assert_eq!(result.history[0].rollback_of.as_deref(), Some("d2"));
/// assert_eq!(result.history.len(), 4);
/// ```
pub fn simulate(timeline: &Timeline) -> Result<Simulation, InputError> {
    let first = timeline.events.first().map(Event::at);
    let mut history = History::new(&timeline.history, first, "history")?;
    let mut state = State {
        deployment: timeline.deployment.clone(),
        running_tasks: Cow::Borrowed(&timeline.running_tasks),
    };
    let mut steps = Vec::with_capacity(timeline.events.len());
    let mut previous: Option<Timestamp> = None;
    for (index, event) in timeline.events.iter().enumerate() {
        let path = EventPath(index);
        let at = event.at();
        if let Some(previous) = previous.filter(|p| at < *p) {
            let message =
                format!("{at} is before the previous event ({previous}): events come in time order");
            return Err(InputError::new(ErrorCode::InvalidTimestamp, format!("{path}.at"), message));
        }
        previous = Some(at);
        let mut step = Step {
            index,
            at,
            kind: event.kind(),
            outcome: Outcome::Applied,
            reasons: Vec::new(),
            plan: None,
            entry: None,
        };
        match event {
            Event::Deploy(event) => match new_deploy(event, path, &history, &state, timeline.actor.as_ref())?
            {
                Ok(entry) => {
                    state.record(&entry);
                    step.entry = Some(entry.id.clone());
                    history.push(Cow::Owned(entry));
                }
                Err(reason) => step.reject(vec![reason]),
            },
            Event::Rollback(event) => {
                let plan = rollback_plan(event, path, &history, &state, timeline)?;
                match (&plan.new_entry, plan.verdict) {
                    (Some(entry), Verdict::Allowed) => {
                        state.record(entry);
                        step.entry = Some(entry.id.clone());
                        history.push(Cow::Owned(entry.clone()));
                    }
                    _ => step.reject(plan.reasons.clone()),
                }
                step.plan = Some(plan);
            }
            Event::Settings(event) => state.apply_settings(event),
            Event::AgentUpdate(event) => state.update_agent(event),
            Event::Tasks(event) => {
                check_running_tasks(&event.running_tasks, at, &format!("{path}.runningTasks"))?;
                state.running_tasks = Cow::Owned(event.running_tasks.clone());
            }
        }
        steps.push(step);
    }
    Ok(Simulation { steps, history: history.into_newest_first(), deployment: state.deployment })
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
    deployment: Deployment,
    running_tasks: Cow<'t, [RunningTask]>,
}

impl State<'_> {
    /// A deployed entry's code state becomes the Deployment's.
    fn record(&mut self, entry: &Deploy) {
        if entry.status == DeployStatus::Deployed {
            if let Some(runtime) = &entry.runtime_version {
                self.deployment.runtime_version = Some(runtime.clone());
            }
            self.deployment.dag_deploy_enabled = Some(entry.dag_deploy_enabled);
        }
    }

    /// The Dag deploy setting in force: the Deployment's (kept in step with each deploy and
    /// changed by settings events), else the current deploy's; on unless stated.
    fn dag_deploys_on(&self, base: Option<&Deploy>) -> bool {
        self.deployment.dag_deploy_enabled.or(base.map(|b| b.dag_deploy_enabled)).unwrap_or(true)
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

    /// [decided] An update for an agent the Deployment does not list registers it (and
    /// turns Remote Execution on if it was not configured).
    fn update_agent(&mut self, event: &AgentUpdateEvent) {
        let (id, image) = (&event.agent_id, &event.image);
        let remote = self
            .deployment
            .remote_execution
            .get_or_insert_with(|| RemoteExecution { enabled: true, ..Default::default() });
        match remote.agents.iter_mut().find(|a| a.id == *id) {
            Some(agent) => agent.image = image.clone(),
            None => remote.agents.push(Agent { id: id.clone(), image: image.clone() }),
        }
    }
}

/// The entry a deploy event adds, or why it is rejected. Whatever the event does not
/// change is carried forward from the current deploy.
fn new_deploy(
    event: &DeployEvent,
    path: EventPath,
    history: &History<'_>,
    state: &State<'_>,
    actor: Option<&Actor>,
) -> Result<Result<Deploy, Reason>, InputError> {
    let kind = event.deploy_type;
    if kind == DeployType::Rollback {
        let message = "a rollback is its own event kind: use {\"kind\": \"rollback\", \"to\": …}";
        return Err(InputError::new(ErrorCode::InvalidValue, format!("{path}.type"), message));
    }
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
    let dags_on = state.dag_deploys_on(base);
    if kind == DeployType::DagsOnly {
        // [decided] As in Astro: a Dag-only deploy ships no image, so it cannot change the
        // Runtime, and the CLI refuses `astro deploy --dags` while Dag deploys are off.
        if let Some(current) = current_runtime.filter(|c| **c != runtime) {
            return Ok(Err(Reason::new(
                ReasonCode::DagsOnlyCannotChangeRuntime,
                format!("a Dag-only deploy ships no image, so it cannot change the Runtime from {current} to {runtime}"),
            )));
        }
        if !dags_on {
            return Ok(Err(Reason::new(
                ReasonCode::DagDeploysDisabled,
                "Dag deploys are off for this Deployment: a Dag-only deploy is refused (turn them on, or deploy the image)",
            )));
        }
    }
    // A normal deploy never lowers the Runtime (the astro CLI refuses it); only a rollback
    // goes down.
    if let Some(current) = current_runtime.filter(|c| runtime < **c) {
        return Ok(Err(Reason::new(
            ReasonCode::DeployCannotDowngrade,
            format!("a deploy cannot lower the Runtime from {current} to {runtime}; only a rollback can"),
        )));
    }
    let dag_deploy_enabled = event.dag_deploy_enabled.unwrap_or(dags_on);
    let image_tag = match (&event.image_tag, kind.carries_image(), base) {
        (Some(tag), _, _) => Some(tag.clone()),
        (None, true, _) => Some(event.at.image_tag()),
        (None, false, Some(base)) => base.image_tag.clone(),
        (None, false, None) => {
            let message = "a deploy without an image needs an earlier deploy to carry the image tag from";
            return Err(InputError::new(ErrorCode::MissingField, format!("{path}.imageTag"), message));
        }
    };
    // [decided] With Dag deploys off the Dags live in the image: there is no bundle.
    let dag_bundle_version = match (&event.dag_bundle_version, dag_deploy_enabled, kind.carries_dags()) {
        (Some(version), _, _) => Some(version.clone()),
        (None, false, _) => None,
        (None, true, true) => Some(event.at.bundle_version()),
        (None, true, false) => base.and_then(|b| b.dag_bundle_version.clone()),
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
        image_tag,
        dag_bundle_version,
        dbt_bundles: event
            .dbt_bundles
            .clone()
            .or_else(|| base.map(|b| b.dbt_bundles.clone()))
            .unwrap_or_default(),
        runtime_version: Some(runtime),
        dag_deploy_enabled,
        git: event.git.clone(),
        rollback_of: None,
        replaces: None,
    }))
}

fn rollback_plan(
    event: &RollbackEvent,
    path: EventPath,
    history: &History<'_>,
    state: &State<'_>,
    timeline: &Timeline,
) -> Result<Plan, InputError> {
    let to = event.to.as_str();
    check_description(event.description.as_deref(), &format!("{path}.description"))?;
    let (pos, target) = history.find(to).ok_or_else(|| {
        InputError::new(
            ErrorCode::UnknownDeploy,
            format!("{path}.to"),
            format!("no history entry has the id `{to}` at this point"),
        )
    })?;
    let setting = Setting {
        profile: timeline.profile,
        options: &timeline.options,
        actor: timeline.actor.as_ref(),
        catalog: timeline.runtime_catalog.as_ref(),
    };
    let mut ctx = Context::new(setting, event.at, &state.deployment, history, &state.running_tasks);
    // In a simulation the Deployment holds the Dag deploy setting in force: each deploy
    // sets it and a settings event may change it since.
    ctx.dag_deploy_enabled = Some(state.dag_deploys_on(history.current().map(|(_, d)| d)));
    let author = event.author.as_deref().or(timeline.actor.as_ref().map(|a| a.id.as_str()));
    Ok(plan_for(&ctx, pos, target, event.description.as_deref(), author))
}
