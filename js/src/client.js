// The package's surface, shared by the browser and Node entry points. Rust does the work; this
// file waits for the wasm module, adds `members()`, and holds no business logic.
//
// No top-level await: a module Web Worker whose imports await drops the messages posted to it
// before they finish, so the browser entry starts instantiating and every call waits for it.

import { Client as WasmClient, fetchToken as wasmFetchToken, registerErrorClass } from '../pkg/mimc_uctopic.js'
import { MimcError, isMimcError } from './errors.js'
import { memberIterable } from './members.js'

let instantiated = false
/** Resolves once the wasm module is ready; after that, `new Client()` validates synchronously. */
export let ready = new Promise(() => {})

/** Called once by each entry point with its way of instantiating the module (sync or async). */
export function load(instantiate) {
  const connect = () => {
    registerErrorClass(MimcError)
    instantiated = true
  }
  const started = instantiate()
  if (started instanceof Promise) {
    ready = started.then(connect)
  } else {
    connect()
    ready = Promise.resolve()
  }
}

/** A MIMC unlimited-group client; see index.d.ts for every method. */
export class Client {
  #inner
  #pending

  constructor(options) {
    if (instantiated) {
      this.#inner = new WasmClient(options)
    } else {
      // Bad options then reject the first call instead of throwing here.
      this.#pending = ready.then(() => (this.#inner = new WasmClient(options)))
      this.#pending.catch(() => {})
    }
  }

  async #call(method, args) {
    const inner = this.#inner ?? (await this.#pending)
    return inner[method](...args)
  }

  // Every endpoint method of the wasm Client, delegated as it is (the same arguments, the same
  // promise once the module is ready): an endpoint added in Rust needs no line here.
  static {
    const own = new Set(['constructor', '__destroy_into_raw', 'free', 'memberCursor'])
    for (const name of Object.getOwnPropertyNames(WasmClient.prototype)) {
      if (own.has(name)) continue
      Object.defineProperty(Client.prototype, name, {
        value(...args) {
          return this.#inner ? this.#inner[name](...args) : this.#call(name, args)
        },
        writable: true,
        configurable: true,
      })
    }
  }

  /** Every member of a group: `for await (const m of client.members(topicId, { startUuid?, signal? }))`. */
  members(topicId, options) {
    const { signal, ...cursorOptions } = options ?? {}
    const open = () =>
      this.#inner ? this.#inner.memberCursor(topicId, cursorOptions) : this.#call('memberCursor', [topicId, cursorOptions])
    return memberIterable(open, signal)
  }

  /** Frees the client's wasm memory now (garbage collection also frees it). */
  free() {
    this.#inner?.free()
    this.#inner = undefined
  }
}

/** The token service, for app servers. */
export async function fetchToken(input, options) {
  await ready
  return wasmFetchToken(input, options)
}

export { MimcError, isMimcError }
