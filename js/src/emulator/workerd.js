// `mimc-uctopic/emulator` for Cloudflare Workers: the module is imported (see ../workerd.js) and
// instantiated on import. A Worker cannot listen on a socket, so there is no `listen()`.
import wasm from '../../pkg-emulator/mimc_emulator_bg.wasm'
import { initSync } from '../../pkg-emulator/mimc_emulator.js'

initSync({ module: wasm })

export { loaded as loadEmulator, createLoadedEmulator as createEmulator, Emulator, EmulatorError, EMULATOR_URL } from './emulator.js'
