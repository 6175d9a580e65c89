#!/usr/bin/env bash
# Installs everything this project needs on a fresh machine of this kind (Debian 12, rustup,
# Node 20), idempotently: whatever is already present is detected and skipped, so a second run
# takes seconds. Only crates.io, npm and Debian's packages are reachable, so nothing here
# downloads a prebuilt binary from anywhere else (see TOOLCHAIN notes in ARCHITECTURE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf 'setup: %s\n' "$*" >&2; }

# The wasm-bindgen CLI must equal the library version exactly, or wasm-pack goes looking for it
# on the internet. Cargo.toml pins the library with `=`, so that pin is the single source.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$WASM_BINDGEN_VERSION" ] || { log "cannot read the wasm-bindgen pin from Cargo.toml"; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
command -v firefox-esr >/dev/null || command -v firefox >/dev/null || apt_missing+=(firefox-esr)
# WebKit, Safari's engine: WebKitGTK's W3C driver, which needs a display (Xvfb).
[ -x /usr/bin/WebKitWebDriver ] || apt_missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || apt_missing+=(xvfb xauth)
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "installing ${apt_missing[*]} from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack (about 2 minutes)"
  cargo install wasm-pack --locked --quiet
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Without --locked: one of its locked dependencies is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force --quiet
fi

if ! command -v twiggy >/dev/null; then
  log "installing twiggy, for the size breakdown of the benchmarks (about 2 minutes)"
  cargo install twiggy --locked --quiet
fi

if ! command -v geckodriver >/dev/null; then
  log "installing geckodriver (about 2 minutes)"
  cargo install geckodriver --locked --quiet
fi

# npm dependencies of the JS layer and its tests (binaryen's wasm-opt, playwright-core, and Bun,
# Deno and workerd, whose binaries come in their platform packages from npm).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ready"
