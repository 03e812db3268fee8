//! Remote Execution agent images: the Runtime an agent runs, read from its image tag.

use crate::runtime::RuntimeVersion;
use std::fmt;
use std::str::FromStr;

/// A Remote Execution agent image reference whose tag has the shape
/// `<runtime>[-<distro>]-python-<py>-astro-agent-<agentVersion>[-base]`, where the
/// Runtime may be a pre-release (`3.1-6-rc1`).
///
/// ```
/// use deploy_rollback::AgentImage;
/// let image: AgentImage = "registry.example.com/agent:3.0-12-ubi9-python-3.11-astro-agent-1.1.0-base"
///     .parse()
///     .unwrap();
/// assert_eq!(image.runtime_version().to_string(), "3.0-12");
/// assert_eq!(image.distro(), Some("ubi9"));
/// assert!(image.is_base());
/// assert!("registry.example.com/agent".parse::<AgentImage>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AgentImage {
    reference: String,
    runtime: RuntimeVersion,
    distro: Option<String>,
    python: String,
    agent_version: String,
    base: bool,
}

/// The parts of an [`AgentImage`], as `parseAgentImage` returns them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentImageParts {
    /// The image repository (everything before the tag).
    pub repository: String,
    /// The Runtime the agent is built on (`3.1-11`, or `4.0` for a whole line).
    pub runtime_version: RuntimeVersion,
    /// The Python version (`3.12`).
    pub python_version: String,
    /// The agent's own version (`1.3.3`).
    pub agent_version: String,
    /// The base distribution (`ubi9`), when the tag names one.
    pub distro: Option<String>,
    /// Whether this is a `-base` image.
    pub is_base: bool,
}

/// Why a string is not an [`AgentImage`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid agent image `{input}`: {reason}")]
pub struct AgentImageError {
    input: String,
    reason: String,
}

impl AgentImage {
    /// The Runtime version the agent is built on.
    pub fn runtime_version(&self) -> &RuntimeVersion {
        &self.runtime
    }

    /// The base distribution named in the tag, if any.
    pub fn distro(&self) -> Option<&str> {
        self.distro.as_deref()
    }

    /// Whether the tag ends in `-base`.
    pub fn is_base(&self) -> bool {
        self.base
    }

    /// The parts, for display and for JS.
    pub fn parts(&self) -> AgentImageParts {
        let repository = self.reference.rsplit_once(':').map_or("", |(repo, _)| repo).to_owned();
        AgentImageParts {
            repository,
            runtime_version: self.runtime.clone(),
            python_version: self.python.clone(),
            agent_version: self.agent_version.clone(),
            distro: self.distro.clone(),
            is_base: self.base,
        }
    }
}

fn is_dotted_number(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

impl FromStr for AgentImage {
    type Err = AgentImageError;

    fn from_str(reference: &str) -> Result<Self, Self::Err> {
        let fail = |reason: &str| AgentImageError {
            input: reference.chars().take(120).collect(),
            reason: reason.to_owned(),
        };
        // The tag follows the last `:` after the last `/` (a registry port is not a tag).
        let name_start = reference.rfind('/').map_or(0, |i| i + 1);
        let tag = reference
            .get(name_start..)
            .and_then(|name| name.rsplit_once(':'))
            .map(|(_, tag)| tag)
            .ok_or_else(|| fail("the reference has no tag"))?;
        if reference.contains('@') {
            return Err(fail("a digest reference does not say which Runtime the agent runs"));
        }
        let (head, tail) = tag
            .split_once("-python-")
            .ok_or_else(|| fail("expected `<runtime>-python-<py>-astro-agent-<version>` in the tag"))?;
        let (python, agent) = tail
            .split_once("-astro-agent-")
            .ok_or_else(|| fail("expected `-astro-agent-<version>` after the Python version"))?;
        if !is_dotted_number(python) {
            return Err(fail("the Python version must look like 3.12"));
        }
        // [decided] `-astro-agent-` marks the agent version once; twice is not a tag the
        // agent images use, and neither reading of it can be trusted.
        if agent.split_once("-astro-agent-").is_some() {
            return Err(fail("`-astro-agent-` appears more than once in the tag"));
        }
        // [decided] One final `-base` is stripped; the rest is the version, so
        // `1.3.3-base-base` is the version `1.3.3-base` of a base image.
        let (agent_version, base) = match agent.strip_suffix("-base") {
            Some(version) => (version, true),
            None => (agent, false),
        };
        // [decided] The agent version is kept as text, as the astro CLI keeps it: release
        // candidates and development builds (`1.4.0rc1`, `1.4.0-rc.1`, `1.4.0.dev2`) are
        // agents too. It starts with a digit and holds no spaces or punctuation beyond
        // `.`, `-`, `+` and `_`.
        let version_chars = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_');
        let well_formed = agent_version.starts_with(|c: char| c.is_ascii_digit())
            && agent_version.bytes().all(version_chars);
        if !well_formed {
            return Err(fail(
                "the agent version must look like 1.1.0 (or 1.4.0rc1), optionally followed by -base",
            ));
        }
        // The Runtime is `X.Y` or `X.Y-Z`, then an optional pre-release segment (`rc1`),
        // then an optional distro.
        let runtime_len = runtime_prefix_len(head);
        let (mut runtime, mut rest) = head.split_at(runtime_len);
        let first_segment = rest.strip_prefix('-').and_then(|r| r.split('-').next());
        if let Some(pre) = first_segment.filter(|s| is_prerelease_word(s)) {
            if !runtime.contains('-') {
                return Err(fail("a pre-release Runtime needs its patch number, like 3.1-6-rc1"));
            }
            let end = runtime_len + 1 + pre.len();
            runtime = head.get(..end).unwrap_or(runtime);
            rest = head.get(end..).unwrap_or_default();
        }
        let distro = match rest.strip_prefix('-') {
            None if rest.is_empty() => None,
            Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_alphanumeric()) => Some(d.to_owned()),
            _ => return Err(fail("the distro after the Runtime must be letters and digits, like ubi9")),
        };
        let runtime = RuntimeVersion::parse_agent_runtime(runtime).map_err(|err| fail(&err.to_string()))?;
        Ok(Self {
            reference: reference.to_owned(),
            runtime,
            distro,
            python: python.to_owned(),
            agent_version: agent_version.to_owned(),
            base,
        })
    }
}

/// [decided] Whether a segment of an agent tag after the Runtime is a pre-release of the
/// Runtime rather than a distro: `rc`, `alpha`, `beta` or `dev`, an optional `.`, then
/// digits (`rc1`, `beta.2`, `dev0`). No distro is named like that.
fn is_prerelease_word(segment: &str) -> bool {
    ["rc", "alpha", "beta", "dev"].iter().any(|word| {
        segment.strip_prefix(word).is_some_and(|n| {
            let n = n.strip_prefix('.').unwrap_or(n);
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

/// The length of the leading `X.Y` or `X.Y-Z` of `s`.
fn runtime_prefix_len(s: &str) -> usize {
    let digits = |from: usize| s.get(from..).map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
    let mut end = digits(0);
    if s.as_bytes().get(end) == Some(&b'.') {
        end += 1 + digits(end + 1);
        if s.as_bytes().get(end) == Some(&b'-') {
            let patch = digits(end + 1);
            if patch > 0 {
                end += 1 + patch;
            }
        }
    }
    end
}

crate::text::serde_as_text!(
    AgentImage,
    crate::error::ErrorCode::InvalidAgentImage,
    "a Remote Execution agent image reference"
);

impl fmt::Display for AgentImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reference)
    }
}

impl fmt::Debug for AgentImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn parts(s: &str) -> AgentImageParts {
        match s.parse::<AgentImage>() {
            Ok(image) => image.parts(),
            Err(err) => unreachable!("{err}"),
        }
    }

    #[test]
    fn every_documented_shape_parses() {
        let p = parts("images.example.com/astro/agent:3.1-1-python-3.12-astro-agent-1.1.0");
        assert_eq!(
            (
                p.runtime_version.to_string(),
                p.python_version.as_str(),
                p.agent_version.as_str(),
                p.distro,
                p.is_base
            ),
            ("3.1-1".to_owned(), "3.12", "1.1.0", None, false)
        );
        assert_eq!(p.repository, "images.example.com/astro/agent");
        let p = parts("agent:3.0-12-ubi9-python-3.11-astro-agent-1.1.0-base");
        assert_eq!(
            (p.runtime_version.to_string(), p.distro.as_deref(), p.is_base),
            ("3.0-12".to_owned(), Some("ubi9"), true)
        );
        let p = parts("localhost:5000/agent:4.0-python-3.12-astro-agent-2.0.0");
        assert_eq!(
            (p.runtime_version.to_string(), p.repository.as_str()),
            ("4.0".to_owned(), "localhost:5000/agent")
        );
        let p = parts("agent:4.0-ubi9-python-3.12-astro-agent-2.0.0");
        assert_eq!((p.runtime_version.to_string(), p.distro.as_deref()), ("4.0".to_owned(), Some("ubi9")));
    }

    #[test]
    fn other_shapes_are_errors() {
        for bad in [
            "agent",
            "localhost:5000/agent",
            "agent:latest",
            "agent:3.1-1-python-3.12-astro-agent-1.1.0 ",
            "agent:3.1-1-python-3.12-astro-agent-",
            "agent:3.1-1-python-three-astro-agent-1.1.0",
            "agent:12.4.0-python-3.12-astro-agent-1.1.0",
            "agent:3.1-1-ubi-9-python-3.12-astro-agent-1.1.0",
            "agent:-python-3.12-astro-agent-1.1.0",
            "agent@sha256:abc",
            "agent:３.1-1-python-3.12-astro-agent-1.1.0",
        ] {
            assert!(bad.parse::<AgentImage>().is_err(), "{bad:?} parsed");
        }
    }
}
