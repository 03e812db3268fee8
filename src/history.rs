//! The deploy history as the rules need it: ordered by time, indexed by id, with the
//! current deploy and running counts of deployed entries, so that every question a plan
//! asks is answered in constant time and a simulation appends in constant time.

use crate::error::{ErrorCode, InputError};
use crate::json::MAX_ARRAY_LEN;
use crate::model::{Deploy, DeployStatus, DeployType};
use crate::time::Timestamp;
use std::borrow::Cow;
use std::collections::HashMap;

/// An ordered, indexed history. Entries are borrowed from the input and only the ones a
/// simulation adds are owned.
#[derive(Debug, Clone)]
pub(crate) struct History<'a> {
    /// Oldest first.
    entries: Vec<Cow<'a, Deploy>>,
    by_id: HashMap<String, usize>,
    /// `deployed_before[i]`: how many of `entries[..i]` are deployed; one longer than
    /// `entries`.
    deployed_before: Vec<usize>,
    /// The newest deployed entry.
    current: Option<usize>,
}

impl<'a> History<'a> {
    /// Validates and indexes `input` (in any order). `path` names the input array in
    /// errors; entries created after `now` are refused.
    pub(crate) fn new(input: &'a [Deploy], now: Option<Timestamp>, path: &str) -> Result<Self, InputError> {
        if input.len() > MAX_ARRAY_LEN {
            let message = format!("{} entries; the limit is {MAX_ARRAY_LEN}", input.len());
            return Err(InputError::new(ErrorCode::InputTooLarge, path, message));
        }
        let at = |i: usize, field: &str| format!("{path}[{i}].{field}");
        let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(input.len());
        for (i, entry) in input.iter().enumerate() {
            if let Some(first) = first_seen.insert(&entry.id, i) {
                let message = format!("`{}` is also the id of {path}[{first}]", entry.id);
                return Err(InputError::new(ErrorCode::DuplicateDeployId, at(i, "id"), message));
            }
            if let Some(now) = now.filter(|now| entry.created_at > *now) {
                let message = format!("created at {}, after now ({now})", entry.created_at);
                return Err(InputError::new(ErrorCode::DeployInFuture, at(i, "createdAt"), message));
            }
        }
        // [decided] Entries with the same time keep their input order, read newest first
        // as Astro lists them.
        let mut order: Vec<usize> = (0..input.len()).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (input.get(a), input.get(b));
            ea.map(|e| e.created_at).cmp(&eb.map(|e| e.created_at)).then(b.cmp(&a))
        });
        let mut history = Self::with_capacity(input.len());
        for i in order {
            if let Some(entry) = input.get(i) {
                history.check_rollback_link(entry, &first_seen, &format!("{path}[{i}]"))?;
                history.push(Cow::Borrowed(entry));
            }
        }
        Ok(history)
    }

    fn with_capacity(n: usize) -> Self {
        let mut deployed_before = Vec::with_capacity(n + 1);
        deployed_before.push(0);
        Self {
            entries: Vec::with_capacity(n),
            by_id: HashMap::with_capacity(n),
            deployed_before,
            current: None,
        }
    }

    /// Appends an entry, newest. The caller has checked that its id is new.
    pub(crate) fn push(&mut self, entry: Cow<'a, Deploy>) {
        let index = self.entries.len();
        let deployed = entry.status == DeployStatus::Deployed;
        self.by_id.insert(entry.id.clone(), index);
        self.deployed_before.push(self.deployed_before.last().copied().unwrap_or(0) + usize::from(deployed));
        if deployed {
            self.current = Some(index);
        }
        self.entries.push(entry);
    }

    /// The position (0 = oldest) and entry with this id.
    pub(crate) fn find(&self, id: &str) -> Option<(usize, &Deploy)> {
        let index = *self.by_id.get(id)?;
        Some((index, self.entries.get(index)?))
    }

    /// Whether an entry has this id.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The current deploy: the newest deployed entry, and its position.
    pub(crate) fn current(&self) -> Option<(usize, &Deploy)> {
        let index = self.current?;
        Some((index, self.entries.get(index)?))
    }

    /// How many deployed entries lie strictly between positions `older` and `newer`.
    pub(crate) fn deployed_between(&self, older: usize, newer: usize) -> usize {
        if newer <= older + 1 {
            return 0;
        }
        let upto = |i: usize| self.deployed_before.get(i).copied().unwrap_or(0);
        upto(newer).saturating_sub(upto(older + 1))
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entries, newest first.
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &Deploy> + '_ {
        self.entries.iter().rev().map(|e| e.as_ref())
    }

    /// A fresh id: `<prefix>-<n>` with `n` the history's length after the new entry,
    /// counting up past ids already taken. Deterministic, so that simulating events one
    /// at a time gives the same ids as all at once.
    pub(crate) fn fresh_id(&self, prefix: &str) -> String {
        (self.entries.len() + 1..)
            .map(|n| format!("{prefix}-{n}"))
            .find(|id| !self.contains(id))
            .unwrap_or_else(|| prefix.to_owned())
    }

    /// A rollback entry may name the entry it restored and the one it replaced. They must
    /// be older than it, that is already in this history while it is being built in time
    /// order (which also rules out cycles); they may be absent from the input, whose
    /// older records can have been deleted or left out of a page.
    fn check_rollback_link(
        &self,
        entry: &Deploy,
        input_ids: &HashMap<&str, usize>,
        at: &str,
    ) -> Result<(), InputError> {
        for (field, link) in [("rollbackOf", &entry.rollback_of), ("replaces", &entry.replaces)] {
            let Some(link) = link else { continue };
            let at = format!("{at}.{field}");
            if entry.kind != DeployType::Rollback {
                let message = format!(
                    "only a rollback names the deploy it restored; this entry is of type {}",
                    entry.kind.label()
                );
                return Err(InputError::new(ErrorCode::InvalidValue, at, message));
            }
            if input_ids.contains_key(link.as_str()) && !self.contains(link) {
                let message = format!(
                    "`{link}` is not older than this rollback: a rollback restores an earlier deploy"
                );
                return Err(InputError::new(ErrorCode::InvalidValue, at, message));
            }
        }
        Ok(())
    }
}
