// The emulator over real HTTP with `node:http` (Node, Deno, Bun): each request is read (up to the
// core's limit), handed to the core, and its answer written back; a dropped answer breaks the
// connection after a first chunk, as the native server does. Importing this module gives every
// Emulator `listen()` and `close()`.
import { Buffer } from 'node:buffer'
import { createServer } from 'node:http'
import { bodyLimit } from '../../pkg-emulator/mimc_emulator.js'
import { Emulator, MAX_DELAY_MS, coreOf, respond } from './emulator.js'

const servers = new WeakMap()

/** Serves this emulator on loopback (by default) and resolves to its URL, `http://HOST:PORT`. */
Emulator.prototype.listen = function (options) {
  return listen(this, options)
}
/** Stops the server `listen()` started, letting requests in flight finish. */
Emulator.prototype.close = function () {
  return close(this)
}

export async function listen(emulator, { port = 0, host = '127.0.0.1' } = {}) {
  if (servers.has(emulator)) throw new Error('this emulator is already listening')
  const core = await coreOf(emulator)
  const server = createServer((req, res) => {
    serve(core, req, res).catch((error) => {
      res.destroy(error)
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  servers.set(emulator, server)
  const address = server.address()
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${shown}:${address.port}`
}

export function close(emulator) {
  const server = servers.get(emulator)
  if (!server) return Promise.resolve()
  servers.delete(emulator)
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeIdleConnections()
  })
}

async function serve(core, req, res) {
  const target = req.url ?? '/'
  const path = target.split('?')[0]
  const body = await read(req, bodyLimit(path))
  const headers = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push(req.rawHeaders[i].toLowerCase(), req.rawHeaders[i + 1])
  const pending = core.receive(req.method, target, headers, body.bytes, body.whole)
  if (pending.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(pending.delayMs, MAX_DELAY_MS)))
  const answer = respond(core, pending)
  const list = answer.headers
  const grouped = new Map()
  for (let i = 0; i < list.length; i += 2) grouped.set(list[i], [...(grouped.get(list[i]) ?? []), list[i + 1]])
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0] : values)
  const bytes = answer.body
  res.statusCode = answer.status
  if (answer.drop && req.method !== 'HEAD') {
    // The head and a first chunk go out, then the connection is aborted.
    res.write(bytes)
    setTimeout(() => res.destroy(), 20)
    return
  }
  res.setHeader('content-length', bytes.length)
  res.end(req.method === 'HEAD' ? undefined : bytes)
}

/** Reads the body, keeping at most `limit` bytes (the rest is read and dropped). */
function read(req, limit) {
  return new Promise((resolve) => {
    const chunks = []
    let kept = 0
    let whole = true
    req.on('data', (chunk) => {
      if (kept >= limit) {
        whole = false
        return
      }
      const take = chunk.subarray(0, limit - kept)
      if (take.length < chunk.length) whole = false
      chunks.push(take)
      kept += take.length
    })
    const done = () => resolve({ bytes: new Uint8Array(Buffer.concat(chunks)), whole })
    req.on('end', done)
    req.on('error', () => {
      whole = false
      done()
    })
  })
}
