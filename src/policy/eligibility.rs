//! E1–E5 (docs/rules.md §3): why an entry cannot be a rollback target. Each rule says
//! what it decides and where the decision comes from; the eligibility listing and the
//! plan both ask these same rules.

use super::warnings::{warning, Facts, Warning, WarningCode};
use super::{Context, Reason, ReasonCode};
use crate::model::options::RuntimeRange;
use crate::model::{Actor, Deploy, DeployMechanism, DeployStatus, Role};
use crate::runtime::RuntimeVersion;

impl Context<'_, '_> {
    /// Every rule that keeps `target` (at position `pos`) from being a rollback target, in
    /// the rules' order. Agents are not a rule here: they require action, not refusal.
    pub fn blocking_reasons(&self, pos: usize, target: &Deploy) -> Vec<Reason> {
        let mut reasons = Vec::new();
        let current = self.current();
        let is_current = current.is_some_and(|(c, _)| c == pos);

        // E3 [decided: the docs are silent] Only deployed entries hold code that ran.
        if target.status != DeployStatus::Deployed {
            reasons.push(Reason::new(
                ReasonCode::NotDeployed,
                format!("this deploy is {}: only deployed entries can be restored", target.status.as_str()),
            ));
        }

        // E1 Images and Dags are kept for the retention window (inclusive).
        // E2 [decided] On Astro Hosted the current deploy is always eligible: when the
        // last deploy is older than the window it is the only possible target. Private
        // Cloud deletes older records and has no such exception.
        let closes = self.window_closes_at(target);
        let outside = closes.is_some_and(|closes| self.now > closes);
        let exempt = is_current && !self.is_private_cloud();
        if outside && !exempt {
            let closed = closes.map(|c| c.to_string()).unwrap_or_default();
            reasons.push(Reason::new(
                ReasonCode::OutsideRetentionWindow,
                format!(
                    "deployed {}, older than the {}-day retention window, which closed at {closed}",
                    target.created_at, self.options.retention_days
                ),
            ));
        }

        if self.is_private_cloud() {
            self.private_cloud_rules(target, &mut reasons);
        }

        // [decided] A rule about Runtimes judges only what is known: an unknown Runtime
        // (an imported Deploy that does not name it) is warned about in the plan instead.
        if let (Some(current_runtime), Some(target_runtime)) =
            (self.current_runtime(), &target.runtime_version)
        {
            self.airflow_rules(current_runtime, target_runtime, &mut reasons);
        }

        // §6 Remote Execution runs only on Airflow 3.
        let remote = self.deployment.remote_execution.as_ref().is_some_and(|r| r.enabled);
        let target_airflow_2 = target.runtime_version.as_ref().filter(|v| self.airflow_major(v) < 3);
        if let (true, Some(target_runtime)) = (remote, target_airflow_2) {
            reasons.push(Reason::new(
                ReasonCode::RemoteExecutionRequiresAirflow3,
                format!(
                    "this Deployment uses Remote Execution, which needs Airflow 3; Runtime {target_runtime} is Airflow 2"
                ),
            ));
        }

        if self.is_private_cloud() {
            if let Some(actor) = self.actor {
                self.permission_rule(actor, target, &mut reasons);
            }
        }
        reasons
    }

    /// E4 Astro Private Cloud: rollbacks enabled for the installation and the Deployment,
    /// image or Dag-only deploys, current and target Runtime at least the minimum.
    fn private_cloud_rules(&self, target: &Deploy, reasons: &mut Vec<Reason>) {
        let deployment = self.deployment;
        if !self.options.installation_rollbacks_enabled {
            reasons.push(Reason::new(
                ReasonCode::RollbackDisabled,
                "deploy rollbacks are not enabled for this installation",
            ));
        } else if deployment.rollback_enabled != Some(true) {
            reasons.push(Reason::new(
                ReasonCode::RollbackDisabled,
                "deploy rollbacks are not turned on for this Deployment",
            ));
        }
        if matches!(deployment.deploy_mechanism, DeployMechanism::Nfs | DeployMechanism::GitSync) {
            let mechanism =
                if deployment.deploy_mechanism == DeployMechanism::Nfs { "NFS" } else { "git-sync" };
            reasons.push(Reason::new(
                ReasonCode::UnsupportedDeployMechanism,
                format!(
                    "this Deployment gets its Dags by {mechanism}; rollbacks need image or Dag-only deploys"
                ),
            ));
        }
        let minimum = &self.options.private_cloud_minimum_runtime;
        let too_old: Vec<String> =
            [("current", self.current_runtime()), ("target", target.runtime_version.as_ref())]
                .into_iter()
                .filter_map(|(which, v)| {
                    v.filter(|v| *v < minimum).map(|v| format!("the {which} Runtime {v}"))
                })
                .collect();
        if !too_old.is_empty() {
            reasons.push(Reason::new(
                ReasonCode::RuntimeBelowMinimum,
                format!("{} is older than {minimum}, the oldest that can roll back", too_old.join(" and ")),
            ));
        }
    }

    /// E5 Airflow 3 → 2 rollbacks: supported, except from or to the range that cannot be
    /// automated, and only onto a recent enough Airflow 2 Runtime.
    /// [decided] On Astro Hosted the range applies to rollbacks that cross from Airflow 3
    /// to Airflow 2; on Private Cloud to every rollback touching it, as its docs word it.
    fn airflow_rules(&self, current: &RuntimeVersion, target: &RuntimeVersion, reasons: &mut Vec<Reason>) {
        let crosses = self.crosses_3_to_2(current, target);
        if let Some(range) = &self.options.unsupported_runtime_range {
            let applies = crosses || self.is_private_cloud();
            let inside: Vec<String> = [("current", current), ("target", target)]
                .into_iter()
                .filter(|(_, v)| range.contains(v))
                .map(|(which, v)| format!("the {which} Runtime {v}"))
                .collect();
            if applies && !inside.is_empty() {
                reasons.push(Reason::new(
                    ReasonCode::UnsupportedRuntimeRange,
                    format!(
                        "{} lies in {} … {}, from or to which a rollback cannot be automated",
                        inside.join(" and "),
                        range.from,
                        range.to
                    ),
                ));
            }
        }
        let minimum = &self.options.airflow2_minimum_target;
        if crosses && target < minimum {
            reasons.push(Reason::new(
                ReasonCode::Airflow2TargetTooOld,
                format!("an Airflow 3 → 2 rollback must land on Runtime {minimum} or newer, not {target}"),
            ));
        }
    }

    /// E4 permissions: `deployment.images.push` to roll back an image change,
    /// `deployment.dags.push` to roll back a Dag change; `system.deployments.images.push`
    /// and the Deployment Editor and Admin roles (and system admins) grant both.
    /// [decided] A rollback that changes no code still pushes the image.
    fn permission_rule(&self, actor: &Actor, target: &Deploy, reasons: &mut Vec<Reason>) {
        let granted_by_role = actor
            .roles
            .iter()
            .any(|r| matches!(r, Role::DeploymentEditor | Role::DeploymentAdmin | Role::SystemAdmin));
        let has = |p: &str| actor.permissions.iter().any(|q| q == p);
        if granted_by_role || has("system.deployments.images.push") {
            return;
        }
        let (image_change, dag_change) = match self.current() {
            Some((_, current)) => (
                current.image_tag != target.image_tag || current.runtime_version != target.runtime_version,
                current.dag_bundle_version != target.dag_bundle_version
                    || current.dbt_bundles != target.dbt_bundles
                    || self.dag_deploy_enabled != Some(target.dag_deploy_enabled),
            ),
            None => (true, true),
        };
        let mut missing = Vec::new();
        if (image_change || !dag_change) && !has("deployment.images.push") {
            missing.push("deployment.images.push");
        }
        if dag_change && !has("deployment.dags.push") {
            missing.push("deployment.dags.push");
        }
        if !missing.is_empty() {
            reasons.push(Reason::new(
                ReasonCode::PermissionDenied,
                format!("actor {} lacks {} for this rollback", actor.id, missing.join(" and ")),
            ));
        }
    }
}

/// E5: the range of Runtimes a rollback cannot be automated from or to.
impl RuntimeRange {
    /// Whether `version` lies in the range. [decided] The range holds the pre-releases of
    /// its end points and of every version inside it (`3.0-1-rc1` is inside `3.0-1` …
    /// `3.1-1`): a pre-release is compared as the release it leads up to.
    pub fn contains(&self, version: &RuntimeVersion) -> bool {
        let release = version.release();
        self.from.release() <= release && release <= self.to.release()
    }
}

/// [decided] E2: a rollback to the code that runs now re-deploys it.
pub(super) fn no_code_change(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    (!f.code_changes).then(|| {
        warning(
            WarningCode::NoCodeChange,
            "the target holds the code that runs now: the rollback re-deploys the same code",
        )
    })
}

/// E5: Airflow 3 Dags do not run on Airflow 2, and the crossing takes longer.
pub(super) fn airflow_3_to_2(f: &Facts<'_, '_, '_>) -> Option<Warning> {
    let current = f.ctx.current_runtime()?;
    let target = f.target.runtime_version.as_ref()?;
    f.ctx.crosses_3_to_2(current, target).then(|| {
        warning(
            WarningCode::Airflow3To2,
            "Airflow 3 Dags do not run on Airflow 2: make sure the restored Dag code is Airflow 2 code; a cross-major rollback takes longer (database schema migration)",
        )
    })
}
