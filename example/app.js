// The example page: every call goes through the package; ids stay decimal strings throughout.
//
// Two ways to run it: against the emulator server (the demo: this example's server mints tokens
// and the page calls http://127.0.0.1:8787), or with `?emulator=in-page`, the emulator inside the
// page (`mimc-uctopic/emulator`) and no server but one for the static files.
import { Client, MimcError } from '/mimc-uctopic/src/browser.js'

const $ = (id) => document.getElementById(id)
const backend = new URLSearchParams(location.search).get('emulator') === 'in-page' ? await inPage() : await emulatorServer()
let client = null
let selected = null
let listing = null
let group = null

function log(text, isError = false) {
  const line = document.createElement('div')
  line.textContent = text
  if (isError) line.className = 'error'
  $('log').prepend(line)
}

// Runs an action and reports a MimcError the way an app would: by kind.
async function run(action) {
  try {
    await action()
  } catch (error) {
    if (error instanceof MimcError) log(`${error.kind} error${error.code ? ` ${error.code}` : ''}: ${error.message}`, true)
    else log(String(error), true)
  }
}

/** The emulator server: tokens from this example's server, the API and admin API over HTTP. */
async function emulatorServer() {
  const { mimcUrl, appId } = await (await fetch('/config')).json()
  return {
    clientOptions: (account) => ({
      baseUrl: mimcUrl,
      appId, // normal-group paths carry the app's id
      // A token provider: called on first use and again if the service refuses an expired token.
      token: async () => (await (await fetch(`/token?account=${encodeURIComponent(account)}`)).json()).token,
    }),
    join: (topicId, accounts) =>
      fetch(`${mimcUrl}/emulator/topics/${topicId}/members`, { method: 'POST', body: JSON.stringify({ accounts }) }),
  }
}

/** The emulator inside the page: the client's `fetch` is the emulator's, in-process. */
async function inPage() {
  const { createEmulator } = await import('/mimc-uctopic/src/emulator/browser.js')
  const emulator = createEmulator()
  window.emulator = emulator
  document.querySelector('h1').append(' (emulator in the page)')
  const [{ appId }] = (await emulator.config()).apps
  return {
    clientOptions: (account) => ({ fetch: emulator.fetch, token: () => emulator.mintToken(account), appId }),
    join: (topicId, accounts) => emulator.join(topicId, accounts),
  }
}

async function signIn() {
  const account = $('account').value.trim()
  client = new Client(backend.clientOptions(account))
  $('who').textContent = account
  await refresh()
}

async function refresh() {
  await refreshGroups()
  const ids = await client.listTopics()
  $('topics').replaceChildren(
    ...(await Promise.all(ids.map((id) => client.getTopic(id)))).map((topic) => {
      const item = document.createElement('li')
      const pick = document.createElement('button')
      pick.textContent = 'select'
      pick.onclick = () => run(() => select(topic.topicId))
      item.append(`${topic.topicName} — ${topic.topicId} (${topic.memberNum} members, owner ${topic.ownerAccount}) `, pick)
      return item
    }),
  )
}

async function select(topicId) {
  selected = topicId
  $('selected').textContent = topicId
  const [info, online] = await Promise.all([client.getTopic(topicId), client.onlineCount(topicId)])
  $('info').textContent = `${info.topicName}: ${info.memberNum} members, ${online} online, owner ${info.ownerAccount} (${info.ownerUuid})`
}

async function listMembers() {
  listing?.abort()
  listing = new AbortController()
  $('members').replaceChildren()
  let n = 0
  const started = performance.now()
  for await (const page of client.members(selected, { signal: listing.signal }).pages()) {
    // A page at a time into the table: one DOM update per 100 members.
    const rows = page.members.map((member) => {
      const row = document.createElement('tr')
      for (const text of [++n, member.appAccount, member.uuid]) {
        const cell = document.createElement('td')
        cell.textContent = text
        row.append(cell)
      }
      return row
    })
    $('members').append(...rows)
  }
  log(`listed ${n} members in ${Math.round(performance.now() - started)} ms`)
}

// Normal groups: at most 500 members, who are invited.
async function refreshGroups() {
  const groups = await client.listGroups()
  $('groups').replaceChildren(
    ...groups.map((info) => {
      const item = document.createElement('li')
      const pick = document.createElement('button')
      pick.textContent = 'select'
      pick.onclick = () => run(async () => showGroup(await client.getGroup(info.topicId)))
      item.append(`${info.topicName} — ${info.topicId} (owner ${info.ownerAccount}) `, pick)
      return item
    }),
  )
}

function showGroup({ topicInfo, members }) {
  group = topicInfo.topicId
  $('group').textContent = group
  const names = members.map((m) => m.appAccount).join(', ')
  const bulletin = topicInfo.bulletin ? `; bulletin: ${topicInfo.bulletin}` : ''
  $('group-info').textContent = `${topicInfo.topicName}: ${members.length} members (${names}), owner ${topicInfo.ownerAccount}${bulletin}`
}

const accountsIn = (id) => $(id).value.split(',').map((a) => a.trim()).filter(Boolean)
const changed = (action) => () =>
  run(async () => {
    showGroup(await action())
    await refreshGroups()
  })
$('group-create').onclick = changed(() => client.createGroup({ topicName: $('group-name').value, accounts: accountsIn('group-accounts') }))
$('group-invite').onclick = changed(() => client.inviteMembers({ topicId: group, accounts: accountsIn('group-account') }))
$('group-kick').onclick = changed(() => client.kickMembers({ topicId: group, accounts: accountsIn('group-account') }))
$('group-bulletin').onclick = changed(() => client.updateGroup({ topicId: group, bulletin: $('bulletin').value }))
const gone = (action, what) => () =>
  run(async () => {
    await action(group)
    log(`${what} ${group}`)
    group = null
    $('group').textContent = '(none)'
    $('group-info').textContent = ''
    await refreshGroups()
  })
$('group-quit').onclick = gone((id) => client.quitGroup(id), 'left')
$('group-dismiss').onclick = gone((id) => client.dismissGroup(id), 'dismissed')

$('signin').onclick = () => run(signIn)
$('refresh').onclick = () => run(refresh)
$('create').onclick = () =>
  run(async () => {
    const topic = await client.createTopic({ topicName: $('name').value })
    log(`created ${topic.topicId}`)
    await refresh()
    await select(topic.topicId)
  })
$('join').onclick = () =>
  run(async () => {
    // Joining happens over MIMC's socket in production; the emulator's admin API stands in.
    const accounts = Array.from({ length: 1000 }, (_, i) => `member-${Date.now()}-${i}`)
    await backend.join(selected, accounts)
    await Promise.all([select(selected), refresh()])
  })
$('list').onclick = () => run(listMembers)
$('stop').onclick = () => listing?.abort()
$('mute').onclick = () =>
  run(async () => {
    await client.muteMember({ topicId: selected, user: $('mute-user').value, seconds: 60 })
    log(`muted ${$('mute-user').value} for 60 s`)
  })
$('delete').onclick = () =>
  run(async () => {
    await client.deleteTopic(selected)
    log(`deleted ${selected}`)
    selected = null
    $('selected').textContent = '(none)'
    await refresh()
  })

await run(signIn)
