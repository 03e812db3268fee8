#!/usr/bin/env bash
# Installs what building and testing need, and nothing twice: the wasm32 Rust target,
# the wasm-bindgen CLI matching the crate, the npm tools (wasm-opt, tsc, ajv,
# playwright-core; vite (current and 5), esbuild, publint and Are-the-types-wrong for the
# packed-package test) and Debian's Chromium with its driver.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

step() { printf '==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo is required: install Rust with rustup" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js (20 or newer) with npm is required" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

ensure_wasm_bindgen_cli

ensure_npm_packages

if [ "${SKIP_BROWSER:-0}" != 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  step "apt-get install chromium chromium-driver"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
step "setup complete"
