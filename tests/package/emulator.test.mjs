// `mimc-uctopic/emulator` from the packed package, as a Node developer without a Rust toolchain
// uses it: the client against `createEmulator().fetch` (no socket), `listen()` on node:http, and
// the `npx mimc-emulator` command. (The emulator's own HTTP tests run against that command too:
// tests/package/run.sh.)
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Client, MimcError, fetchToken } from 'mimc-uctopic'
import { createEmulator, EmulatorError } from 'mimc-uctopic/emulator'

const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }

async function signedIn(emulator, account = 'owner', options = {}) {
  const token = await emulator.mintToken(account)
  return new Client({ token, fetch: emulator.fetch, ...options })
}

async function rejects(promise, kind) {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (e) => e,
  )
  assert.ok(error instanceof MimcError, `not a MimcError: ${error}`)
  assert.equal(error.kind, kind, error.message)
  return error
}

test('the client against createEmulator().fetch: create, join, walk, mute, delete', async () => {
  const emulator = createEmulator()
  const client = await signedIn(emulator)
  const { topicId } = await client.createTopic({ topicName: 'in-process', extra: 'x' })
  assert.ok(BigInt(topicId) > BigInt(Number.MAX_SAFE_INTEGER), 'ids above 2^53 arrive exact')
  const accounts = Array.from({ length: 249 }, (_, i) => `m${i}`)
  assert.deepEqual(await emulator.join(topicId, accounts), { added: 249, memberNum: 250 })
  const uuids = []
  for await (const member of client.members(topicId)) uuids.push(member.uuid)
  assert.equal(uuids.length, 250)
  assert.ok(uuids.every((u, i) => i === 0 || BigInt(u) > BigInt(uuids[i - 1])), 'ascending')
  // What was sent: three pages, each starting after the last uuid of the one before.
  const pages = await emulator.journal({ path: '/api/uctopic/userlist' })
  assert.deepEqual(
    pages.map((e) => e.headers.startuuid),
    ['0', uuids[99], uuids[199]],
  )
  assert.ok(pages.every((e) => e.headers.token === '<redacted>' && e.topicId === topicId))
  assert.equal(pages[0].headers.host, 'mimc.chat.xiaomi.net', 'the in-process fetch adds what an HTTP client sends')
  await client.muteMember({ topicId, user: 'm1', seconds: 60 })
  assert.equal((await emulator.mutes(topicId))[0].account, 'm1')
  await client.unmuteMember({ topicId, user: 'm1' })
  const [, unmute] = await emulator.journal({ path: '/api/uctopic/forbidsendmsg' })
  assert.equal(JSON.parse(unmute.body).forbidSeconds, 0)
  assert.deepEqual(await emulator.mutes(topicId), [])
  await client.deleteTopic(topicId)
  await rejects(client.getTopic(topicId), 'api')
  // mintToken did not go through the API: the counts hold only the client's calls.
  const counts = await emulator.requests()
  assert.equal(counts.byRoute['POST /api/account/token'], undefined)
  assert.equal(counts.byRoute['GET /api/uctopic/userlist'], 3)
})

test('fetchToken and app credentials against the in-process emulator', async () => {
  const emulator = createEmulator({ apps: [{ appId: '1', appKey: 'k', appSecret: 's' }] })
  const { token, miUserId } = await fetchToken({ appId: '1', appKey: 'k', appSecret: 's', appAccount: '小米', fetch: emulator.fetch })
  assert.match(miUserId, /^\d+$/)
  const server = new Client({ app: { appId: '1', appKey: 'k', appSecret: 's' }, fetch: emulator.fetch })
  const user = new Client({ token, fetch: emulator.fetch })
  const { topicId } = await user.createTopic({ topicName: 'apps' })
  assert.equal((await server.getTopic(topicId)).ownerAccount, '小米')
  const [sent] = await emulator.journal({ path: '/api/uctopic/topic' })
  assert.equal(sent.headers.appid, '1')
  assert.equal(sent.headers.appkey, '<redacted>')
  assert.equal(sent.headers.appsecret, '<redacted>')
})

test('faults in-process: a dropped answer, a delay past the timeout, a 503 with Retry-After', async () => {
  const emulator = createEmulator()
  const client = await signedIn(emulator, 'owner', { retries: 0 })
  const { topicId } = await client.createTopic({ topicName: 'faults' })
  await emulator.addFault({ path: '/api/uctopic/topic', drop: true })
  await rejects(client.getTopic(topicId), 'network')
  await emulator.addFault({ path: '/api/uctopic/topic', delayMs: 2000 })
  const slow = new Client({ token: await emulator.mintToken('owner'), fetch: emulator.fetch, retries: 0, timeoutMs: 50 })
  await rejects(slow.getTopic(topicId), 'timeout')
  await emulator.addFault({ path: '/api/uctopic/topic', status: 503, headers: { 'Retry-After': '0' } })
  const patient = await signedIn(emulator, 'owner', { retries: 1 })
  assert.equal((await patient.getTopic(topicId)).topicName, 'faults')
  const sent = await emulator.journal({ path: '/api/uctopic/topic' })
  assert.equal(sent.length, 4, 'drop, delay, 503 and its retry')
  assert.deepEqual(await emulator.faults(), [])
  // A create is never re-sent after a failure.
  await emulator.addFault({ path: '/api/uctopic', method: 'POST', status: 503 })
  await rejects(patient.createTopic({ topicName: 'once' }), 'api')
  assert.equal((await emulator.journal({ path: '/api/uctopic', method: 'POST' })).length, 2)
})

test('the clock, reset, config and admin errors', async () => {
  const emulator = createEmulator({ tokenTtl: 60, wireFormat: 'native' })
  const client = await signedIn(emulator)
  await client.listTopics()
  assert.equal((await emulator.config()).wireFormat, 'native')
  await emulator.advanceClock(61)
  await rejects(client.listTopics(), 'auth')
  await emulator.reset()
  assert.equal((await emulator.requests()).total, 0)
  const error = await emulator.join('not-an-id', ['a']).catch((e) => e)
  assert.ok(error instanceof EmulatorError)
  assert.equal(error.status, 400)
  assert.equal((await emulator.setConfig({ journalCapacity: 1 })).journalCapacity, 1)
})

test('the same seed gives the same ids; a snapshot restores the state', async () => {
  const ids = []
  for (const _ of [1, 2]) {
    const emulator = createEmulator({ seed: 7n })
    ids.push((await (await signedIn(emulator)).createTopic({ topicName: 'seeded' })).topicId)
  }
  assert.equal(ids[0], ids[1])
  const first = createEmulator()
  const owner = await signedIn(first)
  const { topicId } = await owner.createTopic({ topicName: 'saved' })
  const second = createEmulator({ state: await first.snapshot() })
  const again = new Client({ token: await second.mintToken('owner'), fetch: second.fetch })
  assert.equal((await again.getTopic(topicId)).topicName, 'saved')
})

test('bad options throw at once, naming the option', () => {
  assert.throws(() => createEmulator({ bogus: 1 }), /bogus/)
  assert.throws(() => createEmulator({ wireFormat: 'xml' }), /xml/)
  assert.throws(() => createEmulator({ state: {} }), TypeError)
  assert.throws(() => createEmulator({ state: '{"not":"a snapshot"}' }), /snapshot/)
  assert.throws(() => createEmulator({ apps: [] }), /apps/)
})

test('listen(): the API, the admin API and CORS over node:http', async () => {
  const emulator = createEmulator()
  const url = await emulator.listen({ port: 0 })
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const { token } = await fetchToken({ baseUrl: url, ...app, appAccount: 'alice' })
    const client = new Client({ baseUrl: url, token })
    const { topicId } = await client.createTopic({ topicName: 'served' })
    assert.equal((await emulator.join(topicId, ['bob'])).memberNum, 2)
    const response = await fetch(`${url}/api/uctopic/topic/`, { headers: { token, topicId, origin: 'http://example.test' } })
    assert.equal(response.headers.get('access-control-allow-origin'), '*')
    assert.equal(JSON.parse(await response.text()).data.memberNum, '2')
    const preflight = await fetch(`${url}/api/uctopic`, { method: 'OPTIONS', headers: { origin: 'http://example.test', 'access-control-request-method': 'DELETE' } })
    assert.equal(preflight.status, 200)
    assert.equal(preflight.headers.get('access-control-allow-methods'), '*')
    // The same state answers in-process and over HTTP.
    const inProcess = new Client({ token, fetch: emulator.fetch })
    assert.equal((await inProcess.getTopic(topicId)).memberNum, 2)
  } finally {
    await emulator.close()
  }
})

/**
 * Runs `npx mimc-emulator` in its own process group, as a terminal does: `stop()` signals the
 * group (npx and the emulator under it) like Ctrl-C. `exit` resolves when every process holding
 * its output has gone, with npx's exit code and all of stderr.
 */
function npx(args) {
  const child = spawn('npx', ['--no-install', 'mimc-emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const lines = createInterface({ input: child.stdout })
  const exit = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })))
  const first = new Promise((resolve, reject) => {
    lines.once('line', resolve)
    exit.then(({ code }) => reject(new Error(`exited ${code}: ${stderr}`)))
  })
  first.catch(() => {})
  const stop = () => process.kill(-child.pid, 'SIGTERM')
  return { first, exit, stop }
}

test('npx mimc-emulator: the native first line and flags, and --state across SIGTERM', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mimc-state-'))
  const state = join(dir, 'state.json')
  try {
    const one = npx(['--port', '0', '--state', state, '--wire-format', 'native', '--app', '9:key:secret'])
    const line = await one.first
    const match = /^mimc-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line)
    assert.ok(match, `first line: ${line}`)
    assert.notEqual(match[2], '0')
    const baseUrl = match[1]
    const { token } = await fetchToken({ baseUrl, appId: '9', appKey: 'key', appSecret: 'secret', appAccount: 'keeper' })
    const { topicId } = await new Client({ baseUrl, token }).createTopic({ topicName: 'kept' })
    one.stop()
    // (The emulator's exit status after SIGTERM is asserted by the fidelity suite's binary
    // tests, which run the command directly; npx itself dies of the signal.)
    const { stderr } = await one.exit
    assert.match(stderr, /mimc-emulator: state saved to /)
    assert.ok(existsSync(state))
    assert.ok(readFileSync(state, 'utf8').includes('"kept"'))

    const two = npx(['--port', '0', '--state', state, '--app', '9:key:secret'])
    const baseUrl2 = /on (http:\/\/\S+)$/.exec(await two.first)[1]
    const client = new Client({ baseUrl: baseUrl2, token })
    assert.equal((await client.getTopic(topicId)).topicName, 'kept', 'the same token and group after a restart')
    two.stop()
    assert.match((await two.exit).stderr, /state saved to/)

    const bad = npx(['--port', 'none'])
    const failed = await bad.exit
    assert.equal(failed.code, 2)
    assert.match(failed.stderr, /--port/)
    // The version comes from the emulator crate (its command line is the native binary's).
    const { version } = JSON.parse(readFileSync('node_modules/mimc-uctopic/package.json', 'utf8'))
    assert.equal(await npx(['--version']).first, `mimc-emulator ${version}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('malformed requests: the in-process, Node and native forms answer alike', async () => {
  const requests = [
    ['POST', '/api/uctopic', '{'],
    ['POST', '/api/uctopic', '[]'],
    ['POST', '/api/uctopic', '{"topicName": 5, "extra": {}}'],
    ['POST', '/api/uctopic', 'x'.repeat(70 * 1024)],
    ['POST', '/api/uctopic', '{"topicName": "no credentials"}'],
    ['GET', '/api/uctopic/topic', undefined, { topicId: 'abc' }],
    ['DELETE', '/api/uctopic/', undefined],
    ['PUT', '/api/uctopic', '{}'],
    ['GET', '/no/such/route', undefined],
    ['POST', '/api/account/token', '{"appId": "1"}'],
    ['POST', '/api/uctopic/forbidsendmsg', '{"topicId": "-1"}'],
    ['GET', '/api/uctopic/userlist', undefined, { topicId: '1', startUuid: 'x' }],
    ['POST', '/emulator/faults', '{"bogus": 1}'],
    ['GET', '/emulator/journal?bogus=1', undefined],
    ['POST', '/emulator/topics/abc/members', '{"accounts": []}'],
    ['POST', '/emulator/clock', '{"advanceSeconds": -5}'],
    ['POST', '/emulator/faults', '{"status": 103}'],
    ['PUT', '/api/uctopic/topics', undefined],
    ['GET', '//api/uctopic/topics/', undefined],
    ['GET', '/emulator/topics/%31x/mutes', undefined],
    // Normal groups: no credentials, a bad group id in the path, the kick without its query,
    // a body whose accounts are no list, an appId that is not the caller's.
    ['POST', '/api/topic/2882303761517000001', '{"topicName": "t", "accounts": "a"}'],
    ['GET', '/api/topic/2882303761517000001/12x', undefined],
    ['DELETE', '/api/topic/2882303761517000001/1/accounts', undefined],
    ['POST', '/api/topic/2882303761517000001/1/accounts', '{"accounts": {}}'],
    ['PUT', '/api/topic/2882303761517000001/account', '{}'],
  ]
  const answer = async (fetchIn, base, [method, path, body, headers]) => {
    const response = await fetchIn(base + path, { method, body, headers: { 'content-type': 'application/json', ...headers } })
    const header = (name) => response.headers.get(name)
    return { status: response.status, type: header('content-type'), allow: header('allow'), cors: header('access-control-allow-origin'), body: await response.text() }
  }
  const inProcess = createEmulator({ seed: 3 })
  const served = createEmulator({ seed: 3 })
  const url = await served.listen()
  try {
    for (const request of requests) {
      const expected = await answer(fetch, process.env.MIMC_EMULATOR_URL, request)
      assert.ok(expected.status >= 400, `${request[0]} ${request[1]} fails natively: ${expected.body}`)
      assert.deepEqual(await answer(inProcess.fetch, 'http://any.invalid', request), expected, `in-process: ${request[0]} ${request[1]}`)
      assert.deepEqual(await answer(fetch, url, request), expected, `node:http: ${request[0]} ${request[1]}`)
    }
  } finally {
    await served.close()
  }
})
