// The README's "Keeping the emulator out of production builds", checked: its Vite and webpack
// blocks, bundled for production, leave out the emulator's module and wasm; the same code with
// the flag on (Vite) or in development mode (webpack) brings them in, so the check can fail.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = process.env.MIMC_DOCS_ROOT ?? 'node_modules/mimc-uctopic'
const readme = readFileSync(join(root, 'README.md'), 'utf8')
/** The README's ```js block that contains `marker`. */
function block(marker) {
  const found = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((b) => b.includes(marker))
  assert.equal(found.length, 1, `one README block with ${marker}`)
  return found[0]
}

/** Every file under `dir`, recursively, with its text. */
function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: e.name, text: readFileSync(join(e.parentPath ?? e.path, e.name), 'latin1') }))
}
const hasEmulator = (dir) => files(dir).some((f) => f.name.includes('mimc_emulator') || f.text.includes('mimc_emulator_bg'))

function vite(code, name) {
  const dir = join('prod-build', name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n')
  // The block exports makeClient; the app calls it.
  writeFileSync(join(dir, 'main.js'), `${code}\nmakeClient().then(console.log)\n`)
  execFileSync(process.env.VITE_BIN, ['build', dir, '--outDir', join(process.cwd(), dir, 'dist'), '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' })
  return join(dir, 'dist')
}

async function webpack(code, mode) {
  const dir = join(process.cwd(), 'prod-build', `webpack-${mode}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'main.js'), code)
  const bundle = (await import(process.env.WEBPACK)).default
  const stats = await new Promise((resolve, reject) =>
    bundle(
      {
        mode,
        context: dir,
        entry: './main.js',
        output: { path: join(dir, 'dist'), publicPath: 'auto' },
        resolve: { modules: [join(process.cwd(), 'node_modules')] },
        performance: { hints: false },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  )
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }))
  return join(dir, 'dist')
}

test('Vite: the import behind import.meta.env.DEV is not in a production build', { timeout: 120_000 }, () => {
  rmSync('prod-build', { recursive: true, force: true })
  const code = block('import.meta.env.DEV')
  assert.equal(hasEmulator(vite(code, 'vite')), false)
  assert.equal(hasEmulator(vite(code.replace('import.meta.env.DEV', 'true'), 'vite-on')), true, 'the control build has it')
})

test('webpack: the import behind NODE_ENV is in a development build only', { timeout: 120_000 }, async () => {
  const code = block("process.env.NODE_ENV !== 'production'")
  assert.equal(hasEmulator(await webpack(code, 'production')), false)
  assert.equal(hasEmulator(await webpack(code, 'development')), true, 'the development build has it')
})
