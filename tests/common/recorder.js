// A `fetch` option for tests: it sends with the global fetch, records what the client sent and how
// each request ended, and says when the client has settled, so that no test sleeps and then counts.
// Used by the browser suites (tests/common/recorder.rs) and the package tests (tests/package).

/** A new recorder: pass `recorder.fetch` as the client's `fetch` option. */
export function recorder() {
  /** Each request: `{ method, url, headers, body, outcome, status }`, in the order they were sent. */
  const calls = []
  let pending = 0
  // Called when the last request in flight finishes, and when another is sent.
  const onIdle = []
  const onSent = []
  const wake = (list) => list.splice(0).forEach((f) => f())

  const fetch = (url, init = {}) => {
    const call = {
      method: init.method ?? 'GET',
      url: String(url),
      headers: Object.fromEntries(new Headers(init.headers)),
      body: typeof init.body === 'string' ? init.body : null,
      outcome: 'pending',
      status: null,
    }
    calls.push(call)
    pending++
    wake(onSent)
    let done = false
    const finish = (outcome) => {
      if (done) return
      done = true
      call.outcome = outcome
      if (--pending === 0) wake(onIdle)
    }
    const failed = (e) => {
      finish(e?.name === 'AbortError' ? 'aborted' : 'failed')
      throw e
    }
    return globalThis.fetch(url, init).then(async (response) => {
      let body
      try {
        body = await response.arrayBuffer()
      } catch (e) {
        failed(e)
      }
      call.status = response.status
      const answer = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
      // Finished once the client has read the body: its own continuations are promise jobs from there.
      for (const read of ['arrayBuffer', 'text', 'json']) {
        const original = answer[read].bind(answer)
        answer[read] = () => original().finally(() => finish('answered'))
      }
      return answer
    }, failed)
  }

  /**
   * Resolves with the calls once none is in flight and a macrotask has passed with none sent: by
   * then every promise job the last answer woke (the client's Rust futures, the iterator's
   * promises) has run, so a continuation that was going to send has sent. A timer the client
   * sets (a retry's backoff) is not seen: await the call first.
   */
  const settled = () =>
    new Promise((resolve) => {
      const check = () => {
        if (pending > 0) return onIdle.push(check)
        const seen = calls.length
        setTimeout(() => (pending === 0 && calls.length === seen ? resolve(calls.slice()) : check()), 0)
      }
      check()
    })

  /** Resolves once `n` requests have been sent. */
  const sent = (n) =>
    new Promise((resolve) => {
      const check = () => (calls.length >= n ? resolve(calls.slice()) : onSent.push(check))
      check()
    })

  return { fetch, calls: () => calls.slice(), settled, sent }
}

/** `promise`, or a rejection saying what was awaited once `ms` have passed without it settling. */
export function within(promise, ms, what) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
