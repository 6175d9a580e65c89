// The example page: every call goes through the package; ids stay decimal strings throughout.
import { Client, MimcError } from '/mimc-uctopic/src/browser.js'

const $ = (id) => document.getElementById(id)
const { mimcUrl } = await (await fetch('/config')).json()
let client = null
let selected = null
let listing = null

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

async function signIn() {
  const account = $('account').value.trim()
  // A token provider: called on first use and again if the service refuses an expired token.
  client = new Client({
    baseUrl: mimcUrl,
    token: async () => (await (await fetch(`/token?account=${encodeURIComponent(account)}`)).json()).token,
  })
  $('who').textContent = account
  await refresh()
}

async function refresh() {
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
    await fetch(`${mimcUrl}/emulator/topics/${selected}/members`, { method: 'POST', body: JSON.stringify({ accounts }) })
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
