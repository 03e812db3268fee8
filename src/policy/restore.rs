//! §4 (docs/rules.md): what a rollback restores, and what that does to the running
//! Deployment: whether the code in force changes at all (`noCodeChange`), and whether the
//! Deployment restarts (a new image, a new Runtime or a flip of the Dag deploy setting).

use super::Context;
use crate::model::Deploy;

impl Context<'_, '_> {
    /// [decided] Whether the code in force (image tag, Dag bundle, dbt bundles, Runtime and
    /// the Dag deploy setting in force) all equal `target`'s (at position `pos`). An
    /// unknown image or Runtime is never taken for the same as another entry's.
    pub fn holds_code_of(&self, pos: usize, target: &Deploy) -> bool {
        let Some((current_pos, current)) = self.current() else { return false };
        let same_entry = current_pos == pos;
        let known_equal = |a: Option<&str>, b: Option<&str>| a == b && (same_entry || a.is_some());
        let runtime_equal = same_entry
            || self.current_runtime().is_some_and(|now| target.runtime_version.as_ref() == Some(now));
        known_equal(current.image_tag.as_deref(), target.image_tag.as_deref())
            && runtime_equal
            && current.dag_bundle_version == target.dag_bundle_version
            && current.dbt_bundles == target.dbt_bundles
            && !self.flips_dag_deploys(target)
    }

    /// Whether a rollback to `target` restarts the Deployment: a new (or unknown) image
    /// or Runtime, or [decided] a flip of the Dag deploy setting, which moves where the
    /// Dags come from. A new Dag or dbt bundle alone restarts nothing.
    pub fn restarts_for(&self, pos: usize, target: &Deploy) -> bool {
        let Some((current_pos, current)) = self.current() else { return true };
        if self.flips_dag_deploys(target) {
            return true;
        }
        if current_pos == pos {
            return false;
        }
        let image_same = current.image_tag.is_some() && current.image_tag == target.image_tag;
        let runtime_same =
            self.current_runtime().is_some_and(|now| target.runtime_version.as_ref() == Some(now));
        !(image_same && runtime_same)
    }

    /// Whether `target`'s Dag deploy setting differs from the one in force.
    pub fn flips_dag_deploys(&self, target: &Deploy) -> bool {
        self.dag_deploy_enabled.is_some_and(|live| live != target.dag_deploy_enabled)
    }
}
