// The packed package in headless Chromium and in WebKit (Safari's engine), as front-end users
// load it: a page importing the ES module directly, a module Web Worker, and an app bundled by
// Vite and by webpack 5. Each runs scenario.js against the emulator; this side asserts what it
// reports.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { extname, join, normalize } from 'node:path'
import { fetchToken } from 'mimc-uctopic'
import { webkit } from './webdriver.mjs'

const baseUrl = process.env.MIMC_EMULATOR_URL
const { chromium } = await import(process.env.PLAYWRIGHT_CORE)
const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' }
let server, origin, browser, safari

before(async () => {
  // Vite bundles browser/vite/main.js as a user's app, resolving 'mimc-uctopic' from node_modules.
  execFileSync(process.env.VITE_BIN, ['build', 'browser/vite', '--outDir', join(process.cwd(), 'dist'), '--base', './', '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: 'inherit',
  })
  // webpack 5 bundles browser/webpack/main.js the same way (its own resolution of the package's
  // exports, its own handling of the wasm asset).
  const webpack = (await import(process.env.WEBPACK)).default
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        context: process.cwd(),
        entry: './browser/webpack/main.js',
        output: { path: join(process.cwd(), 'dist-webpack'), filename: 'main.js', publicPath: 'auto' },
        resolve: { modules: [join(process.cwd(), 'node_modules')] },
        performance: { hints: false },
      },
      (error, stats) => (error ? reject(error) : resolve(stats)),
    ),
  )
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }))
  copyFileSync('browser/webpack/index.html', 'dist-webpack/index.html')
  server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).slice(1)
    try {
      const body = await readFile(join(process.cwd(), path))
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
      response.end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${server.address().port}`
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  safari = await webkit()
  console.log(`# engines: Chromium ${browser.version()}, ${safari.version}`)
})

after(async () => {
  await browser?.close()
  await safari?.close()
  server?.close()
})

/** What each engine's page reports, and the errors the page threw (where the engine tells). */
const engines = {
  async chromium(url) {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    try {
      await page.goto(url)
      // A module with top-level await may still be running after the load event.
      await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 })
      return { result: await page.evaluate(() => window.result), errors }
    } finally {
      await page.close()
    }
  },
  async webkit(url) {
    return { result: await safari.open(url), errors: [] }
  },
}

async function run(engine, path) {
  const { token } = await fetchToken({ baseUrl, ...app, appAccount: `browser-${Date.now()}` })
  const { result, errors } = await engines[engine](`${origin}/${path}?${new URLSearchParams({ baseUrl, token })}`)
  assert.deepEqual(errors, [])
  assert.equal(result.error, undefined, result.error)
  assert.equal(result.sameId, true)
  assert.equal(result.aboveSafe, true, 'ids above 2^53 arrive exact')
  assert.equal(result.members, 151)
  assert.equal(result.unique, 151)
  assert.equal(result.ascending, true)
  assert.deepEqual(result.missing, { isMimcError: true, kind: 'api', code: 404 })
  assert.deepEqual(result.appRefused, { isMimcError: true, kind: 'invalid-input' })
  assert.equal(result.fetchTokenIsFunction, true)
  assert.deepEqual(result.aborted, { kind: 'aborted', causeIsReason: true })
  assert.deepEqual(result.network, { kind: 'network', causeIsError: true })
  assert.deepEqual(result.wrongUrl, { kind: 'http', status: 404, code: null })
}

/** The emulator inside the page: no server, the client on `createEmulator().fetch`. */
function assertInPage(result) {
  assert.equal(result.error, undefined, result.error)
  assert.equal(result.aboveSafe, true)
  assert.equal(result.members, 150 + 1)
  assert.equal(result.startsAfterLastUuid, true, 'the second page starts after the first page\'s last uuid')
  assert.deepEqual(result.dropped, { isMimcError: true, kind: 'network' })
  assert.equal(result.requests, 5)
}

async function runInPage(engine, path) {
  const { result, errors } = await engines[engine](`${origin}/${path}`)
  assert.deepEqual(errors, [])
  assertInPage(result)
}

for (const engine of Object.keys(engines)) {
  test(`${engine}: the emulator inside the page (mimc-uctopic/emulator), no server`, { timeout: 60_000 }, () =>
    runInPage(engine, 'browser/emulator.html'),
  )
  for (const [name, path] of [
    ['inside a module Web Worker', 'browser/worker.html'],
    ['bundled by webpack 5 (its wasm a second asset)', 'dist-webpack/index.html'],
  ]) {
    test(`${engine}: the emulator entry ${name}`, { timeout: 60_000 }, async () => {
      const { token } = await fetchToken({ baseUrl, ...app, appAccount: `browser-${Date.now()}` })
      const { result, errors } = await engines[engine](`${origin}/${path}?${new URLSearchParams({ baseUrl, token })}`)
      assert.deepEqual(errors, [])
      assert.equal(result.error, undefined, result.error)
      assertInPage(result.inPage)
    })
  }

  test(`${engine}: in a page, importing the ES module directly`, { timeout: 60_000 }, () => run(engine, 'browser/page.html'))
  test(`${engine}: in a module Web Worker`, { timeout: 60_000 }, () => run(engine, 'browser/worker.html'))
  test(`${engine}: bundled by Vite (the wasm emitted as an asset)`, { timeout: 60_000 }, () => run(engine, 'dist/index.html'))
  test(`${engine}: bundled by webpack 5 (the wasm emitted as an asset)`, { timeout: 60_000 }, () => run(engine, 'dist-webpack/index.html'))
}
