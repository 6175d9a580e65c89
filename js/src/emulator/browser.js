// `mimc-uctopic/emulator` for browsers, Web Workers and bundlers: the module is fetched from
// beside this file (bundlers find it through `new URL(…, import.meta.url)`) when first needed.
import init from '../../pkg-emulator/mimc_emulator.js'
import { emulatorFactory } from './emulator.js'

let loading
let loaded = false
const ready = () =>
  (loading ??= init({ module_or_path: new URL('../../pkg-emulator/mimc_emulator_bg.wasm', import.meta.url) }).then(() => {
    loaded = true
  }))

/** Resolves once the emulator's module is instantiated (createEmulator() works before that). */
export const loadEmulator = () => ready()
export const createEmulator = emulatorFactory(ready, () => loaded)
export { Emulator, EmulatorError, EMULATOR_URL } from './emulator.js'
