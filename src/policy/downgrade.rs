//! D1 (docs/rules.md §5): whether a rollback lowers the Runtime, how far, and how likely
//! it erases metadata.

use super::tasks::Lowers;
use super::warnings::{warning, Facts, Warning, WarningCode};
use super::Context;
use crate::model::Deploy;
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

crate::names::contract_names!(DowngradeKind { Patch, AirflowMinor, AirflowMajor });

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

crate::names::contract_names!(Likelihood { Possible, Likely });

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

/// D1 for a rollback to `target` (at position `pos`): its downgrade, and whether it lowers
/// the Runtime as far as can be told. [decided] With either Runtime unknown no downgrade is
/// classified (the plan warns `runtimeUnknown` instead), except that a rollback to the
/// current deploy itself is no downgrade even then.
pub(crate) fn classify(ctx: &Context<'_, '_>, pos: usize, target: &Deploy) -> (Option<Downgrade>, Lowers) {
    match (ctx.current_runtime(), target.runtime_version.as_ref()) {
        (Some(from), Some(to)) => {
            let down = downgrade(ctx, from, to);
            let lowers = if down.is_some() { Lowers::Yes } else { Lowers::No };
            (down, lowers)
        }
        _ if ctx.current().is_some_and(|(c, _)| c == pos) => (None, Lowers::No),
        _ => (None, Lowers::Unknown),
    }
}

/// Whether the Runtime changes, or cannot be told not to (one of them is unknown).
pub(crate) fn runtime_changes(
    ctx: &Context<'_, '_>,
    target: Option<&RuntimeVersion>,
    lowers: Lowers,
) -> bool {
    match (ctx.current_runtime(), target) {
        (Some(now), Some(then)) => now != then,
        _ => lowers == Lowers::Unknown,
    }
}

/// D1 [decided]: with the target's or the current Runtime unknown, no downgrade can be
/// classified and no agent judged.
pub(super) fn runtime_unknown(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let which = match (f.ctx.current_runtime(), &f.target.runtime_version) {
        (Some(_), Some(_)) => return None,
        (None, None) => "neither the current nor the target's Runtime is known",
        (None, Some(_)) => "the current Runtime is not known",
        (Some(_), None) => "the target's Runtime is not known",
    };
    Some(warning(
        WarningCode::RuntimeUnknown,
        format!("{which}: whether this is a downgrade (which erases metadata and fails running tasks) cannot be told; check the Runtime versions before rolling back"),
    ))
}

/// D1: the Runtime goes down, and how far. [decided] The words come from the two
/// Airflow lines themselves (4.0-1 → 3.1-12 is "from Airflow 4 to Airflow 3"); a patch
/// downgrade says that Airflow stays at its version.
pub(super) fn runtime_downgrade(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    f.downgrade.map(|d| downgrade_warning(f.ctx, d))
}

/// `runtimeDowngrade` for the downgrade `d` (a plan's, or a comparison's).
pub(crate) fn downgrade_warning(ctx: &Context<'_, '_>, d: &Downgrade) -> Warning {
    let lines = (ctx.runtimes.airflow(&d.from), ctx.runtimes.airflow(&d.to));
    let how = match (d.kind, lines) {
        (DowngradeKind::AirflowMajor, (Some(a), Some(b))) => {
            format!("from Airflow {} to Airflow {}, an older Airflow major version", a.major, b.major)
        }
        (DowngradeKind::AirflowMajor, _) => "to an older Airflow major version".to_owned(),
        (DowngradeKind::AirflowMinor, (Some(a), Some(b))) => {
            format!("from Airflow {a} to Airflow {b}, an older Airflow minor version")
        }
        (DowngradeKind::AirflowMinor, _) => "to an older Airflow minor version".to_owned(),
        (DowngradeKind::Patch, (Some(a), _)) => format!("Airflow stays {a}"),
        (DowngradeKind::Patch, _) => "Airflow stays at its version".to_owned(),
    };
    warning(
        WarningCode::RuntimeDowngrade,
        format!("the Runtime goes down from {} to {}: {how}", d.from, d.to),
    )
}

/// [decided] A rollback that moves Airflow up a major version (a roll forward to an
/// Airflow 3 deploy) migrates the database forward: slower, nothing erased.
pub(super) fn airflow_major_upgrade(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let current = f.ctx.current_runtime()?;
    let target = f.target.runtime_version.as_ref()?;
    major_upgrade_warning(f.ctx, current, target, "the rollback")
}

/// `airflowMajorUpgrade` when going from Runtime `current` to `target` moves Airflow up a
/// major version; `what` names the move ("the rollback").
pub(crate) fn major_upgrade_warning(
    ctx: &Context<'_, '_>,
    current: &RuntimeVersion,
    target: &RuntimeVersion,
    what: &str,
) -> Option<Warning> {
    let (from, to) = (ctx.airflow_major(current), ctx.airflow_major(target));
    (to > from).then(|| {
        warning(
            WarningCode::AirflowMajorUpgrade,
            format!("{what} moves Airflow up from {from} to {to} (Runtime {current} to {target}): the metadata database migrates forward, which takes longer; nothing is erased"),
        )
    })
}

/// D1: every downgrade may erase metadata; how likely.
pub(super) fn metadata_erasure(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    f.downgrade.map(erasure_warning)
}

/// `metadataErasure` for the downgrade `d`.
pub(crate) fn erasure_warning(d: &Downgrade) -> Warning {
    let (how, why) = match (d.metadata_erasure, d.kind) {
        (Likelihood::Possible, _) => ("may be", "no database migration is known between the two versions"),
        (Likelihood::Likely, DowngradeKind::Patch) => {
            ("is likely to be", "a metadata-database migration lies between the two versions")
        }
        (Likelihood::Likely, _) => ("is likely to be", "the Airflow major.minor version changes"),
    };
    let mut erasure = warning(
        WarningCode::MetadataErasure,
        format!("metadata of features that Runtime {} lacks {how} erased, and what is erased cannot be recovered: {why}", d.to),
    );
    if d.metadata_erasure == Likelihood::Likely {
        erasure.title = "Metadata will likely be erased".into();
    }
    erasure
}
