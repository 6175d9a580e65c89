import * as mimc from '/node_modules/mimc-uctopic/js/src/browser.js'
import { scenario } from './scenario.js'
onmessage = async ({ data }) => {
  postMessage(await scenario(mimc, data.baseUrl, data.token).catch((e) => ({ error: String(e) })))
}
