// The transport jobs JavaScript does in fewer bytes than the module would: composing the
// attempt's timeout with the caller's AbortSignal, and the plain copy of a caller's object.
// What is sent, what counts as a failure and what is retried are decided in Rust.

// One attempt through `fetchFn` (the global fetch when none): the fetch and the body read run
// under one AbortController that the timer and the caller's signal both abort. Resolves to
// [status, body bytes, Content-Length, Content-Encoding, response type, Retry-After] (absent
// headers as null); rejects with [kind, message, cause], kind 'aborted' (cause: the signal's
// reason), 'timeout' or 'network' (cause: what the runtime threw; Node's "fetch failed" gains
// the socket's code, such as ECONNREFUSED or ENOTFOUND, from below it).
export async function attempt(fetchFn, url, init, timeoutMs, signal) {
  if (signal?.aborted) throw ['aborted', '', signal.reason]
  const controller = new AbortController()
  const abort = () => controller.abort()
  const timer = setTimeout(abort, timeoutMs)
  signal?.addEventListener('abort', abort)
  init.signal = controller.signal
  try {
    const response = await (fetchFn ?? fetch)(url, init)
    // A Response from another realm (an iframe, a test double) fails `instanceof`; only the
    // standard surface is read.
    if (typeof response?.arrayBuffer !== 'function') throw new Error('fetch did not resolve to a Response')
    const bytes = new Uint8Array(await response.arrayBuffer())
    const header = (name) => response.headers?.get(name) ?? null
    return [response.status, bytes, header('content-length'), header('content-encoding'), response.type, header('retry-after')]
  } catch (e) {
    throw signal?.aborted ? ['aborted', '', signal.reason] : controller.signal.aborted ? ['timeout', ''] : ['network', String(e?.message ?? e) + (e?.cause?.code ? ': ' + e.cause.code : ''), e]
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', abort)
  }
}

// Waits `ms`, or less if `signal` aborts; resolves to whether it did.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve(!!signal?.aborted)
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done)
  })
}

// A plain copy of a caller's object: own enumerable keys only, into objects with no prototype
// (so nothing inherited is read, and an own "__proto__" key stays a key), nested objects copied
// too, functions and AbortSignals kept as they are. A getter or Proxy trap that throws is caught
// here, in JS: an exception must not unwind through wasm.
export function snapshot(value) {
  const copy = (v, depth) => {
    if (v === null || typeof v !== 'object' || (typeof AbortSignal !== 'undefined' && v instanceof AbortSignal)) return v
    if (depth > 8) throw new Error('it is nested more than 8 levels deep')
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1))
    const out = Object.create(null)
    for (const key of Object.keys(v)) out[key] = copy(v[key], depth + 1)
    return out
  }
  try {
    return { value: copy(value, 0) }
  } catch (e) {
    return { error: String(e && e.message || e) }
  }
}
