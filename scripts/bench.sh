#!/usr/bin/env bash
# `npm run bench`: builds what the benchmarks measure (the package, the release emulator), then
# runs them all (bench/run.mjs), printing a table and writing bench/results.json,
# bench/soak.json and bench/RESULTS.md. Nothing is asserted. BENCH_MEMBERS overrides 1,000,000;
# BENCH_SOAK_SECONDS (180) is the soak's length per form (bench/soak.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
bash scripts/build-pkg.sh
cargo build --release -p mimc-emulator --quiet
node --expose-gc bench/run.mjs
