//! §4 (docs/rules.md): what a rollback restores, and what that does to the running
//! Deployment: whether the code in force changes at all (`noCodeChange`), and whether the
//! Deployment restarts (a new image, a new Runtime or a flip of the Dag deploy setting).

use super::downgrade::Downgrade;
use super::Context;
use crate::error::{ErrorCode, InputError};
use crate::model::options::MAX_DESCRIPTION_CHARS;
use crate::model::{DbtBundle, Deploy, DeployStatus, DeployType, EnvVar, WorkerQueue};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

impl Context<'_, '_> {
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
#[serde(rename_all = "camelCase", from = "RawFieldChange")]
pub struct FieldChange {
    /// The field's name, as in the scenario.
    pub field: Cow<'static, str>,
    /// What the rollback does to it.
    pub disposition: Disposition,
    /// Its value now.
    pub current: FieldValue,
    /// Its value after the rollback.
    pub target: FieldValue,
    /// Whether the rollback changes it.
    pub changes: bool,
}

/// What a rollback does to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Disposition {
    /// Taken from the target entry.
    Restored,
    /// Left as it is now.
    Kept,
    /// Lost for good.
    Erased,
}

crate::model::contract_names!(Disposition { Restored => "restored", Kept => "kept", Erased => "erased" });

/// A field's value, in its JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFieldChange {
    field: String,
    disposition: Disposition,
    current: FieldValue,
    target: FieldValue,
    changes: bool,
}

impl From<RawFieldChange> for FieldChange {
    fn from(raw: RawFieldChange) -> Self {
        let list = |value: FieldValue| match (value, raw.field.as_str()) {
            (FieldValue::DbtBundles(list), "workerQueues") if list.is_empty() => {
                FieldValue::WorkerQueues(Vec::new())
            }
            (FieldValue::DbtBundles(list), "envVars") if list.is_empty() => FieldValue::EnvVars(Vec::new()),
            (value, _) => value,
        };
        Self {
            disposition: raw.disposition,
            current: list(raw.current),
            target: list(raw.target),
            changes: raw.changes,
            field: Cow::Owned(raw.field),
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
    let restored = |field: &'static str, now: FieldValue, then: FieldValue| FieldChange {
        field: Cow::Borrowed(field),
        disposition: Disposition::Restored,
        changes: now != then,
        current: now,
        target: then,
    };
    let kept = |field: &'static str, now: FieldValue| FieldChange {
        field: Cow::Borrowed(field),
        disposition: Disposition::Kept,
        changes: false,
        current: now.clone(),
        target: now,
    };
    let d = ctx.deployment;
    let runtime_now = ctx.current_runtime().map(ToString::to_string);
    let dag_deploy_now = ctx.dag_deploy_enabled;
    let mut rows = vec![
        restored(
            "imageTag",
            current.and_then(|c| c.image_tag.clone()).into(),
            target.image_tag.clone().into(),
        ),
        restored(
            "dagBundleVersion",
            current.and_then(|c| c.dag_bundle_version.clone()).into(),
            target.dag_bundle_version.clone().into(),
        ),
        restored(
            "dbtBundles",
            current.map_or(FieldValue::Null, |c| FieldValue::DbtBundles(c.dbt_bundles.clone())),
            FieldValue::DbtBundles(target.dbt_bundles.clone()),
        ),
        restored(
            "runtimeVersion",
            runtime_now.into(),
            target.runtime_version.as_ref().map(ToString::to_string).into(),
        ),
        restored(
            "dagDeployEnabled",
            dag_deploy_now.map_or(FieldValue::Null, FieldValue::Flag),
            FieldValue::Flag(target.dag_deploy_enabled),
        ),
        kept("executor", d.executor.clone().into()),
        kept("schedulerSize", d.scheduler_size.clone().into()),
        kept("workerQueues", FieldValue::WorkerQueues(d.worker_queues.clone())),
        kept("envVars", FieldValue::EnvVars(d.env_vars.clone())),
        kept("name", FieldValue::Text(d.name.clone())),
        kept("description", d.description.clone().into()),
    ];
    if let Some(down) = downgrade {
        rows.push(FieldChange {
            field: Cow::Borrowed("metadataDatabase"),
            disposition: Disposition::Erased,
            current: FieldValue::Text(format!("metadata written by Runtime {}", down.from)),
            target: FieldValue::Text(format!("only what Runtime {} knows", down.to)),
            changes: true,
        });
    }
    rows
}

/// §4, §7 [decided]: the description stored in the rollback's entry, trimmed; a blank one
/// is no description.
pub(crate) fn stored_description(description: Option<&str>) -> Option<&str> {
    description.map(str::trim).filter(|d| !d.is_empty())
}

/// §4: the rollback's own history entry: the newest, dated now, with the target's code
/// state, naming the target (`rollbackOf`) and the deploy it replaces.
pub(crate) fn rollback_entry(
    ctx: &Context<'_, '_>,
    target: &Deploy,
    current: Option<&Deploy>,
    description: Option<&str>,
    author: Option<&str>,
) -> Deploy {
    Deploy {
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
    }
}
