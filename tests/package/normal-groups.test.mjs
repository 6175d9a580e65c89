// Normal groups through the packed package in Node, against the real emulator: every call in
// both auth modes, what was sent, exact ids, the owner's refused quit, the full-width dismiss
// message, and the refusals before any request.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Client, fetchToken, isMimcError } from 'mimc-uctopic'
import { recorder } from './recorder.js'

const baseUrl = process.env.MIMC_EMULATOR_URL
const app = { appId: '2882303761517000001', appKey: 'emulator-key', appSecret: 'emulator-secret' }
let seq = 0
const unique = (name) => `${name}-${process.pid}-${Date.now()}-${seq++}`

async function rejects(promise, expected) {
  const error = await promise.then(() => assert.fail('expected a rejection'), (e) => e)
  assert.ok(isMimcError(error), `not a MimcError: ${error}`)
  for (const [key, value] of Object.entries(expected)) assert.equal(error[key], value, `${key} of ${error.message}`)
  return error
}

test('a token client with appId (fetchToken gives it) runs every normal-group call', async () => {
  const owner = unique('owner')
  const [bob, carol] = [unique('bob'), unique('小米 carol')]
  const minted = await fetchToken({ baseUrl, ...app, appAccount: owner })
  const rec = recorder()
  const client = new Client({ baseUrl, token: minted.token, appId: minted.appId, fetch: rec.fetch })

  const created = await client.createGroup({ topicName: 'Team', accounts: [bob, carol] })
  const { topicId } = created.topicInfo
  assert.match(topicId, /^\d+$/)
  assert.ok(BigInt(topicId) > 2n ** 53n)
  assert.deepEqual(created.members.map((m) => m.appAccount), [owner, bob, carol])
  assert.ok(created.members.every((m) => /^\d+$/.test(m.uuid)))
  const [sent] = await rec.settled()
  assert.equal(sent.method, 'POST')
  assert.equal(new URL(sent.url).pathname, `/api/topic/${app.appId}`)
  assert.deepEqual(JSON.parse(sent.body), { topicName: 'Team', accounts: `${bob},${carol}` })

  assert.deepEqual(await client.getGroup(topicId), created)
  assert.ok((await client.listGroups()).some((g) => g.topicId === topicId))
  const dave = unique('dave')
  assert.deepEqual((await client.inviteMembers({ topicId, accounts: [dave] })).members.at(-1).appAccount, dave)
  const kicked = await client.kickMembers({ topicId, accounts: [carol, dave] })
  assert.deepEqual(kicked.members.map((m) => m.appAccount), [owner, bob])
  const kick = (await rec.settled()).at(-1)
  assert.equal(kick.method, 'DELETE')
  assert.equal(new URL(kick.url).searchParams.get('accounts'), `${carol},${dave}`)
  const updated = await client.updateGroup({ topicId, bulletin: 'hello', topicName: 'Team 2' })
  assert.equal(updated.topicInfo.bulletin, 'hello')
  assert.equal(updated.topicInfo.topicName, 'Team 2')

  const member = new Client({ baseUrl, token: (await fetchToken({ baseUrl, ...app, appAccount: bob })).token, appId: app.appId })
  assert.equal(await member.quitGroup(topicId), undefined)
  const refused = await rejects(client.quitGroup(topicId), { kind: 'api', code: 500, endpoint: 'quitGroup' })
  assert.match(refused.message, /quit topic fail/)
  assert.equal(await client.dismissGroup(topicId), undefined)
  await rejects(client.getGroup(topicId), { kind: 'api', code: 404 })
})

test('an app client manages normal groups as an account and as the server', async () => {
  const owner = unique('app-owner')
  const client = new Client({ baseUrl, app: { ...app, appAccount: owner } })
  const { topicInfo } = await client.createGroup({ topicName: 'ops', accounts: [unique('m')] })
  const server = new Client({ baseUrl, app })
  assert.equal((await server.getGroup(topicInfo.topicId)).topicInfo.ownerAccount, owner)
  await server.dismissGroup(topicInfo.topicId)
})

test('normal-group input is refused before any request', async () => {
  const rec = recorder()
  const noAppId = new Client({ baseUrl, token: 't', fetch: rec.fetch })
  const e = await rejects(noAppId.listGroups(), { kind: 'invalid-input', endpoint: 'listGroups' })
  assert.match(e.message, /appId/)
  const client = new Client({ baseUrl, token: 't', appId: app.appId, fetch: rec.fetch })
  const many = Array.from({ length: 500 }, (_, i) => `u${i}`)
  for (const accounts of [[], ['a,b'], [' '], many, 'a,b']) {
    await rejects(client.createGroup({ topicName: 'x', accounts }), { kind: 'invalid-input', endpoint: 'createGroup' })
    await rejects(client.kickMembers({ topicId: '1', accounts }), { kind: 'invalid-input', endpoint: 'kickMembers' })
  }
  await rejects(client.getGroup(2 ** 53 + 2), { kind: 'invalid-input' })
  assert.deepEqual(rec.calls(), [])
})

test('dismiss succeeds on the code, whatever the message', async () => {
  const fetch = async () => new Response('{"code":200,"message":"success！","data":null}')
  const client = new Client({ baseUrl: 'http://stub.invalid', token: 't', appId: '1', fetch })
  assert.equal(await client.dismissGroup('1'), undefined)
})
