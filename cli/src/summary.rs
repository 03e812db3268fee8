//! Long answers for people, shortened: the eligibility of a history of thousands of
//! entries is a summary, then the table and the reasons of the newest entries, unless
//! `--all` asks for every one. (`-o json` always has the whole answer.)

use crate::api::thousands;
use crate::render::{self, Look};
use crate::text::wrap;
use deploy_rollback::{Eligibility, Scenario};
use std::fmt::Write;

/// The entries shown without `--all`: the newest ones.
pub const SHOWN: usize = 20;

/// `eligibility` for people: every entry with `all` or a short history, else a summary
/// (how many are eligible, and why the others are not, by code) and the newest entries.
pub fn eligibility(look: &Look, scenario: &Scenario, result: &Eligibility, all: bool) -> String {
    let total = result.entries.len();
    if all || total <= SHOWN {
        return render::eligibility(look, scenario, result);
    }
    let eligible = result.entries.iter().filter(|e| e.eligible).count();
    // Why not, by code, in the order the codes first appear (newest first).
    let mut codes: Vec<(&str, usize)> = Vec::new();
    for reason in result.entries.iter().filter_map(|e| e.reasons.first()) {
        let code = reason.code.as_str();
        match codes.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => codes.push((code, 1)),
        }
    }
    let why = codes.iter().map(|(code, n)| format!("{} {code}", count(*n))).collect::<Vec<_>>().join(", ");
    let why = if why.is_empty() { String::new() } else { format!(" (first reason: {why})") };
    let mut out = String::new();
    let head = format!(
        "{} entries: {} eligible, {} not{why}.",
        count(total),
        count(eligible),
        count(total - eligible)
    );
    for line in wrap(&head, look.width) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    let shown = Eligibility {
        current: result.current.clone(),
        entries: result.entries.iter().take(SHOWN).cloned().collect(),
    };
    out += &render::eligibility(look, scenario, &shown);
    out.push('\n');
    let tail = format!(
        "The {SHOWN} newest of {} entries, and why not for those; --all shows every entry, -o json the whole answer.",
        count(total)
    );
    for line in wrap(&tail, look.width) {
        let _ = writeln!(out, "{line}");
    }
    out
}

fn count(n: usize) -> String {
    thousands(u64::try_from(n).unwrap_or(u64::MAX))
}
