#!/usr/bin/env bash
# Runs every test: formatting and lints, the native Rust tests (client core and emulator), the
# wasm client in headless Chrome and Firefox against the real emulator, and the packed npm
# package in Node as a user would install it. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/js/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Cargo's own messages stay quiet; test results are what this prints.
export CARGO_TERM_PROGRESS_WHEN=never

step() { printf '\n== %s\n' "$*"; }

bash scripts/setup.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p mimc-uctopic --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "native tests: client core and emulator"
cargo test --workspace

step "emulator for the browser and package tests"
source scripts/emulator.sh
start_emulator
echo "emulator at $MIMC_EMULATOR_URL"

step "wasm client in headless Chrome"
(unset GECKODRIVER; CHROMEDRIVER=$(command -v chromedriver) wasm-pack test --headless --chrome)

step "wasm client in headless Firefox"
(unset CHROMEDRIVER; GECKODRIVER=$(command -v geckodriver) wasm-pack test --headless --firefox)

step "npm package in Node (npm pack, installed into a fresh project)"
bash scripts/build-pkg.sh
bash js/test/run-package-tests.sh

step "all tests passed"
