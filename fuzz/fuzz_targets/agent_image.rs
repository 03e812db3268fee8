//! Bytes → `AgentImage`. A reference that parses keeps its text, reads back (also through
//! JSON) as the same image, carries a dashed Runtime (a pre-release one too), and agrees
//! with `parse_agent_image`.
#![no_main]

mod common;

use deploy_rollback::{AgentImage};
use deploy_rollback::ffi::{parse_agent_image, to_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    let parsed = text.parse::<AgentImage>();
    assert_eq!(parsed.is_ok(), parse_agent_image(text).is_ok());
    let Ok(image) = parsed else { return };
    assert_eq!(image.to_string(), text, "the reference is not kept as written");
    assert!(image.runtime_version().is_dashed(), "an agent image on a semver Runtime");
    // A pre-release Runtime (`3.1-6-rc1`) is allowed in an agent tag (rules.md §6); it must
    // be dashed like any other and read back as written (checked below).
    let parts = image.parts();
    assert_eq!(parse_agent_image(text).ok(), Some(parts.clone()));
    assert_eq!(parts.distro.as_deref(), image.distro());
    assert_eq!(parts.is_base, image.is_base());
    assert!(text.contains(&parts.runtime_version.to_string()), "the Runtime is not in the tag");
    assert!(text.contains(&format!("-python-{}-astro-agent-{}", parts.python_version, parts.agent_version)));
    assert!(text.starts_with(&parts.repository));
    let again: AgentImage = match image.to_string().parse() {
        Ok(again) => again,
        Err(err) => panic!("{text:?} does not read back: {err}"),
    };
    assert_eq!(again, image);
    let json = to_json(&image);
    let agent = format!(
        r#"{{"now": "2023-11-08T13:00:00Z", "deployment": {{"id": "d", "name": "n",
        "remoteExecution": {{"enabled": true, "agents": [{{"id": "a", "image": {json}}}]}}}}}}"#
    );
    match deploy_rollback::Scenario::from_json(&agent) {
        Ok(s) => {
            let image_back =
                s.deployment.remote_execution.and_then(|r| r.agents.into_iter().next()).map(|a| a.image);
            assert_eq!(image_back, Some(image));
        }
        // Only the size limit may refuse an image that parses on its own.
        Err(err) => assert_eq!(err.code(), deploy_rollback::ErrorCode::InputTooLarge, "{err}"),
    }
});
