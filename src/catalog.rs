//! The runtime catalogue: Astronomer's updates-service JSON, which, when a caller supplies
//! it, overrides the built-in table with exact Airflow versions, yanked flags and
//! metadata-database migrations.

use crate::runtime::{AirflowLine, RuntimeVersion};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;
use std::str::FromStr;

/// The updates service's shape: `runtimeVersions` (semver format) and
/// `runtimeVersionsV3` (dashed format), keyed by version. Unknown fields are ignored: the
/// document is Astronomer's, not ours.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RuntimeCatalog {
    /// Airflow 2 era releases.
    pub runtime_versions: BTreeMap<RuntimeVersion, CatalogEntry>,
    /// Airflow 3 era releases.
    pub runtime_versions_v3: BTreeMap<RuntimeVersion, CatalogEntry>,
}

/// One release in the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct CatalogEntry {
    /// Facts about the release.
    pub metadata: CatalogMetadata,
    /// Migrations that upgrading to this release runs.
    pub migrations: CatalogMigrations,
}

/// `metadata` of a catalogue entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogMetadata {
    /// The exact Airflow version, such as `2.7.3`.
    pub airflow_version: Option<AirflowVersion>,
    /// Whether Astronomer withdrew the release.
    pub yanked: bool,
    /// Why it was withdrawn.
    pub yanked_reason: Option<String>,
    /// When it was released (as published; not interpreted).
    pub release_date: Option<String>,
}

/// `migrations` of a catalogue entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogMigrations {
    /// Upgrading to this release migrates the Airflow metadata database.
    pub airflow_database: bool,
}

/// An exact Airflow version (`2.7.3`, `3.0.1`), kept as written and read for its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AirflowVersion {
    pub(crate) text: String,
    line: AirflowLine,
}

/// Why a string is not an [`AirflowVersion`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an Airflow version such as 2.7.3")]
pub struct AirflowVersionError(String);

impl FromStr for AirflowVersion {
    type Err = AirflowVersionError;

    /// `text` if it starts with a `major.minor` Airflow version.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.split(['.', '+', '-']);
        let mut next = || parts.next().and_then(|p| p.parse::<u64>().ok());
        match (next(), next()) {
            (Some(major), Some(minor)) => {
                Ok(Self { line: AirflowLine { major, minor }, text: text.to_owned() })
            }
            _ => Err(AirflowVersionError(text.chars().take(64).collect())),
        }
    }
}

impl fmt::Display for AirflowVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

crate::text::serde_as_text!(
    AirflowVersion,
    crate::error::ErrorCode::InvalidValue,
    "an Airflow version such as 2.7.3"
);

impl AirflowVersion {
    /// Its `major.minor` line.
    pub fn line(&self) -> AirflowLine {
        self.line
    }
}

/// What the engine knows about Runtime versions: the catalogue when one is supplied, the
/// built-in table otherwise (and for versions the catalogue does not list).
#[derive(Debug, Clone, Copy)]
pub struct Runtimes<'a> {
    catalog: Option<&'a RuntimeCatalog>,
}

impl<'a> Runtimes<'a> {
    /// Knowledge from `catalog`, falling back to the built-in table.
    pub fn new(catalog: Option<&'a RuntimeCatalog>) -> Self {
        Self { catalog }
    }

    fn entry(&self, version: &RuntimeVersion) -> Option<&'a CatalogEntry> {
        let catalog = self.catalog?;
        let map = if version.is_dashed() { &catalog.runtime_versions_v3 } else { &catalog.runtime_versions };
        map.get(version)
    }

    /// The Airflow line of `version`.
    pub fn airflow(&self, version: &RuntimeVersion) -> Option<AirflowLine> {
        self.entry(version)
            .and_then(|e| e.metadata.airflow_version.as_ref())
            .map(AirflowVersion::line)
            .or_else(|| version.builtin_airflow())
    }

    /// `Some(reason)` when `version` is yanked (the reason may be empty).
    pub fn yanked(&self, version: &RuntimeVersion) -> Option<String> {
        match self.entry(version) {
            Some(entry) if entry.metadata.yanked => {
                Some(entry.metadata.yanked_reason.clone().unwrap_or_default())
            }
            Some(_) => None,
            None => version.builtin_yanked().then(String::new),
        }
    }

    /// Whether moving between `a` and `b` crosses a metadata-database migration, per the
    /// catalogue: some release in `(lower, higher]` migrates the database. `None` without
    /// a catalogue.
    pub fn crosses_migration(&self, a: &RuntimeVersion, b: &RuntimeVersion) -> Option<bool> {
        let catalog = self.catalog?;
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let range = (Bound::Excluded(low), Bound::Included(high));
        let migrates = |map: &BTreeMap<RuntimeVersion, CatalogEntry>| {
            map.range::<RuntimeVersion, _>(range).any(|(_, e)| e.migrations.airflow_database)
        };
        Some(migrates(&catalog.runtime_versions) || migrates(&catalog.runtime_versions_v3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn catalog() -> RuntimeCatalog {
        let text = r#"{
            "runtimeVersions": {
                "9.1.0": {"metadata": {"airflowVersion": "2.7.1", "channel": "stable"}, "migrations": {"airflowDatabase": false}},
                "9.5.0": {"metadata": {"airflowVersion": "2.7.3", "yanked": true, "yankedReason": "bad"}, "migrations": {"airflowDatabase": true}},
                "10.0.0": {"metadata": {"airflowVersion": "2.8.0"}}
            },
            "runtimeVersionsV3": {"3.0-1": {"metadata": {"airflowVersion": "3.0.1"}, "migrations": {"airflowDatabase": true}}}
        }"#;
        match crate::json::from_json(text) {
            Ok(c) => c,
            Err(err) => unreachable!("{err}"),
        }
    }

    #[track_caller]
    fn v(s: &str) -> RuntimeVersion {
        match s.parse() {
            Ok(v) => v,
            Err(err) => unreachable!("{err}"),
        }
    }

    #[test]
    fn catalogue_overrides_the_table() {
        let c = catalog();
        let r = Runtimes::new(Some(&c));
        assert_eq!(r.yanked(&v("9.5.0")).as_deref(), Some("bad"));
        assert_eq!(r.yanked(&v("9.1.0")), None, "listed and not yanked beats the built-in list");
        assert_eq!(r.yanked(&v("9.2.0")).as_deref(), Some(""), "unlisted falls back to the table");
        assert_eq!(r.crosses_migration(&v("9.5.0"), &v("9.1.0")), Some(true));
        assert_eq!(r.crosses_migration(&v("9.1.0"), &v("9.4.0")), Some(false));
        assert_eq!(r.crosses_migration(&v("10.0.0"), &v("3.0-1")), Some(true));
        assert_eq!(Runtimes::new(None).crosses_migration(&v("9.5.0"), &v("9.1.0")), None);
    }

    #[test]
    fn bad_airflow_versions_are_errors() {
        let text = r#"{"runtimeVersions": {"9.1.0": {"metadata": {"airflowVersion": "two"}}}}"#;
        let err = crate::json::from_json::<RuntimeCatalog>(text).err();
        assert_eq!(err.map(|e| e.code()), Some(ErrorCode::InvalidValue));
    }
}
