// The packed npm package in Node, through its public API only, against the real emulator.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Client, MimcError, fetchToken } from 'mimc-uctopic'
import { recorder, within } from './recorder.js'

const baseUrl = process.env.MIMC_EMULATOR_URL
const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }
const SECRETS = ['emulator-key', 'emulator-secret']
let seq = 0
const unique = (name) => `${name}-${process.pid}-${Date.now()}-${seq++}`

async function admin(method, path, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const envelope = JSON.parse(await response.text())
  assert.equal(envelope.code, 200, `${method} ${path}: ${envelope.message}`)
  return envelope.data
}

const userlistRequests = async (topicId) =>
  (await admin('GET', `/emulator/requests?topicId=${topicId}`)).byRoute['GET /api/uctopic/userlist'] ?? 0
const requestsFor = async (topicId) => (await admin('GET', `/emulator/requests?topicId=${topicId}`)).total

async function userClient(account = unique('user'), options = {}) {
  const { token } = await fetchToken({ baseUrl, ...app, appAccount: account })
  return new Client({ baseUrl, token, ...options })
}

async function rejects(promise, expected) {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (e) => e,
  )
  assert.ok(error instanceof MimcError, `not a MimcError: ${error}`)
  assert.ok(error instanceof Error)
  assert.equal(error.name, 'MimcError')
  for (const [key, value] of Object.entries(expected)) assert.equal(error[key], value, `${key} of ${error.message}`)
  for (const secret of SECRETS) assert.ok(!error.message.includes(secret), `secret in ${error.message}`)
  return error
}

test('a token user creates, reads, updates and deletes a group with exact 64-bit ids', async () => {
  const owner = unique('owner')
  const client = await userClient(owner)
  const created = await client.createTopic({ topicName: 'room', extra: '{"theme":"dark"}' })
  assert.match(created.topicId, /^\d+$/)
  assert.ok(BigInt(created.topicId) > 2n ** 53n, 'the emulator hands out ids above 2^53')
  assert.deepEqual(Object.keys(created).sort(), ['extra', 'ownerUuid', 'topicId', 'topicName'])
  assert.equal(created.extra, '{"theme":"dark"}')

  const info = await client.getTopic(created.topicId)
  assert.deepEqual(info, {
    topicId: created.topicId,
    topicName: 'room',
    ownerUuid: created.ownerUuid,
    ownerAccount: owner,
    memberNum: 1,
  })
  assert.ok((await client.listTopics()).includes(created.topicId))
  // A bigint id works as well as a string.
  assert.equal((await client.getTopic(BigInt(created.topicId))).topicId, created.topicId)

  const renamed = await client.updateTopic({ topicId: created.topicId, topicName: 'renamed' })
  assert.equal(renamed.topicName, 'renamed')
  assert.equal(renamed.ownerUuid, created.ownerUuid)

  assert.equal(await client.deleteTopic(created.topicId), undefined)
  await rejects(client.getTopic(created.topicId), { kind: 'api', code: 404, status: 404, endpoint: 'getTopic' })
  assert.ok(!(await client.listTopics()).includes(created.topicId))
})

test('for await walks every member exactly once, in uuid order, a page ahead', async () => {
  const client = await userClient()
  const { topicId } = await client.createTopic({ topicName: 'big' })
  const accounts = Array.from({ length: 250 }, (_, i) => `m${i}-${topicId}`)
  await admin('POST', `/emulator/topics/${topicId}/members`, { accounts })

  const seen = []
  for await (const member of client.members(topicId)) seen.push(member)
  assert.equal(seen.length, 251)
  assert.equal(new Set(seen.map((m) => m.uuid)).size, 251)
  const uuids = seen.map((m) => BigInt(m.uuid))
  assert.ok(uuids.every((u, i) => i === 0 || u > uuids[i - 1]), 'ascending by uuid')
  assert.deepEqual(new Set(seen.map((m) => m.appAccount)), new Set([...accounts, (await client.getTopic(topicId)).ownerAccount]))
  assert.ok(seen.every((m) => m.appId === app.appId && Object.keys(m).length === 3))
  assert.equal(await userlistRequests(topicId), 3, '251 members are three pages')

  const pages = []
  for await (const page of client.members(topicId).pages()) pages.push(page)
  assert.deepEqual(pages.map((p) => p.members.length), [100, 100, 51])
  assert.deepEqual(pages.map((p) => p.isEnd), [false, false, true])
  assert.equal(pages[0].nextStartUuid, pages[0].members[99].uuid)

  // From a start uuid in the middle: only the members after it.
  const middle = seen[120].uuid
  const rest = []
  for await (const member of client.members(topicId, { startUuid: middle })) rest.push(member.uuid)
  assert.deepEqual(rest, seen.slice(121).map((m) => m.uuid))
})

test('break stops all fetching: no request after return()', async () => {
  const rec = recorder()
  const client = await userClient(unique('user'), { fetch: rec.fetch })
  const { topicId } = await client.createTopic({ topicName: 'break' })
  await admin('POST', `/emulator/topics/${topicId}/members`, {
    accounts: Array.from({ length: 450 }, (_, i) => `b${i}-${topicId}`),
  })
  const before = rec.calls().length
  let taken = 0
  for await (const _ of client.members(topicId)) {
    if (++taken === 5) break
  }
  // Settled: nothing in flight, and what the break woke has run without sending more.
  const sent = (await within(rec.settled(), 10_000, 'the client to settle')).slice(before)
  assert.ok(sent.length === 1 || sent.length === 2, `the page consumed plus at most one prefetch; got ${sent.length}`)
  assert.ok(sent.every((c) => c.method === 'GET' && c.url === `${baseUrl}/api/uctopic/userlist` && c.headers.topicid === topicId))
  // Page 1 from the start, then (maybe) the prefetch from page 1's last member.
  const starts = sent.map((c) => c.headers.startuuid)
  assert.equal(starts[0], '0')
  // The emulator received every answered one (an aborted prefetch may not have reached it).
  const received = await userlistRequests(topicId)
  const answered = sent.filter((c) => c.outcome === 'answered').length
  assert.ok(answered <= received && received <= sent.length, `${received} received, ${answered} of ${sent.length} answered`)
  if (starts.length === 2) assert.equal(starts[1], (await client.memberPage(topicId)).nextStartUuid)
})

test('memberPage gives one page and the next start uuid', async () => {
  const client = await userClient()
  const { topicId } = await client.createTopic({ topicName: 'pages' })
  await admin('POST', `/emulator/topics/${topicId}/members`, {
    accounts: Array.from({ length: 100 }, (_, i) => `p${i}-${topicId}`),
  })
  const first = await client.memberPage(topicId)
  assert.equal(first.members.length, 100)
  assert.equal(first.isEnd, false)
  const second = await client.memberPage(topicId, { startUuid: first.nextStartUuid })
  assert.equal(second.members.length, 1)
  assert.equal(second.isEnd, true)
  const past = await client.memberPage(topicId, { startUuid: second.nextStartUuid })
  assert.deepEqual(past.members, [])
  assert.equal(past.isEnd, true)
})

test('ownership moves only to a member; mute and unmute are the owner’s', async () => {
  const owner = unique('owner')
  const client = await userClient(owner)
  const { topicId } = await client.createTopic({ topicName: 'own' })
  const member = unique('member')
  await admin('POST', `/emulator/topics/${topicId}/members`, { accounts: [member] })

  await rejects(client.updateTopic({ topicId, ownerAccount: unique('stranger') }), {
    kind: 'api',
    code: 409,
    endpoint: 'updateTopic',
  })
  await client.muteMember({ topicId, user: member, seconds: 600 })
  const { mutes } = await admin('GET', `/emulator/topics/${topicId}/mutes`)
  assert.deepEqual(mutes.map((m) => [m.account, m.remainingSeconds]), [[member, 600]])
  await client.unmuteMember({ topicId, user: member })
  assert.deepEqual((await admin('GET', `/emulator/topics/${topicId}/mutes`)).mutes, [])

  const moved = await client.updateTopic({ topicId, ownerAccount: member })
  assert.equal(moved.ownerAccount, member)
  await rejects(client.muteMember({ topicId, user: member, seconds: 5 }), { kind: 'api', code: 403 })
  await rejects(client.deleteTopic(topicId), { kind: 'api', code: 403, endpoint: 'deleteTopic' })
})

test('online count', async () => {
  const client = await userClient()
  const { topicId } = await client.createTopic({ topicName: 'online' })
  const accounts = [unique('a'), unique('b'), unique('c')]
  await admin('POST', `/emulator/topics/${topicId}/members`, { accounts })
  assert.equal(await client.onlineCount(topicId), 0)
  await admin('PUT', `/emulator/topics/${topicId}/online`, { accounts: accounts.slice(0, 2) })
  assert.equal(await client.onlineCount(topicId), 2)
})

test('app credentials: as an account, as another account per call, with a Chinese account', async () => {
  const account = `小米用户-${unique('cn')}`
  const server = new Client({ baseUrl, app: { ...app, appAccount: account } })
  const { topicId, ownerUuid } = await server.createTopic({ topicName: '群' })
  assert.equal((await server.getTopic(topicId)).ownerAccount, account)
  // The same account through a token is the same user.
  const { token, miUserId } = await fetchToken({ baseUrl, ...app, appAccount: account })
  assert.equal(miUserId, ownerUuid)
  assert.ok((await new Client({ baseUrl, token }).listTopics()).includes(topicId))

  const other = unique('other')
  await admin('POST', `/emulator/topics/${topicId}/members`, { accounts: [other] })
  assert.ok((await server.listTopics({ appAccount: other })).includes(topicId))
  // Without appAccount the app's server may act on any of its groups.
  const appOnly = new Client({ baseUrl, app })
  await appOnly.muteMember({ topicId, user: other, seconds: 60 })
  await appOnly.deleteTopic(topicId)
})

test('a token provider is called lazily, cached, and asked again once after an auth failure', async () => {
  const account = unique('provider')
  let calls = 0
  const client = new Client({
    baseUrl,
    token: async () => {
      calls++
      return (await fetchToken({ baseUrl, ...app, appAccount: account })).token
    },
  })
  assert.equal(calls, 0, 'not called before the first request')
  const { topicId } = await client.createTopic({ topicName: 'p' })
  await client.getTopic(topicId)
  assert.equal(calls, 1, 'cached')
  await admin('POST', '/emulator/clock', { advanceSeconds: 90000 })
  assert.equal((await client.getTopic(topicId)).topicId, topicId)
  assert.equal(calls, 2, 'refreshed once after the expired token was refused')

  const broken = new Client({ baseUrl, token: () => 'not-a-token' })
  await rejects(broken.listTopics(), { kind: 'auth', code: 401, status: 401, endpoint: 'listTopics' })
})

test('bad input is refused before any request, with a clear message', async () => {
  const client = await userClient()
  const { topicId } = await client.createTopic({ topicName: 'validation' })
  const before = await requestsFor(topicId)
  const invalid = { kind: 'invalid-input' }
  await rejects(client.createTopic({ topicName: '  ' }), invalid)
  await rejects(client.createTopic({ topicName: 'x', extra: 'x'.repeat(10241) }), invalid)
  await rejects(client.muteMember({ topicId, user: 'u', seconds: 1.5 }), invalid)
  await rejects(client.muteMember({ topicId, user: 'u', seconds: -1 }), invalid)
  await rejects(client.muteMember({ topicId, user: 'u', seconds: 315360001 }), invalid)
  const unsafe = await rejects(client.getTopic(2 ** 53 + 2), invalid)
  assert.match(unsafe.message, /strings or bigints/)
  await rejects(client.getTopic('12a'), invalid)
  await rejects(client.getTopic(topicId, { timeout: 5 }), invalid)
  await rejects(client.memberPage(topicId, { startUuid: -1 }), invalid)
  assert.equal(await requestsFor(topicId), before, 'nothing was sent')
  // Exactly 10 KB of extra is fine.
  await client.updateTopic({ topicId, extra: 'x'.repeat(10240) })

  assert.throws(() => new Client({ baseUrl }), (e) => e instanceof MimcError && e.kind === 'invalid-input')
  assert.throws(() => new Client({ baseUrl: 'ftp://x', token: 't' }), MimcError)
  assert.throws(() => client.members('nope'), (e) => e instanceof MimcError && e.kind === 'invalid-input')
  const server = new Client({ baseUrl, app })
  await rejects(server.listTopics({ appAccount: 'a\r\nb' }), invalid)
})

test('timeout, abort and retries cancel or repeat the fetch itself', async () => {
  const rec = recorder()
  const client = await userClient(unique('net'), { retries: 0, fetch: rec.fetch })
  const { topicId } = await client.createTopic({ topicName: 'net' })
  const outcomes = async () => (await within(rec.settled(), 10_000, 'the client to settle')).map((c) => c.outcome)
  // The emulator holds the answer far longer than the test waits: a timeout (or abort) whose
  // request ended aborted, unanswered, was the client's doing, not the server's.
  await admin('POST', '/emulator/faults', { topicId, path: '/api/uctopic/topic', delayMs: 10_000 })
  await rejects(client.getTopic(topicId, { timeoutMs: 150 }), { kind: 'timeout', endpoint: 'getTopic' })
  assert.deepEqual(await outcomes(), ['answered', 'aborted'])
  await admin('DELETE', '/emulator/faults')

  await admin('POST', '/emulator/faults', { topicId, path: '/api/uctopic/topic', delayMs: 10_000 })
  const controller = new AbortController()
  // Aborted once the request is on its way.
  rec.sent(3).then(() => controller.abort())
  await rejects(client.getTopic(topicId, { signal: controller.signal }), { kind: 'aborted' })
  assert.deepEqual(await outcomes(), ['answered', 'aborted', 'aborted'])
  await admin('DELETE', '/emulator/faults')
  const before = await requestsFor(topicId)
  await rejects(client.getTopic(topicId, { signal: AbortSignal.abort() }), { kind: 'aborted' })
  assert.equal(await requestsFor(topicId), before, 'an aborted signal sends nothing')

  const retrying = await userClient(unique('retry'))
  await admin('POST', '/emulator/faults', { topicId, path: '/api/uctopic/topic', status: 503, times: 2 })
  const base = await requestsFor(topicId)
  assert.equal((await retrying.getTopic(topicId)).topicId, topicId)
  assert.equal(await requestsFor(topicId), base + 2 + 1, 'two 503s, then success')

  await admin('POST', '/emulator/faults', { path: '/api/uctopic/topic', topicId, body: '<html>oops</html>' })
  await rejects(client.getTopic(topicId), { kind: 'decode', status: 200 })
  await admin('POST', '/emulator/faults', { path: '/api/uctopic/topic', topicId, drop: true })
  await rejects(client.getTopic(topicId), { kind: 'network' })
  await admin('DELETE', '/emulator/faults')
})

test('the emulator’s native wire format (numbers, booleans) decodes the same', async () => {
  const client = await userClient()
  const { topicId } = await client.createTopic({ topicName: 'native' })
  await admin('POST', `/emulator/topics/${topicId}/members`, { accounts: [unique('n')] })
  const documented = [await client.getTopic(topicId), await client.memberPage(topicId)]
  await admin('PUT', '/emulator/config', { wireFormat: 'native' })
  try {
    assert.deepEqual([await client.getTopic(topicId), await client.memberPage(topicId)], documented)
  } finally {
    await admin('PUT', '/emulator/config', { wireFormat: 'documented' })
  }
})

test('the fetch option: a stub answers every call, and what was sent is exactly what the API wants', async () => {
  const sent = []
  const answers = [
    { code: 200, message: 'success', data: { topicId: '2305843009213693953', ownerUuid: '1152921504606846977', topicName: 'stub', extra: 'e' } },
    { code: 200, message: 'success', data: { count: '1', isEnd: 'true', members: [{ appAccout: 'bob', uuid: '18446744073709551615', appId: '1' }] } },
    { code: 200, message: 'success', data: null },
  ]
  const fetch = async (url, init) => {
    sent.push({ url, method: init.method, headers: Object.fromEntries(init.headers), body: init.body ?? null })
    return new Response(JSON.stringify(answers[sent.length - 1]), { headers: { 'content-type': 'application/json' } })
  }
  const client = new Client({ baseUrl: 'https://mimc.example', token: 'tok', fetch })
  const created = await client.createTopic({ topicName: 'stub', extra: 'e' })
  assert.deepEqual(created, { topicId: '2305843009213693953', ownerUuid: '1152921504606846977', topicName: 'stub', extra: 'e' })
  const page = await client.memberPage(created.topicId, { startUuid: 5n })
  assert.deepEqual(page.members, [{ appAccount: 'bob', uuid: '18446744073709551615', appId: '1' }])
  await client.unmuteMember({ topicId: created.topicId, user: 'bob' })
  assert.deepEqual(sent, [
    { url: 'https://mimc.example/api/uctopic', method: 'POST', headers: { 'content-type': 'application/json', token: 'tok' }, body: '{"topicName":"stub","extra":"e"}' },
    { url: 'https://mimc.example/api/uctopic/userlist', method: 'GET', headers: { token: 'tok', topicid: '2305843009213693953', startuuid: '5' }, body: null },
    {
      url: 'https://mimc.example/api/uctopic/forbidsendmsg',
      method: 'POST',
      headers: { 'content-type': 'application/json', token: 'tok' },
      body: '{"topicId":2305843009213693953,"user":"bob","forbidSeconds":0}',
    },
  ])
  // Not a function: refused before anything is sent.
  assert.throws(() => new Client({ baseUrl, token: 'tok', fetch: 'fetch' }), (e) => e instanceof MimcError && e.kind === 'invalid-input')
  await rejects(fetchToken({ ...app, appAccount: 'a', fetch: {} }), { kind: 'invalid-input', endpoint: 'fetchToken' })
  assert.equal(sent.length, 3)
})
