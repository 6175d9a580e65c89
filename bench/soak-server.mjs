// The Node form of the emulator for the soak (bench/soak.mjs forks it): `listen()` from the npm
// package's emulator entry, with 1-second tokens. Its first line is the URL; it answers each IPC
// message with the memory it holds, the wasm linear memory apart.
import { readFileSync } from 'node:fs'
import { createEmulator } from '../js/src/emulator/node.js'
import { initSync } from '../js/pkg-emulator/mimc_emulator.js'

const emulator = createEmulator({ tokenTtl: Number(process.env.SOAK_TOKEN_TTL ?? 1) })
const url = await emulator.listen({ port: 0 })
// The module is instantiated already (node.js did it on import): initSync hands back its exports.
const { memory } = initSync({ module: readFileSync(new URL('../js/pkg-emulator/mimc_emulator_bg.wasm', import.meta.url)) })
process.on('message', () => {
  const { rss, heapUsed } = process.memoryUsage()
  process.send({ wasm: memory.buffer.byteLength, rss, heapUsed })
})
process.on('disconnect', () => emulator.close().then(() => process.exit(0)))
console.log(`listening on ${url}`)
