//! Remote Execution agent images: the tag
//! `<runtime>[-<distro>]-python-<py>-astro-agent-<agentVersion>[-base]` says which Runtime
//! an agent runs (docs/rules.md §6).
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use deploy_rollback::ffi::parse_agent_image;
use deploy_rollback::{AgentImage, AgentImageParts};

#[track_caller]
fn parts(reference: &str) -> AgentImageParts {
    parse_agent_image(reference).unwrap_or_else(|e| panic!("{reference:?} does not parse: {e}"))
}

/// The parts as `(repository, runtime, python, agent, distro, base)`.
#[track_caller]
fn assert_parts(reference: &str, expected: (&str, &str, &str, &str, Option<&str>, bool)) {
    let p = parts(reference);
    let actual = (
        p.repository.as_str(),
        p.runtime_version.to_string(),
        p.python_version.as_str(),
        p.agent_version.as_str(),
        p.distro.as_deref(),
        p.is_base,
    );
    let (repository, runtime, python, agent, distro, base) = expected;
    assert_eq!(actual, (repository, runtime.to_owned(), python, agent, distro, base), "{reference}");
    // The FromStr type agrees with the function and prints the reference back.
    let image: AgentImage = reference.parse().unwrap_or_else(|e| panic!("{reference:?}: {e}"));
    assert_eq!(image.runtime_version().to_string(), runtime, "{reference}");
    assert_eq!(image.distro(), distro, "{reference}");
    assert_eq!(image.is_base(), base, "{reference}");
    assert_eq!(image.to_string(), reference);
}

/// `reference` is refused with the invalidAgentImage code at `ref`, and a message that
/// quotes it.
#[track_caller]
fn assert_invalid(reference: &str) {
    match parse_agent_image(reference) {
        Ok(p) => panic!("{reference:?} parsed, Runtime {}", p.runtime_version),
        Err(err) => {
            assert_eq!(err.code().as_str(), "invalidAgentImage", "{reference:?}");
            assert_eq!(err.path(), "ref", "{reference:?}");
        }
    }
    match reference.parse::<AgentImage>() {
        Ok(_) => panic!("{reference:?} parsed as an AgentImage"),
        Err(err) => {
            let clipped: String = reference.chars().take(64).collect();
            assert!(err.to_string().contains(&clipped), "{err} does not quote {reference:?}");
        }
    }
}

#[test]
fn runtime_python_and_agent_version() {
    assert_parts(
        "images.example.com/astro/agent:3.1-1-python-3.12-astro-agent-1.1.0",
        ("images.example.com/astro/agent", "3.1-1", "3.12", "1.1.0", None, false),
    );
    assert_parts(
        "agent:3.1-11-python-3.12-astro-agent-1.3.3",
        ("agent", "3.1-11", "3.12", "1.3.3", None, false),
    );
}

#[test]
fn a_distro_and_a_base_image() {
    assert_parts(
        "agent:3.0-12-ubi9-python-3.11-astro-agent-1.1.0-base",
        ("agent", "3.0-12", "3.11", "1.1.0", Some("ubi9"), true),
    );
    assert_parts(
        "agent:3.0-12-ubi9-python-3.11-astro-agent-1.1.0",
        ("agent", "3.0-12", "3.11", "1.1.0", Some("ubi9"), false),
    );
    assert_parts(
        "agent:3.1-5-python-3.12-astro-agent-1.1.0-base",
        ("agent", "3.1-5", "3.12", "1.1.0", None, true),
    );
}

#[test]
fn a_runtime_without_its_patch() {
    assert_parts(
        "registry.example.com/agent:4.0-python-3.12-astro-agent-2.0.0",
        ("registry.example.com/agent", "4.0", "3.12", "2.0.0", None, false),
    );
    assert_parts(
        "agent:4.0-ubi9-python-3.12-astro-agent-2.0.0-base",
        ("agent", "4.0", "3.12", "2.0.0", Some("ubi9"), true),
    );
}

#[test]
fn a_registry_port_is_not_the_tag() {
    assert_parts(
        "localhost:5000/team/agent:3.1-1-python-3.12-astro-agent-1.1.0",
        ("localhost:5000/team/agent", "3.1-1", "3.12", "1.1.0", None, false),
    );
    assert_invalid("localhost:5000/agent");
}

#[test]
fn references_without_a_runtime_tag_are_errors() {
    for reference in [
        "",
        "agent",
        "agent:",
        "agent:latest",
        "agent:3.1-1",
        "agent@sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "agent:3.1-1-python-3.12-astro-agent-1.1.0@sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    ] {
        assert_invalid(reference);
    }
}

#[test]
fn the_runtime_must_be_an_airflow_3_era_release() {
    for reference in [
        "agent:12.4.0-python-3.12-astro-agent-1.1.0",
        "agent:3-python-3.12-astro-agent-1.1.0",
        "agent:-python-3.12-astro-agent-1.1.0",
        "agent:python-3.12-astro-agent-1.1.0",
    ] {
        assert_invalid(reference);
    }
}

#[test]
fn release_candidates_and_development_agents_are_agents() {
    // docs/rules.md §6 [decided]: the agent version is the text after `-astro-agent-`, up
    // to an optional `-base`.
    for (reference, version, base) in [
        ("agent:3.1-11-python-3.12-astro-agent-1.4.0rc1", "1.4.0rc1", false),
        ("agent:3.1-11-python-3.12-astro-agent-1.4.0-rc.1", "1.4.0-rc.1", false),
        ("agent:3.1-11-python-3.12-astro-agent-1.4.0.dev2", "1.4.0.dev2", false),
        ("agent:3.1-11-ubi9-python-3.12-astro-agent-1.4.0-rc.1-base", "1.4.0-rc.1", true),
        ("agent:3.1-11-python-3.12-astro-agent-1.1", "1.1", false),
    ] {
        let parts = reference.parse::<AgentImage>().map(|image| image.parts());
        let got =
            parts.as_ref().map(|p| (p.agent_version.as_str(), p.is_base, p.runtime_version.to_string()));
        assert_eq!(got.ok(), Some((version, base, "3.1-11".to_owned())), "{reference}");
    }
}

#[test]
fn malformed_parts_are_errors() {
    for reference in [
        "agent:3.1-1-python-three-astro-agent-1.1.0",
        "agent:3.1-1-python--astro-agent-1.1.0",
        "agent:3.1-1-python-3.12-astro-agent-",
        "agent:3.1-1-python-3.12-agent-1.1.0",
        "agent:3.1-1-ubi-9-python-3.12-astro-agent-1.1.0",
        "agent:3.1-1--python-3.12-astro-agent-1.1.0",
    ] {
        assert_invalid(reference);
    }
}

#[test]
fn trailing_garbage_and_look_alikes_are_errors() {
    for reference in [
        "agent:3.1-1-python-3.12-astro-agent-1.1.0 ",
        "agent:3.1-1-python-3.12-astro-agent-1.1.0\n",
        "agent:３.1-1-python-3.12-astro-agent-1.1.0",
        "agent:3.1-1-python-３.12-astro-agent-1.1.0",
        "agent:3.1-1-python-3.12-astro-agent-1.1.０",
        "agent:3.1‐1-python-3.12-astro-agent-1.1.0",
    ] {
        assert_invalid(reference);
    }
}

#[test]
fn a_pre_release_runtime_is_not_a_distro() {
    // docs/rules.md §6 [decided]: `rc`, `alpha`, `beta` or `dev` followed by digits, right
    // after the Runtime's patch, is the Runtime's pre-release.
    assert_parts(
        "agent:3.1-6-rc1-python-3.12-astro-agent-1.3.3",
        ("agent", "3.1-6-rc1", "3.12", "1.3.3", None, false),
    );
    assert_parts(
        "agent:3.1-6-beta2-ubi9-python-3.12-astro-agent-1.3.3-base",
        ("agent", "3.1-6-beta2", "3.12", "1.3.3", Some("ubi9"), true),
    );
    assert_parts(
        "agent:3.1-6-dev0-python-3.12-astro-agent-1.3.3",
        ("agent", "3.1-6-dev0", "3.12", "1.3.3", None, false),
    );
    // A word without digits is still a distro.
    assert_parts(
        "agent:3.1-6-devel-python-3.12-astro-agent-1.3.3",
        ("agent", "3.1-6", "3.12", "1.3.3", Some("devel"), false),
    );
    let image: AgentImage =
        "agent:3.1-6-rc1-python-3.12-astro-agent-1.3.3".parse().unwrap_or_else(|e| panic!("{e}"));
    assert!(image.runtime_version().is_prerelease());
    // A pre-release needs the patch it leads up to.
    assert_invalid("agent:4.0-rc1-python-3.12-astro-agent-2.0.0");
}

#[test]
fn only_the_last_base_is_the_base_marker() {
    // docs/rules.md §6 [decided]: one final `-base` is stripped; the rest is the version.
    assert_parts(
        "agent:3.1-6-python-3.12-astro-agent-1.3.3-base-base",
        ("agent", "3.1-6", "3.12", "1.3.3-base", None, true),
    );
}

#[test]
fn astro_agent_twice_is_an_error() {
    assert_invalid("agent:3.1-6-python-3.12-astro-agent-1.3.3-astro-agent-1.3.3");
    assert_invalid("agent:3.1-6-python-3.12-astro-agent-1.3.3-astro-agent-");
}

#[test]
fn a_runtime_number_too_large_says_so() {
    for reference in [
        "agent:18446744073709551616.1-1-python-3.12-astro-agent-1.3.3",
        "agent:3.18446744073709551616-1-python-3.12-astro-agent-1.3.3",
        "agent:3.1-18446744073709551616-python-3.12-astro-agent-1.3.3",
    ] {
        assert_invalid(reference);
        match parse_agent_image(reference) {
            Ok(_) => panic!("{reference} parsed"),
            Err(err) => assert!(err.message().contains("number too large"), "{reference}: {err}"),
        }
    }
}
