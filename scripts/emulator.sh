# Sourced by the test, demo and bench scripts: starts the emulator on a free loopback port,
# exports MIMC_EMULATOR_URL, and stops it when the calling script exits.
start_emulator() {
  cargo build --release -p mimc-emulator --quiet
  local log
  log=$(mktemp)
  ./target/release/mimc-emulator --port "${MIMC_EMULATOR_PORT:-0}" "$@" >"$log" 2>&1 &
  EMULATOR_PID=$!
  trap 'kill $EMULATOR_PID 2>/dev/null || true' EXIT
  # The first line names the address: "mimc-emulator listening on http://HOST:PORT".
  for _ in $(seq 1 100); do
    MIMC_EMULATOR_URL=$(sed -n '1s/^mimc-emulator listening on //p' "$log")
    [ -n "$MIMC_EMULATOR_URL" ] && break
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$MIMC_EMULATOR_URL" ] || { echo "the emulator did not start" >&2; cat "$log" >&2; return 1; }
  EMULATOR_LOG=$log
  export MIMC_EMULATOR_URL EMULATOR_PID EMULATOR_LOG
}
