#!/usr/bin/env bash
# Prints the benchmarks (nothing is asserted): the emulator at scale, the client against a plain
# fetch loop, wasm memory, and the shipped package size. BENCH_MEMBERS overrides 1,000,000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
printf '\n== emulator at scale\n'
cargo bench -p mimc-emulator --bench scale --quiet
printf '\n== package size\n'
bash scripts/build-pkg.sh
node bench/size.mjs
printf '\n== client: cost per call with a stubbed fetch, against plain fetch + JSON.parse\n'
node bench/calls.mjs
printf '\n== client: members() and wasm memory\n'
source scripts/emulator.sh
start_emulator
node --expose-gc bench/client.mjs
