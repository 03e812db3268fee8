//! Any two history entries side by side ("what changed between d2 and d5?"): their code
//! state field by field, the Runtime change classified by the downgrade rules (D1) as if
//! the Deployment went from the first entry's code to the second's, the entries between
//! them, and the commit each one's code comes from (§7). The words are a plan's: the same
//! field labels and value texts (§4), the same warnings.

use crate::error::{ErrorCode, InputError};
use crate::history::History;
use crate::model::{Deploy, Scenario};
use crate::policy::downgrade::{
    downgrade, downgrade_warning, erasure_warning, major_upgrade_warning, Downgrade,
};
use crate::policy::warnings::target_commit;
use crate::policy::{Context, Field, FieldValue, Warning};
use crate::runtime::RuntimeVersion;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Two history entries compared: what going from `from`'s code to `to`'s changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Comparison {
    /// The first entry's id.
    pub from: String,
    /// The second entry's id.
    pub to: String,
    /// Whether `to` is newer or older than `from` in the history, or the same entry.
    pub direction: Direction,
    /// The code state, field by field: `imageTag`, `dagBundleVersion`, `dbtBundles`,
    /// `runtimeVersion`, `dagDeployEnabled`, in that order.
    pub fields: Vec<CodeFieldChange>,
    /// The Runtime change, classified as a rollback's would be.
    pub runtime: RuntimeChange,
    /// The ids of the entries strictly between the two, newest first.
    pub between: Vec<String>,
    /// The commit of each entry's code, when known.
    pub commits: Commits,
    /// The Runtime warnings a rollback between the two would give (`runtimeDowngrade`,
    /// `airflowMajorUpgrade`, `metadataErasure`), in a plan's order.
    pub warnings: Vec<Warning>,
}

/// Where the second entry of a comparison lies in the history, against the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Direction {
    /// `to` is newer than `from`.
    Newer,
    /// `to` is older than `from`.
    Older,
    /// They are the same entry.
    Same,
}

crate::names::contract_names!(Direction { Newer, Older, Same });

/// One field of the code state in both entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CodeFieldChange {
    /// The field, named as in the scenario.
    pub field: Field,
    /// The field's name for people ("Dag bundle version"), as in a plan.
    pub label: Cow<'static, str>,
    /// Its value in the first entry.
    pub from: FieldValue,
    /// Its value in the second entry.
    pub to: FieldValue,
    /// `from` for people, as a plan writes a value ("1 dbt bundle", "on", "unknown").
    pub from_text: String,
    /// `to` for people.
    pub to_text: String,
    /// Whether the two values differ.
    pub changes: bool,
}

impl CodeFieldChange {
    fn new(field: Field, from: FieldValue, to: FieldValue) -> Self {
        Self {
            field,
            label: Cow::Borrowed(field.label()),
            from_text: from.text(field),
            to_text: to.text(field),
            changes: from != to,
            from,
            to,
        }
    }
}

/// The Runtime of both entries, and which way it moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuntimeChange {
    /// The first entry's Runtime (`null` when unknown).
    pub from: Option<RuntimeVersion>,
    /// The second entry's Runtime (`null` when unknown).
    pub to: Option<RuntimeVersion>,
    /// Up, down, the same, or unknown (a Runtime is unknown).
    pub change: RuntimeChangeKind,
    /// The downgrade, classified as in a plan, when it is one.
    pub downgrade: Option<Downgrade>,
}

/// Which way the Runtime moves from one entry to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RuntimeChangeKind {
    /// To a newer Runtime.
    Upgrade,
    /// To an older Runtime.
    Downgrade,
    /// The same Runtime (or the same entry).
    Same,
    /// A Runtime is unknown, so the change cannot be told.
    Unknown,
}

crate::names::contract_names!(RuntimeChangeKind { Upgrade, Downgrade, Same, Unknown });

/// The commit of each entry's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Commits {
    /// The first entry's (`null` when it records none).
    pub from: Option<String>,
    /// The second entry's.
    pub to: Option<String>,
}

/// Compares the history entries `from` and `to` of `scenario`: their code state field by
/// field, the Runtime change (a downgrade classified as a rollback from `from` to `to`
/// would be), the entries between them and their commits. Either may be any entry,
/// whatever its status or age; they may be the same one.
///
/// Errors are for malformed input only: a scenario that does not read, or an id that is
/// not in the history (`unknownDeploy` at `from` or `to`).
///
/// ```
/// use deploy_rollback::{compare_entries, Direction, RuntimeChangeKind};
/// let scenario = deploy_rollback::ffi::example_scenario()?;
/// let diff = compare_entries(&scenario, "d3", "d2")?;
/// assert_eq!(diff.direction, Direction::Older);
/// assert_eq!(diff.runtime.change, RuntimeChangeKind::Downgrade);
/// assert_eq!(diff.fields[0].label, "Image tag");
/// # Ok::<(), deploy_rollback::InputError>(())
/// ```
pub fn compare_entries(scenario: &Scenario, from: &str, to: &str) -> Result<Comparison, InputError> {
    let history = scenario.checked_history()?;
    let find = |id: &str, path: &str| {
        history.find(id).ok_or_else(|| {
            InputError::new(ErrorCode::UnknownDeploy, path, format!("no history entry has the id `{id}`"))
        })
    };
    let (from_pos, from_entry) = find(from, "from")?;
    let (to_pos, to_entry) = find(to, "to")?;
    let ctx = scenario.context(&history);
    let direction = match to_pos.cmp(&from_pos) {
        Ordering::Greater => Direction::Newer,
        Ordering::Less => Direction::Older,
        Ordering::Equal => Direction::Same,
    };
    let runtime = runtime_change(&ctx, from_entry, to_entry, direction);
    Ok(Comparison {
        from: from_entry.id.clone(),
        to: to_entry.id.clone(),
        direction,
        fields: code_fields(from_entry, to_entry),
        warnings: runtime_warnings(&ctx, &runtime, from_entry, to_entry),
        runtime,
        between: between(&history, from_pos, to_pos),
        commits: Commits { from: target_commit(&history, from_entry), to: target_commit(&history, to_entry) },
    })
}

/// §4: the code state a rollback restores, in the plan's order, each value as a plan
/// writes it.
fn code_fields(from: &Deploy, to: &Deploy) -> Vec<CodeFieldChange> {
    let runtime = |d: &Deploy| d.runtime_version.as_ref().map(ToString::to_string).into();
    vec![
        CodeFieldChange::new(Field::ImageTag, from.image_tag.clone().into(), to.image_tag.clone().into()),
        CodeFieldChange::new(
            Field::DagBundleVersion,
            from.dag_bundle_version.clone().into(),
            to.dag_bundle_version.clone().into(),
        ),
        CodeFieldChange::new(
            Field::DbtBundles,
            FieldValue::DbtBundles(from.dbt_bundles.clone()),
            FieldValue::DbtBundles(to.dbt_bundles.clone()),
        ),
        CodeFieldChange::new(Field::RuntimeVersion, runtime(from), runtime(to)),
        CodeFieldChange::new(
            Field::DagDeployEnabled,
            FieldValue::Flag(from.dag_deploy_enabled),
            FieldValue::Flag(to.dag_deploy_enabled),
        ),
    ]
}

/// D1: which way the Runtime moves from `from` to `to`, and the downgrade a rollback from
/// the one to the other would be. [decided] As in a plan, an unknown Runtime classifies
/// nothing, except that an entry compared with itself has the same Runtime.
fn runtime_change(ctx: &Context<'_, '_>, from: &Deploy, to: &Deploy, direction: Direction) -> RuntimeChange {
    let (change, down) = match (&from.runtime_version, &to.runtime_version) {
        _ if direction == Direction::Same => (RuntimeChangeKind::Same, None),
        (Some(a), Some(b)) => match b.cmp(a) {
            Ordering::Greater => (RuntimeChangeKind::Upgrade, None),
            Ordering::Less => (RuntimeChangeKind::Downgrade, downgrade(ctx, a, b)),
            Ordering::Equal => (RuntimeChangeKind::Same, None),
        },
        _ => (RuntimeChangeKind::Unknown, None),
    };
    RuntimeChange {
        from: from.runtime_version.clone(),
        to: to.runtime_version.clone(),
        change,
        downgrade: down,
    }
}

/// D1: the warnings a plan gives about the Runtime, for going from one entry's to the
/// other's, in the plan's order.
fn runtime_warnings(
    ctx: &Context<'_, '_>,
    runtime: &RuntimeChange,
    from: &Deploy,
    to: &Deploy,
) -> Vec<Warning> {
    let mut out = Vec::new();
    out.extend(runtime.downgrade.as_ref().map(|d| downgrade_warning(ctx, d)));
    if let (Some(a), Some(b)) = (&runtime.from, &runtime.to) {
        let what = format!("going from {}'s code to {}'s", from.id, to.id);
        out.extend(major_upgrade_warning(ctx, a, b, &what));
    }
    out.extend(runtime.downgrade.as_ref().map(erasure_warning));
    out
}

/// The ids of the entries strictly between positions `a` and `b`, newest first.
fn between(history: &History<'_>, a: usize, b: usize) -> Vec<String> {
    let (older, newer) = if a < b { (a, b) } else { (b, a) };
    (older + 1..newer).rev().filter_map(|pos| history.at(pos)).map(|d| d.id.clone()).collect()
}
