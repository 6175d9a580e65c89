// The example page end to end, as a person would use it, in headless Chromium: sign in, create a
// group, add 2,000 members, list them all and scroll to the last, mute one, delete the group.
// It asserts what the page shows (and what the emulator then holds) and saves a screenshot to
// target/test-artifacts/example.png. Needs MIMC_EMULATOR_URL and the built package (js/pkg).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const root = fileURLToPath(new URL('../..', import.meta.url))
const baseUrl = process.env.MIMC_EMULATOR_URL
const { chromium } = await import(join(root, 'node_modules/playwright-core/index.mjs'))
let server, origin, browser

before(async () => {
  server = spawn(process.execPath, [join(root, 'example/server.mjs')], {
    env: { ...process.env, MIMC_EMULATOR_URL: baseUrl, EXAMPLE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  origin = await new Promise((resolve, reject) => {
    server.stdout.once('data', (line) => {
      const match = String(line).match(/on (http:\/\/\S+?)\/? /)
      match ? resolve(match[1]) : reject(new Error(`unexpected first line: ${line}`))
    })
    server.once('exit', (code) => reject(new Error(`the example server exited with ${code}`)))
  })
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})

after(async () => {
  await browser?.close()
  server?.kill()
})

const admin = async (path) => (await (await fetch(`${baseUrl}${path}`)).json()).data

test('the example page: sign in, create, add 2,000 members, list and scroll them, mute, delete', { timeout: 120_000 }, () =>
  walkThrough('', 'example.png', (page, topicId) => admin(`/emulator/topics/${topicId}/mutes`)),
)

test('the example page with the emulator inside the page (no emulator server): the same walk-through', { timeout: 120_000 }, () =>
  walkThrough('?emulator=in-page', 'example-in-page.png', async (page, topicId) => ({
    mutes: await page.evaluate((id) => window.emulator.mutes(id), topicId),
  })),
)

test('the example page manages normal groups: create with invitations, invite, kick, bulletin, a refused quit, dismiss', { timeout: 60_000 }, async () => {
  for (const query of ['', '?emulator=in-page']) {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    const infoSays = (text) => page.waitForFunction((t) => document.getElementById('group-info').textContent.includes(t), text, { timeout: 30_000 })
    await page.goto(`${origin}/${query}`)
    const account = `ng-${Date.now()}`
    await page.fill('#account', account)
    await page.click('#signin')
    await page.waitForFunction((a) => document.getElementById('who').textContent === a, account)
    await page.fill('#group-accounts', 'bob, carol')
    await page.click('#group-create')
    await infoSays(`My team: 3 members (${account}, bob, carol), owner ${account}`)
    const topicId = (await page.textContent('#group')).trim()
    assert.ok(BigInt(topicId) > BigInt(Number.MAX_SAFE_INTEGER), 'the id shown is exact, above 2^53')
    await page.waitForFunction((id) => document.getElementById('groups').textContent.includes(id), topicId)
    await page.fill('#group-account', 'dave')
    await page.click('#group-invite')
    await infoSays('4 members')
    await page.fill('#group-account', 'carol')
    await page.click('#group-kick')
    await infoSays(`3 members (${account}, bob, dave)`)
    await page.fill('#bulletin', 'Stand-up at 10')
    await page.click('#group-bulletin')
    await infoSays('bulletin: Stand-up at 10')
    // The owner cannot leave: the service's own error, shown by kind and code.
    await page.click('#group-quit')
    await page.waitForFunction(() => /api error 500: [^\n]*quit topic fail/.test(document.getElementById('log').textContent))
    await page.click('#group-dismiss')
    await page.waitForFunction((id) => document.getElementById('log').textContent.includes(`dismissed ${id}`), topicId)
    await page.waitForFunction((id) => !document.getElementById('groups').textContent.includes(id), topicId)
    assert.deepEqual(errors, [])
    await page.close()
  }
})

async function walkThrough(query, screenshot, mutesOf) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  const logSays = (text) => page.waitForFunction((t) => document.getElementById('log').textContent.includes(t), text, { timeout: 30_000 })
  await page.goto(`${origin}/${query}`)
  const account = `e2e-${Date.now()}`
  await page.fill('#account', account)
  await page.click('#signin')
  await page.waitForFunction((a) => document.getElementById('who').textContent === a, account)

  await page.fill('#name', 'End to end')
  await page.click('#create')
  await logSays('created ')
  // The page lists the groups, then selects the new one.
  await page.waitForFunction(() => /^\d+$/.test(document.getElementById('selected').textContent))
  const topicId = (await page.textContent('#selected')).trim()
  assert.ok(BigInt(topicId) > BigInt(Number.MAX_SAFE_INTEGER), 'the id shown is exact, above 2^53')
  assert.match(await page.textContent('#topics'), new RegExp(`End to end — ${topicId} \\(1 members, owner ${account}\\)`))

  for (const members of [1001, 2001]) {
    await page.click('#join')
    await page.waitForFunction((n) => document.getElementById('info').textContent.includes(`${n} members`), members)
  }

  await page.click('#list')
  await logSays('listed 2001 members')
  const rows = page.locator('#members tr')
  assert.equal(await rows.count(), 2001)
  // Scroll to the last member, as a person would, and read the table as shown.
  await rows.last().scrollIntoViewIfNeeded()
  assert.ok(await rows.last().isVisible())
  mkdirSync(join(root, 'target/test-artifacts'), { recursive: true })
  await page.screenshot({ path: join(root, 'target/test-artifacts', screenshot) })
  const table = await page.$$eval('#members tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)))
  assert.deepEqual(table.map((r) => Number(r[0])), Array.from({ length: 2001 }, (_, i) => i + 1))
  const uuids = table.map((r) => BigInt(r[2]))
  assert.ok(uuids.every((u, i) => i === 0 || u > uuids[i - 1]), 'members in ascending uuid order, each once')
  assert.ok(table.some((r) => r[1] === account), 'the owner is listed')

  const someone = table[1000][1]
  await page.fill('#mute-user', someone)
  await page.click('#mute')
  await logSays(`muted ${someone} for 60 s`)
  const { mutes } = await mutesOf(page, topicId)
  assert.deepEqual(mutes.map((m) => m.account), [someone])

  await page.click('#delete')
  await logSays(`deleted ${topicId}`)
  assert.equal(await page.textContent('#selected'), '(none)')
  // Then the list of groups is fetched again, without it.
  await page.waitForFunction((id) => !document.getElementById('topics').textContent.includes(id), topicId)
  assert.deepEqual(errors, [])
  await page.close()
}
