// The package's surface, shared by the browser and Node entry points. Rust does the work; this
// adds the async iterator and the error class, and holds no business logic.

import { Client, fetchToken, registerErrorClass } from '../pkg/mimc_uctopic.js'
import { MimcError } from './errors.js'
import { memberIterable } from './members.js'

/** Every member of a group: `for await (const m of client.members(topicId, { startUuid?, signal? }))`. */
Client.prototype.members = function members(topicId, options) {
  const { signal, ...cursorOptions } = options ?? {}
  return memberIterable(() => this.memberCursor(topicId, cursorOptions), signal)
}

/** Called by each entry point once the wasm module is instantiated. */
export function connect() {
  registerErrorClass(MimcError)
}

export { Client, fetchToken, MimcError }
