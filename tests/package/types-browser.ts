// Compiled as a browser project compiles it: `"lib": ["ES2022", "DOM"]`, no Node types,
// skipLibCheck off, bundler resolution. Every mistake below must fail to compile.
import { Client, MimcError, isMimcError, fetchToken, type ClientOptions, type Group, type GroupInfo, type Topic } from 'mimc-uctopic'
import { createEmulator, type JournalEntry, type PendingFault, type RequestCounts } from 'mimc-uctopic/emulator'

export async function browserTypes(): Promise<void> {
  const emulator = createEmulator()
  const client = new Client({ token: await emulator.mintToken('a'), fetch: emulator.fetch })
  // The method signatures come from the Rust methods: exact inputs and results.
  const created: Topic = await client.createTopic({ topicName: 'n' }, { timeoutMs: 1000 })
  const ids: string[] = await client.listTopics()
  const online: number = await client.onlineCount(created.topicId)
  await client.updateTopic({ topicId: created.topicId, topicName: 'm' })
  // @ts-expect-error a topic id, not an object
  await client.getTopic({ topicId: created.topicId }).catch(() => {})
  // @ts-expect-error getTopic resolves to TopicInfo, which has no ownerUuid-less shape of a string
  const wrong: string = await client.getTopic(created.topicId)
  console.log(ids, online, wrong)

  // Normal groups: accounts are arrays; a token client carries the app's id.
  const team = new Client({ token: 't', appId: '1', fetch: emulator.fetch })
  const group: Group = await team.createGroup({ topicName: 'n', accounts: ['b'] })
  const infos: GroupInfo[] = await team.listGroups()
  // @ts-expect-error accounts are an array, not the wire's comma-joined string
  await team.inviteMembers({ topicId: group.topicInfo.topicId, accounts: 'b,c' }).catch(() => {})
  // @ts-expect-error app credentials carry their own appId
  new Client({ app: { appId: '1', appKey: 'k', appSecret: 's' }, appId: '1' })
  console.log(infos)

  // Exactly one of token and app.
  // @ts-expect-error neither a token nor app credentials
  new Client({})
  // @ts-expect-error a token and app credentials together
  new Client({ token: 't', app: { appId: '1', appKey: 'k', appSecret: 's' } })
  const server: ClientOptions = { app: { appId: '1', appKey: 'k', appSecret: 's' }, dangerouslyAllowBrowser: true }
  console.log(server)
  // @ts-expect-error appAccount is not an option of fetchToken's calls
  await fetchToken({ appId: '1', appKey: 'k', appSecret: 's', appAccount: 'a' }, { appAccount: 'b' }).catch(() => {})

  try {
    await client.deleteTopic(created.topicId)
  } catch (e) {
    // `code` and `status` narrow with `kind`.
    if (e instanceof MimcError && e.kind === 'api') {
      const code: number = e.code
      const status: number = e.status
      console.log(code, status)
    }
    if (isMimcError(e) && e.kind === 'http') {
      const status: number = e.status
      // @ts-expect-error an http failure has no envelope code
      const code: number = e.code
      console.log(status, code)
    }
    if (isMimcError(e) && e.kind === 'aborted') console.log(e.cause)
    if (isMimcError(e)) {
      // @ts-expect-error code may be absent until kind says it is an api failure
      const code: number = e.code
      console.log(code)
    }
  }
  // The emulator's shapes are generated from its Rust types.
  const joined: { added: number; memberNum: number } = await emulator.join(created.topicId, ['b'])
  const entry: JournalEntry | undefined = (await emulator.journal({ topicId: BigInt(created.topicId) }))[0]
  const body: string | null | undefined = entry?.body
  const counts: RequestCounts = await emulator.requests()
  const pending: PendingFault[] = await emulator.faults()
  const method: string | null | undefined = pending[0]?.method
  const times: number | undefined = pending[0]?.times
  console.log(joined, body, counts.byRoute['GET /api/uctopic/topic'], method, times)
  await emulator.setConfig({ wireFormat: 'native' })
  // @ts-expect-error the wire format is documented or native
  await emulator.setConfig({ wireFormat: 'xml' })
  // @ts-expect-error an unknown fault field
  await emulator.addFault({ statusCode: 500 })
  // @ts-expect-error listen() is Node's only: the browser entry has no node:http
  await emulator.listen()
}
