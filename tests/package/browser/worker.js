import * as mimc from '/node_modules/mimc-uctopic/js/src/browser.js'
import * as emulator from '/node_modules/mimc-uctopic/js/src/emulator/browser.js'
import { scenario } from './scenario.js'
import { emulatorScenario } from './emulator-scenario.js'
onmessage = async ({ data }) => {
  // Against the emulator server, and with the emulator inside the worker.
  const both = Promise.all([scenario(mimc, data.baseUrl, data.token), emulatorScenario(mimc, emulator)])
  postMessage(await both.then(([result, inPage]) => ({ ...result, inPage })).catch((e) => ({ error: String(e) })))
}
