// `client.members(topicId)`: every member of a group as an async iterable, page by page.
// The paging rules (dedupe, progress check, end) live in Rust's MemberCursor; this file only
// adds what JS does best: async iteration, prefetching, and stopping on `break` or abort.

const ignore = () => {}

/**
 * @param {() => Cursor | Promise<Cursor>} openCursor where Cursor is
 *   `{ nextPage(signal: AbortSignal): Promise<object | null>, free?(): void }`
 * @param {AbortSignal | undefined} signal
 */
export function memberIterable(openCursor, signal) {
  // Opened now so that bad input throws here (once the module is ready), before any request.
  let first = openCursor()
  // Still loading: a bad input then rejects the first next() instead.
  if (first instanceof Promise) first.catch(ignore)
  const open = () => {
    const cursor = first ?? openCursor()
    first = null
    return cursor
  }
  return {
    /** Every page (`{ members, isEnd, nextStartUuid }`) that has members. */
    pages: () => pageIterator(open(), signal),
    async *[Symbol.asyncIterator]() {
      // Not `yield* page.members`: delegating to the array's iterator costs extra promise hops
      // per member.
      for await (const page of pageIterator(open(), signal)) {
        for (const member of page.members) yield member
      }
    },
  }
}

async function* pageIterator(opening, signal) {
  const cursor = await opening
  const controller = new AbortController()
  // The caller's reason travels on, as the `cause` of the `aborted` error.
  const stop = () => controller.abort(signal.reason)
  if (signal?.aborted) stop()
  else signal?.addEventListener('abort', stop, { once: true })
  try {
    let next = cursor.nextPage(controller.signal)
    while (next) {
      const page = await next
      if (page === null) return
      // Prefetch: the next page is on its way while the consumer works on this one.
      next = page.isEnd ? null : cursor.nextPage(controller.signal)
      // A prefetch abandoned by `break` must not surface as an unhandled rejection.
      next?.catch(ignore)
      if (page.members.length > 0) yield page
    }
  } finally {
    // On break, return() or an error: cancel the prefetch in flight, fetch nothing more.
    controller.abort()
    signal?.removeEventListener('abort', stop)
    cursor.free?.()
  }
}
