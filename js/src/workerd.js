// Entry point for Cloudflare Workers (the `workerd` condition, which wrangler bundles with): a
// Worker can neither fetch nor read a .wasm at run time, so the module is imported, as wrangler's
// rule for `*.wasm` gives it (a WebAssembly.Module), and instantiated on import.
import wasm from '../pkg/mimc_uctopic_bg.wasm'
import { initSync } from '../pkg/mimc_uctopic.js'
import { load } from './client.js'

load(() => initSync({ module: wasm }))

export * from './surface.js'
