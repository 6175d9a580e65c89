// `mimc-uctopic/emulator` for Node: the module is read from disk and instantiated on import, and
// `listen()` serves the emulator over real HTTP with `node:http`.
import { readFileSync } from 'node:fs'
import { initSync } from '../../pkg-emulator/mimc_emulator.js'
import { Emulator, emulatorFactory } from './emulator.js'
import { listen, close } from './server.js'

initSync({ module: readFileSync(new URL('../../pkg-emulator/mimc_emulator_bg.wasm', import.meta.url)) })

/** Serves this emulator on loopback (by default) and resolves to its URL, `http://HOST:PORT`. */
Emulator.prototype.listen = function (options) {
  return listen(this, options)
}
/** Stops the server `listen()` started, letting requests in flight finish. */
Emulator.prototype.close = function () {
  return close(this)
}

export const loadEmulator = () => Promise.resolve()
export const createEmulator = emulatorFactory(loadEmulator, () => true)
export { Emulator, EmulatorError, EMULATOR_URL } from './emulator.js'
