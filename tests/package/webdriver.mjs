// WebKit (Safari's engine) for the package's browser tests: WebKitGTK's own W3C WebDriver
// (`WebKitWebDriver`, Debian's webkit2gtk-driver), spoken over plain HTTP, since
// playwright-core has no WebKit build on this machine. It needs a display: run under xvfb-run.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

const DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver'

async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts WebKitWebDriver and one MiniBrowser session; returns `{ open, close, version }`. */
export async function webkit() {
  const port = await freePort()
  const driver = spawn(DRIVER, [`--port=${port}`], { stdio: ['ignore', 'ignore', 'inherit'] })
  const base = `http://127.0.0.1:${port}`
  const call = async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    })
    const { value } = await response.json()
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`)
    return value
  }
  // Waits for the driver to listen, for at most 10 s.
  for (let i = 0; ; i++) {
    try {
      await call('GET', '/status')
      break
    } catch (e) {
      if (i >= 100) throw new Error(`${DRIVER} did not start: ${e.message}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const session = await call('POST', '/session', {
    capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { args: ['--automation'] }, timeouts: { script: 60_000 } } },
  })
  const id = session.sessionId
  return {
    version: `${session.capabilities.browserName} ${session.capabilities.browserVersion}`,
    /** Loads `url` and resolves with what the page's `window.result` (a value or a promise) settles to. */
    async open(url) {
      await call('POST', `/session/${id}/url`, { url })
      return call('POST', `/session/${id}/execute/async`, {
        script: `const done = arguments[0]
          const wait = () => window.result === undefined ? setTimeout(wait, 20)
            : Promise.resolve(window.result).then(done, (e) => done({ error: String(e) }))
          wait()`,
        args: [],
      })
    },
    async close() {
      await call('DELETE', `/session/${id}`).catch(() => {})
      driver.kill()
    },
  }
}
