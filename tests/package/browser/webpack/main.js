// Bundled by webpack 5 as a user's app would be: the package by its name, the wasm found through
// `new URL(…, import.meta.url)` and emitted as an asset.
import * as mimc from 'mimc-uctopic'
import { scenario } from '../scenario.js'
const params = new URLSearchParams(location.search)
window.result = scenario(mimc, params.get('baseUrl'), params.get('token')).catch((e) => ({ error: String(e) }))
