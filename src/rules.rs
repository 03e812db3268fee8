//! The rules of `docs/rules.md` by id: every answer names the rule it applies, and
//! [`rules`] states each one as the page does.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A rule of `docs/rules.md`: a section (`§1` … `§8`) or a labelled rule inside one
/// (`E1` … `E5` in §3, `D1` … `D3` in §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
#[expect(missing_docs, reason = "each id is a heading of docs/rules.md")]
pub enum RuleId {
    #[serde(rename = "§1")]
    S1,
    #[serde(rename = "§2")]
    S2,
    #[serde(rename = "§3")]
    S3,
    E1,
    E2,
    E3,
    E4,
    E5,
    #[serde(rename = "§4")]
    S4,
    #[serde(rename = "§5")]
    S5,
    D1,
    D2,
    D3,
    #[serde(rename = "§6")]
    S6,
    #[serde(rename = "§7")]
    S7,
    #[serde(rename = "§8")]
    S8,
}

crate::names::contract_names!(RuleId { S1, S2, S3, E1, E2, E3, E4, E5, S4, S5, D1, D2, D3, S6, S7, S8 });

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule of `docs/rules.md` as the engine states it: its id, the section it sits in, its
/// heading and the rule itself in one or two plain sentences. The page states each summary
/// too, under its heading ("In short."), and a test keeps the two the same.
///
/// ```
/// use deploy_rollback::{rules, RuleId};
///
/// let e1 = RuleId::E1.rule();
/// assert_eq!((e1.section, e1.title.as_ref()), (RuleId::S3, "Retention window"));
/// assert_eq!(rules().len(), RuleId::ALL.len());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Rule {
    /// The rule's id (`E1`, `§4`).
    pub id: RuleId,
    /// The section it sits in: `§3` for `E1`, a section's own id for a section.
    pub section: RuleId,
    /// Its heading in `docs/rules.md`, without the id ("Retention window").
    pub title: Cow<'static, str>,
    /// The rule in one or two plain sentences, as `docs/rules.md` states it.
    pub summary: Cow<'static, str>,
}

/// Every rule of `docs/rules.md`, in the page's order: each section followed by the rules
/// inside it.
pub fn rules() -> Vec<Rule> {
    RuleId::ALL.into_iter().map(RuleId::rule).collect()
}

impl RuleId {
    /// The rule this id names, with its title and summary.
    pub fn rule(self) -> Rule {
        Rule {
            id: self,
            section: self.section(),
            title: Cow::Borrowed(self.title()),
            summary: Cow::Borrowed(self.summary()),
        }
    }

    /// The section the rule sits in; a section's own id for a section.
    pub fn section(self) -> RuleId {
        match self {
            Self::E1 | Self::E2 | Self::E3 | Self::E4 | Self::E5 => Self::S3,
            Self::D1 | Self::D2 | Self::D3 => Self::S5,
            Self::S1 | Self::S2 | Self::S3 | Self::S4 | Self::S5 | Self::S6 | Self::S7 | Self::S8 => self,
        }
    }

    /// The rule's heading in `docs/rules.md`, without the id.
    pub fn title(self) -> &'static str {
        match self {
            Self::S1 => "Vocabulary",
            Self::S2 => "Astro Runtime versions",
            Self::S3 => "Eligibility: which entries can be rollback targets",
            Self::E1 => "Retention window",
            Self::E2 => "The last deploy",
            Self::E3 => "Status",
            Self::E4 => "Astro Private Cloud",
            Self::E5 => "From Airflow 3 back to Airflow 2",
            Self::S4 => "What a rollback changes",
            Self::S5 => "Downgrades and running tasks",
            Self::D1 => "Downgrade",
            Self::D2 => "With a downgrade",
            Self::D3 => "Without a downgrade",
            Self::S6 => "Remote Execution agents",
            Self::S7 => "Other warnings",
            Self::S8 => "Astro Platform API shapes",
        }
    }

    /// The rule in one or two plain sentences: the "In short." paragraph under its heading
    /// in `docs/rules.md`.
    pub fn summary(self) -> &'static str {
        match self {
            Self::S1 => {
                "A Deployment runs a code state (image tag, Dag bundle version, dbt bundles, Astro \
                 Runtime version, Dag deploy setting) beside its settings, every deploy adds one \
                 entry to its history, and the current deploy is the most recent deployed entry. A \
                 rollback is a new deploy that puts back an older entry's code state: it adds to \
                 the history and rewrites nothing."
            }
            Self::S2 => {
                "Runtime versions are semver (9.1.0, the Airflow 2 era) or dashed (3.1-11, the \
                 Airflow 3 era), ordered as the astro CLI orders them: every dashed version above \
                 every semver one, numbers from left to right, a pre-release below its release. \
                 Any other text is the input error invalidRuntimeVersion, never a version that \
                 compares equal to something."
            }
            Self::S3 => {
                "An entry can be a rollback target when none of the rules E1 to E5 rules it out, \
                 and the eligibility listing and the plan apply the same rules. Remote Execution \
                 agents never make an entry ineligible: they call for action first (§6)."
            }
            Self::E1 => {
                "An entry can be a target as long as now is at most 90 days of 24 hours past its \
                 creation, the closing instant included (option retentionDays); an older one gets \
                 the reason outsideRetentionWindow. The listing gives the instant each entry's \
                 window closes."
            }
            Self::E2 => {
                "On Astro Hosted the current deploy stays a target whatever its age, since once \
                 every deploy is older than the window it is the only one left. Rolling back to \
                 it redeploys the code that already runs, with the warning noCodeChange."
            }
            Self::E3 => {
                "Only deployed entries can be targets: a failed or still initialized entry gets \
                 the reason notDeployed, since no code state of it is known to have run."
            }
            Self::E4 => {
                "On Astro Private Cloud a rollback also needs rollbacks enabled for the \
                 installation and the Deployment, code delivered by image or Dag-only deploys, a \
                 current and target Runtime of 5.0.0 or newer, and an actor allowed to push what \
                 it reverts. E2 does not apply there, and without an actor permissions are not \
                 checked."
            }
            Self::E5 => {
                "A rollback cannot be automated when the Runtime it leaves or lands on lies \
                 between 3.0-1 and 3.1-1 (reason unsupportedRuntimeRange), and one that lands on \
                 Airflow 2 needs a Runtime of 5.0.0 or newer (airflow2TargetTooOld). Going back to \
                 Airflow 2 warns airflow3To2: Dags written for Airflow 3 do not run there, and the \
                 migration takes longer."
            }
            Self::S4 => {
                "A rollback restores the target's code state (image tag, Dag bundle version, dbt \
                 bundles, Runtime, Dag deploy setting), keeps every setting, and on a Runtime \
                 downgrade erases the metadata the target's Runtime does not know. It adds one \
                 entry on top of the history, dated at the rollback, and moves nothing else; in a \
                 simulation each deploy type changes only what it ships, and only a rollback \
                 lowers the Runtime."
            }
            Self::S5 => {
                "A rollback to an older Runtime is a downgrade (D1): running tasks then fail at \
                 once (D2), and otherwise finish on the code they started with unless the grace \
                 period ends first (D3). When some tasks keep running older code while new ones \
                 run the target's, the plan warns mixedCodeVersions."
            }
            Self::D1 => {
                "A rollback is a downgrade when the target's Runtime ranks below the current one; \
                 its kind is patch, airflowMinor or airflowMajor, and it always warns that \
                 metadata will be erased, likely when the Airflow major.minor changes or the \
                 catalogue names a migration. When either Runtime is unknown no downgrade is \
                 classified and the plan warns runtimeUnknown."
            }
            Self::D2 => {
                "On a downgrade running tasks fail at once (warning tasksWillFail): a task with \
                 retries left runs again on the target's code (failsThenRetries), any other stays \
                 failed (fails). When a Runtime is unknown each task's outcome is unknown."
            }
            Self::D3 => {
                "Without a downgrade running tasks finish on the code they started with \
                 (continuesOnCurrentCode), but when the rollback restarts the Deployment a task \
                 still running 24 hours later is interrupted (interruptedAfterGracePeriod; option \
                 taskGracePeriodHours). A rollback that changes only the Dag bundle or the dbt \
                 bundles restarts nothing."
            }
            Self::S6 => {
                "Each Remote Execution agent's Runtime, read from its image tag, is compared with \
                 the target's: a newer agent is incompatible and must be reverted first (reason \
                 agentIncompatible, verdict actionRequired), an equal or older one is compatible. \
                 A Deployment that uses Remote Execution cannot be rolled back to Airflow 2."
            }
            Self::S7 => {
                "A plan also warns when the rollback sets several deploys aside, flips the Dag \
                 deploy setting, lands on a yanked Runtime, leaves the code repository to revert, \
                 has no description, cannot check permissions, or would be undone by a deploy \
                 still in progress."
            }
            Self::S8 => {
                "A scenario can be imported from the Astro Platform API's Deployment and its \
                 deploys pages: unknown fields are ignored, what a deploy leaves out is carried \
                 from the entries before it, and pages that miss the newest deploys are refused \
                 with incompleteHistory."
            }
        }
    }
}

/// How much an item of an answer matters to the person about to roll back, most first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Severity {
    /// The rollback cannot go ahead while it holds.
    Blocker,
    /// Something must be done before the rollback can run.
    ActionRequired,
    /// The rollback can run; read this first.
    Warning,
    /// Worth knowing; nothing to do.
    Info,
}

crate::names::contract_names!(Severity { Blocker, ActionRequired, Warning, Info });
