// Bun and Deno run this as a user's script (`bun script.mjs URL`, `deno run --allow-net
// script.mjs URL`): the package by its name, the checks against the emulator at URL, the results
// as one JSON line.
import * as mimc from 'mimc-uctopic'
import * as emulator from 'mimc-uctopic/emulator'
import process from 'node:process'
import { runChecks } from './suite.js'

console.log(JSON.stringify(await runChecks({ mimc, emulator, baseUrl: process.argv[2] })))
