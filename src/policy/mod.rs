//! The rules, one file per section of the rules document (`docs/rules.md`).

mod options;

pub use options::{PolicyOptions, ResolvedOptions, RuntimeRange, MAX_DESCRIPTION_CHARS, MAX_RETENTION_DAYS};
