// Bundled by webpack 5 as a user's app would be: the package and its emulator entry by their
// names, each wasm found through `new URL(…, import.meta.url)` and emitted as an asset.
import * as mimc from 'mimc-uctopic'
import * as emulator from 'mimc-uctopic/emulator'
import { scenario } from '../scenario.js'
import { emulatorScenario } from '../emulator-scenario.js'
const params = new URLSearchParams(location.search)
window.result = Promise.all([scenario(mimc, params.get('baseUrl'), params.get('token')), emulatorScenario(mimc, emulator)])
  .then(([result, inPage]) => ({ ...result, inPage }))
  .catch((e) => ({ error: String(e) }))
