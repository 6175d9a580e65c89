// Entry point for Deno (the `deno` condition): a source-phase import gives the compiled
// WebAssembly.Module without reading a file, so no `--allow-read` is needed.
import source wasm from '../pkg/mimc_uctopic_bg.wasm'
import { initSync } from '../pkg/mimc_uctopic.js'
import { load } from './client.js'

load(() => initSync({ module: wasm }))

export * from './surface.js'
