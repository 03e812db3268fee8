//! Nothing of its own: this crate exists for its tests (`tests/`), which use
//! `deploy-rollback` from outside as a dependency.
