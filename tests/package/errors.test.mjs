// What a failure tells a JavaScript developer, from the packed package in Node: the cause kept
// (the signal's reason, the runtime's own error), a wrong baseUrl told apart from a missing
// group, errors recognised across copies, and the emulator's methods rejecting on bad input.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { Client, MimcError, isMimcError, fetchToken } from 'mimc-uctopic'
import { createEmulator, EmulatorError } from 'mimc-uctopic/emulator'

const baseUrl = process.env.MIMC_EMULATOR_URL
const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }

async function failure(promise) {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (e) => e,
  )
  assert.ok(error instanceof MimcError && isMimcError(error), `not a MimcError: ${error}`)
  return error
}

/** A loopback port with nothing listening on it. */
async function closedPort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

test('aborted keeps the signal’s reason as its cause, on a call and on a member walk', async () => {
  const emulator = createEmulator()
  const client = new Client({ token: await emulator.mintToken('a'), fetch: emulator.fetch })
  const { topicId } = await client.createTopic({ topicName: 'n' })
  const reason = new Error('user navigated away')

  const before = new AbortController()
  before.abort(reason)
  const early = await failure(client.getTopic(topicId, { signal: before.signal }))
  assert.equal(early.kind, 'aborted')
  assert.equal(early.cause, reason)

  // Aborted while the request is in flight (the emulator holds it).
  await emulator.addFault({ path: '/api/uctopic/topic', delayMs: 60_000 })
  const during = new AbortController()
  const pending = client.getTopic(topicId, { signal: during.signal })
  // The request has reached the emulator once the journal shows it: no timer guesses.
  while ((await emulator.journal({ topicId, path: '/api/uctopic/topic' })).length === 0) await new Promise(setImmediate)
  during.abort(reason)
  const late = await failure(pending)
  assert.equal(late.kind, 'aborted')
  assert.equal(late.cause, reason)
  await emulator.clearFaults()

  const walk = new AbortController()
  walk.abort('stopped by the test')
  const walked = await failure((async () => {
    for await (const member of client.members(topicId, { signal: walk.signal })) assert.fail(`got ${member.uuid}`)
  })())
  assert.equal(walked.kind, 'aborted')
  assert.equal(walked.cause, 'stopped by the test')
})

test('network keeps the runtime’s own error as its cause: a refused connection', async () => {
  const port = await closedPort()
  const client = new Client({ baseUrl: `http://127.0.0.1:${port}`, token: 't', retries: 0 })
  const error = await failure(client.getTopic('1'))
  assert.equal(error.kind, 'network')
  assert.ok(error.cause instanceof Error, `cause: ${error.cause}`)
  // Node's fetch says "fetch failed" and keeps the socket's error below it.
  assert.equal(error.cause.cause?.code, 'ECONNREFUSED', String(error.cause.cause))
  assert.match(error.message, new RegExp(`could not reach http://127.0.0.1:${port}/`))
  // The message names it too: a refused connection is told from a DNS failure.
  assert.match(error.message, /fetch failed: ECONNREFUSED/)
})

test('a token provider’s failure is the cause of the auth error', async () => {
  const broken = new Error('session expired')
  const client = new Client({ baseUrl, token: () => Promise.reject(broken) })
  const error = await failure(client.listTopics())
  assert.equal(error.kind, 'auth')
  assert.equal(error.cause, broken)
})

test('a baseUrl with a wrong path is an http 404 naming baseUrl, not a missing group', async () => {
  const { token } = await fetchToken({ baseUrl, ...app, appAccount: 'wrong-url' })
  const wrong = new Client({ baseUrl: `${baseUrl}/api`, token })
  const error = await failure(wrong.getTopic('1'))
  assert.equal(error.kind, 'http')
  assert.equal(error.status, 404)
  assert.equal(error.code, undefined)
  assert.match(error.message, /check that baseUrl is the service's address, with no path/)
  // The service's own "no such group" stays an api error with its code.
  const right = new Client({ baseUrl, token })
  const missing = await failure(right.getTopic('1'))
  assert.deepEqual([missing.kind, missing.code], ['api', 404])
})

test('a wrong appSecret in fetchToken names the app credentials, not a token', async () => {
  const error = await failure(fetchToken({ baseUrl, ...app, appSecret: 'wrong', appAccount: 'a' }))
  assert.equal(error.kind, 'auth')
  assert.match(error.message, /check appId, appKey and appSecret/)
  assert.doesNotMatch(error.message, /fresh token/)
  assert.ok(!error.message.includes('wrong'), 'the secret given is not repeated')
})

test('isMimcError recognises errors of another copy; instanceof no longer trusts a name', async () => {
  const impostor = Object.assign(new Error('x'), { name: 'MimcError', kind: 'api' })
  assert.equal(impostor instanceof MimcError, false)
  assert.equal(isMimcError(impostor), false)
  // An error built by another copy of the package (another bundle, an iframe) carries the
  // registered brand: rebuilt here as that copy would, without this copy's class.
  const brand = Symbol.for('mimc-uctopic.MimcError')
  const foreign = Object.defineProperty(new Error('y'), brand, { value: true })
  assert.equal(isMimcError(foreign), true)
  const error = await failure(new Client({ baseUrl, token: 't' }).getTopic('not an id'))
  assert.equal(error.kind, 'invalid-input')
  assert.equal(error.cause, undefined)
  assert.equal('cause' in error, false, 'no cause when nothing was thrown')
})

test('unsafe numbers are refused in JavaScript’s words, 2 ** 53 included', async () => {
  const client = new Client({ baseUrl, token: 't' })
  for (const id of [2 ** 53, 2 ** 53 + 2, 2 ** 60]) {
    const error = await failure(client.getTopic(id))
    assert.equal(error.kind, 'invalid-input')
    assert.match(error.message, /is not a safe integer \(it is above Number\.MAX_SAFE_INTEGER\)/)
  }
})

test('the emulator’s methods reject on bad input, never throw', async () => {
  const emulator = createEmulator()
  const calls = [
    () => emulator.join(2 ** 60, ['a']),
    () => emulator.quit(Number.NaN, ['a']),
    () => emulator.setOnline(2 ** 53 + 2, []),
    () => emulator.mutes(1.5e300),
    () => emulator.requests(null),
    () => emulator.journal({ topicId: 2 ** 60 }),
    () => emulator.addFault({ delayMs: 1n }),
  ]
  for (const call of calls) {
    let promise
    assert.doesNotThrow(() => (promise = call()), String(call))
    assert.ok(promise instanceof Promise, String(call))
    await assert.rejects(promise, (e) => e instanceof TypeError || e instanceof EmulatorError, String(call))
  }
})
