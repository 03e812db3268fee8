//! The README's command transcripts, run: every `console` block of README.md is a trycmd
//! case, each `$ ` line a command and the lines after it what it prints (standard output
//! and error), `? N` its exit status. They run on a copy of the README in a scratch folder
//! beside `README.in/`, the folder trycmd runs them in, which holds the files they name:
//! `scenario.json` (the 8-November example) and `timeline.json` (its timeline). A failure
//! names the README's own line numbers; fix the README by hand.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::Path;

#[test]
fn the_readme_transcripts_are_what_the_binary_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme");
    let files = scratch.join("README.in");
    let copy = |from: &Path, to: &Path| {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
    };
    std::fs::create_dir_all(&files).unwrap_or_else(|e| panic!("cannot make {}: {e}", files.display()));
    copy(&root.join("README.md"), &scratch.join("README.md"));
    copy(&root.join("examples/november-8.json"), &files.join("scenario.json"));
    copy(&root.join("examples/november-8-timeline.json"), &files.join("timeline.json"));
    let _ = std::fs::remove_file(files.join("missing.json"));
    trycmd::TestCases::new()
        .register_bin("deploy-rollback", Path::new(support::cli::binary()))
        // The transcripts say the width when it matters; nothing else may colour them.
        .env("CLICOLOR_FORCE", "0")
        .env("NO_COLOR", "1")
        .case(scratch.join("README.md"));
}
