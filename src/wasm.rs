//! The JS boundary.
