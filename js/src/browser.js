// Entry point for browsers, Web Workers and bundlers (Vite, webpack): the `new URL(…,
// import.meta.url)` form lets bundlers find and emit the .wasm file.
import init from '../pkg/mimc_uctopic.js'
import { load } from './client.js'

load(() => init({ module_or_path: new URL('../pkg/mimc_uctopic_bg.wasm', import.meta.url) }))

export * from './surface.js'
