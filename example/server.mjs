// The example's "app server": it holds the app credentials (which must never reach a browser),
// mints user tokens for the page with the package's fetchToken, and serves the page and the
// package's files. The page then talks to the MIMC service (here, the emulator) directly.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fetchToken } from '../js/src/node.js'

const mimcUrl = process.env.MIMC_EMULATOR_URL ?? 'http://127.0.0.1:8787'
const port = Number(process.env.EXAMPLE_PORT ?? 8080)
const app = {
  appId: process.env.MIMC_APP_ID ?? '2882303761517000001',
  appKey: process.env.MIMC_APP_KEY ?? 'emulator-key',
  appSecret: process.env.MIMC_APP_SECRET ?? 'emulator-secret',
}
const here = fileURLToPath(new URL('.', import.meta.url))
const roots = { '/mimc-uctopic/': join(here, '../js/'), '/': here }
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' }

const server = createServer(async (request, response) => {
  const url = new URL(request.url, 'http://localhost')
  try {
    if (url.pathname === '/config') {
      // The app's id is no secret: normal-group paths carry it.
      return send(response, 200, 'application/json', JSON.stringify({ mimcUrl, appId: app.appId }))
    }
    if (url.pathname === '/token') {
      // A real app server would mint a token only for its own logged-in user.
      const account = url.searchParams.get('account') || 'demo-user'
      const { token } = await fetchToken({ baseUrl: mimcUrl, ...app, appAccount: account })
      return send(response, 200, 'application/json', JSON.stringify({ token }))
    }
    const [prefix, root] = Object.entries(roots).find(([p]) => url.pathname.startsWith(p))
    const relative = normalize(url.pathname.slice(prefix.length) || 'index.html')
    if (relative.startsWith('..')) return send(response, 403, 'text/plain', 'forbidden')
    const body = await readFile(join(root, relative))
    send(response, 200, types[extname(relative)] ?? 'application/octet-stream', body)
  } catch (error) {
    const status = error.code === 'ENOENT' ? 404 : 500
    send(response, status, 'text/plain', status === 404 ? 'not found' : String(error.message))
  }
})

function send(response, status, type, body) {
  response.writeHead(status, { 'content-type': type })
  response.end(body)
}

// Port 0 picks a free one; the first line names the address either way.
server.listen(port, '127.0.0.1', () => {
  console.log(`example page on http://127.0.0.1:${server.address().port}/ (MIMC service: ${mimcUrl})`)
})
