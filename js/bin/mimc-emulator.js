#!/usr/bin/env node
// `npx mimc-emulator`: the emulator from the npm package, with the native binary's flags and
// first line, for developers without a Rust toolchain.
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs'
import { isIP } from 'node:net'
import { join, parse as parsePath } from 'node:path'
import { parseArgs } from 'node:util'
import { createEmulator } from '../src/emulator/node.js'
import { coreOf } from '../src/emulator/emulator.js'

const USAGE = `A faithful local server of Xiaomi MIMC's unlimited-group (uctopic) REST API.

Usage: mimc-emulator [OPTIONS]

Options:
      --host <HOST>                 Address to listen on [default: 127.0.0.1]
      --port <PORT>                 Port to listen on; 0 picks a free one [default: 8787]
      --app <APP>                   An app as ID:KEY:SECRET (repeatable); replaces the default app
      --token-ttl <TOKEN_TTL>       Lifetime of issued tokens, in seconds [default: 86400]
      --wire-format <WIRE_FORMAT>   The JSON forms of ids, counts and isEnd in answers
                                    [default: documented] [possible values: documented, native]
      --state <STATE>               Load state from this JSON file at start and save it there on shutdown
  -h, --help                        Print help
  -V, --version                     Print version`

function fail(message, code = 1) {
  console.error(`mimc-emulator: ${message}`)
  process.exit(code)
}

const DEFAULTS = { host: '127.0.0.1', port: '8787', 'token-ttl': '86400', 'wire-format': 'documented' }

function parse() {
  let values
  try {
    // Every flag collected as a list, so a repeated one is refused, as clap does.
    const list = { type: 'string', multiple: true }
    values = parseArgs({
      options: {
        host: list,
        port: list,
        app: list,
        'token-ttl': list,
        'wire-format': list,
        state: list,
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    fail(`${error.message}\n\n${USAGE}`, 2)
  }
  const flags = { app: values.app ?? [], help: values.help, version: values.version }
  for (const name of ['host', 'port', 'token-ttl', 'wire-format', 'state']) {
    if ((values[name]?.length ?? 0) > 1) fail(`the argument '--${name}' cannot be used multiple times`, 2)
    flags[name] = values[name]?.[0] ?? DEFAULTS[name]
  }
  return flags
}

const flags = parse()
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}
if (flags.version) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  console.log(`mimc-emulator ${pkg.version}`)
  process.exit(0)
}
const integer = (name, text, max) => {
  if (!/^\d+$/.test(text) || Number(text) > max) fail(`invalid value '${text}' for '--${name}'`, 2)
  return Number(text)
}
if (!isIP(flags.host)) fail(`invalid value '${flags.host}' for '--host': an IP address`, 2)
const port = integer('port', flags.port, 65535)
const tokenTtl = integer('token-ttl', flags['token-ttl'], Number.MAX_SAFE_INTEGER)
if (!['documented', 'native'].includes(flags['wire-format'])) {
  fail(`invalid value '${flags['wire-format']}' for '--wire-format' (documented or native)`, 2)
}
const apps = flags.app.map((text) => {
  const [id, key, ...secret] = text.split(':')
  if (!id || !key || !secret.join(':')) fail(`invalid value '${text}' for '--app': expected ID:KEY:SECRET`, 2)
  return { appId: id, appKey: key, appSecret: secret.join(':') }
})

let state
if (flags.state && existsSync(flags.state)) {
  let bytes
  try {
    bytes = readFileSync(flags.state)
  } catch (error) {
    fail(`cannot read ${flags.state}: ${error.message}`)
  }
  try {
    state = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    fail(`${flags.state} is not a snapshot: not UTF-8`)
  }
}
let emulator
try {
  emulator = createEmulator({
    apps: apps.length ? apps : undefined,
    tokenTtl,
    wireFormat: flags['wire-format'],
    state,
  })
} catch (error) {
  // The core's message says "state is not a snapshot: …"; name the file instead.
  fail(state === undefined ? error.message : `${flags.state} is not a snapshot: ${error.message.replace(/^state is not a snapshot: /, '')}`)
}
let url
try {
  url = await emulator.listen({ port, host: flags.host })
} catch (error) {
  fail(`cannot listen on ${flags.host}:${port}: ${error.message}`)
}
// Tests parse this first line: keep it exactly as the native binary prints it.
console.log(`mimc-emulator listening on ${url}`)
const core = await coreOf(emulator)
const list = core.apps()
for (let i = 0; i < list.length; i += 3) {
  console.log(`app: appId=${list[i]} appKey=${list[i + 1]} appSecret=${list[i + 2]}`)
}
const format = flags['wire-format'][0].toUpperCase() + flags['wire-format'].slice(1)
console.log(`wire format: ${format}; press Ctrl-C to stop`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await emulator.close()
  if (flags.state) {
    // A temporary file beside the target, then a rename: a crash never leaves half a file.
    // The native binary's `with_extension("tmp")`: state.json → state.tmp, .mimc → .mimc.tmp.
    const { dir, name } = parsePath(flags.state)
    const tmp = join(dir, `${name}.tmp`)
    try {
      writeFileSync(tmp, await emulator.snapshot())
      renameSync(tmp, flags.state)
    } catch (error) {
      fail(`cannot save state to ${flags.state}: ${error.message}`)
    }
    console.error(`mimc-emulator: state saved to ${flags.state}`)
  }
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
