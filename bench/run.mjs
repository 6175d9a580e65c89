// `npm run bench`: every benchmark in one run, each figure a ratio against a baseline measured in
// the same run (alternating rounds, medians), printed as a table and written to
// bench/results.json and bench/RESULTS.md (the soak, bench/soak.mjs, into bench/soak.json).
// Nothing is asserted: the goals are read off the table.
// Needs the built package (scripts/build-pkg.sh) and the release emulator; scripts/bench.sh
// does both first. BENCH_MEMBERS (default 1,000,000) sizes the big group.
import { spawn, execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { readFile, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sizes, breakdown } from './size.mjs'
import { run as perCall } from './calls-core.js'
import { soak, saveSoak, soakSection, soakGoal } from './soak.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const members = Number(process.env.BENCH_MEMBERS ?? 1_000_000)
const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const busy = (ms) => {
  const until = performance.now() + ms
  while (performance.now() < until);
}
const log = (...args) => console.error('bench:', ...args)

// ---------------------------------------------------------------------------------------------
// The emulator, as its own process (the release binary), for the walks and the start-up page.

async function startEmulator() {
  const child = spawn(join(root, 'target/release/mimc-emulator'), ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => {
      const match = String(chunk).match(/listening on (\S+)/)
      match ? resolve(match[1]) : reject(new Error(`unexpected first line: ${chunk}`))
    })
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)))
  })
  child.stdout.resume()
  return { url, stop: () => child.kill() }
}

// ---------------------------------------------------------------------------------------------
// Walking members

async function walks(Client, fetchToken, baseUrl) {
  const { token } = await fetchToken({ baseUrl, ...app, appAccount: `bench-${Date.now()}` })
  const client = new Client({ baseUrl, token })
  const group = async (n) => {
    const { topicId } = await client.createTopic({ topicName: 'bench' })
    for (let done = 0; done < n - 1; ) {
      const batch = Math.min(100_000, n - 1 - done)
      const accounts = Array.from({ length: batch }, (_, i) => `b${topicId.slice(-6)}-${done + i}`)
      await fetch(`${baseUrl}/emulator/topics/${topicId}/members`, { method: 'POST', body: JSON.stringify({ accounts }) })
      done += batch
    }
    return topicId
  }
  // The plain loop a developer would write: fetch a page, JSON.parse it, yield each member
  // from an async generator (it corrupts the uuids: JSON.parse rounds them).
  async function* plain(topicId) {
    let start = '0'
    for (;;) {
      const response = await fetch(`${baseUrl}/api/uctopic/userlist`, { headers: { token, topicId, startUuid: start } })
      const { data } = JSON.parse(await response.text())
      for (const m of data.members) yield m
      if (data.isEnd === 'true' || data.isEnd === true || data.members.length === 0) return
      start = String(data.members.at(-1).uuid)
    }
  }
  const consume = async (iterable, n, workMs) => {
    let count = 0
    for await (const _ of iterable) {
      // Consumer work once per page of 100: what prefetching overlaps with the next request.
      if (++count % 100 === 0 && workMs) busy(workMs)
    }
    if (count !== n) throw new Error(`walked ${count} members, expected ${n}`)
  }
  const compare = async (topicId, n, { workMs = 0, rounds = 3 } = {}) => {
    const time = async (f) => {
      const t0 = performance.now()
      await f()
      return (performance.now() - t0) / 1000
    }
    const ours = () => consume(client.members(topicId), n, workMs)
    const theirs = () => consume(plain(topicId), n, workMs)
    await ours()
    await theirs()
    const a = []
    const b = []
    for (let r = 0; r < rounds; r++) {
      a.push(await time(ours))
      b.push(await time(theirs))
    }
    return { members: n, clientSeconds: median(a), plainSeconds: median(b), ratio: median(a) / median(b) }
  }
  log(`walking ${members} members`)
  const big = await group(members)
  const plainWalk = await compare(big, members)
  // With work and latency: 5 ms more per page at the emulator, 2 ms of consumer work per page,
  // on a group of 100,000 (1,000 pages), so a round takes seconds rather than minutes.
  const latencyMembers = Math.min(100_000, members)
  const slow = await group(latencyMembers)
  const pagesPerRound = Math.ceil(latencyMembers / 100) + 1
  const fault = { topicId: slow, path: '/api/uctopic/userlist', delayMs: 5, times: pagesPerRound * 2 * 5 }
  await fetch(`${baseUrl}/emulator/faults`, { method: 'POST', body: JSON.stringify(fault) })
  log(`walking ${latencyMembers} members with 5 ms latency and 2 ms work per page`)
  const withWork = await compare(slow, latencyMembers, { workMs: 2, rounds: 2 })
  await fetch(`${baseUrl}/emulator/faults`, { method: 'DELETE' })
  return { client, token, big, plainWalk, withWork }
}

// ---------------------------------------------------------------------------------------------
// Memory: wasm memory over the walks and over many clients created and dropped

async function memory(Client, wasmMemory, { client, big }, baseUrl, token) {
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      globalThis.gc?.()
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  const walk = async () => {
    for await (const _ of client.members(big));
  }
  await settle()
  const beforeWalks = wasmMemory()
  await walk()
  await settle()
  const afterFirst = wasmMemory()
  await walk()
  await settle()
  const afterSecond = wasmMemory()
  const clients = async () => {
    for (let i = 0; i < 100_000; i++) new Client({ baseUrl, token })
    await settle()
    return wasmMemory()
  }
  const afterClients1 = await clients()
  const afterClients2 = await clients()
  return { beforeWalks, afterFirstWalk: afterFirst, afterSecondWalk: afterSecond, after100kClients: afterClients1, afterAnother100kClients: afterClients2 }
}

// ---------------------------------------------------------------------------------------------
// Start-up in Node: a fresh process imports the package (compile + instantiate) and makes a call

function nodeStartup() {
  const script = `
    const t0 = performance.now()
    const { Client } = await import(${JSON.stringify(join(root, 'js/src/node.js'))})
    const t1 = performance.now()
    const body = JSON.stringify({ code: 200, message: 'success', data: { topicId: '1', topicName: 'n', ownerUuid: '2', ownerAccount: 'o', memberNum: 1 } })
    await new Client({ baseUrl: 'https://x', token: 't', fetch: async () => new Response(body) }).getTopic('1')
    console.log(JSON.stringify({ load: t1 - t0, firstCall: performance.now() - t1 }))`
  const runs = Array.from({ length: 7 }, () => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString()))
  return { loadMs: median(runs.map((r) => r.load)), firstCallMs: median(runs.map((r) => r.firstCall)) }
}

// ---------------------------------------------------------------------------------------------
// Chromium: per-call cost and start-up in a page

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' }

async function chromium() {
  const { chromium } = await import(join(root, 'node_modules/playwright-core/index.mjs'))
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).slice(1)
    try {
      const body = await readFile(join(root, path))
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      response.end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const version = browser.version()
    // Start-up: a fresh context each time, so nothing is cached between loads.
    const startups = []
    for (let i = 0; i < 7; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${origin}/bench/browser.html?startup`)
      startups.push(await page.waitForFunction(() => window.result).then((h) => h.jsonValue()))
      await context.close()
    }
    const page = await browser.newPage()
    await page.goto(`${origin}/bench/browser.html?calls`)
    const calls = await page.waitForFunction(() => window.result, null, { timeout: 300_000 }).then((h) => h.jsonValue())
    if (calls.error) throw new Error(calls.error)
    return {
      version,
      startup: {
        loadMs: median(startups.map((s) => s.load)),
        compileInstantiateMs: median(startups.map((s) => s.instantiate)),
        firstCallMs: median(startups.map((s) => s.firstCall)),
      },
      calls,
    }
  } finally {
    await browser.close()
    server.close()
  }
}

// ---------------------------------------------------------------------------------------------
// The emulator's own benchmark (Rust, cargo bench), its lines kept as they are

function emulatorBench() {
  if (process.env.BENCH_SKIP_EMULATOR) return []
  log('cargo bench -p mimc-emulator --bench scale')
  const out = execFileSync('cargo', ['bench', '-p', 'mimc-emulator', '--bench', 'scale', '--quiet'], {
    cwd: root,
    env: { ...process.env, BENCH_MEMBERS: String(members) },
    maxBuffer: 16 << 20,
  })
  return String(out).trim().split('\n')
}

// ---------------------------------------------------------------------------------------------

const render = process.argv.includes('--render')
const results = render ? JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) : await measure()

async function measure() {
  const results = { date: new Date().toISOString(), machine: {}, goals: [] }
  results.machine = {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  }
  log('size')
  results.size = { ...sizes(), breakdown: breakdown({ crates: 10, functions: 12 }) }
  log('per-call cost in Node')
  const { Client, fetchToken } = await import(join(root, 'js/src/node.js'))
  results.perCallNode = await perCall(Client, { lj: await import('lossless-json') })
  log('per-call cost and start-up in Chromium')
  const browser = await chromium()
  results.machine.chromium = browser.version
  results.perCallChromium = browser.calls
  results.startup = { chromium: browser.startup, node: nodeStartup() }
  const emulator = await startEmulator()
  try {
    const walked = await walks(Client, fetchToken, emulator.url)
    results.walk = { plain: walked.plainWalk, withWorkAndLatency: walked.withWork }
    const { initSync } = await import(join(root, 'js/pkg/mimc_uctopic.js'))
    const wasm = initSync({ module: readFileSync(join(root, 'js/pkg/mimc_uctopic_bg.wasm')) })
    log('memory')
    results.memory = await memory(Client, () => wasm.memory.buffer.byteLength, walked, emulator.url, walked.token)
  } finally {
    emulator.stop()
  }
  results.emulator = emulatorBench()
  log('soak')
  // Its own file (bench/soak.json), so `node bench/soak.mjs` alone can refresh its section.
  saveSoak(await soak())

  return results
}

// ---------------------------------------------------------------------------------------------
// The goals, read off the measurements

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const worst = (rows, key = 'ratio') => Math.max(...rows.map((r) => r[key]))
const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MB`
const m = results.memory
results.goals = [
  { goal: 'per-call time ≤ 1.5x plain JS in Node', measured: `${worst(results.perCallNode).toFixed(2)}x (worst of getTopic, createTopic, memberPage)`, met: worst(results.perCallNode) <= 1.5 },
  { goal: 'per-call time ≤ 1.5x plain JS in Chromium', measured: `${worst(results.perCallChromium).toFixed(2)}x`, met: worst(results.perCallChromium) <= 1.5 },
  {
    goal: 'per-call time ≤ 1.0x like-for-like plain JS (timeout, status, lossless-json, fields checked) in Node',
    measured: `${worst(results.perCallNode, 'exactRatio').toFixed(2)}x (worst of the three)`,
    met: worst(results.perCallNode, 'exactRatio') <= 1.0,
  },
  {
    goal: 'per-call time ≤ 1.0x like-for-like plain JS in Chromium',
    measured: `${worst(results.perCallChromium, 'exactRatio').toFixed(2)}x`,
    met: worst(results.perCallChromium, 'exactRatio') <= 1.0,
  },
  { goal: 'walking members ≤ 1.05x the plain loop', measured: `${results.walk.plain.ratio.toFixed(2)}x`, met: results.walk.plain.ratio <= 1.05 },
  {
    goal: 'with work and latency, ≥ 1.6x faster than the plain loop',
    measured: `${(1 / results.walk.withWorkAndLatency.ratio).toFixed(2)}x faster`,
    met: 1 / results.walk.withWorkAndLatency.ratio >= 1.6,
  },
  { goal: 'runtime ≤ 55 KB gzip (stretch: 40 KB)', measured: kb(results.size.runtimeGzip), met: results.size.runtimeGzip <= 55 * 1024 },
  {
    goal: 'start-up ≤ 8 ms in Chromium (compile + instantiate)',
    measured: `${results.startup.chromium.compileInstantiateMs.toFixed(1)} ms; first call ${results.startup.chromium.firstCallMs.toFixed(1)} ms after`,
    met: results.startup.chromium.compileInstantiateMs <= 8,
  },
  {
    goal: 'memory flat',
    measured: `walks ${mb(m.afterFirstWalk)} → ${mb(m.afterSecondWalk)}; clients ${mb(m.after100kClients)} → ${mb(m.afterAnother100kClients)}`,
    met: m.afterSecondWalk === m.afterFirstWalk && m.afterAnother100kClients === m.after100kClients,
  },
  ...soakGoal(),
]

if (!render) await writeFile(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
const table = (rows) =>
  rows
    .map((r) => `| ${r.call} | ${r.clientUs.toFixed(1)} µs | ${r.plainUs.toFixed(1)} µs | ${r.ratio.toFixed(2)}x | ${r.exactUs.toFixed(1)} µs | ${r.exactRatio.toFixed(2)}x |`)
    .join('\n')
const md = `# Benchmark results

Written by \`npm run bench\` (bench/run.mjs) on ${results.date}: ${results.machine.cpus}, ${results.machine.memoryGiB} GiB,
${results.machine.os}, Node ${results.machine.node}, ${results.machine.chromium}. Every figure is a ratio against a
baseline measured in the same run, in alternating rounds, medians. The raw numbers are in
[results.json](results.json).

## Goals

| goal | measured | met |
|---|---|---|
${results.goals.map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : '**no**'} |`).join('\n')}

## Size

Runtime: **${kb(results.size.runtimeGzip)} gzip**, ${kb(results.size.runtimeBrotli)} brotli (wasm ${kb(results.size.wasm.gzip)} gzip /
${kb(results.size.wasm.brotli)} brotli, JS ${kb(results.size.js.gzip)} gzip / ${kb(results.size.js.brotli)} brotli); budget ${kb(results.size.budget)}.

The wasm by crate (bytes before wasm-opt, ${kb(results.size.breakdown.total)} in all):

| crate | bytes |
|---|---|
${results.size.breakdown.crates.map((c) => `| ${c.name} | ${c.bytes} |`).join('\n')}

Largest functions (before wasm-opt):

| function | bytes |
|---|---|
${results.size.breakdown.functions.map((f) => `| \`${f.name.replaceAll('|', '\\|').slice(0, 100)}\` | ${f.bytes} |`).join('\n')}

## Cost per call, stubbed fetch

Plain JS: the same stubbed fetch, \`JSON.parse\`, and the fields picked by hand. Like for like:
what the client does, by hand — \`AbortSignal.timeout\`, a status check, exact ids through
lossless-json, each field checked, a page's members filtered and ordered.

| call (Node) | client | plain | ratio | like for like | ratio |
|---|---|---|---|---|---|
${table(results.perCallNode)}

| call (Chromium) | client | plain | ratio | like for like | ratio |
|---|---|---|---|---|---|
${table(results.perCallChromium)}

## Walking members

| walk | members() | plain async generator | ratio |
|---|---|---|---|
| ${results.walk.plain.members} members on the emulator | ${results.walk.plain.clientSeconds.toFixed(2)} s | ${results.walk.plain.plainSeconds.toFixed(2)} s | ${results.walk.plain.ratio.toFixed(2)}x |
| ${results.walk.withWorkAndLatency.members} members, 5 ms latency + 2 ms work per page | ${results.walk.withWorkAndLatency.clientSeconds.toFixed(2)} s | ${results.walk.withWorkAndLatency.plainSeconds.toFixed(2)} s | ${results.walk.withWorkAndLatency.ratio.toFixed(2)}x |

## Start-up

| | load (import) | compile + instantiate | first call |
|---|---|---|---|
| Chromium (fresh context; fetch over loopback, compile, instantiate) | ${results.startup.chromium.loadMs.toFixed(1)} ms | ${results.startup.chromium.compileInstantiateMs.toFixed(1)} ms | ${results.startup.chromium.firstCallMs.toFixed(2)} ms |
| Node (fresh process) | ${results.startup.node.loadMs.toFixed(1)} ms (import, compile and instantiate) | | ${results.startup.node.firstCallMs.toFixed(2)} ms |

## Memory (wasm linear memory)

| | bytes |
|---|---|
${Object.entries(results.memory).map(([k, v]) => `| ${k} | ${mb(v)} |`).join('\n')}

## The emulator (cargo bench -p mimc-emulator --bench scale)

\`\`\`
${results.emulator.join('\n')}
\`\`\`
${soakSection()}${existsNotes()}`
await writeFile(join(root, 'bench/RESULTS.md'), md)
console.log(md)

/** The hand-written analysis of the misses, kept across runs in bench/NOTES.md. */
function existsNotes() {
  try {
    return `\n${readFileSync(join(root, 'bench/NOTES.md'), 'utf8')}`
  } catch {
    return ''
  }
}
