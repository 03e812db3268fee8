# Shared by the scripts (sourced, not run): what more than one of them needs to know.

# The wasm-bindgen version the workspace links, as Cargo.lock records it (cargo's own
# reading: `cargo pkgid` prints `registry+…#wasm-bindgen@0.2.100`).
wasm_bindgen_version() {
  local id
  id=$(cargo pkgid --offline wasm-bindgen 2>/dev/null || cargo pkgid wasm-bindgen) || return 1
  printf '%s\n' "${id##*[@:]}"
}

# Installs the wasm-bindgen CLI of exactly that version unless it is already on PATH: the
# CLI and the crate must match.
ensure_wasm_bindgen_cli() {
  local want have
  want=$(wasm_bindgen_version) || { echo "Cargo.lock names no single wasm-bindgen version" >&2; return 1; }
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$want" != "$have" ]; then
    printf '==> %s\n' "cargo install wasm-bindgen-cli $want (found: ${have:-none}; a few minutes, once)"
    # No --locked: one of its locked dependency versions is missing from some registry mirrors.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# Installs the npm packages package-lock.json names (wasm-opt, tsc, ajv, playwright-core,
# vite current and 5, esbuild, publint, attw; never a browser) when they are missing or
# the lock file changed since (npm ci writes node_modules/.package-lock.json).
ensure_npm_packages() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    printf '==> %s\n' "npm ci (wasm-opt, tsc, ajv, playwright-core, vite, esbuild, publint, attw; no browser download)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
}
