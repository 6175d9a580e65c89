// A Cloudflare Worker that runs the checks on each request, against the emulator its
// MIMC_EMULATOR_URL binding names, and answers their results as JSON.
import * as mimc from 'mimc-uctopic'
import * as emulator from 'mimc-uctopic/emulator'
import { runChecks } from './suite.js'

export default {
  async fetch(request, env) {
    return Response.json(await runChecks({ mimc, emulator, baseUrl: env.MIMC_EMULATOR_URL }))
  },
}
