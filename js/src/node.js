// Entry point for Node ≥ 18: a file: URL cannot be fetched there, so the bytes are read from disk
// and the module is instantiated synchronously on import.
import { readFileSync } from 'node:fs'
import { initSync } from '../pkg/mimc_uctopic.js'
import { load } from './client.js'

load(() => initSync({ module: readFileSync(new URL('../pkg/mimc_uctopic_bg.wasm', import.meta.url)) }))

export * from './surface.js'
