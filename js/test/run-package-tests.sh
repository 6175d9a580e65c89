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
cp -r test/*.test.mjs test/webdriver.mjs test/types-check.ts test/browser "$work/"
(
  cd "$work"
  printf '{ "name": "package-test", "private": true, "type": "module" }\n' > package.json
  npm install --no-audit --no-fund --loglevel=error "./$tarball" >/dev/null
  # The types a TypeScript user sees must match the API (tsc from this repo's devDependencies).
  "$OLDPWD/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext \
    --moduleResolution nodenext --types node --typeRoots "$OLDPWD/node_modules/@types" types-check.ts
  echo "types-check.ts: tsc --strict passed"
  # The browser test drives Debian's Chromium with this repo's playwright-core, and WebKitGTK
  # through its WebDriver on a virtual display (xvfb-run), and bundles with this repo's Vite.
  PLAYWRIGHT_CORE="$OLDPWD/node_modules/playwright-core/index.mjs" VITE_BIN="$OLDPWD/node_modules/.bin/vite" \
    xvfb-run -a node --test --test-concurrency=1 ./*.test.mjs
)
