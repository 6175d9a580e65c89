// Bundled by Vite as a user's app would be: the package by its name, the wasm as an emitted asset.
import * as mimc from 'mimc-uctopic'
import { scenario } from '../scenario.js'
const params = new URLSearchParams(location.search)
window.result = scenario(mimc, params.get('baseUrl'), params.get('token')).catch((e) => ({ error: String(e) }))
