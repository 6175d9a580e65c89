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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function time(calls, f) {
  const started = performance.now()
  for (let i = 0; i < calls; i++) await f()
  return ((performance.now() - started) * 1000) / calls
}

/** Medians of `rounds` alternating rounds of `calls` calls each, in µs per call. */
export async function run(Client, { rounds = 9, calls = 2000 } = {}) {
  const client = new Client({ baseUrl: base, token: 't', fetch: stub })
  const mine = {
    getTopic: () => client.getTopic(TOPIC),
    createTopic: () => client.createTopic({ topicName: 'bench' }),
    memberPage: () => client.memberPage(TOPIC, { startUuid: '0' }),
  }
  const results = []
  for (const call of Object.keys(plain)) {
    // Warm both up, then alternate so that drift hits both alike.
    await time(calls, mine[call])
    await time(calls, plain[call])
    const a = []
    const b = []
    for (let r = 0; r < rounds; r++) {
      a.push(await time(calls, mine[call]))
      b.push(await time(calls, plain[call]))
    }
    results.push({ call, clientUs: median(a), plainUs: median(b), ratio: median(a) / median(b) })
  }
  return results
}
