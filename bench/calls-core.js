// The per-call benchmark itself, shared by Node (calls.mjs) and the browser page (calls.html).
const TOPIC = '2305843009213693953'
const answers = {
  '/api/uctopic/topic': { topicId: TOPIC, topicName: 'bench', ownerUuid: '1152921504606846977', ownerAccount: 'owner', memberNum: '100' },
  '/api/uctopic': { topicId: TOPIC, ownerUuid: '1152921504606846977', topicName: 'bench', extra: null },
  '/api/uctopic/userlist': {
    count: '100',
    isEnd: 'false',
    members: Array.from({ length: 100 }, (_, i) => ({ appAccout: `member-${i}`, uuid: String(2n ** 60n + BigInt(i)), appId: '2882303761517000001' })),
  },
}
// Bodies as the service sends them (text), built once: the stub only wraps them in a Response.
const bodies = Object.fromEntries(
  Object.entries(answers).map(([path, data]) => [path, JSON.stringify({ code: 200, message: 'success', data })]),
)
const stub = async (url) => new Response(bodies[new URL(url).pathname], { headers: { 'content-type': 'application/json' } })
const base = 'https://mimc.example'

// Plain JS: what a developer writes by hand (and note that JSON.parse is only exact here
// because the canned ids are strings).
async function plainCall(path, init, pick) {
  const response = await stub(`${base}${path}`, init)
  const envelope = JSON.parse(await response.text())
  if (envelope.code !== 200) throw new Error(envelope.message)
  return pick(envelope.data)
}
const plain = {
  getTopic: () =>
    plainCall('/api/uctopic/topic', { method: 'GET', headers: { token: 't', topicId: TOPIC } }, (d) => ({
      topicId: String(d.topicId),
      topicName: d.topicName,
      ownerUuid: String(d.ownerUuid),
      ownerAccount: d.ownerAccount,
      memberNum: Number(d.memberNum),
    })),
  createTopic: () =>
    plainCall(
      '/api/uctopic',
      { method: 'POST', headers: { token: 't', 'content-type': 'application/json' }, body: JSON.stringify({ topicName: 'bench' }) },
      (d) => ({ topicId: String(d.topicId), ownerUuid: String(d.ownerUuid), topicName: d.topicName, extra: d.extra ?? null }),
    ),
  memberPage: () =>
    plainCall('/api/uctopic/userlist', { method: 'GET', headers: { token: 't', topicId: TOPIC, startUuid: '0' } }, (d) => {
      const members = d.members.map((m) => ({ appAccount: m.appAccout ?? m.appAccount, uuid: String(m.uuid), appId: String(m.appId) }))
      return { members, isEnd: d.isEnd === true || d.isEnd === 'true', nextStartUuid: members.at(-1)?.uuid ?? '0' }
    }),
}

// Like for like: what the client does, by hand — a timeout that cancels the fetch
// (AbortSignal.timeout), a status check, exact ids through lossless-json (every number kept as
// its text), and each field checked as the client checks it.
function exact(lj) {
  const fail = (what) => {
    throw new TypeError(`data did not have the documented shape: ${what}`)
  }
  const id = (v) => (/^\d{1,20}$/.test(String(v)) ? String(v) : fail('an id'))
  const text = (v) => (typeof v === 'string' ? v : v != null && /^-?\d/.test(v) ? String(v) : fail('a string'))
  const count = (v) => (Number.isSafeInteger(Number(v)) && Number(v) >= 0 ? Number(v) : fail('a count'))
  const flag = (v) => v === true || v === 'true' || v === '1' || v === 1
  async function call(path, init, pick) {
    const response = await stub(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const envelope = lj.parse(await response.text(), null, (n) => n)
    if (String(envelope?.code) !== '200') throw new Error(envelope?.message)
    return pick(envelope.data ?? fail('data'))
  }
  return {
    getTopic: () =>
      call('/api/uctopic/topic', { method: 'GET', headers: { token: 't', topicId: TOPIC } }, (d) => ({
        topicId: id(d.topicId),
        topicName: text(d.topicName),
        ownerUuid: id(d.ownerUuid),
        ownerAccount: text(d.ownerAccount),
        memberNum: count(d.memberNum),
      })),
    createTopic: () =>
      call(
        '/api/uctopic',
        { method: 'POST', headers: { token: 't', 'content-type': 'application/json' }, body: JSON.stringify({ topicName: 'bench' }) },
        (d) => ({
          topicId: id(d.topicId),
          ownerUuid: id(d.ownerUuid),
          topicName: text(d.topicName),
          extra: d.extra == null ? null : typeof d.extra === 'string' ? d.extra : lj.stringify(d.extra),
        }),
      ),
    memberPage: () =>
      call('/api/uctopic/userlist', { method: 'GET', headers: { token: 't', topicId: TOPIC, startUuid: '0' } }, (d) => {
        // Above the start, in uuid order, each once: as the client's cursor keeps them.
        const seen = new Set()
        const members = (d.members ?? [])
          .map((m) => ({ appAccount: text(m.appAccount ?? m.appAccout), uuid: id(m.uuid), appId: m.appId == null ? '' : text(m.appId) }))
          .filter((m) => BigInt(m.uuid) > 0n && !seen.has(m.uuid) && seen.add(m.uuid))
          .sort((a, b) => (BigInt(a.uuid) < BigInt(b.uuid) ? -1 : BigInt(a.uuid) > BigInt(b.uuid) ? 1 : 0))
        return { members, isEnd: flag(d.isEnd), nextStartUuid: members.at(-1)?.uuid ?? '0' }
      }),
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function time(calls, f) {
  const started = performance.now()
  for (let i = 0; i < calls; i++) await f()
  return ((performance.now() - started) * 1000) / calls
}

/**
 * Medians of `rounds` alternating rounds of `calls` calls each, in µs per call, of the client,
 * the bare plain JS and (given the lossless-json module `lj`) the like-for-like plain JS.
 */
export async function run(Client, { rounds = 9, calls = 2000, lj } = {}) {
  const likeForLike = lj ? exact(lj) : null
  const client = new Client({ baseUrl: base, token: 't', fetch: stub })
  const mine = {
    getTopic: () => client.getTopic(TOPIC),
    createTopic: () => client.createTopic({ topicName: 'bench' }),
    memberPage: () => client.memberPage(TOPIC, { startUuid: '0' }),
  }
  const results = []
  for (const call of Object.keys(plain)) {
    // Warm all up, then alternate so that drift hits them alike.
    const ways = [mine[call], plain[call], ...(likeForLike ? [likeForLike[call]] : [])]
    for (const way of ways) await time(calls, way)
    const times = ways.map(() => [])
    for (let r = 0; r < rounds; r++) {
      for (const [i, way] of ways.entries()) times[i].push(await time(calls, way))
    }
    const [a, b, c] = times.map(median)
    const row = { call, clientUs: a, plainUs: b, ratio: a / b }
    if (c !== undefined) Object.assign(row, { exactUs: c, exactRatio: a / c })
    results.push(row)
  }
  return results
}
