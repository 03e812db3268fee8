//! The rules of `docs/rules.md` by id: every answer names the rule it applies.

use serde::{Deserialize, Serialize};

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
