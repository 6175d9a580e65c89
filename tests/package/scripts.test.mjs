// The README's "Running the emulator from scripts and CI", checked: the installed command
// started directly stops with `child.kill()`; started through npx it does not (npx forwards no
// signal), which is why the README says to avoid it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'

/** The child's first stdout line, which names its URL. */
async function firstLine(child) {
  const lines = createInterface({ input: child.stdout })
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`exited ${code} before its first line`)
  })
  exited.catch(() => {}) // it exits later, when stopped
  const [line] = await Promise.race([once(lines, 'line'), exited])
  const match = /^mimc-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line)
  assert.ok(match, `first line: ${line}`)
  return { url: match[1], port: Number(match[2]) }
}

/** Whether something accepts a TCP connection on the port. */
function answers(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Polls until the port refuses connections; false if it still answers after `tries`. */
async function refusedWithin(port, tries = 50) {
  for (let i = 0; i < tries; i++) {
    if (!(await answers(port))) return true
    await sleep(100)
  }
  return false
}

async function killStops(command, args) {
  const child = spawn(command, [...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const { url, port } = await firstLine(child)
  const envelope = await (await fetch(`${url}/emulator/config`)).json()
  assert.equal(envelope.code, 200)
  const exit = once(child, 'exit')
  child.kill()
  const [code, signal] = await exit
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, 'the emulator itself got SIGTERM and exited 0')
  assert.ok(await refusedWithin(port), `port ${port} still answers after child.kill()`)
}

test('node_modules/.bin/mimc-emulator spawned directly stops on child.kill()', async () => {
  await killStops('node_modules/.bin/mimc-emulator', [])
})

test('the bin file under process.execPath stops on child.kill()', async () => {
  await killStops(process.execPath, ['node_modules/mimc-uctopic/js/bin/mimc-emulator.js'])
})

test('through npx, child.kill() ends npm and leaves the emulator running', { timeout: 60_000 }, async () => {
  // Its own process group, so the test can still stop the emulator it leaves behind.
  const child = spawn('npx', ['--no-install', 'mimc-emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true })
  try {
    const { port } = await firstLine(child)
    const exit = once(child, 'exit')
    child.kill()
    await exit
    assert.equal(await refusedWithin(port, 10), false, 'the emulator stopped with npm: the README is out of date')
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {}
  }
})
