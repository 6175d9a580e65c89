// The packed package in Bun, Deno and Cloudflare's workerd (each from this repo's npm
// devDependencies), against the emulator at MIMC_EMULATOR_URL and in-process: each runtime runs
// runtimes/suite.js and hands back one result per check, asserted here as one test each.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Client } from 'mimc-uctopic'

const baseUrl = process.env.MIMC_EMULATOR_URL
const bin = (name) => join(process.env.RUNTIMES_BIN, name)
const version = async (name, ...args) => (await promisify(execFile)(bin(name), [...args, '--version'])).stdout.split('\n')[0]

/** One test per check; `listen()` runs wherever the runtime has `node:http`. */
async function assertChecks(t, results, { listen }) {
  assert.equal(results.length, 7, 'every check ran')
  for (const { name, ok, skipped, error } of results) {
    await t.test(name, () => {
      assert.ok(ok, error)
      if (name.startsWith('listen()')) assert.equal(skipped, !listen, listen ? 'listen() ran' : 'no listen() here')
    })
  }
}

/** Runs runtimes/script.mjs as a user runs a script, and reads its one JSON line. */
async function script(command, args) {
  const { stdout } = await promisify(execFile)(bin(command), [...args, 'runtimes/script.mjs', baseUrl], { timeout: 120_000 })
  return JSON.parse(stdout.trim().split('\n').at(-1))
}

test('Bun (the node entry)', { timeout: 120_000 }, async (t) => {
  t.diagnostic(`bun ${await version('bun')}`)
  await assertChecks(t, await script('bun', []), { listen: true })
})

// Only --allow-net, for the emulator's address: the deno entry imports the .wasm as a module, so
// nothing reads a file.
test('Deno without --allow-read (the deno entry)', { timeout: 120_000 }, async (t) => {
  t.diagnostic(await version('deno'))
  await assertChecks(t, await script('deno', ['run', '--no-prompt', '--allow-net']), { listen: true })
})

/**
 * A Worker bundled as wrangler bundles it (esbuild with the conditions workerd, worker, browser;
 * each `.wasm` kept as a module of its own) and served by workerd on a socket handed over by file
 * descriptor, so a Worker that dies at start-up fails the first request at once.
 */
async function serveWorker(entry, dist, bindings) {
  const { build } = await import(process.env.ESBUILD)
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    loader: { '.wasm': 'copy' },
    outdir: dist,
    entryNames: 'worker',
    logLevel: 'error',
    logOverride: { 'duplicate-object-key': 'silent' },
  })
  const wasm = readdirSync(dist).filter((f) => f.endsWith('.wasm'))
  assert.ok(wasm.length > 0, 'the .wasm kept as modules')
  const modules = [`(name = "worker.js", esModule = embed "worker.js")`]
  for (const f of wasm) modules.push(`(name = "${f}", wasm = embed "${f}")`)
  writeFileSync(
    `${dist}/config.capnp`,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The emulator is on loopback: outbound fetches may reach local addresses.
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(', ')}],
  compatibilityDate = "2026-11-01",
  bindings = [${Object.entries(bindings).map(([name, text]) => `(name = "${name}", text = ${JSON.stringify(text)})`)}],
  globalOutbound = "loopback",
);
`,
  )
  const socket = createServer()
  socket.listen(0, '127.0.0.1')
  await once(socket, 'listening')
  const url = `http://127.0.0.1:${socket.address().port}`
  const child = spawn(bin('workerd'), ['serve', `${dist}/config.capnp`, '--socket-fd', 'http=3'], {
    stdio: ['ignore', 'inherit', 'pipe', socket._handle],
  })
  // workerd accepts on its copy; this process must not.
  socket.close()
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  return { url, stderr: () => stderr, stop: () => child.kill() }
}

/** GET `path` of a served Worker; what workerd logged is in the message of any failure. */
async function get(worker, path, headers) {
  const response = await fetch(worker.url + path, { headers, signal: AbortSignal.timeout(90_000) }).catch((e) => {
    throw new Error(`${e.message}; workerd said: ${worker.stderr()}`)
  })
  return { status: response.status, text: await response.text() }
}

test('Cloudflare workerd (the workerd entry, bundled as wrangler does)', { timeout: 120_000 }, async (t) => {
  t.diagnostic(await version('workerd'))
  const worker = await serveWorker('runtimes/worker.js', join(process.cwd(), 'worker-dist'), { MIMC_EMULATOR_URL: baseUrl })
  try {
    const { status, text } = await get(worker, '/')
    assert.equal(status, 200, `${text}\n${worker.stderr()}`)
    await assertChecks(t, JSON.parse(text), { listen: false })
  } finally {
    worker.stop()
  }
})

test('the README’s Worker, as written there: a token for the signed-in user, app credentials in secrets', { timeout: 120_000 }, async () => {
  const readme = readFileSync('node_modules/mimc-uctopic/README.md', 'utf8')
  const [, code] = readme.match(/```js\n(\/\/ A Cloudflare Worker[\s\S]*?)```/) ?? assert.fail('no Worker example in the README')
  mkdirSync('readme-worker', { recursive: true })
  writeFileSync('readme-worker/index.js', code)
  const app = { MIMC_APP_ID: '2882303761517000001', MIMC_APP_KEY: 'emulator-key', MIMC_APP_SECRET: 'emulator-secret' }
  const worker = await serveWorker('readme-worker/index.js', join(process.cwd(), 'readme-worker/dist'), { ...app, MIMC_BASE_URL: baseUrl })
  try {
    assert.equal((await get(worker, '/')).status, 401, 'nobody signed in')
    const account = `readme-${Date.now()}@example.com`
    const signedIn = { 'cf-access-authenticated-user-email': account }
    const first = await get(worker, '/', signedIn)
    assert.equal(first.status, 200, `${first.text}\n${worker.stderr()}`)
    const { token, groups } = JSON.parse(first.text)
    assert.deepEqual(groups, [])
    const { topicId } = await new Client({ baseUrl, token }).createTopic({ topicName: 'readme' })
    assert.deepEqual(JSON.parse((await get(worker, '/', signedIn)).text).groups, [topicId], 'the token is the user’s')
  } finally {
    worker.stop()
  }
})
