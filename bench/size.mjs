// The shipped runtime's size: gzip and brotli of the wasm and of the JS a bundler ships, and the wasm broken
// down by crate and by largest functions (twiggy, on the module as wasm-bindgen left it, before
// wasm-opt, since only that one keeps function names). Run after scripts/build-pkg.sh.
import { readFileSync, readdirSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { brotliCompressSync, constants } from 'node:zlib'
import { buildSync } from 'esbuild'

const read = (path) => readFileSync(new URL(`../${path}`, import.meta.url))
// `gzip -9` itself, the measure the budget is written in (zlib's level 9 differs by about 1%).
const gzip = (bytes) => execFileSync('gzip', ['-9', '-c'], { input: bytes, maxBuffer: 64 << 20 }).length
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length

/**
 * The JS a bundler ships with the runtime: the browser entry (js/src/browser.js) with the glue
 * and snippets it imports, bundled and minified by esbuild as a production build (Vite,
 * webpack) does. The .wasm stays a separate asset, counted on its own.
 */
function bundledJs() {
  const result = buildSync({
    entryPoints: [new URL('../js/src/browser.js', import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'error',
    logOverride: { 'duplicate-object-key': 'silent' },
  })
  return Buffer.from(result.outputFiles[0].contents)
}

export function sizes() {
  const wasm = read('js/pkg/mimc_uctopic_bg.wasm')
  const js = bundledJs()
  // For comparison with the figures before issue 15: every file as shipped in the package, the
  // Node entry and js/src unminified included, as one stream.
  const sources = readdirSync(new URL('../js/src', import.meta.url))
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => `js/src/${f}`)
  const snippets = readdirSync(new URL('../js/pkg/snippets', import.meta.url), { recursive: true })
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => `js/pkg/snippets/${f}`)
  const asWritten = Buffer.concat(['js/pkg/mimc_uctopic.js', ...snippets, ...sources].map(read))
  const budget = JSON.parse(read('bench/size-budget.json')).runtimeGzipBytes
  return {
    wasm: { raw: wasm.length, gzip: gzip(wasm), brotli: brotli(wasm) },
    js: { raw: js.length, gzip: gzip(js), brotli: brotli(js), asWrittenGzip: gzip(asWritten) },
    runtimeGzip: gzip(wasm) + gzip(js),
    runtimeBrotli: brotli(wasm) + brotli(js),
    budget,
  }
}

/** twiggy's rows for the named module: `{ name, bytes }`, largest first. */
function rows() {
  const csv = execFileSync('twiggy', ['top', '-n', '100000', '-f', 'csv', 'target/size/mimc_uctopic_bg.named.wasm'], {
    cwd: new URL('..', import.meta.url),
    maxBuffer: 64 << 20,
  }).toString()
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      // Name,ShallowSize,ShallowSizePercent, the name quoted when it holds a comma or quote.
      const [, quoted, plain, bytes] = line.match(/^(?:"((?:[^"]|"")*)"|([^,]*)),(\d+),/) ?? []
      return { name: quoted?.replaceAll('""', '"') ?? plain ?? line, bytes: Number(bytes ?? 0) }
    })
    .filter((row) => !/custom section|subsection/.test(row.name))
}

/** The crate a function belongs to: the first `name::` path segment, hashes dropped. */
function crateOf(name) {
  const match = name.match(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/)
  if (match) return match[1]
  if (/^data segment/.test(name)) return '(data: strings and tables)'
  if (/^(import|type|table|elem|global|memory|export)/.test(name)) return '(wasm sections)'
  return '(exported wrappers)'
}

export function breakdown({ crates = 12, functions = 15 } = {}) {
  const all = rows()
  const total = all.reduce((sum, row) => sum + row.bytes, 0)
  const byCrate = new Map()
  for (const row of all) byCrate.set(crateOf(row.name), (byCrate.get(crateOf(row.name)) ?? 0) + row.bytes)
  return {
    total,
    crates: [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, crates).map(([name, bytes]) => ({ name, bytes })),
    functions: all.slice(0, functions).map(({ name, bytes }) => ({ name: name.replace(/::h[0-9a-f]{16}$/, ''), bytes })),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = sizes()
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`
  if (process.argv.includes('--budget')) {
    // The build's check: one line, and a failure when over the checked-in budget.
    console.log(
      `runtime ${s.runtimeGzip} B gzip (wasm ${s.wasm.gzip} B, JS ${s.js.gzip} B as a bundler ships it; ${s.js.asWrittenGzip} B as written) of a budget of ${s.budget} B (bench/size-budget.json)`,
    )
    if (s.runtimeGzip > s.budget) {
      console.error(`the runtime is ${s.runtimeGzip - s.budget} B gzip over its budget`)
      process.exit(1)
    }
    process.exit(0)
  }
  console.log(`runtime: ${kb(s.runtimeGzip)} gzip (budget ${kb(s.budget)}), ${kb(s.runtimeBrotli)} brotli`)
  console.log(`  wasm ${kb(s.wasm.raw)} raw, ${kb(s.wasm.gzip)} gzip, ${kb(s.wasm.brotli)} brotli; JS ${kb(s.js.gzip)} gzip, ${kb(s.js.brotli)} brotli`)
  const b = breakdown()
  console.log(`wasm by crate (bytes before wasm-opt, ${kb(b.total)} in all):`)
  for (const { name, bytes } of b.crates) console.log(`  ${String(bytes).padStart(7)}  ${name}`)
  console.log('largest functions (before wasm-opt):')
  for (const { name, bytes } of b.functions) console.log(`  ${String(bytes).padStart(7)}  ${name.slice(0, 110)}`)
}
