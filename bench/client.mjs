// Client benchmarks, printed not asserted: walking a large group with members() against a plain
// fetch + JSON.parse loop over the same pages (the baseline, measured in this run), and wasm
// memory while iterating a million members and while creating and dropping 100k clients.
// Run by scripts/bench.sh with MIMC_EMULATOR_URL set and node --expose-gc.
import { readFileSync } from 'node:fs'
import { Client, fetchToken } from '../js/src/node.js'
import { initSync } from '../js/pkg/mimc_uctopic.js'

const baseUrl = process.env.MIMC_EMULATOR_URL
const members = Number(process.env.BENCH_MEMBERS ?? 1_000_000)
const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }
// initSync returns the already-instantiated module's exports: the wasm memory is one of them.
const wasm = initSync({ module: readFileSync(new URL('../js/pkg/mimc_uctopic_bg.wasm', import.meta.url)) })
const wasmMemory = () => wasm.memory.buffer.byteLength
const mb = (bytes) => (bytes / 1048576).toFixed(1)
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.()
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const { token } = await fetchToken({ baseUrl, ...app, appAccount: 'bench-owner' })
const client = new Client({ baseUrl, token })
const { topicId } = await client.createTopic({ topicName: 'bench' })
const started = performance.now()
for (let done = 0; done < members - 1; ) {
  const batch = Math.min(100_000, members - 1 - done)
  const accounts = Array.from({ length: batch }, (_, i) => `bench-${done + i}`)
  await fetch(`${baseUrl}/emulator/topics/${topicId}/members`, { method: 'POST', body: JSON.stringify({ accounts }) })
  done += batch
}
console.log(`joined ${members} members in ${((performance.now() - started) / 1000).toFixed(2)} s`)

// Baseline: the same pages with fetch and JSON.parse (which, note, corrupts the uuids).
async function baseline() {
  let start = '0'
  let count = 0
  for (;;) {
    const response = await fetch(`${baseUrl}/api/uctopic/userlist`, { headers: { token, topicId, startUuid: start } })
    const { data } = JSON.parse(await response.text())
    count += data.members.length
    if (data.isEnd === 'true' || data.isEnd === true || data.members.length === 0) return count
    // The last uuid as text, cut from the body, since JSON.parse already rounded it.
    start = data.members.at(-1).uuid
  }
}

async function walk() {
  let count = 0
  for await (const _ of client.members(topicId)) count++
  return count
}

// Both loops are warmed up, then run in alternating rounds: whichever runs first after a pause
// pays extra, so a single ordered run would favour one side.
await walk()
await baseline()
await settle()
const memoryBefore = wasmMemory()
const runs = { 'members()': [], 'fetch + JSON.parse': [] }
for (let round = 0; round < 3; round++) {
  for (const [name, run] of [['members()', walk], ['fetch + JSON.parse', baseline]]) {
    const t0 = performance.now()
    const count = await run()
    if (count !== members) throw new Error(`${name} saw ${count} members, expected ${members}`)
    runs[name].push((performance.now() - t0) / 1000)
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[1]
for (const [name, seconds] of Object.entries(runs)) {
  const m = median(seconds)
  console.log(`${name.padEnd(20)} ${members} members, median of 3: ${m.toFixed(2)} s = ${Math.round(members / m)} members/s`)
}
console.log(`members() / baseline time ratio: ${(median(runs['members()']) / median(runs['fetch + JSON.parse'])).toFixed(2)}`)
await settle()
console.log(`wasm memory: ${mb(memoryBefore)} MB before walking ${members} members, ${mb(wasmMemory())} MB after`)

// Wasm memory never shrinks, so "flat" means: after the first round, further rounds reuse it.
const rounds = []
for (let round = 1; round <= 10; round++) {
  for (let i = 0; i < 10_000; i++) new Client({ baseUrl, token })
  await settle()
  rounds.push(wasmMemory())
}
console.log(`wasm memory after each of 10 rounds of 10k clients created and dropped (GC): ${rounds.map(mb).join(', ')} MB`)
for (let i = 0; i < 100_000; i++) new Client({ baseUrl, token }).free()
console.log(`wasm memory after 100k more clients freed explicitly: ${mb(wasmMemory())} MB`)
await client.deleteTopic(topicId)
