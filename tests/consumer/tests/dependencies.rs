//! The core crate's normal dependencies hold no front-door crate: no command line (clap),
//! no terminal tables (comfy-table), no JS boundary (wasm-bindgen), and no HTTP client or
//! TLS (the command line's `--api` reads the Astro API with ureq and rustls), on any
//! target. A library user of the core compiles none of them.

use std::path::Path;
use std::process::Command;

#[test]
fn the_core_pulls_in_no_cli_or_js_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args(["tree", "-p", "deploy-rollback", "-e", "normal", "--target", "all", "--prefix", "none"])
        .arg("--manifest-path")
        .arg(&root)
        .output()
        .unwrap_or_else(|err| panic!("cargo tree: {err}"));
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    let crates: Vec<&str> = tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    // The tree is read right: it names the core and its own dependencies.
    assert!(crates.contains(&"deploy-rollback") && crates.contains(&"serde_json"), "{tree}");
    for banned in [
        "clap",
        "clap_complete",
        "comfy-table",
        "terminal_size",
        "wasm-bindgen",
        "js-sys",
        "serde-wasm-bindgen",
        "ureq",
        "ureq-proto",
        "rustls",
        "ring",
        "webpki-roots",
        "reqwest",
        "hyper",
        "openssl-sys",
        "native-tls",
        "tiny_http",
    ] {
        assert!(!crates.contains(&banned), "the core depends on {banned}:\n{tree}");
    }
}
