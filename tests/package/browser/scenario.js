// What the browser package test runs in a page, a module worker and a Vite build: the public
// API only, returning facts the Node side asserts.
export async function scenario({ Client, MimcError, fetchToken }, baseUrl, token) {
  const client = new Client({ baseUrl, token })
  const { topicId, ownerUuid } = await client.createTopic({ topicName: 'browser' })
  const accounts = Array.from({ length: 150 }, (_, i) => `w${i}-${topicId}`)
  await fetch(`${baseUrl}/emulator/topics/${topicId}/members`, { method: 'POST', body: JSON.stringify({ accounts }) })
  const uuids = []
  for await (const member of client.members(topicId)) uuids.push(member.uuid)
  const info = await client.getTopic(topicId)
  const missing = await client.getTopic('1').catch((e) => e)
  let refused
  try {
    new Client({ baseUrl, app: { appId: '1', appKey: 'k', appSecret: 's' } })
  } catch (e) {
    refused = e
  }
  // The caller's reason is the cause of `aborted`; the engine's own error that of `network`
  // (nothing listens on port 9 of loopback).
  const reason = new Error('user navigated away')
  const controller = new AbortController()
  controller.abort(reason)
  const aborted = await client.getTopic(topicId, { signal: controller.signal }).catch((e) => e)
  const unreachable = new Client({ baseUrl: 'http://127.0.0.1:9', token, retries: 0 })
  const network = await unreachable.listTopics().catch((e) => e)
  const wrongUrl = await new Client({ baseUrl: `${baseUrl}/api`, token }).getTopic(topicId).catch((e) => e)
  await client.deleteTopic(topicId)
  return {
    topicId,
    ownerUuid,
    sameId: info.topicId === topicId,
    aboveSafe: BigInt(topicId) > BigInt(Number.MAX_SAFE_INTEGER),
    members: uuids.length,
    unique: new Set(uuids).size,
    ascending: uuids.every((u, i) => i === 0 || BigInt(u) > BigInt(uuids[i - 1])),
    missing: { isMimcError: missing instanceof MimcError, kind: missing.kind, code: missing.code },
    appRefused: { isMimcError: refused instanceof MimcError, kind: refused?.kind },
    fetchTokenIsFunction: typeof fetchToken === 'function',
    aborted: { kind: aborted.kind, causeIsReason: aborted.cause === reason },
    network: { kind: network.kind, causeIsError: network.cause instanceof Error },
    wrongUrl: { kind: wrongUrl.kind, status: wrongUrl.status, code: wrongUrl.code ?? null },
  }
}
