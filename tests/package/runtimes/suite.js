// The checks every server runtime runs (Bun, Deno, a Cloudflare Worker): the packed package's
// public API against the emulator over HTTP (`baseUrl`) and in-process. Runtime-agnostic: the
// standard `fetch` and the package only, no `node:` module. `runChecks` resolves to one
// `{ name, ok, skipped?, error? }` per check, which tests/package/runtimes.test.mjs asserts.

const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }

function check(condition, message) {
  if (!condition) throw new Error(message)
}
function equal(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)]
  check(a === e, `${what}: expected ${e}, got ${a}`)
}
async function rejects(promise, { MimcError }, expected) {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  )
  check(error instanceof MimcError && error instanceof Error, `expected a MimcError, got ${error}`)
  for (const [key, value] of Object.entries(expected)) equal(error[key], value, `${key} of "${error.message}"`)
  return error
}

let seq = 0
const unique = (name) => `${name}-${Date.now()}-${seq++}`
const ascending = (uuids) => uuids.every((u, i) => i === 0 || BigInt(u) > BigInt(uuids[i - 1]))

/** The emulator server's admin API (no authentication). */
function adminOf(baseUrl) {
  return async (method, path, body) => {
    const response = await fetch(baseUrl + path, { method, body: body === undefined ? undefined : JSON.stringify(body) })
    const envelope = JSON.parse(await response.text())
    equal(envelope.code, 200, `${method} ${path}: ${envelope.message}`)
    return envelope.data
  }
}

/** Every endpoint as a token user and as the app's server, with exact 64-bit ids. */
async function everyEndpoint(client, server, admin, { MimcError }) {
  const created = await client.createTopic({ topicName: 'runtime', extra: '{"k":1}' })
  const { topicId } = created
  check(/^\d+$/.test(topicId) && BigInt(topicId) > 2n ** 53n, `an exact id above 2^53: ${topicId}`)
  equal((await client.getTopic(topicId)).memberNum, 1, 'memberNum')
  check((await client.listTopics()).includes(topicId), 'listTopics has the new group')
  equal((await client.updateTopic({ topicId, topicName: 'renamed' })).topicName, 'renamed', 'updateTopic')
  const member = unique('member')
  await admin.join(topicId, [member])
  await admin.online(topicId, [member])
  equal(await client.onlineCount(topicId), 1, 'onlineCount')
  await client.muteMember({ topicId, user: member, seconds: 60 })
  await client.unmuteMember({ topicId, user: member })
  const page = await client.memberPage(topicId)
  equal([page.members.length, page.isEnd], [2, true], 'memberPage')
  equal((await server.getTopic(topicId)).topicName, 'renamed', 'getTopic with app credentials')
  equal((await client.updateTopic({ topicId, ownerAccount: member })).ownerAccount, member, 'ownership moved')
  await rejects(client.deleteTopic(topicId), { MimcError }, { kind: 'api', code: 403, endpoint: 'deleteTopic' })
  await server.deleteTopic(topicId)
  await rejects(client.getTopic(topicId), { MimcError }, { kind: 'api', code: 404, status: 404, endpoint: 'getTopic' })
}

/** 250 joined members walked with `for await`, each once, ascending, in three pages. */
async function memberWalk(client, admin) {
  const { topicId } = await client.createTopic({ topicName: 'walk' })
  await admin.join(
    topicId,
    Array.from({ length: 250 }, (_, i) => `w${i}-${topicId}`),
  )
  const uuids = []
  for await (const m of client.members(topicId)) uuids.push(m.uuid)
  equal([uuids.length, new Set(uuids).size], [251, 251], 'members walked, unique')
  check(ascending(uuids), 'ascending by uuid')
  equal(await admin.pages(topicId), 3, 'userlist requests')
  await client.deleteTopic(topicId)
}

/** The checks, in order; each gets `ctx` and throws on failure. */
const CHECKS = {
  'fetchToken mints a token; every endpoint, as a user and as the app': async ({ mimc, baseUrl, admin }) => {
    const { token, miUserId } = await mimc.fetchToken({ baseUrl, ...app, appAccount: unique('owner') })
    check(typeof token === 'string' && /^\d+$/.test(miUserId), 'a token and a user id')
    const client = new mimc.Client({ baseUrl, token })
    await everyEndpoint(client, new mimc.Client({ baseUrl, app }), admin, mimc)
  },
  'normal groups: a token client with appId, and the app server': async ({ mimc, baseUrl }) => {
    const minted = await mimc.fetchToken({ baseUrl, ...app, appAccount: unique('team-owner') })
    const client = new mimc.Client({ baseUrl, token: minted.token, appId: minted.appId })
    const [bob, carol] = [unique('bob'), unique('carol')]
    const { topicInfo } = await client.createGroup({ topicName: 'team', accounts: [bob] })
    const { topicId } = topicInfo
    check(/^\d+$/.test(topicId) && BigInt(topicId) > 2n ** 53n, `an exact id above 2^53: ${topicId}`)
    equal((await client.inviteMembers({ topicId, accounts: [carol] })).members.length, 3, 'invited')
    equal((await client.kickMembers({ topicId, accounts: [carol] })).members.length, 2, 'kicked')
    equal((await client.updateGroup({ topicId, bulletin: 'hi' })).topicInfo.bulletin, 'hi', 'bulletin')
    check((await client.listGroups()).some((g) => g.topicId === topicId), 'listGroups has it')
    await rejects(client.quitGroup(topicId), mimc, { kind: 'api', code: 500, endpoint: 'quitGroup' })
    equal((await new mimc.Client({ baseUrl, app }).getGroup(topicId)).topicInfo.topicName, 'team', 'server reads it')
    await client.dismissGroup(topicId)
  },
  'a member walk over three pages': async ({ mimc, baseUrl, admin }) => {
    const { token } = await mimc.fetchToken({ baseUrl, ...app, appAccount: unique('walker') })
    await memberWalk(new mimc.Client({ baseUrl, token }), admin)
  },
  'typed errors: api, auth, invalid-input, network': async ({ mimc, baseUrl, admin }) => {
    const client = new mimc.Client({ baseUrl, token: 'not-a-token' })
    await rejects(client.listTopics(), mimc, { kind: 'auth', code: 401, endpoint: 'listTopics' })
    await rejects(client.getTopic('12a'), mimc, { kind: 'invalid-input' })
    const { token } = await mimc.fetchToken({ baseUrl, ...app, appAccount: unique('faults') })
    const user = new mimc.Client({ baseUrl, token, retries: 0 })
    const { topicId } = await user.createTopic({ topicName: 'faults' })
    await admin.fault({ topicId, path: '/api/uctopic/topic', drop: true })
    await rejects(user.getTopic(topicId), mimc, { kind: 'network', endpoint: 'getTopic' })
    const error = await rejects(new mimc.Client({ baseUrl, app }).getTopic('1'), mimc, { kind: 'api', code: 404 })
    check(!error.message.includes(app.appSecret), 'no secret in the message')
  },
  'app credentials are accepted (a server runtime, not a browser page or worker)': async ({ mimc, baseUrl }) => {
    const server = new mimc.Client({ baseUrl, app: { ...app, appAccount: unique('server') } })
    const { topicId } = await server.createTopic({ topicName: 'server' })
    await server.deleteTopic(topicId)
  },
  'the in-process emulator: every endpoint, a walk, the journal, a dropped answer': async ({ mimc, emulator }) => {
    const local = emulator.createEmulator({ seed: 7 })
    await local.ready
    const { token } = await mimc.fetchToken({ ...app, appAccount: 'owner', fetch: local.fetch })
    const client = new mimc.Client({ token, fetch: local.fetch, retries: 0 })
    const server = new mimc.Client({ app, fetch: local.fetch })
    const admin = {
      join: (topicId, accounts) => local.join(topicId, accounts),
      online: (topicId, accounts) => local.setOnline(topicId, accounts),
      pages: async (topicId) => (await local.requests({ topicId })).byRoute['GET /api/uctopic/userlist'] ?? 0,
    }
    await everyEndpoint(client, server, admin, mimc)
    await memberWalk(client, admin)
    const starts = (await local.journal({ path: '/api/uctopic/userlist' })).map((e) => e.headers.startuuid)
    check(starts.includes('0') && starts.every((s) => /^\d+$/.test(s)), `startUuid sent: ${starts}`)
    const { topicId } = await client.createTopic({ topicName: 'drop' })
    await local.addFault({ path: '/api/uctopic/topic', drop: true })
    await rejects(client.getTopic(topicId), mimc, { kind: 'network' })
  },
  'listen() serves the in-process emulator over HTTP (node:http)': async ({ mimc, emulator }) => {
    const local = emulator.createEmulator()
    if (typeof local.listen !== 'function') return 'skipped'
    const url = await local.listen({ port: 0 })
    try {
      const client = new mimc.Client({ baseUrl: url, token: await local.mintToken('http') })
      const { topicId } = await client.createTopic({ topicName: 'over http' })
      equal((await client.getTopic(topicId)).topicId, topicId, 'getTopic over HTTP')
      equal((await local.requests()).byRoute['POST /api/uctopic'], 1, 'the request reached this emulator')
    } finally {
      await local.close()
    }
  },
}

/**
 * Runs every check against the emulator at `baseUrl` and in-process; never throws.
 * @param {{ mimc: object, emulator: object, baseUrl: string }} ctx the two entry points' exports
 */
export async function runChecks({ mimc, emulator, baseUrl }) {
  const http = adminOf(baseUrl)
  const admin = {
    join: (topicId, accounts) => http('POST', `/emulator/topics/${topicId}/members`, { accounts }),
    online: (topicId, accounts) => http('PUT', `/emulator/topics/${topicId}/online`, { accounts }),
    fault: (fault) => http('POST', '/emulator/faults', fault),
    pages: async (topicId) => (await http('GET', `/emulator/requests?topicId=${topicId}`)).byRoute['GET /api/uctopic/userlist'] ?? 0,
  }
  const results = []
  for (const [name, run] of Object.entries(CHECKS)) {
    try {
      const outcome = await run({ mimc, emulator, baseUrl, admin })
      results.push({ name, ok: true, skipped: outcome === 'skipped' })
    } catch (e) {
      results.push({ name, ok: false, error: String(e?.stack ?? e) })
    }
  }
  return results
}
