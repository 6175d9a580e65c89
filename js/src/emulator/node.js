// `mimc-uctopic/emulator` for Node (and Bun): the module is read from disk and instantiated on
// import, and `listen()` serves the emulator over real HTTP with `node:http`.
import { readFileSync } from 'node:fs'
import { initSync } from '../../pkg-emulator/mimc_emulator.js'
import './server.js'

initSync({ module: readFileSync(new URL('../../pkg-emulator/mimc_emulator_bg.wasm', import.meta.url)) })

export { loaded as loadEmulator, createLoadedEmulator as createEmulator, Emulator, EmulatorError, EMULATOR_URL } from './emulator.js'
