#!/usr/bin/env bash
# Tests the npm package as a user gets it: `npm pack` at the repository root, installed into a
# fresh project, used through its public entry point only, against the emulator at
# MIMC_EMULATOR_URL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${MIMC_EMULATOR_URL:?start the emulator first (scripts/emulator.sh)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $tarball ($(wc -c < "$work/$tarball") bytes): $(tar -tzf "$work/$tarball" | sed 's|^package/||' | sort | tr '\n' ' ')"
cp -r "$here"/*.test.mjs "$here/webdriver.mjs" "$here/snippet-prelude.mjs" "$here"/types-*.ts "$here/tsconfig.browser.json" \
  "$here/browser" "$here/runtimes" "$root/tests/common/recorder.js" "$work/"
cd "$work"
printf '{ "name": "package-test", "private": true, "type": "module" }\n' > package.json
npm install --no-audit --no-fund --loglevel=error "./$tarball" >/dev/null
# The README and docs a user reads in the package link only to files inside it.
node "$root/scripts/check-links.mjs" node_modules/mimc-uctopic
# The types a TypeScript user sees must match the API (tsc from this repo's devDependencies).
"$root/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext \
  --moduleResolution nodenext --types node --typeRoots "$root/node_modules/@types" types-check.ts
echo "types-check.ts: tsc --strict passed"
# As a browser project sees the types: ES2022 and DOM only, no Node types, skipLibCheck off.
"$root/node_modules/.bin/tsc" -p tsconfig.browser.json
echo "types-browser.ts: tsc --strict (lib ES2022 and DOM, skipLibCheck off) passed"
# The fidelity suite: the emulator's own HTTP tests (the native binary passes them in the native
# step) against the package's `mimc-emulator` command, one server per test, as `npx` runs it.
MIMC_EMULATOR_BIN="$work/node_modules/.bin/mimc-emulator" CARGO_TERM_PROGRESS_WHEN=never \
  cargo test --quiet --manifest-path "$root/Cargo.toml" -p mimc-emulator --test api --test admin --test binary --test normal_groups --test normal_groups_edges
# The browser test drives Debian's Chromium with this repo's playwright-core, and WebKitGTK
# through its WebDriver on a virtual display (xvfb-run), and bundles with this repo's Vite and webpack;
# the runtimes test runs this repo's Bun, Deno and workerd, and bundles the Worker with its esbuild;
# snippets.test.mjs runs the ```js blocks of the repository's README.md and docs/*.md.
MIMC_DOCS_ROOT="$root" PLAYWRIGHT_CORE="$root/node_modules/playwright-core/index.mjs" VITE_BIN="$root/node_modules/.bin/vite" \
  WEBPACK="$root/node_modules/webpack/lib/index.js" \
  RUNTIMES_BIN="$root/node_modules/.bin" ESBUILD="$root/node_modules/esbuild/lib/main.js" DENO_NO_UPDATE_CHECK=1 \
  xvfb-run -a node --test --test-concurrency=1 ./*.test.mjs
