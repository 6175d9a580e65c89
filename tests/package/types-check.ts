// Compiled with tsc --strict against the packed package: the published types must describe the
// API exactly as the tests use it.
import { Client, MimcError, fetchToken, ready, type Member, type MemberPage, type TopicInfo } from 'mimc-uctopic'

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
    if (e instanceof MimcError && e.kind === 'api') console.log(e.code, e.status, e.endpoint)
  }
}
void typesCheck
