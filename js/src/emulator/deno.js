// `mimc-uctopic/emulator` for Deno: the module comes from a source-phase import (no file read, so
// no `--allow-read`), and `listen()` serves over Deno's `node:http` (which needs `--allow-net`).
import source wasm from '../../pkg-emulator/mimc_emulator_bg.wasm'
import { initSync } from '../../pkg-emulator/mimc_emulator.js'
import './server.js'

initSync({ module: wasm })

export { loaded as loadEmulator, createLoadedEmulator as createEmulator, Emulator, EmulatorError, EMULATOR_URL } from './emulator.js'
