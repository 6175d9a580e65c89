// Compiled with tsc --strict against the packed package: the published types must describe the
// API exactly as the tests use it.
import { Client, MimcError, fetchToken, isMimcError, ready, type Member, type MemberPage, type TopicInfo } from 'mimc-uctopic'
import { createEmulator, EmulatorError, type Emulator, type JournalEntry } from 'mimc-uctopic/emulator'

async function typesCheck(baseUrl: string): Promise<void> {
  await ready
  const { token } = await fetchToken({ baseUrl, appId: '1', appKey: 'k', appSecret: 's', appAccount: 'a' })
  const client = new Client({ baseUrl, token: async () => token, timeoutMs: 5000 })
  const { topicId } = await client.createTopic({ topicName: 'n' })
  const info: TopicInfo = await client.getTopic(topicId, { signal: AbortSignal.timeout(1000) })
  const count: number = info.memberNum + (await client.onlineCount(BigInt(topicId)))
  const page: MemberPage = await client.memberPage(topicId, { startUuid: '0' })
  for await (const member of client.members(topicId, { startUuid: page.nextStartUuid })) {
    const m: Member = member
    console.log(m.appAccount, m.uuid.length, count)
  }
  for await (const p of client.members(topicId).pages()) console.log(p.isEnd)
  await client.muteMember({ topicId, user: 'bob', seconds: 60 })
  await client.unmuteMember({ topicId: 5n, user: 'bob' })
  // The generated types are exact, not `any`: a misspelt field or a wrong type does not compile.
  // @ts-expect-error topicname is not a field of CreateTopic
  await client.createTopic({ topicname: 'n' }).catch(() => {})
  // @ts-expect-error seconds is a number
  await client.muteMember({ topicId, user: 'bob', seconds: '60' }).catch(() => {})
  const extra: string | null = (await client.createTopic({ topicName: 'x' })).extra
  console.log(extra)
  try {
    await client.deleteTopic(topicId)
  } catch (e) {
    if (e instanceof MimcError && e.kind === 'api') console.log(e.code.toFixed(), e.status.toFixed(), e.endpoint)
    if (isMimcError(e) && e.kind === 'network') console.log(e.cause)
  }
}
void typesCheck

// The emulator's entry: its fetch is the client's `fetch` option, its admin methods are typed.
async function emulatorTypes(): Promise<void> {
  const emulator: Emulator = createEmulator({ seed: 1n, wireFormat: 'native', tokenTtl: 60 })
  const client = new Client({ token: await emulator.mintToken('a'), fetch: emulator.fetch })
  const { topicId } = await client.createTopic({ topicName: 'n' })
  const { memberNum }: { memberNum: number } = await emulator.join(topicId, ['b'])
  const entries: JournalEntry[] = await emulator.journal({ topicId, since: 0 })
  console.log(memberNum, entries[0]?.headers['startuuid'])
  await emulator.addFault({ path: '/api/uctopic/topic', status: 503, headers: { 'Retry-After': '1' } })
  // Node's entry adds listen() and close().
  const url: string = await emulator.listen({ port: 0 })
  await emulator.close()
  // @ts-expect-error wireFormat is documented or native
  createEmulator({ wireFormat: 'xml' })
  // @ts-expect-error a fault's delay is a number
  await emulator.addFault({ delayMs: '5' }).catch((e) => e instanceof EmulatorError && console.log(e.code, url))
}
void emulatorTypes
