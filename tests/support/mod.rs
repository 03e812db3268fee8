//! What the test crates and the fuzz targets share, so that each helper exists once:
//! running the command line (`cli`), the scenario files' `$repeat` and the JSON diff
//! (`json`), the error-path oracle (`error_path`) and the duplicate-key check it needs
//! (`duplicate_keys`), and the check that an answer's words agree with its codes
//! (`showable`).
//!
//! Included with `#[path = "…/tests/support/mod.rs"] mod support;`: by the core's tests
//! (`#[path = "support/mod.rs"]`), the command line's (`../../tests/support/mod.rs`) and
//! the fuzz targets' `common.rs` (`../../tests/support/mod.rs`). Each includer uses only
//! some of it.
#![allow(dead_code, reason = "each test crate uses only some of the shared helpers")]
#![allow(clippy::panic, reason = "a test helper reports a broken test by panicking")]

pub mod cli;
pub mod duplicate_keys;
pub mod error_path;
pub mod json;
pub mod showable;
