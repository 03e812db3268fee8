//! The deploy history as the rules need it: ordered by time, indexed by id, with the
//! current deploy and running counts of deployed entries, so that every question a plan
//! asks is answered in constant time and a simulation appends in constant time.

use crate::error::{ErrorCode, InputError};
use crate::limits::MAX_ARRAY_LEN;
use crate::model::{Deploy, DeployStatus, DeployType, Deployment};
use crate::time::Timestamp;
use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;

/// The positions of `deploys` in time order, oldest first. [decided] Entries with the
/// same time keep their input order, read newest first as Astro lists them (§1). The
/// import orders its deploys with this too, so both read ties alike.
pub(crate) fn time_order(deploys: &[Deploy]) -> Vec<usize> {
    order_by(deploys.len(), &|a, b| {
        let at = |i: usize| deploys.get(i).map(|d| d.created_at);
        (at(a), Reverse(a)).cmp(&(at(b), Reverse(b)))
    })
}

/// The positions `0..len` sorted by `cmp`. Every sort of the engine goes through here, so
/// the WebAssembly module carries one copy of the sorting code.
pub(crate) fn order_by(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// An ordered, indexed history. Entries are borrowed from the input and only the ones a
/// simulation adds are owned.
#[derive(Debug, Clone)]
pub(crate) struct History<'a> {
    /// Oldest first.
    entries: Vec<Entry<'a>>,
    /// Positions of the entries borrowed from the input, keyed by their ids (no copies).
    by_id: HashMap<&'a str, usize>,
    /// Positions of the entries a simulation added.
    added_ids: HashMap<String, usize>,
    /// `deployed_before[i]`: how many of `entries[..i]` are deployed, and how many of
    /// those are rollbacks; one longer than `entries`.
    deployed_before: Vec<(usize, usize)>,
    /// The newest entry still in progress (`initialized`).
    in_progress: Option<usize>,
    /// The newest deployed entry.
    current: Option<usize>,
}

/// One entry: a pointer for the input's (nearly all of them: a `Cow<Deploy>` would take
/// a whole `Deploy` each), boxed for the ones a simulation adds.
#[derive(Debug, Clone)]
enum Entry<'a> {
    Input(&'a Deploy),
    Added(Box<Deploy>),
}

impl Entry<'_> {
    fn deploy(&self) -> &Deploy {
        match self {
            Self::Input(deploy) => deploy,
            Self::Added(deploy) => deploy,
        }
    }
}

impl<'a> History<'a> {
    /// Validates and indexes `input` (in any order). `path` names the input array in
    /// errors; entries created after `now` are refused.
    pub(crate) fn new(input: &'a [Deploy], now: Option<Timestamp>, path: &str) -> Result<Self, InputError> {
        if input.len() > MAX_ARRAY_LEN {
            let message = format!("{} entries; the limit is {MAX_ARRAY_LEN}", input.len());
            return Err(InputError::new(ErrorCode::InputTooLarge, path, message));
        }
        // Paths are written only for an error: formatting one per entry cost as much as
        // the rest of the indexing.
        let at = |i: usize, field: &str| format!("{path}[{i}].{field}");
        // First keyed by input index; once the order is known, by position.
        let mut by_id: HashMap<&'a str, usize> = HashMap::with_capacity(input.len());
        for (i, entry) in input.iter().enumerate() {
            if let Some(first) = by_id.insert(&entry.id, i) {
                let message = format!("`{}` is also the id of {path}[{first}]", entry.id);
                return Err(InputError::new(ErrorCode::DuplicateDeployId, at(i, "id"), message));
            }
            if let Some(now) = now.filter(|now| entry.created_at > *now) {
                let message = format!("created at {}, after now ({now})", entry.created_at);
                return Err(InputError::new(ErrorCode::DeployInFuture, at(i, "createdAt"), message));
            }
        }
        let order = time_order(input);
        // `position[i]`: where input entry `i` lands, oldest first.
        let mut position = vec![0; input.len()];
        for (pos, &i) in order.iter().enumerate() {
            if let Some(slot) = position.get_mut(i) {
                *slot = pos;
            }
        }
        let mut history = Self::with_capacity(input.len());
        for i in order {
            if let Some(entry) = input.get(i) {
                history.check_rollback_link(entry, &by_id, &position, || format!("{path}[{i}]"))?;
                history.append(Entry::Input(entry));
            }
        }
        for index in by_id.values_mut() {
            *index = position.get(*index).copied().unwrap_or(*index);
        }
        history.by_id = by_id;
        Ok(history)
    }

    fn with_capacity(n: usize) -> Self {
        let mut deployed_before = Vec::with_capacity(n + 1);
        deployed_before.push((0, 0));
        Self {
            entries: Vec::with_capacity(n),
            by_id: HashMap::new(),
            added_ids: HashMap::new(),
            deployed_before,
            in_progress: None,
            current: None,
        }
    }

    /// Appends an entry, newest. The caller has checked that its id is new.
    pub(crate) fn push(&mut self, entry: Cow<'a, Deploy>) {
        let index = self.entries.len();
        match entry {
            Cow::Borrowed(deploy) => {
                self.by_id.insert(&deploy.id, index);
                self.append(Entry::Input(deploy));
            }
            Cow::Owned(deploy) => {
                self.added_ids.insert(deploy.id.clone(), index);
                self.append(Entry::Added(Box::new(deploy)));
            }
        }
    }

    /// Appends an entry already indexed by id.
    fn append(&mut self, entry: Entry<'a>) {
        let index = self.entries.len();
        let deploy = entry.deploy();
        let deployed = deploy.status == DeployStatus::Deployed;
        let rollback = deployed && deploy.kind == DeployType::Rollback;
        let (d, r) = self.deployed_before.last().copied().unwrap_or((0, 0));
        self.deployed_before.push((d + usize::from(deployed), r + usize::from(rollback)));
        if deployed {
            self.current = Some(index);
        }
        if deploy.status == DeployStatus::Initialized {
            self.in_progress = Some(index);
        }
        self.entries.push(entry);
    }

    /// The position (0 = oldest) and entry with this id.
    pub(crate) fn find(&self, id: &str) -> Option<(usize, &Deploy)> {
        let index = *self.by_id.get(id).or_else(|| self.added_ids.get(id))?;
        Some((index, self.entries.get(index)?.deploy()))
    }

    /// Whether an entry has this id.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id) || self.added_ids.contains_key(id)
    }

    /// The current deploy: the newest deployed entry, and its position.
    pub(crate) fn current(&self) -> Option<(usize, &Deploy)> {
        let index = self.current?;
        Some((index, self.entries.get(index)?.deploy()))
    }

    /// The Dag deploy setting in force (§4) as a scenario states it: [decided] the current
    /// deploy's; the Deployment's own value only when nothing is deployed (`None` when
    /// neither says). Every operation reads it here; a simulation starts from it and then
    /// follows its deploys, rollbacks and `settings` events.
    pub(crate) fn dag_deploy_setting(&self, deployment: &Deployment) -> Option<bool> {
        match self.current() {
            Some((_, current)) => Some(current.dag_deploy_enabled),
            None => deployment.dag_deploy_enabled,
        }
    }

    /// How many deployed entries lie strictly between positions `older` and `newer`, and
    /// how many of those are rollbacks.
    pub(crate) fn deployed_between(&self, older: usize, newer: usize) -> (usize, usize) {
        if newer <= older + 1 {
            return (0, 0);
        }
        let upto = |i: usize| self.deployed_before.get(i).copied().unwrap_or((0, 0));
        let ((d1, r1), (d0, r0)) = (upto(newer), upto(older + 1));
        (d1.saturating_sub(d0), r1.saturating_sub(r0))
    }

    /// The entry at position `pos`.
    pub(crate) fn at(&self, pos: usize) -> Option<&Deploy> {
        self.entries.get(pos).map(Entry::deploy)
    }

    /// The newest entry still in progress, if it is newer than the current deploy.
    pub(crate) fn in_progress_after_current(&self) -> Option<&Deploy> {
        let pos = self.in_progress.filter(|p| self.current.is_none_or(|c| *p > c))?;
        self.at(pos)
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entries, newest first.
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &Deploy> + '_ {
        self.entries.iter().rev().map(Entry::deploy)
    }

    /// Entries, newest first, owned: the added ones moved out, the input's copied.
    pub(crate) fn into_newest_first(self) -> Vec<Deploy> {
        let owned = |entry: Entry<'_>| match entry {
            Entry::Input(deploy) => deploy.clone(),
            Entry::Added(deploy) => *deploy,
        };
        self.entries.into_iter().rev().map(owned).collect()
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
    /// older records can have been deleted or left out of a page. `input_ids` gives input
    /// indices, `position` their places in time order; `at` the entry's path.
    fn check_rollback_link(
        &self,
        entry: &Deploy,
        input_ids: &HashMap<&str, usize>,
        position: &[usize],
        at: impl Fn() -> String,
    ) -> Result<(), InputError> {
        for (field, link) in [("rollbackOf", &entry.rollback_of), ("replaces", &entry.replaces)] {
            let Some(link) = link else { continue };
            let at = || format!("{}.{field}", at());
            if entry.kind != DeployType::Rollback {
                let message = format!(
                    "only a rollback names the deploy it restored; this entry is of type {}",
                    entry.kind.label()
                );
                return Err(InputError::new(ErrorCode::InvalidValue, at(), message));
            }
            let already_in = |i: &usize| position.get(*i).is_some_and(|pos| *pos < self.entries.len());
            if input_ids.get(link.as_str()).is_some_and(|i| !already_in(i)) {
                let message = format!(
                    "`{link}` is not older than this rollback: a rollback restores an earlier deploy"
                );
                return Err(InputError::new(ErrorCode::InvalidValue, at(), message));
            }
        }
        Ok(())
    }
}
