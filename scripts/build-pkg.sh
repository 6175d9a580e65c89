#!/usr/bin/env bash
# Builds the npm package's wasm module into js/pkg: the crate as a cdylib alone (so fat LTO
# applies; with rlib beside it cargo turns LTO off), wasm-bindgen's glue for `--target web`
# (one module for browsers, workers and Node), then wasm-opt -Oz --converge (191 B gzip less
# than one pass), and minifies the glue. Prints the shipped sizes and fails when the runtime (wasm + JS, gzip -9)
# exceeds bench/size-budget.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

cargo rustc -p mimc-uctopic --lib --profile wasm-release --target wasm32-unknown-unknown --crate-type cdylib --quiet
rm -rf js/pkg
# --weak-refs: a Client or cursor that JS garbage-collects frees its Rust memory too.
wasm-bindgen --target web --weak-refs --out-dir js/pkg --out-name mimc_uctopic \
  target/wasm32-unknown-unknown/wasm-release/mimc_uctopic.wasm
# The module before wasm-opt keeps its function names: the size breakdown reads it.
mkdir -p target/size && cp js/pkg/mimc_uctopic_bg.wasm target/size/mimc_uctopic_bg.named.wasm
wasm-opt -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  js/pkg/mimc_uctopic_bg.wasm -o js/pkg/mimc_uctopic_bg.wasm
# The glue wasm-bindgen writes is generated, never read by users: minified, it is 2.5 KB gzip
# smaller (7.7 -> 5.1 KB). The package's own JS (js/src) stays as written. wasm-bindgen lists
# glue.js once per way it imports from it, under the same key: the same module, so harmless.
# Lines of at most 120 characters: Node prints the line an uncaught error was built on, which
# would otherwise be the whole file.
for glue in js/pkg/mimc_uctopic.js $(find js/pkg/snippets -name '*.js'); do
  esbuild "$glue" --minify --line-limit=120 --format=esm --log-level=warning --log-override:duplicate-object-key=silent \
    --allow-overwrite --outfile="$glue"
done
# Users never hold the wasm classes (the JS layer wraps them), and their `[Symbol.dispose]`
# needs TypeScript's ESNext.Disposable lib: with it, `"lib": ["ES2022", "DOM"]` and
# skipLibCheck off fail inside the package.
sed -i '/\[Symbol\.dispose\]()/d' js/pkg/mimc_uctopic.d.ts
echo "built js/pkg: wasm $(wc -c < js/pkg/mimc_uctopic_bg.wasm) B"

# The emulator's core for `mimc-uctopic/emulator`: its own module, which the client's entry
# never loads (so the client's size budget does not count it).
cargo rustc -p mimc-emulator-wasm --lib --profile wasm-release --target wasm32-unknown-unknown --crate-type cdylib --quiet
rm -rf js/pkg-emulator
wasm-bindgen --target web --weak-refs --out-dir js/pkg-emulator --out-name mimc_emulator \
  target/wasm32-unknown-unknown/wasm-release/mimc_emulator_wasm.wasm
wasm-opt -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  js/pkg-emulator/mimc_emulator_bg.wasm -o js/pkg-emulator/mimc_emulator_bg.wasm
sed -i '/\[Symbol\.dispose\]()/d' js/pkg-emulator/mimc_emulator.d.ts
echo "built js/pkg-emulator: wasm $(wc -c < js/pkg-emulator/mimc_emulator_bg.wasm) B," \
  "gzip $(gzip -9 < js/pkg-emulator/mimc_emulator_bg.wasm | wc -c) B"
node bench/size.mjs --budget
