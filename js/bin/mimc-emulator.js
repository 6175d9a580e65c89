#!/usr/bin/env node
// `npx mimc-emulator`: the emulator from the npm package, for developers without a Rust
// toolchain. Its command line (flags, defaults, help, messages and the lines printed first) is
// the native binary's, from the emulator's Rust core (emulator/src/cli.rs); this file does what
// Node must: the --state file, listening with node:http, and signals.
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs'
import { join, parse as parsePath } from 'node:path'
import { createEmulator } from '../src/emulator/node.js'
import { coreOf } from '../src/emulator/emulator.js'
import { parseCommandLine } from '../pkg-emulator/mimc_emulator.js'

function fail(message) {
  console.error(`mimc-emulator: ${message}`)
  process.exit(1)
}

const { run, exit } = JSON.parse(parseCommandLine(process.argv.slice(2)))
if (exit) {
  // --help, --version or a bad flag: the text as the native binary writes it.
  ;(exit.stderr ? process.stderr : process.stdout).write(exit.text)
  process.exit(exit.code)
}

let state
if (run.state && existsSync(run.state)) {
  let bytes
  try {
    bytes = readFileSync(run.state)
  } catch (error) {
    fail(`cannot read ${run.state}: ${error.message}`)
  }
  try {
    state = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    fail(`${run.state} is not a snapshot: not UTF-8`)
  }
}
let emulator
try {
  emulator = createEmulator({ ...run.options, state })
} catch (error) {
  // The core's message says "state is not a snapshot: …"; name the file instead.
  fail(state === undefined ? error.message : `${run.state} is not a snapshot: ${error.message.replace(/^state is not a snapshot: /, '')}`)
}
let url
try {
  url = await emulator.listen({ port: run.port, host: run.host })
} catch (error) {
  fail(`cannot listen on ${run.host}:${run.port}: ${error.message}`)
}
process.stdout.write((await coreOf(emulator)).banner(url))

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await emulator.close()
  if (run.state) {
    // A temporary file beside the target, then a rename: a crash never leaves half a file.
    // The native binary's `with_extension("tmp")`: state.json → state.tmp, .mimc → .mimc.tmp.
    const { dir, name } = parsePath(run.state)
    const tmp = join(dir, `${name}.tmp`)
    try {
      writeFileSync(tmp, await emulator.snapshot())
      renameSync(tmp, run.state)
    } catch (error) {
      fail(`cannot save state to ${run.state}: ${error.message}`)
    }
    console.error(`mimc-emulator: state saved to ${run.state}`)
  }
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
