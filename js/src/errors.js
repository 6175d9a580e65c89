// The one error class of the package. The wasm module constructs it (see registerErrorClass),
// so every failure is a real `MimcError` with `kind`, `code`, `status`, `endpoint` and `cause`.

// A registered symbol is the same in every realm (an iframe, a worker) and every copy of the
// package, so `isMimcError` recognises errors that `instanceof` cannot.
const BRAND = Symbol.for('mimc-uctopic.MimcError')

/**
 * Thrown (as a rejected promise) for every failure: `kind` says which
 * ('api' | 'auth' | 'http' | 'network' | 'timeout' | 'aborted' | 'decode' | 'invalid-input').
 */
export class MimcError extends Error {
  constructor(message, fields = {}) {
    super(message, 'cause' in fields ? { cause: fields.cause } : undefined)
    this.name = 'MimcError'
    this.kind = fields.kind
    this.code = fields.code
    this.status = fields.status
    this.endpoint = fields.endpoint
    this.retryAfterMs = fields.retryAfterMs
    Object.defineProperty(this, BRAND, { value: true })
  }
}

/** Whether `value` is a MimcError from any copy of the package, in any realm. */
export function isMimcError(value) {
  return typeof value === 'object' && value !== null && value[BRAND] === true
}
