// Per-call cost with a stubbed fetch (a canned Response, no network): the client's getTopic,
// createTopic and memberPage against plain JS doing the same work (fetch, JSON.parse, pick the
// fields), in alternating rounds, medians. Printed, not asserted. Node by default; the same
// loop runs in a page for Chromium (bench/calls.html). `node bench/calls.mjs [package root]`
// measures another build of the package (e.g. an older commit's) the same way.
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { run } from './calls-core.js'

const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname)
const { Client } = await import(pathToFileURL(`${root}/js/src/node.js`))
const lj = await import('lossless-json')
const results = await run(Client, { rounds: Number(process.env.BENCH_ROUNDS ?? 9), calls: Number(process.env.BENCH_CALLS ?? 2000), lj })
for (const r of results) {
  console.log(
    `${r.call.padEnd(12)} ${r.clientUs.toFixed(1).padStart(7)} µs vs plain ${r.plainUs.toFixed(1).padStart(6)} µs: ${r.ratio.toFixed(2)}x;` +
      ` vs like for like ${r.exactUs.toFixed(1).padStart(6)} µs: ${r.exactRatio.toFixed(2)}x`,
  )
}
