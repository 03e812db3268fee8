//! D1 (docs/rules.md §5): whether a rollback lowers the Runtime, how far, and how likely
//! it erases metadata.

use super::Context;
use crate::runtime::RuntimeVersion;
use serde::{Deserialize, Serialize};

/// A Runtime downgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Downgrade {
    /// The Runtime now.
    pub from: RuntimeVersion,
    /// The target's Runtime.
    pub to: RuntimeVersion,
    /// How far down it goes.
    pub kind: DowngradeKind,
    /// How likely metadata is erased.
    pub metadata_erasure: Likelihood,
}

/// How far down a downgrade goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum DowngradeKind {
    /// Within one Airflow major.minor.
    Patch,
    /// To an older Airflow minor.
    AirflowMinor,
    /// From Airflow 3 to Airflow 2.
    AirflowMajor,
}

crate::model::contract_names!(DowngradeKind { Patch, AirflowMinor, AirflowMajor });

/// How likely metadata-database data is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Likelihood {
    /// No migration is known between the two versions.
    Possible,
    /// A database migration or a change of Airflow version lies between them.
    Likely,
}

crate::model::contract_names!(Likelihood { Possible, Likely });

/// D1: a downgrade when the target's Runtime is older than the current one; classified
/// by Airflow line. [decided] Versions whose Airflow line is unknown are classified by
/// format and Runtime major (each semver major is one Airflow minor).
pub(crate) fn downgrade(
    ctx: &Context<'_, '_>,
    from: &RuntimeVersion,
    to: &RuntimeVersion,
) -> Option<Downgrade> {
    if to >= from {
        return None;
    }
    let kind = match (ctx.runtimes.airflow(from), ctx.runtimes.airflow(to)) {
        (Some(a), Some(b)) if a.major != b.major => DowngradeKind::AirflowMajor,
        (Some(a), Some(b)) if a.minor != b.minor => DowngradeKind::AirflowMinor,
        (Some(_), Some(_)) => DowngradeKind::Patch,
        _ if from.is_dashed() != to.is_dashed() => DowngradeKind::AirflowMajor,
        _ if from.major() != to.major() => DowngradeKind::AirflowMinor,
        _ => DowngradeKind::Patch,
    };
    let migration = ctx.runtimes.crosses_migration(from, to).unwrap_or(false);
    let metadata_erasure =
        if kind != DowngradeKind::Patch || migration { Likelihood::Likely } else { Likelihood::Possible };
    Some(Downgrade { from: from.clone(), to: to.clone(), kind, metadata_erasure })
}
