// Types of `mimc-uctopic/emulator` in Node, Bun and Deno: the emulator of every runtime, plus
// `listen()` and `close()`, which only their entries have (they serve it over `node:http`).
import { Emulator as InProcess, type EmulatorOptions } from './emulator.js'

export * from './emulator.js'

/** An emulator that can also serve over HTTP. */
export declare class Emulator extends InProcess {
  /** Serves the API, the admin API and CORS over HTTP; resolves to `http://HOST:PORT`. Default host 127.0.0.1, port 0 (a free one). */
  listen(options?: { port?: number; host?: string }): Promise<string>
  /** Stops the server `listen()` started, letting requests in flight finish. */
  close(): Promise<void>
}

/** A new emulator with its own state; bad options throw. */
export declare function createEmulator(options?: EmulatorOptions): Emulator
