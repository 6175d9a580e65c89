// What the browser package test runs with the emulator inside the page (no server at all): the
// client against `createEmulator().fetch`, returning facts the Node side asserts.
export async function emulatorScenario({ Client, MimcError }, { createEmulator }) {
  const emulator = createEmulator({ seed: 1 })
  await emulator.ready
  const client = new Client({ token: await emulator.mintToken('owner'), fetch: emulator.fetch, retries: 0 })
  const { topicId } = await client.createTopic({ topicName: 'in the page' })
  await emulator.join(topicId, Array.from({ length: 150 }, (_, i) => `p${i}`))
  const uuids = []
  for await (const member of client.members(topicId)) uuids.push(member.uuid)
  const starts = (await emulator.journal({ path: '/api/uctopic/userlist' })).map((e) => e.headers.startuuid)
  await emulator.addFault({ path: '/api/uctopic/topic', drop: true })
  const dropped = await client.getTopic(topicId).catch((e) => e)
  await client.deleteTopic(topicId)
  return {
    aboveSafe: BigInt(topicId) > BigInt(Number.MAX_SAFE_INTEGER),
    members: uuids.length,
    startsAfterLastUuid: starts.length === 2 && starts[0] === '0' && starts[1] === uuids[99],
    dropped: { isMimcError: dropped instanceof MimcError, kind: dropped.kind },
    requests: (await emulator.requests()).total,
  }
}
