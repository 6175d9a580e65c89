// Loaded before each docs snippet (snippets.test.mjs): what a reader's machine has that a
// snippet relies on. Requests to the real service and to the app server's `/mimc-token` go to
// an in-process emulator; every other request goes to the real `fetch`.
import { createEmulator } from 'mimc-uctopic/emulator'

const emulator = createEmulator()
const realFetch = globalThis.fetch
const SERVICE = 'https://mimc.chat.xiaomi.net'

globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  if (url === '/mimc-token') return new Response(await emulator.mintToken('alice'))
  if (url.startsWith(`${SERVICE}/`)) return emulator.fetch(input, init)
  return realFetch(input, init)
}
