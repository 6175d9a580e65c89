// `createEmulator()`: the emulator's Rust core (js/pkg-emulator) behind a fetch-compatible
// function and the admin API as methods. The core decides every answer; this file only carries
// requests and answers, and waits out an injected delay with a timer.

import { Core, bodyLimit } from '../../pkg-emulator/mimc_emulator.js'

/** Any origin works: the in-process `fetch` routes by path alone. */
export const EMULATOR_URL = 'http://mimc-emulator.invalid'

/** Statuses whose answers have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([204, 205, 304])

/** Called by each entry point; `ready` resolves once the wasm module is instantiated. */
export function emulatorFactory(ready, isReady) {
  return function createEmulator(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('createEmulator: options must be an object')
    }
    const text = optionsJson(options)
    // Node instantiates on import, so bad options throw here; in a browser the module may
    // still be loading, and bad options then reject `emulator.ready` and every call.
    if (isReady()) return new Emulator(new Core(text))
    const emulator = new Emulator(ready().then(() => new Core(text)))
    emulator.ready.catch(() => {})
    return emulator
  }
}

/** For the entries that instantiate the module on import (Node, Deno, workerd): ready at once. */
export const loaded = () => Promise.resolve()
export const createLoadedEmulator = emulatorFactory(loaded, () => true)

function optionsJson(options) {
  const { seed, ...rest } = options
  if (seed !== undefined && !['string', 'number', 'bigint'].includes(typeof seed)) {
    throw new TypeError('createEmulator: seed must be a string, number or bigint')
  }
  if (rest.state !== undefined && typeof rest.state !== 'string') {
    // The state's ids are 64-bit: as a parsed object they would have passed through numbers.
    throw new TypeError('createEmulator: state must be the JSON text snapshot() gave')
  }
  return JSON.stringify({ ...rest, seed: String(seed ?? randomSeed()) })
}

function randomSeed() {
  const [high, low] = globalThis.crypto.getRandomValues(new Uint32Array(2))
  return ((BigInt(high) << 32n) | BigInt(low)).toString()
}

/** The error of an admin call that failed: the envelope's code and message. */
export class EmulatorError extends Error {
  constructor(status, code, message) {
    super(message)
    this.name = 'EmulatorError'
    this.status = status
    this.code = code
  }
}

/** An emulator's core once instantiated, for this package's adapters (`listen`); not a method,
 * so users never see it. */
export let coreOf

export class Emulator {
  #core
  #ready

  constructor(core) {
    if (core instanceof Promise) {
      this.#ready = core.then((c) => (this.#core = c))
    } else {
      this.#core = core
      this.#ready = Promise.resolve(core)
    }
    // A fetch-compatible function, bound: pass it around as `fetch`.
    this.fetch = this.fetch.bind(this)
  }

  /** Resolves when the emulator can answer (at once in Node). */
  get ready() {
    return this.#ready.then(() => undefined)
  }

  static {
    coreOf = async (emulator) => emulator.#core ?? (await emulator.#ready)
  }

  /** Answers like the global `fetch`, in-process: no socket, any origin. */
  async fetch(input, init) {
    const request = new Request(input, init)
    const signal = request.signal
    signal.throwIfAborted()
    const core = await coreOf(this)
    const url = new URL(request.url)
    const body = await readBody(request, bodyLimit(url.pathname))
    const headers = headerList(request.headers)
    // What an HTTP client adds on the wire, so the journal reads as it does over a socket.
    if (!request.headers.has('host')) headers.push('host', url.host)
    if (request.body !== null && !request.headers.has('content-length')) headers.push('content-length', String(body.size))
    const pending = core.receive(request.method, url.pathname + url.search, headers, body.bytes, body.whole)
    try {
      await wait(pending.delayMs, signal)
    } catch (error) {
      pending.free()
      throw error
    }
    return toResponse(respond(core, pending), request.method, signal)
  }

  // The admin API (docs/uctopic-api.md, "The emulator's admin API"), one method per route;
  // every method is async, so bad input (an inexact topicId) rejects instead of throwing.
  async join(topicId, accounts) {
    return this.#admin('POST', `topics/${topic(topicId)}/members`, { accounts })
  }
  async quit(topicId, accounts) {
    return this.#admin('DELETE', `topics/${topic(topicId)}/members`, { accounts })
  }
  async setOnline(topicId, accounts) {
    return this.#admin('PUT', `topics/${topic(topicId)}/online`, { accounts })
  }
  async mutes(topicId) {
    return (await this.#admin('GET', `topics/${topic(topicId)}/mutes`)).mutes
  }
  async requests({ topicId } = {}) {
    return this.#admin('GET', 'requests' + query({ topicId: optionalTopic(topicId) }))
  }
  async clearRequests() {
    return this.#admin('DELETE', 'requests')
  }
  async journal(filter = {}) {
    const { topicId, ...rest } = filter
    return (await this.#admin('GET', 'journal' + query({ ...rest, topicId: optionalTopic(topicId) }))).entries
  }
  async clearJournal() {
    return this.#admin('DELETE', 'journal')
  }
  async addFault(fault) {
    return this.#admin('POST', 'faults', fault)
  }
  async faults() {
    return (await this.#admin('GET', 'faults')).faults
  }
  async clearFaults() {
    return this.#admin('DELETE', 'faults')
  }
  async reset() {
    return this.#admin('POST', 'reset')
  }
  async advanceClock(seconds) {
    return this.#admin('POST', 'clock', { advanceSeconds: seconds })
  }
  async config() {
    return this.#admin('GET', 'config')
  }
  async setConfig(config) {
    return this.#admin('PUT', 'config', config)
  }
  /** A token for an account (of the first app unless `appId` says), as the token service gives. */
  async mintToken(account, { appId } = {}) {
    return (await this.#admin('POST', 'tokens', { account, appId })).token
  }
  /** The whole state as JSON text: pass it back as `createEmulator({ state })`. */
  async snapshot() {
    return (await coreOf(this)).snapshot()
  }

  async #admin(method, path, body) {
    const init = { method }
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      init.headers = { 'content-type': 'application/json' }
    }
    const response = await this.fetch(`${EMULATOR_URL}/emulator/${path}`, init)
    const envelope = JSON.parse(await response.text())
    if (envelope.code !== 200) throw new EmulatorError(response.status, envelope.code, envelope.message)
    return envelope.data
  }
}

function topic(id) {
  if (typeof id === 'number' && !Number.isSafeInteger(id)) {
    throw new TypeError(`topicId ${id} is not exact: pass 64-bit ids as strings or bigints`)
  }
  return encodeURIComponent(String(id))
}

const optionalTopic = (id) => (id === undefined ? undefined : topic(id))

function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined)
  return entries.length ? '?' + new URLSearchParams(entries.map(([k, v]) => [k, String(v)])) : ''
}

function headerList(headers) {
  const list = []
  headers.forEach((value, name) => list.push(name, value))
  return list
}

/** The body up to `limit` bytes; `whole` false when there was more. */
async function readBody(request, limit) {
  if (request.body === null) return { bytes: new Uint8Array(0), whole: true, size: 0 }
  const bytes = new Uint8Array(await request.arrayBuffer())
  const size = bytes.length
  return size <= limit ? { bytes, whole: true, size } : { bytes: bytes.subarray(0, limit), whole: false, size }
}

/** setTimeout's longest wait (about 24.8 days); longer ones would fire at once. */
export const MAX_DELAY_MS = 2 ** 31 - 1

function wait(ms, signal) {
  if (!ms) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort)
      resolve()
    }, Math.min(ms, MAX_DELAY_MS))
    const abort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', abort, { once: true })
  })
}

/**
 * Step two of an answer, as a plain object. The core's `Pending` and `Answer` are freed here, not
 * left to the garbage collector's finalizers: wasm memory never shrinks, so a backlog of them
 * awaiting a collection would stay for good as its high-water mark (bench/soak.mjs saw it grow).
 */
export function respond(core, pending) {
  try {
    const answer = core.respond(pending)
    try {
      return { status: answer.status, headers: answer.headers, body: answer.body, drop: answer.drop }
    } finally {
      answer.free()
    }
  } finally {
    pending.free()
  }
}

function toResponse(answer, method, signal) {
  signal.throwIfAborted()
  const headers = new Headers()
  const list = answer.headers
  for (let i = 0; i < list.length; i += 2) headers.append(list[i], list[i + 1])
  const status = answer.status
  let body = answer.body
  if (method === 'HEAD') {
    // A HEAD answer has no body to break (the native server sends the head alone too).
    body = null
  } else if (answer.drop) {
    // The head and a first chunk, then the connection breaks.
    const first = body
    body = new ReadableStream({
      start(controller) {
        controller.enqueue(first)
      },
      pull(controller) {
        controller.error(new TypeError('network error: the emulator dropped the connection'))
      },
    })
  } else {
    headers.set('content-length', String(body.length))
    if (NULL_BODY.has(status)) body = null
  }
  return new Response(body, { status, headers })
}
