//! Hints for input that is not what the command reads but is recognisably something
//! else: an Astro API document where a scenario (or timeline) is expected.

use serde::de::IgnoredAny;
use serde::Deserialize;
use std::path::Path;

/// The fields that tell an Astro API document from a scenario, as far as they are there.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Peek {
    id: Option<IgnoredAny>,
    history: Option<IgnoredAny>,
    now: Option<IgnoredAny>,
    deploys: Option<IgnoredAny>,
    created_at: Option<IgnoredAny>,
    runtime_version: Option<IgnoredAny>,
    astro_runtime_version: Option<IgnoredAny>,
    workspace_id: Option<IgnoredAny>,
    organization_id: Option<IgnoredAny>,
    worker_queues: Option<IgnoredAny>,
    image_tag: Option<IgnoredAny>,
}

impl Peek {
    /// A Deployment: an id and some of a Deployment's own fields, and nothing of a
    /// scenario's.
    fn is_deployment(&self) -> bool {
        let own = [
            &self.runtime_version,
            &self.astro_runtime_version,
            &self.workspace_id,
            &self.organization_id,
            &self.worker_queues,
            &self.image_tag,
        ];
        self.id.is_some() && self.history.is_none() && self.now.is_none() && own.iter().any(|f| f.is_some())
    }

    /// A page of deploys, or a deploy (the element of a bare array of deploys).
    fn is_deploys(&self) -> bool {
        self.history.is_none() && (self.deploys.is_some() || (self.id.is_some() && self.created_at.is_some()))
    }
}

/// A hint when `text`, read from `file` where a scenario or timeline is expected, is an
/// Astro API Deployment, a page of deploys or an array of them: `import` turns those into
/// a scenario.
pub fn astro_document(text: &str, file: &Path) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let name = file.display().to_string();
    let name = if name == "-" { "standard input".to_owned() } else { name };
    let one = serde_json::from_str::<Peek>(text).ok();
    let first = || serde_json::from_str::<Vec<Peek>>(text).ok().and_then(|all| all.into_iter().next());
    if one.as_ref().is_some_and(Peek::is_deployment) {
        return Some(format!(
            "{name} looks like a Deployment as the Astro API returns it, not a scenario: make a scenario of it \
             and its deploys first with `deploy-rollback import {name} DEPLOYS.json`, or read the API with --api"
        ));
    }
    if one.as_ref().is_some_and(Peek::is_deploys) || first().is_some_and(|p| p.is_deploys()) {
        return Some(format!(
            "{name} looks like deploys as the Astro API returns them, not a scenario: make a scenario of them and \
             their Deployment first with `deploy-rollback import DEPLOYMENT.json {name}`, or read the API with --api"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astro_documents_are_told_from_scenarios() {
        let file = Path::new("dep.json");
        let deployment = r#"{"id": "dep-1", "name": "etl", "runtimeVersion": "9.5.0", "workspaceId": "w"}"#;
        assert!(astro_document(deployment, file).is_some_and(|h| h.contains("import dep.json DEPLOYS.json")));
        let page = r#"{"deploys": [], "limit": 20, "offset": 0, "totalCount": 0}"#;
        assert!(astro_document(page, file).is_some_and(|h| h.contains("import DEPLOYMENT.json dep.json")));
        let bare = r#"[{"id": "d1", "createdAt": "2023-11-06T10:00:00Z", "type": "IMAGE_ONLY"}]"#;
        assert!(astro_document(bare, file).is_some());
        // A scenario, even a broken one, and other JSON get no hint.
        let scenario = r#"{"now": "yesterday", "deployment": {"id": "dep-1"}, "history": []}"#;
        assert_eq!(astro_document(scenario, file), None);
        assert_eq!(astro_document(r#"{"id": "x"}"#, file), None);
        assert_eq!(astro_document("not json", file), None);
        assert_eq!(astro_document("[1, 2]", file), None);
    }
}
