//! §4 (docs/rules.md): what a rollback restores, and what that does to the running
//! Deployment: whether the code in force changes at all (`noCodeChange`), and whether the
//! Deployment restarts (a new image, a new Runtime or a flip of the Dag deploy setting);
//! the restored/kept/erased table; the rollback's own history entry; and the simulation
//! rules: what each deploy type ships and keeps, and an agent update.

use super::downgrade::Downgrade;
use super::{Context, Reason, ReasonCode, Verdict};
use crate::agent::AgentImage;
use crate::error::{ErrorCode, InputError};
use crate::model::options::MAX_DESCRIPTION_CHARS;
use crate::model::{
    Agent, DbtBundle, Deploy, DeployStatus, DeployType, Deployment, EnvVar, RemoteExecution, WorkerQueue,
};
use crate::runtime::RuntimeVersion;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

impl<'s> Context<'s, '_> {
    /// [decided] Whether the code in force (image tag, Dag bundle, dbt bundles, Runtime and
    /// the Dag deploy setting in force) all equal `target`'s (at position `pos`). An
    /// unknown image or Runtime is never taken for the same as another entry's.
    pub fn holds_code_of(&self, pos: usize, target: &Deploy) -> bool {
        let Some((current_pos, current)) = self.current() else { return false };
        let same_entry = current_pos == pos;
        let known_equal = |a: Option<&str>, b: Option<&str>| a == b && (same_entry || a.is_some());
        let runtime_equal = same_entry
            || self.current_runtime().is_some_and(|now| target.runtime_version.as_ref() == Some(now));
        known_equal(current.image_tag.as_deref(), target.image_tag.as_deref())
            && runtime_equal
            && current.dag_bundle_version == target.dag_bundle_version
            && current.dbt_bundles == target.dbt_bundles
            && !self.flips_dag_deploys(target)
    }

    /// §4 [decided] The previous code: the newest `deployed` entry older than the current
    /// deploy whose code differs from the code in force (by [`Self::holds_code_of`], the
    /// comparison behind `noCodeChange`), as `helm rollback` without a revision goes to
    /// the release before. Failed and in-progress entries never ran, so they are skipped;
    /// the retention window is not: an entry past it is still the previous code, and its
    /// plan says the rollback is blocked. `None` without a current deploy or such an entry.
    pub fn previous_code(&self) -> Option<(usize, &'s Deploy)> {
        let (current_pos, _) = self.current()?;
        (0..current_pos).rev().find_map(|pos| {
            let entry = self.history.at(pos)?;
            (entry.status == DeployStatus::Deployed && !self.holds_code_of(pos, entry))
                .then_some((pos, entry))
        })
    }

    /// Whether a rollback to `target` restarts the Deployment: a new (or unknown) image
    /// or Runtime, or [decided] a flip of the Dag deploy setting, which moves where the
    /// Dags come from. A new Dag or dbt bundle alone restarts nothing.
    pub fn restarts_for(&self, pos: usize, target: &Deploy) -> bool {
        let Some((current_pos, current)) = self.current() else { return true };
        if self.flips_dag_deploys(target) {
            return true;
        }
        if current_pos == pos {
            return false;
        }
        let image_same = current.image_tag.is_some() && current.image_tag == target.image_tag;
        let runtime_same =
            self.current_runtime().is_some_and(|now| target.runtime_version.as_ref() == Some(now));
        !(image_same && runtime_same)
    }

    /// Whether `target`'s Dag deploy setting differs from the one in force.
    pub fn flips_dag_deploys(&self, target: &Deploy) -> bool {
        self.dag_deploy_enabled.is_some_and(|live| live != target.dag_deploy_enabled)
    }
}

/// One row of the field-by-field table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", from = "RawFieldChange")]
pub struct FieldChange {
    /// The field, named as in the scenario.
    pub field: Field,
    /// The field's name for people ("Dag bundle version").
    pub label: Cow<'static, str>,
    /// What the rollback does to it.
    pub disposition: Disposition,
    /// Its value now.
    pub current: FieldValue,
    /// Its value after the rollback.
    pub target: FieldValue,
    /// `current` for people (a list summarised: "2 queues").
    pub current_text: String,
    /// `target` for people.
    pub target_text: String,
    /// Whether the rollback changes it.
    pub changes: bool,
}

impl FieldChange {
    /// A row of the table, with its words.
    pub(crate) fn new(
        field: Field,
        disposition: Disposition,
        current: FieldValue,
        target: FieldValue,
    ) -> Self {
        Self {
            field,
            label: Cow::Borrowed(field.label()),
            disposition,
            current_text: current.text(field),
            target_text: target.text(field),
            changes: current != target,
            current,
            target,
        }
    }
}

impl Field {
    /// The field's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ImageTag => "Image tag",
            Self::DagBundleVersion => "Dag bundle version",
            Self::DbtBundles => "dbt bundles",
            Self::RuntimeVersion => "Astro Runtime",
            Self::DagDeployEnabled => "Dag deploys",
            Self::Executor => "Executor",
            Self::SchedulerSize => "Scheduler size",
            Self::WorkerQueues => "Worker queues",
            Self::EnvVars => "Environment variables",
            Self::Name => "Name",
            Self::Description => "Description",
            Self::MetadataDatabase => "Metadata database",
        }
    }
}

impl FieldValue {
    /// The value of `field` for people: text as it is, lists counted, a flag in words, an
    /// absent image or Runtime `unknown` and any other absent value `none`.
    pub fn text(&self, field: Field) -> String {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => format!("no {many}"),
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        match self {
            Self::Null
                if matches!(field, Field::ImageTag | Field::RuntimeVersion | Field::DagDeployEnabled) =>
            {
                "unknown".to_owned()
            }
            Self::Null => "none".to_owned(),
            Self::Text(text) => text.clone(),
            Self::Flag(true) => "on".to_owned(),
            Self::Flag(false) => "off".to_owned(),
            Self::DbtBundles(list) => count(list.len(), "dbt bundle", "dbt bundles"),
            Self::WorkerQueues(list) => count(list.len(), "queue", "queues"),
            Self::EnvVars(list) => count(list.len(), "variable", "variables"),
        }
    }
}

/// A field of the field-by-field table: a deploy's code state, a Deployment setting, or
/// the metadata database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub enum Field {
    ImageTag,
    DagBundleVersion,
    DbtBundles,
    RuntimeVersion,
    DagDeployEnabled,
    Executor,
    SchedulerSize,
    WorkerQueues,
    EnvVars,
    Name,
    Description,
    MetadataDatabase,
}

crate::names::contract_names!(Field {
    ImageTag,
    DagBundleVersion,
    DbtBundles,
    RuntimeVersion,
    DagDeployEnabled,
    Executor,
    SchedulerSize,
    WorkerQueues,
    EnvVars,
    Name,
    Description,
    MetadataDatabase,
});

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Field {
    fn eq(&self, name: &str) -> bool {
        self.as_str() == name
    }
}

impl PartialEq<&str> for Field {
    fn eq(&self, name: &&str) -> bool {
        self.as_str() == *name
    }
}

/// What a rollback does to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Disposition {
    /// Taken from the target entry.
    Restored,
    /// Left as it is now.
    Kept,
    /// Lost for good.
    Erased,
}

crate::names::contract_names!(Disposition { Restored, Kept, Erased });

/// A field's value, in its JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[expect(missing_docs, reason = "the contract's names say it all; docs/contract.md describes each")]
pub enum FieldValue {
    Null,
    Text(String),
    Flag(bool),
    DbtBundles(Vec<DbtBundle>),
    WorkerQueues(Vec<WorkerQueue>),
    EnvVars(Vec<EnvVar>),
}

/// A field change as read: an empty list reads as dbt bundles whatever the field, so the
/// field's name says which list it is.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFieldChange {
    field: Field,
    label: Cow<'static, str>,
    disposition: Disposition,
    current: FieldValue,
    target: FieldValue,
    current_text: String,
    target_text: String,
    changes: bool,
}

impl From<RawFieldChange> for FieldChange {
    fn from(raw: RawFieldChange) -> Self {
        let list = |value: FieldValue| match (value, raw.field) {
            (FieldValue::DbtBundles(list), Field::WorkerQueues) if list.is_empty() => {
                FieldValue::WorkerQueues(Vec::new())
            }
            (FieldValue::DbtBundles(list), Field::EnvVars) if list.is_empty() => {
                FieldValue::EnvVars(Vec::new())
            }
            (value, _) => value,
        };
        Self {
            disposition: raw.disposition,
            current: list(raw.current),
            target: list(raw.target),
            changes: raw.changes,
            field: raw.field,
            label: raw.label,
            current_text: raw.current_text,
            target_text: raw.target_text,
        }
    }
}

impl From<Option<String>> for FieldValue {
    fn from(value: Option<String>) -> Self {
        value.map_or(Self::Null, Self::Text)
    }
}

/// Refuses a rollback description over [`MAX_DESCRIPTION_CHARS`] characters.
pub(crate) fn check_description(description: Option<&str>, path: &str) -> Result<(), InputError> {
    let chars = description.map_or(0, |d| d.chars().count());
    if chars > MAX_DESCRIPTION_CHARS {
        let message =
            format!("{chars} characters; a rollback description has at most {MAX_DESCRIPTION_CHARS}");
        return Err(InputError::new(ErrorCode::DescriptionTooLong, path, message));
    }
    Ok(())
}

/// §4: restored from the target, kept as they are, erased on a downgrade.
pub(crate) fn fields(
    ctx: &Context<'_, '_>,
    current: Option<&Deploy>,
    target: &Deploy,
    downgrade: Option<&Downgrade>,
) -> Vec<FieldChange> {
    let restored = |field: Field, now: FieldValue, then: FieldValue| {
        FieldChange::new(field, Disposition::Restored, now, then)
    };
    let kept = |field: Field, now: FieldValue| FieldChange::new(field, Disposition::Kept, now.clone(), now);
    let d = ctx.deployment;
    let runtime_now = ctx.current_runtime().map(ToString::to_string);
    let dag_deploy_now = ctx.dag_deploy_enabled;
    let mut rows = vec![
        restored(
            Field::ImageTag,
            current.and_then(|c| c.image_tag.clone()).into(),
            target.image_tag.clone().into(),
        ),
        restored(
            Field::DagBundleVersion,
            current.and_then(|c| c.dag_bundle_version.clone()).into(),
            target.dag_bundle_version.clone().into(),
        ),
        restored(
            Field::DbtBundles,
            current.map_or(FieldValue::Null, |c| FieldValue::DbtBundles(c.dbt_bundles.clone())),
            FieldValue::DbtBundles(target.dbt_bundles.clone()),
        ),
        restored(
            Field::RuntimeVersion,
            runtime_now.into(),
            target.runtime_version.as_ref().map(ToString::to_string).into(),
        ),
        restored(
            Field::DagDeployEnabled,
            dag_deploy_now.map_or(FieldValue::Null, FieldValue::Flag),
            FieldValue::Flag(target.dag_deploy_enabled),
        ),
        kept(Field::Executor, d.executor.clone().into()),
        kept(Field::SchedulerSize, d.scheduler_size.clone().into()),
        kept(Field::WorkerQueues, FieldValue::WorkerQueues(d.worker_queues.clone())),
        kept(Field::EnvVars, FieldValue::EnvVars(d.env_vars.clone())),
        kept(Field::Name, FieldValue::Text(d.name.clone())),
        kept(Field::Description, d.description.clone().into()),
    ];
    if let Some(down) = downgrade {
        rows.push(FieldChange::new(
            Field::MetadataDatabase,
            Disposition::Erased,
            FieldValue::Text(format!("metadata written by Runtime {}", down.from)),
            FieldValue::Text(format!("only what Runtime {} knows", down.to)),
        ));
    }
    rows
}

/// §4, §7 [decided]: the description stored in the rollback's entry, trimmed; a blank one
/// is no description.
pub(crate) fn stored_description(description: Option<&str>) -> Option<&str> {
    description.map(str::trim).filter(|d| !d.is_empty())
}

/// §4: the rollback's own history entry: the newest, dated now, with the target's code
/// state, naming the target (`rollbackOf`) and the deploy it replaces. [decided] A blocked
/// rollback writes nothing (`None`).
pub(crate) fn rollback_entry(
    ctx: &Context<'_, '_>,
    verdict: Verdict,
    target: &Deploy,
    current: Option<&Deploy>,
    description: Option<&str>,
    author: Option<&str>,
) -> Option<Deploy> {
    (verdict != Verdict::Blocked).then(|| Deploy {
        id: ctx.history.fresh_id("rollback"),
        created_at: ctx.now,
        author: author.map(str::to_owned),
        kind: DeployType::Rollback,
        status: DeployStatus::Deployed,
        description: description.map(str::to_owned),
        image_tag: target.image_tag.clone(),
        dag_bundle_version: target.dag_bundle_version.clone(),
        dbt_bundles: target.dbt_bundles.clone(),
        runtime_version: target.runtime_version.clone(),
        dag_deploy_enabled: target.dag_deploy_enabled,
        git: target.git.clone(),
        rollback_of: Some(target.id.clone()),
        replaces: current.map(|c| c.id.clone()),
    })
}

/// §4 [decided]: agent `id` of `deployment` runs `image` from now on; an agent the
/// Deployment does not list is registered (and Remote Execution turned on if it was not
/// configured).
pub(crate) fn update_agent(deployment: &mut Deployment, id: &str, image: &AgentImage) {
    let remote = deployment
        .remote_execution
        .get_or_insert_with(|| RemoteExecution { enabled: true, ..Default::default() });
    match remote.agents.iter_mut().find(|a| a.id == *id) {
        Some(agent) => agent.image = image.clone(),
        None => remote.agents.push(Agent { id: id.to_owned(), image: image.clone() }),
    }
}

/// What a deploy event names (§4, simulation rules): its type, its instant, and the code
/// it states, `None` where it names nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shipment<'a> {
    pub kind: DeployType,
    pub at: Timestamp,
    pub runtime_version: Option<&'a RuntimeVersion>,
    pub image_tag: Option<&'a String>,
    pub dag_bundle_version: Option<&'a String>,
    pub dbt_bundles: Option<&'a Vec<DbtBundle>>,
    pub dag_deploy_enabled: Option<bool>,
}

/// The code state a deploy leaves: shipped by it or carried forward from the deploy in
/// force.
#[derive(Debug, Clone)]
pub(crate) struct ShippedCode {
    pub image_tag: Option<String>,
    pub dag_bundle_version: Option<String>,
    pub dbt_bundles: Vec<DbtBundle>,
    pub dag_deploy_enabled: bool,
}

/// §4: why a deploy (`s`, landing on `runtime`) is rejected, given the deploy in force
/// (`base`), the Runtime and the Dag deploy setting in force; empty when it goes ahead.
pub(crate) fn deploy_reasons(
    s: &Shipment<'_>,
    base: Option<&Deploy>,
    current_runtime: Option<&RuntimeVersion>,
    dag_setting: Option<bool>,
    runtime: &RuntimeVersion,
) -> Vec<Reason> {
    let kind = s.kind;
    let dags_on = dag_setting.unwrap_or(true);
    let mut reasons = shipping_reasons(s, base, current_runtime, dag_setting);
    if kind == DeployType::DagsOnly && !dags_on {
        // [decided] As in Astro: the CLI refuses `astro deploy --dags` while Dag deploys
        // are off.
        reasons.push(Reason::new(
            ReasonCode::DagDeploysDisabled,
            "Dag deploys are off for this Deployment: a Dag-only deploy is refused (turn them on, or deploy the image)",
        ));
    }
    // A normal deploy never lowers the Runtime (the astro CLI refuses it); only a rollback
    // goes down.
    if let Some(current) = current_runtime.filter(|c| kind.carries_image() && *runtime < **c) {
        reasons.push(Reason::new(
            ReasonCode::DeployCannotDowngrade,
            format!("a deploy cannot lower the Runtime from {current} to {runtime}; only a rollback can"),
        ));
    }
    reasons
}

/// §4: the code state deploy `s` leaves on top of `base` (the deploy in force) with Dag
/// deploys on or off (`dags_on`); `None` when it ships no image and nothing is deployed
/// to carry one from.
pub(crate) fn shipped_code(s: &Shipment<'_>, base: Option<&Deploy>, dags_on: bool) -> Option<ShippedCode> {
    let kind = s.kind;
    let dag_deploy_enabled = s.dag_deploy_enabled.unwrap_or(dags_on);
    let image_tag = match (s.image_tag, kind.carries_image(), base) {
        (Some(tag), _, _) => Some(tag.clone()),
        (None, true, _) => Some(s.at.image_tag()),
        (None, false, Some(base)) => base.image_tag.clone(),
        (None, false, None) => return None,
    };
    // [decided] With Dag deploys off the Dags live in the image: there is no bundle.
    let dag_bundle_version = match (s.dag_bundle_version, dag_deploy_enabled, kind.carries_dags()) {
        (Some(version), _, _) => Some(version.clone()),
        (None, false, _) => None,
        (None, true, true) => Some(s.at.bundle_version()),
        (None, true, false) => base.and_then(|b| b.dag_bundle_version.clone()),
    };
    // §4 [decided] A dbt deploy replaces the bundles it names and keeps the others; any
    // other deploy keeps the bundles in force.
    let mut dbt_bundles = base.map(|b| b.dbt_bundles.clone()).unwrap_or_default();
    match (s.dbt_bundles, kind == DeployType::Dbt, base) {
        (Some(shipped), true, _) => {
            for bundle in shipped {
                match dbt_bundles.iter_mut().find(|b| b.name == bundle.name) {
                    Some(slot) => slot.clone_from(bundle),
                    None => dbt_bundles.push(bundle.clone()),
                }
            }
        }
        (Some(stated), false, None) => dbt_bundles.clone_from(stated),
        _ => {}
    }
    Some(ShippedCode { image_tag, dag_bundle_version, dbt_bundles, dag_deploy_enabled })
}

/// §4 [decided] Each deploy type changes only what it ships: image-only the image and the
/// Runtime; Dag-only the Dag bundle; dbt the dbt bundles; image-and-Dags and GitHub the
/// image, the Runtime and the Dag bundle. An event that names, for a field its type does
/// not ship, another value than the one in force is refused, field by field
/// (`deployTypeCannotChange`; a Dag-only deploy's Runtime keeps its own
/// `dagsOnlyCannotChangeRuntime`). No deploy changes the Dag deploy setting. A value that
/// is not in force (nothing deployed yet, an unknown image or Runtime) cannot be
/// contradicted.
fn shipping_reasons(
    event: &Shipment<'_>,
    base: Option<&Deploy>,
    current_runtime: Option<&RuntimeVersion>,
    dag_setting: Option<bool>,
) -> Vec<Reason> {
    let kind = event.kind;
    let label = kind.label();
    let article = if kind == DeployType::ImageOnly { "an" } else { "a" };
    let cannot = |field: &str, what: &str| {
        Reason::new(
            ReasonCode::DeployTypeCannotChange,
            format!("{article} {label} deploy does not ship {what}, so it cannot change `{field}`"),
        )
    };
    let mut reasons = Vec::new();
    if let (Some(new), Some(now)) = (event.runtime_version, current_runtime) {
        if !kind.carries_image() && new != now {
            reasons.push(if kind == DeployType::DagsOnly {
                Reason::new(
                    ReasonCode::DagsOnlyCannotChangeRuntime,
                    format!("a Dag-only deploy ships no image, so it cannot change the Runtime from {now} to {new}"),
                )
            } else {
                cannot("runtimeVersion", "an image")
            });
        }
    }
    if let (Some(new), Some(now)) = (event.image_tag, base.and_then(|b| b.image_tag.as_ref())) {
        if !kind.carries_image() && new != now {
            reasons.push(cannot("imageTag", "an image"));
        }
    }
    if let (Some(new), Some(base)) = (event.dag_bundle_version, base) {
        if !kind.carries_dags() && base.dag_bundle_version.as_ref() != Some(new) {
            reasons.push(cannot("dagBundleVersion", "a Dag bundle"));
        }
    }
    if let (Some(new), Some(base)) = (event.dbt_bundles, base) {
        if kind != DeployType::Dbt && !same_bundles(new, &base.dbt_bundles) {
            reasons.push(cannot("dbtBundles", "dbt bundles"));
        }
    }
    if let (Some(new), Some(now)) = (event.dag_deploy_enabled, dag_setting) {
        if new != now {
            reasons.push(Reason::new(
                ReasonCode::DeployTypeCannotChange,
                format!(
                    "no deploy changes the Dag deploy setting (`dagDeployEnabled` is {now}): a settings event does"
                ),
            ));
        }
    }
    reasons
}

/// Whether two lists hold the same dbt bundles, in any order. (A map of the same type as
/// the history's index rather than a sort: each sort costs the WASM module kilobytes.)
fn same_bundles(a: &[DbtBundle], b: &[DbtBundle]) -> bool {
    if a == b {
        return true;
    }
    if a.len() != b.len() {
        return false;
    }
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(b.len());
    for (i, bundle) in b.iter().enumerate() {
        if by_name.insert(bundle.name.as_str(), i).is_some() {
            return false;
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(a.len());
    a.iter().enumerate().all(|(i, bundle)| {
        let same = by_name.get(bundle.name.as_str()).and_then(|&j| b.get(j)).is_some_and(|o| o == bundle);
        same && seen.insert(bundle.name.as_str(), i).is_none()
    })
}
