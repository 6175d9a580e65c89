// The soak: what hours of test suites and fuzzing do to an emulator that stays up, pressed into a
// few minutes per form. 16 clients loop create → join 300 → walk the members → mute → delete,
// 2 ask for random group ids that never existed (404s), 2 mint tokens that live 1 second; the
// emulator's memory is sampled as they go: the native binary's RSS (/proc/PID/status), and the
// Node server's wasm linear memory (which never shrinks) beside its process RSS, and that of
// `createEmulator()` called in-process through its `fetch`, as a long test run does.
//
// Part of `npm run bench` (bench/run.mjs); alone, `node bench/soak.mjs` measures, writes
// bench/soak.json and replaces the "Soak" section of bench/RESULTS.md (`--render`: only that). BENCH_SOAK_SECONDS (180)
// is the length of each form's run, BENCH_SOAK_FORMS (native,node,fetch) which forms run, and
// BENCH_SOAK_AS the name the run is kept under in bench/soak.json: "current" by default (what
// `npm run bench` writes), "baseline" for the figures of an older build the section compares
// with (e.g. before a fix), any other name for a run shown beside them (e.g. a longer one).
// Loopback only; every loop stops at its deadline.
import { spawn, fork, execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }
const log = (...args) => console.error('soak:', ...args)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** What each form's run is made of. */
export const WORKLOAD = { cycleClients: 16, members: 300, randomIdClients: 2, tokenClients: 2, tokenTtl: 1 }
/** Memory is read this often; RSS after the first minute is what the end is compared with. */
const SAMPLE_SECONDS = 10
const WARMUP_SECONDS = 60

// ---------------------------------------------------------------------------------------------
// The two forms, each started as its own process, with a way to read its memory.

function firstLine(child) {
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => {
      const match = String(chunk).match(/listening on (\S+)/)
      match ? resolve(match[1]) : reject(new Error(`unexpected first line: ${chunk}`))
    })
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)))
  })
}

async function startNative() {
  const bin = join(root, 'target/release/mimc-emulator')
  const child = spawn(bin, ['--port', '0', '--token-ttl', String(WORKLOAD.tokenTtl)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await firstLine(child)
  child.stdout.resume()
  const rss = () => Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) * 1024
  return { url, memory: async () => ({ rss: rss() }), stop: () => child.kill() }
}

async function startNode() {
  const child = fork(join(root, 'bench/soak-server.mjs'), {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, SOAK_TOKEN_TTL: String(WORKLOAD.tokenTtl) },
  })
  const url = await firstLine(child)
  child.stdout.resume()
  const memory = () =>
    new Promise((resolve) => {
      child.once('message', resolve)
      child.send('memory')
    })
  return { url, memory, stop: () => child.kill() }
}

/** `createEmulator()` in this very process, called through its `fetch` as a test suite does. */
async function startInProcess() {
  const { createEmulator, EMULATOR_URL } = await import('../js/src/emulator/node.js')
  const { initSync } = await import('../js/pkg-emulator/mimc_emulator.js')
  const emulator = createEmulator({ tokenTtl: WORKLOAD.tokenTtl })
  const { memory } = initSync({ module: readFileSync(join(root, 'js/pkg-emulator/mimc_emulator_bg.wasm')) })
  return { url: EMULATOR_URL, fetch: emulator.fetch, memory: async () => ({ wasm: memory.buffer.byteLength }), stop: () => {} }
}

const FORMS = {
  native: { start: startNative, label: 'native binary (RSS)', key: 'rss' },
  node: { start: startNode, label: 'Node server (wasm linear memory)', key: 'wasm' },
  fetch: { start: startInProcess, label: 'createEmulator().fetch in-process (wasm linear memory)', key: 'wasm' },
}

// ---------------------------------------------------------------------------------------------
// The traffic

async function traffic({ url, fetch = globalThis.fetch }, deadline, tally) {
  const call = async (method, path, headers, body, expected = 200) => {
    const response = await fetch(url + path, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    // Ids are JSON integers above 2^53: quoted before parsing, so they stay exact.
    const envelope = JSON.parse((await response.text()).replace(/("(?:topicId|uuid|ownerUuid)":\s*)(\d+)/g, '$1"$2"'))
    tally.requests++
    if (envelope.code !== expected) {
      tally.errors++
      throw new Error(`${method} ${path}: ${envelope.code} ${envelope.message}`)
    }
    return envelope.data
  }
  const guarded = (loop) => async () => {
    while (Date.now() < deadline) {
      // In-process, every await is a microtask: without this the sampling timer never runs.
      await new Promise((resolve) => setImmediate(resolve))
      try {
        await loop()
      } catch (error) {
        if (tally.errors <= 3) log(error.message)
        await sleep(50)
      }
    }
  }
  const cycle = (k) => {
    const credentials = { ...app, appAccount: `soak-owner-${k}` }
    // The same accounts every cycle: users are the service's data, and here they stay put.
    const accounts = Array.from({ length: WORKLOAD.members }, (_, i) => `soak-${k}-${i}`)
    return guarded(async () => {
      const { topicId } = await call('POST', '/api/uctopic', credentials, { topicName: `soak ${k}` })
      await call('POST', `/emulator/topics/${topicId}/members`, {}, { accounts })
      let startUuid = '0'
      for (;;) {
        const page = await call('GET', '/api/uctopic/userlist', { ...credentials, topicId, startUuid })
        if (String(page.isEnd) === 'true' || page.members.length === 0) break
        startUuid = String(page.members.at(-1).uuid)
      }
      await call('POST', '/api/uctopic/forbidsendmsg', credentials, { topicId, user: accounts[0], forbidSeconds: 60 })
      await call('DELETE', '/api/uctopic', { ...credentials, topicId })
      tally.cycles++
    })
  }
  const randomId = () => {
    const server = { ...app }
    return guarded(async () => {
      // 19 digits: far above 2^53 like the real ids; at this rate none is ever named twice.
      const topicId = String(1 + Math.floor(Math.random() * 9)) + String(Math.random()).slice(2, 11).padEnd(9, '0') + String(Math.random()).slice(2, 11).padEnd(9, '0')
      await call('GET', '/api/uctopic/topic', { ...server, topicId }, undefined, 404)
      tally.notFound++
    })
  }
  const tokens = () =>
    guarded(async () => {
      await call('POST', '/api/account/token', {}, { ...app, appAccount: 'soak-token' })
      tally.tokens++
    })
  const loops = [
    ...Array.from({ length: WORKLOAD.cycleClients }, (_, k) => cycle(k)),
    ...Array.from({ length: WORKLOAD.randomIdClients }, randomId),
    ...Array.from({ length: WORKLOAD.tokenClients }, tokens),
  ]
  await Promise.all(loops.map((loop) => loop()))
}

// ---------------------------------------------------------------------------------------------
// One form's run: traffic for `seconds`, memory every SAMPLE_SECONDS.

async function soakForm(name, seconds) {
  const form = FORMS[name]
  const server = await form.start()
  try {
    const tally = { requests: 0, cycles: 0, notFound: 0, tokens: 0, errors: 0 }
    const started = Date.now()
    const samples = [{ s: 0, ...(await server.memory()), requests: 0 }]
    const running = traffic(server, started + seconds * 1000, tally)
    for (let i = 1; i * SAMPLE_SECONDS <= seconds; i++) {
      await sleep(started + i * SAMPLE_SECONDS * 1000 - Date.now())
      samples.push({ s: i * SAMPLE_SECONDS, ...(await server.memory()), requests: tally.requests })
      log(`${name} ${i * SAMPLE_SECONDS} s: ${mb(samples.at(-1)[form.key])}, ${tally.requests} requests`)
    }
    await running
    const warm = samples.find((s) => s.s >= Math.min(WARMUP_SECONDS, seconds / 2)) ?? samples.at(-1)
    const after = samples.filter((s) => s.s >= warm.s)
    const bytes = (s) => s[form.key]
    return {
      key: form.key,
      samples,
      tally,
      atWarmup: bytes(warm),
      warmupSeconds: warm.s,
      end: bytes(samples.at(-1)),
      maxAfterWarmup: Math.max(...after.map(bytes)),
      flat: flatOf({ key: form.key, samples, warmupSeconds: warm.s }),
    }
  } finally {
    server.stop()
  }
}

/**
 * Whether a form's memory is flat: the native RSS within 10% of its value after the first
 * minute; wasm memory, which never shrinks, has stopped growing when the last minute of the
 * run added no page to it (the last third of the default 180 s run). Computed from the samples,
 * so a saved run is judged by the same rule when rendered.
 */
function flatOf(f) {
  const bytes = (s) => s[f.key]
  const after = f.samples.filter((s) => s.s >= f.warmupSeconds)
  if (f.key === 'rss') return Math.max(...after.map(bytes)) <= bytes(after[0]) * 1.1
  const end = f.samples.at(-1).s
  const lastMinute = f.samples.filter((s) => s.s >= end - Math.min(WARMUP_SECONDS, end / 3))
  return lastMinute.every((s) => bytes(s) === bytes(lastMinute[0]))
}

/** Runs the soak on each form in turn. */
export async function soak({ seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 180), forms } = {}) {
  forms ??= (process.env.BENCH_SOAK_FORMS ?? 'native,node,fetch').split(',')
  const run = { date: new Date().toISOString(), commit: commit(), seconds, workload: WORKLOAD, forms: {} }
  for (const name of forms) {
    log(`${name}: ${seconds} s`)
    run.forms[name] = await soakForm(name, seconds)
  }
  return run
}

function commit() {
  try {
    const head = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD']).toString().trim()
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'emulator', 'js/src/emulator']).toString().trim()
    return dirty ? `${head} (modified)` : head
  } catch {
    return 'unknown'
  }
}

// ---------------------------------------------------------------------------------------------
// bench/soak.json and the section of bench/RESULTS.md

const SOAK_JSON = join(root, 'bench/soak.json')

/** Keeps a run in bench/soak.json under a name ("current" unless BENCH_SOAK_AS says). */
export function saveSoak(run, { as = process.env.BENCH_SOAK_AS ?? 'current' } = {}) {
  const saved = existsSync(SOAK_JSON) ? JSON.parse(readFileSync(SOAK_JSON, 'utf8')) : {}
  saved[as] = run
  writeFileSync(SOAK_JSON, `${JSON.stringify(saved, null, 2)}\n`)
}

const mb = (n) => (n === undefined ? '' : `${(n / 2 ** 20).toFixed(1)} MB`)
const pct = (a, b) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(0)}%`

function summary(run, which) {
  return Object.entries(run.forms)
    .map(([name, f]) => {
      const t = f.tally
      return `| ${FORMS[name].label}, ${which} (${run.commit}, ${run.seconds} s) | ${mb(f.samples[0][f.key])} | ${mb(f.atWarmup)} (${f.warmupSeconds} s) | ${mb(f.end)} (${f.samples.at(-1).s} s, ${pct(f.atWarmup, f.end)}) | ${t.cycles} / ${t.notFound} / ${t.tokens} | ${t.errors} | ${flatOf(f) ? 'yes' : '**no**'} |`
    })
    .join('\n')
}

function overTime(run) {
  const native = run.forms.native?.samples ?? []
  const node = run.forms.node?.samples ?? []
  const fetch = run.forms.fetch?.samples ?? []
  const rows = Math.max(native.length, node.length, fetch.length)
  return Array.from({ length: rows }, (_, i) => {
    const [n, w, f] = [native[i], node[i], fetch[i]]
    return `| ${(n ?? w ?? f).s} | ${mb(n?.rss)} | ${n?.requests ?? ''} | ${mb(w?.wasm)} | ${mb(w?.rss)} | ${w?.requests ?? ''} | ${mb(f?.wasm)} | ${f?.requests ?? ''} |`
  }).join('\n')
}

/** The "Soak" section of bench/RESULTS.md, from bench/soak.json. */
export function soakSection() {
  if (!existsSync(SOAK_JSON)) return ''
  const { baseline, current, ...others } = JSON.parse(readFileSync(SOAK_JSON, 'utf8'))
  if (!current) return ''
  const w = current.workload
  const rows = [baseline && summary(baseline, 'baseline'), summary(current, 'current'), ...Object.entries(others).map(([name, run]) => summary(run, name))]
  return `
## Soak (bench/soak.mjs)

${current.seconds} s per form (${current.date}): ${w.cycleClients} clients loop create → join ${w.members} (admin) → walk the
members → mute → delete, ${w.randomIdClients} ask for random group ids that never existed (404s), ${w.tokenClients} mint tokens that
live ${w.tokenTtl} s. Flat: the native RSS stays within 10% of its value after the first minute; the wasm linear
memory (which never shrinks) has stopped growing: no page added in the last minute of the run.

| form, build | at start | after warm-up | at the end | cycles / 404s / tokens | errors | flat |
|---|---|---|---|---|---|---|
${rows.filter(Boolean).join('\n')}

Memory over time (current build):

| s | native RSS | native requests | Node server wasm memory | Node server RSS | Node server requests | in-process wasm memory | in-process requests |
|---|---|---|---|---|---|---|---|
${overTime(current)}
`
}

/** The soak's row of the goals table (none before a soak has run). */
export function soakGoal() {
  if (!existsSync(SOAK_JSON)) return []
  const { current } = JSON.parse(readFileSync(SOAK_JSON, 'utf8'))
  if (!current) return []
  const forms = Object.entries(current.forms)
  return [
    {
      goal: 'emulator memory flat after warm-up under soak',
      measured: forms.map(([name, f]) => `${name} ${mb(f.atWarmup)} → ${mb(f.end)}`).join('; '),
      met: forms.every(([, f]) => flatOf(f)),
    },
  ]
}

/** Replaces (or adds) the Soak section of bench/RESULTS.md. */
function patchResults() {
  const path = join(root, 'bench/RESULTS.md')
  const md = readFileSync(path, 'utf8')
  const section = soakSection()
  const start = md.indexOf('\n## Soak')
  const next = start < 0 ? -1 : md.indexOf('\n## ', start + 1)
  const notes = md.indexOf('\n## Why the goals')
  let out
  if (start >= 0) out = md.slice(0, start) + section + (next >= 0 ? md.slice(next) : '')
  else if (notes >= 0) out = md.slice(0, notes) + section + md.slice(notes)
  else out = md + section
  writeFileSync(path, out)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --render: the section again from bench/soak.json, without measuring.
  if (!process.argv.includes('--render')) saveSoak(await soak())
  patchResults()
  console.log(soakSection())
}
