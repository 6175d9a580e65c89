#!/usr/bin/env bash
# Runs every test: formatting and lints, the native Rust tests (client core and emulator), the
# wasm client in headless Chrome, Firefox and WebKit against the real emulator, and the packed
# npm package in Node, browsers, Bun, Deno and workerd as a user would install it. Installs what
# is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Cargo's own messages stay quiet; test results are what this prints.
export CARGO_TERM_PROGRESS_WHEN=never

LOGS=$ROOT/target/test-logs
rm -rf "$LOGS" && mkdir -p "$LOGS"
step() { printf '\n== %s\n' "$*"; }
# Runs a test suite, keeping its output to count its results for the summary.
suite() {
  local name=$1
  shift
  "$@" 2>&1 | tee "$LOGS/$name"
}
# "N passed, N failed" from cargo's and node's result lines.
count() {
  awk '/^test result:/ { p += $4; f += $6 } /^# pass / { p += $3 } /^# fail / { f += $3 }
       END { printf "%d passed, %d failed", p, f }' "$LOGS/$1"
}

bash scripts/setup.sh

step "format, lints and documentation links"
node scripts/check-links.mjs
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p mimc-uctopic --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "native tests: client core and emulator"
suite native cargo test --workspace -- --skip fuzz_the_decoder

step "decoder fuzz (MIMC_FUZZ_CASES, default 100000)"
suite fuzz cargo test -p mimc-uctopic --test fuzz_decode -- --nocapture

step "emulator for the browser and package tests"
source scripts/emulator.sh
start_emulator
echo "emulator at $MIMC_EMULATOR_URL"

step "wasm client in headless Chrome"
suite chrome env -u GECKODRIVER CHROMEDRIVER="$(command -v chromedriver)" wasm-pack test --headless --chrome

step "wasm client in headless Firefox"
suite firefox env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" wasm-pack test --headless --firefox

step "wasm client in WebKit (Safari's engine: WebKitGTK's WebDriver on a virtual display)"
# wasm-pack's --safari assumes macOS; the runner's Safari mode drives any W3C WebKit driver.
suite webkit env -u CHROMEDRIVER -u GECKODRIVER SAFARIDRIVER=/usr/bin/WebKitWebDriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  xvfb-run -a cargo test --target wasm32-unknown-unknown

step "npm package in Node, Chromium, WebKit, Bun, Deno and workerd (npm pack, installed into a fresh project)"
bash scripts/build-pkg.sh
suite package bash tests/package/run.sh

step "API reference: TypeDoc from js/index.d.ts and js/emulator.d.ts into target/api-docs"
# typedoc.json: an exported class, function, method or constant without documentation fails;
# then every export and run-time method of the entries must have its entry.
typedoc --logLevel Warn --json target/api-docs.json
node scripts/check-api-docs.mjs target/api-docs.json

step "the example page end to end in headless Chromium (screenshot: target/test-artifacts/example.png)"
suite example node --test tests/example/

step "summary"
echo "native Rust (core and emulator): $(count native)"
grep -h '^fuzz:' "$LOGS/fuzz" || true
echo "headless Chrome: $(count chrome)"
echo "headless Firefox: $(count firefox)"
echo "WebKit: $(count webkit)"
echo "npm package (Node; page, worker, Vite and webpack builds in Chromium and WebKit; Bun, Deno and a Cloudflare Worker in workerd; the emulator entry in-process, listen() and npx; the emulator's HTTP suite against npx mimc-emulator; the docs' snippets): $(count package)"
echo "example page: $(count example)"
cat "$LOGS"/* > "$LOGS/all"
echo "all: $(count all)"
