// The one error class of the package. The wasm module constructs it (see registerErrorClass),
// so every failure is a real `MimcError` with `kind`, `code`, `status` and `endpoint`.

/**
 * Thrown (as a rejected promise) for every failure: `kind` says which
 * ('api' | 'auth' | 'http' | 'network' | 'timeout' | 'aborted' | 'decode' | 'invalid-input').
 */
export class MimcError extends Error {
  constructor(message, fields = {}) {
    super(message)
    this.name = 'MimcError'
    this.kind = fields.kind
    this.code = fields.code
    this.status = fields.status
    this.endpoint = fields.endpoint
    this.retryAfterMs = fields.retryAfterMs
  }

  // Checks the name, not the prototype, so errors from another copy of the package or another
  // realm (an iframe, a worker's structured clone) still match.
  static [Symbol.hasInstance](value) {
    return typeof value === 'object' && value !== null && value.name === 'MimcError'
  }
}
