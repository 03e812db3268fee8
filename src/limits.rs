//! The size limits of every input, in one place below every module that checks them: the
//! JSON edge enforces them while reading, the history checks its length against them.

/// The longest string accepted anywhere in the input, in bytes as written in the JSON text.
pub const MAX_STRING_BYTES: usize = 64 * 1024;
/// The most elements accepted in any one array (a history of a million deploys is far
/// beyond any real Deployment).
pub const MAX_ARRAY_LEN: usize = 1_000_000;
/// The largest JSON document accepted.
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;
/// The deepest nesting accepted; our formats need fewer than ten levels.
pub const MAX_DEPTH: usize = 64;
