#!/usr/bin/env bash
# Tests the npm package as a user gets it: `npm pack`, installed into a fresh project, used
# through its public entry point only, against the emulator at MIMC_EMULATOR_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${MIMC_EMULATOR_URL:?start the emulator first (scripts/emulator.sh)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $tarball ($(wc -c < "$work/$tarball") bytes)"
cp test/*.test.mjs test/types-check.ts "$work/"
(
  cd "$work"
  printf '{ "name": "package-test", "private": true, "type": "module" }\n' > package.json
  npm install --no-audit --no-fund --loglevel=error "./$tarball" >/dev/null
  # The types a TypeScript user sees must match the API (tsc from this repo's devDependencies).
  "$OLDPWD/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext \
    --moduleResolution nodenext --types node --typeRoots "$OLDPWD/node_modules/@types" types-check.ts
  echo "types-check.ts: tsc --strict passed"
  node --test --test-concurrency=1 ./*.test.mjs
)
