#!/usr/bin/env bash
# The demo: the MIMC emulator on http://127.0.0.1:8787 (state kept in .demo-state.json) and the
# example page on http://127.0.0.1:8080, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-pkg.sh
export MIMC_EMULATOR_PORT=${MIMC_EMULATOR_PORT:-8787}
source scripts/emulator.sh
start_emulator --state .demo-state.json
EXAMPLE_PORT=${EXAMPLE_PORT:-8080} node example/server.mjs &
EXAMPLE_PID=$!
trap 'kill $EXAMPLE_PID $EMULATOR_PID 2>/dev/null || true; wait $EMULATOR_PID 2>/dev/null || true' EXIT
cat "$EMULATOR_LOG"
cat <<TXT

Open http://127.0.0.1:${EXAMPLE_PORT:-8080}/ for the example page (against the emulator above),
or http://127.0.0.1:${EXAMPLE_PORT:-8080}/?emulator=in-page for the same page with the emulator inside it.
Try the API with curl (see README.md, "Try the emulator with curl"), for example:
  curl -s $MIMC_EMULATOR_URL/api/account/token -d '{"appId":"2882303761517000001","appKey":"emulator-key","appSecret":"emulator-secret","appAccount":"alice"}'
Press Ctrl-C to stop.
TXT
wait $EXAMPLE_PID
