//! The command line's HTTP client uses rustls, never OpenSSL: `cargo tree` of the CLI's
//! normal dependencies, on every target, holds rustls and no `openssl-sys` or `native-tls`.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use std::path::Path;
use std::process::Command;

#[test]
fn the_http_client_uses_rustls_and_no_openssl() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args(["tree", "-p", "deploy-rollback-cli", "-e", "normal", "--target", "all", "--prefix", "none"])
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .unwrap_or_else(|err| panic!("cargo tree: {err}"));
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    let crates: Vec<&str> = tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    for present in ["ureq", "rustls"] {
        assert!(crates.contains(&present), "the CLI lacks {present}:\n{tree}");
    }
    for banned in ["openssl-sys", "openssl", "native-tls"] {
        assert!(!crates.contains(&banned), "the CLI depends on {banned}:\n{tree}");
    }
}
