//! Every default the rules use, in one place: the retention window, the grace period for
//! running tasks, the Runtime minimums and the range that cannot be automated, and the
//! description limit. A scenario's `options` overrides the first five.

use super::Scenario;
use crate::runtime::RuntimeVersion;
use serde::{Deserialize, Deserializer, Serialize};

/// The most characters (Unicode scalar values, as Rust counts them) a rollback
/// description may have: 500, as Astro allows.
pub const MAX_DESCRIPTION_CHARS: usize = 500;

/// The values the rules call policy: each has the documented default and can be
/// overridden in a scenario's `options`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PolicyOptions {
    /// How long images, Dags and (Private Cloud) deploy records are kept, in days of
    /// 24 h: 0 to 36,500. [decided] 90 × 24 h, inclusive: the docs say both "90 days" and
    /// "three months".
    #[serde(deserialize_with = "retention_days")]
    pub retention_days: u32,
    /// Private Cloud: the oldest Runtime, current or target, that can roll back (5.0.0,
    /// Airflow 2.3).
    pub private_cloud_minimum_runtime: RuntimeVersion,
    /// An Airflow 3 → 2 rollback must land on this Runtime or newer (5.0.0).
    pub airflow2_minimum_target: RuntimeVersion,
    /// Runtimes from which (or to which) a rollback cannot be automated, inclusive
    /// (`3.0-1` … `3.1-1`); `null` lifts the restriction. A reversed range is refused.
    #[serde(deserialize_with = "runtime_range")]
    pub unsupported_runtime_range: Option<RuntimeRange>,
    /// Private Cloud: whether the installation allows rollbacks at all.
    pub installation_rollbacks_enabled: bool,
    /// Hours a task may keep running on the old code after a deploy (24).
    pub task_grace_period_hours: u32,
}

/// The most retention the engine accepts: a century.
pub const MAX_RETENTION_DAYS: u32 = 36_500;

/// A retention of 0 to [`MAX_RETENTION_DAYS`] days.
fn retention_days<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let days = u64::deserialize(deserializer)?;
    u32::try_from(days).ok().filter(|d| *d <= MAX_RETENTION_DAYS).ok_or_else(|| {
        serde::de::Error::custom(crate::error::tagged(
            crate::error::ErrorCode::InvalidValue,
            format_args!(
                "{days} days; the retention is a whole number of days from 0 to {MAX_RETENTION_DAYS}"
            ),
        ))
    })
}

impl Default for PolicyOptions {
    fn default() -> Self {
        Self {
            retention_days: 90,
            private_cloud_minimum_runtime: RuntimeVersion::semver(5, 0, 0),
            airflow2_minimum_target: RuntimeVersion::semver(5, 0, 0),
            unsupported_runtime_range: Some(RuntimeRange {
                from: RuntimeVersion::dashed(3, 0, 1),
                to: RuntimeVersion::dashed(3, 1, 1),
            }),
            installation_rollbacks_enabled: true,
            task_grace_period_hours: 24,
        }
    }
}

/// An inclusive range of Runtime versions (`from` at most `to` when read in options).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuntimeRange {
    /// The first version in the range.
    pub from: RuntimeVersion,
    /// The last version in the range.
    pub to: RuntimeVersion,
}

/// [decided] An `unsupportedRuntimeRange` whose `from` ranks above its `to` is refused
/// when read: as an empty range it would silently switch the E5 rule off. (A check after
/// the derived reader, not a reader of its own: each reader costs the WASM module bytes.)
fn runtime_range<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<RuntimeRange>, D::Error> {
    let range = Option::<RuntimeRange>::deserialize(deserializer)?;
    if let Some(r) = range.as_ref().filter(|r| r.from > r.to) {
        return Err(serde::de::Error::custom(crate::error::tagged_whole(
            crate::error::ErrorCode::InvalidValue,
            format_args!("the range runs from {} down to {}: `from` must not rank above `to`", r.from, r.to),
        )));
    }
    Ok(range)
}

/// The options in force for a scenario, with the limits that are not options, so that a
/// front end never restates the engine's defaults (`resolvedOptions` in JS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResolvedOptions {
    /// See [`PolicyOptions::retention_days`].
    pub retention_days: u32,
    /// See [`PolicyOptions::private_cloud_minimum_runtime`].
    pub private_cloud_minimum_runtime: RuntimeVersion,
    /// See [`PolicyOptions::airflow2_minimum_target`].
    pub airflow2_minimum_target: RuntimeVersion,
    /// See [`PolicyOptions::unsupported_runtime_range`].
    pub unsupported_runtime_range: Option<RuntimeRange>,
    /// See [`PolicyOptions::installation_rollbacks_enabled`].
    pub installation_rollbacks_enabled: bool,
    /// See [`PolicyOptions::task_grace_period_hours`].
    pub task_grace_period_hours: u32,
    /// [`MAX_DESCRIPTION_CHARS`].
    pub max_description_chars: usize,
}

impl ResolvedOptions {
    /// The options in force for `scenario`.
    ///
    /// ```
    /// let scenario = deploy_rollback::ffi::example_scenario().unwrap();
    /// let options = deploy_rollback::ResolvedOptions::of(&scenario);
    /// assert_eq!((options.retention_days, options.max_description_chars), (90, 500));
    /// ```
    pub fn of(scenario: &Scenario) -> Self {
        let o = scenario.options.clone();
        Self {
            retention_days: o.retention_days,
            private_cloud_minimum_runtime: o.private_cloud_minimum_runtime,
            airflow2_minimum_target: o.airflow2_minimum_target,
            unsupported_runtime_range: o.unsupported_runtime_range,
            installation_rollbacks_enabled: o.installation_rollbacks_enabled,
            task_grace_period_hours: o.task_grace_period_hours,
            max_description_chars: MAX_DESCRIPTION_CHARS,
        }
    }
}
