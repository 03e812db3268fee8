//! Astro Runtime versions (docs/rules.md §2): both formats, the astro CLI's ordering, and
//! what each version means (its Airflow line, whether it is yanked), from the built-in
//! table or a catalogue.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// An Astro Runtime version, in either format:
///
/// - semver, the Airflow 2 era: `9.1.0`, `12.4.0`, `12.4.0-rc1`;
/// - dashed, the Airflow 3 era: `3.0-1`, `3.1-11`, `3.1-11-rc1` (Airflow `X.Y`, Astronomer
///   patch `Z`, an optional pre-release after `-` or `.`).
///
/// A leading `v` is tolerated. Ordering is the astro CLI's: every dashed version is newer
/// than every semver one; within a format versions compare numerically, and a
/// pre-release comes before its release.
///
/// ```
/// use deploy_rollback::RuntimeVersion;
/// let old: RuntimeVersion = "3.0.0".parse().unwrap(); // Airflow 2.1
/// let new: RuntimeVersion = "3.0-1".parse().unwrap(); // Airflow 3.0
/// assert!(old < new);
/// assert!("12.4.0".parse::<RuntimeVersion>().unwrap() < "3.0-1".parse().unwrap());
/// assert!("3.1-1-rc1".parse::<RuntimeVersion>().unwrap() < "3.1-1".parse().unwrap());
/// assert!("3.0".parse::<RuntimeVersion>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RuntimeVersion {
    dashed: bool,
    major: u64,
    minor: u64,
    /// `None` only for a dashed version read from an agent image tag without a patch
    /// (`4.0-python-3.12-…`): the whole `4.0` line.
    patch: Option<u64>,
    pre: semver::Prerelease,
}

/// Why a string is not a [`RuntimeVersion`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid runtime version `{input}`: {reason}")]
pub struct RuntimeVersionError {
    input: String,
    reason: &'static str,
}

/// An Airflow `major.minor` line, such as 2.7 or 3.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AirflowLine {
    /// 2 or 3.
    pub major: u64,
    /// The minor version.
    pub minor: u64,
}

impl fmt::Display for AirflowLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Semver-format Runtime major → the Airflow 2 minor it ships.
/// [decided] 13 → 2.11 is inferred, not stated by Astronomer.
const AIRFLOW_OF_SEMVER_MAJOR: [(u64, u64); 11] =
    [(3, 1), (4, 2), (5, 3), (6, 4), (7, 5), (8, 6), (9, 7), (10, 8), (11, 9), (12, 10), (13, 11)];

/// A semver-format release as `(major, minor, patch)`.
type Triple = (u64, u64, u64);

/// Known yanked (do-not-use) releases, as inclusive ranges of semver-format versions.
const YANKED: [(Triple, Triple); 3] =
    [((8, 0, 0), (8, 0, 0)), ((9, 0, 0), (9, 6, 0)), ((11, 0, 0), (11, 1, 0))];

impl RuntimeVersion {
    /// A semver-format release `major.minor.patch`.
    pub fn semver(major: u64, minor: u64, patch: u64) -> Self {
        Self { dashed: false, major, minor, patch: Some(patch), pre: semver::Prerelease::EMPTY }
    }

    /// A dashed-format release `major.minor-patch`.
    pub fn dashed(major: u64, minor: u64, patch: u64) -> Self {
        Self { dashed: true, major, minor, patch: Some(patch), pre: semver::Prerelease::EMPTY }
    }

    /// Whether this is the dashed (Airflow 3 era) format.
    pub fn is_dashed(&self) -> bool {
        self.dashed
    }

    /// The first number: the Runtime major (semver) or the Airflow major (dashed).
    pub fn major(&self) -> u64 {
        self.major
    }

    /// Whether this is a pre-release.
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// The release this version is or leads up to: the same numbers without a pre-release.
    pub(crate) fn release(&self) -> Self {
        Self { pre: semver::Prerelease::EMPTY, ..self.clone() }
    }

    /// Parses the Runtime part of an agent image tag, where a dashed version may stand
    /// without its patch (`4.0`) or be a pre-release (`3.1-6-rc1`).
    pub(crate) fn parse_agent_runtime(s: &str) -> Result<Self, RuntimeVersionError> {
        let fail = |reason| RuntimeVersionError { input: clip(s), reason };
        let (major, rest) = number(s, "expected a number first").map_err(fail)?;
        let rest = rest.strip_prefix('.').ok_or_else(|| fail("expected `.` after the major version"))?;
        let (minor, rest) = number(rest, "expected a minor version").map_err(fail)?;
        if rest.is_empty() {
            let pre = semver::Prerelease::EMPTY;
            return Ok(Self { dashed: true, major, minor, patch: None, pre });
        }
        let parsed: Self = s.parse()?;
        if parsed.dashed {
            Ok(parsed)
        } else {
            Err(fail("an agent image carries a dashed Runtime such as 3.1-11 or 4.0"))
        }
    }

    /// The Airflow line this Runtime ships, from the built-in table: dashed versions carry
    /// it in `X.Y`; semver majors 3 to 13 map to Airflow 2.1 to 2.11. `None` when unknown.
    pub fn builtin_airflow(&self) -> Option<AirflowLine> {
        if self.dashed {
            return Some(AirflowLine { major: self.major, minor: self.minor });
        }
        AIRFLOW_OF_SEMVER_MAJOR
            .iter()
            .find(|(runtime, _)| *runtime == self.major)
            .map(|&(_, minor)| AirflowLine { major: 2, minor })
    }

    /// Whether the built-in list marks this release as yanked.
    pub fn builtin_yanked(&self) -> bool {
        let Some(patch) = self.patch else { return false };
        let v = (self.major, self.minor, patch);
        !self.dashed && !self.is_prerelease() && YANKED.iter().any(|(lo, hi)| *lo <= v && v <= *hi)
    }

    /// Compares two agent/Deployment Runtimes the way compatibility needs it: a version
    /// without a patch (`4.0`) stands for its whole line and equals every `4.0-z`.
    pub(crate) fn cmp_line_aware(&self, other: &Self) -> Ordering {
        if self.patch.is_none() || other.patch.is_none() {
            (self.dashed, self.major, self.minor).cmp(&(other.dashed, other.major, other.minor))
        } else {
            self.cmp(other)
        }
    }
}

fn clip(s: &str) -> String {
    s.chars().take(64).collect()
}

/// Why [`number`] found no number.
const TOO_LARGE: &str = "number too large";

/// A run of ASCII digits at the start of `s` without a superfluous leading zero, and the
/// rest; `missing` when there is none. Look-alike digits from other scripts are not digits
/// here. [decided] A run of digits too large for a number (beyond 18446744073709551615)
/// is refused as "number too large", whatever follows it.
fn number<'a>(s: &'a str, missing: &'static str) -> Result<(u64, &'a str), &'static str> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, rest) = s.split_at(end);
    if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
        return Err(missing);
    }
    let value = digits.parse().map_err(|_| TOO_LARGE)?;
    Ok((value, rest))
}

impl FromStr for RuntimeVersion {
    type Err = RuntimeVersionError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |reason| RuntimeVersionError { input: clip(input), reason };
        let s = input.strip_prefix('v').unwrap_or(input);
        let (major, rest) = number(s, "expected a number first").map_err(fail)?;
        let rest = rest.strip_prefix('.').ok_or_else(|| fail("expected `.` after the major version"))?;
        let (minor, rest) = number(rest, "expected a minor version").map_err(fail)?;
        let (dashed, rest) = match rest.chars().next() {
            Some('.') => (false, rest.get(1..).unwrap_or_default()),
            Some('-') => (true, rest.get(1..).unwrap_or_default()),
            _ => return Err(fail("expected `X.Y.Z` (Airflow 2 era) or `X.Y-Z` (Airflow 3 era)")),
        };
        let (patch, rest) = number(rest, "expected a patch number").map_err(fail)?;
        let pre = match rest.chars().next() {
            None => "",
            Some('-') => rest.get(1..).unwrap_or_default(),
            Some('.') if dashed => rest.get(1..).unwrap_or_default(),
            Some('+') => return Err(fail("build metadata is not part of a Runtime version")),
            Some(_) => return Err(fail("unexpected characters after the patch number")),
        };
        if !rest.is_empty() && pre.is_empty() {
            return Err(fail("empty pre-release"));
        }
        let pre = semver::Prerelease::new(pre).map_err(|_| fail("invalid pre-release"))?;
        Ok(Self { dashed, major, minor, patch: Some(patch), pre })
    }
}

crate::text::serde_as_text!(
    RuntimeVersion,
    crate::error::ErrorCode::InvalidRuntimeVersion,
    "an Astro Runtime version such as 9.1.0 or 3.1-11"
);

impl fmt::Display for RuntimeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = if self.dashed { '-' } else { '.' };
        write!(f, "{}.{}", self.major, self.minor)?;
        if let Some(patch) = self.patch {
            write!(f, "{sep}{patch}")?;
        }
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        Ok(())
    }
}

impl fmt::Debug for RuntimeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Ord for RuntimeVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        // `None` (a whole line) sorts before the line's first patch; `Prerelease` orders
        // a release after all of its pre-releases.
        (self.dashed, self.major, self.minor, self.patch)
            .cmp(&(other.dashed, other.major, other.minor, other.patch))
            .then_with(|| self.pre.cmp(&other.pre))
    }
}

impl PartialOrd for RuntimeVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn v(s: &str) -> RuntimeVersion {
        match s.parse() {
            Ok(v) => v,
            Err(err) => unreachable!("{err}"),
        }
    }

    #[test]
    fn both_formats_parse_and_print() {
        for s in ["9.1.0", "12.4.0", "3.0-1", "3.1-11", "12.4.0-rc.1", "3.1-1-alpha1", "0.0.0"] {
            assert_eq!(v(s).to_string(), s);
        }
        assert_eq!(v("v12.4.0").to_string(), "12.4.0");
        assert_eq!(v("3.1-1.dev1").to_string(), "3.1-1-dev1");
    }

    #[test]
    fn malformed_versions_are_errors() {
        for s in [
            "",
            "3",
            "3.0",
            "3.0.",
            "3.0-",
            "3..0",
            "03.0.0",
            "3.0.0.0",
            "3.0.0+b1",
            "x.y.z",
            "3.0-1-",
            "V3.0.0",
            "３.0.0",
            "3.0.0 ",
            " 3.0.0",
            "99999999999999999999.0.0",
            "3.0-1_rc",
        ] {
            assert!(s.parse::<RuntimeVersion>().is_err(), "{s:?} parsed");
        }
    }

    #[test]
    fn dashed_is_newer_than_every_semver() {
        assert!(v("3.0.0") < v("3.0-0"));
        assert!(v("13.99.99") < v("2.0-0"));
        assert!(v("9.1.0") < v("9.5.0"));
        assert!(v("9.10.0") > v("9.9.0"));
        assert!(v("3.1-11") > v("3.1-2"));
        assert!(v("12.4.0-rc1") < v("12.4.0"));
        assert!(v("12.4.0-rc.2") < v("12.4.0-rc.10"));
    }

    #[test]
    fn airflow_lines() {
        assert_eq!(v("9.5.0").builtin_airflow(), Some(AirflowLine { major: 2, minor: 7 }));
        assert_eq!(v("13.0.0").builtin_airflow(), Some(AirflowLine { major: 2, minor: 11 }));
        assert_eq!(v("3.1-11").builtin_airflow(), Some(AirflowLine { major: 3, minor: 1 }));
        assert_eq!(v("2.1.1").builtin_airflow(), None);
    }

    #[test]
    fn yanked_releases() {
        for s in ["8.0.0", "9.0.0", "9.3.0", "9.6.0", "11.0.0", "11.1.0"] {
            assert!(v(s).builtin_yanked(), "{s}");
        }
        for s in ["8.0.1", "9.7.0", "11.2.0", "10.0.0", "3.0-1", "9.1.0-rc1"] {
            assert!(!v(s).builtin_yanked(), "{s}");
        }
    }

    #[test]
    fn agent_runtimes_may_omit_the_patch() {
        let line = match RuntimeVersion::parse_agent_runtime("4.0") {
            Ok(line) => line,
            Err(err) => unreachable!("{err}"),
        };
        assert_eq!(line.to_string(), "4.0");
        assert_eq!(line.cmp_line_aware(&v("4.0-7")), Ordering::Equal);
        assert_eq!(line.cmp_line_aware(&v("3.1-7")), Ordering::Greater);
        assert!(RuntimeVersion::parse_agent_runtime("12.4.0").is_err());
    }
}
