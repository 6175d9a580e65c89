// Every ```js block of README.md and docs/*.md runs, as pasted, in this project (the packed
// package installed as a user installs it), unless the line before it is
// `<!-- not run: REASON -->`. Each block is its own module file run by `node`, with
// snippet-prelude.mjs (the README's "Snippets in the docs run" says what it adds).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

// The repository (tests/package/run.sh sets it), else the docs the package ships.
const root = process.env.MIMC_DOCS_ROOT ?? 'node_modules/mimc-uctopic'
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]

/** The ```js blocks of one Markdown file: { line, code } to run, { line, reason } not run. */
function blocks(text) {
  const found = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(`{3,})js\s*$/)
    if (!open) continue
    let end = i + 1
    while (end < lines.length && !lines[end].startsWith(open[1])) end++
    assert.ok(end < lines.length, `the block at line ${i + 1} is never closed`)
    const before = lines.slice(0, i).reverse().find((l) => l.trim() !== '') ?? ''
    const skip = before.match(/^<!--\s*not run:\s*(.*?)\s*-->$/)
    if (skip) {
      assert.ok(skip[1], `line ${i}: "not run" needs a reason`)
      found.push({ line: i + 1, reason: skip[1] })
    } else {
      found.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n') + '\n' })
    }
    i = end
  }
  return found
}

// What a reader has: the app's credentials in the environment (the emulator's app here).
const app = { MIMC_APP_ID: '2882303761517000001', MIMC_APP_KEY: 'emulator-key', MIMC_APP_SECRET: 'emulator-secret' }
const { NODE_ENV, ...env } = process.env // a development machine's

function run(file) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './snippet-prelude.mjs', file],
      { timeout: 60_000, env: { ...env, ...app } },
      (error, stdout, stderr) => resolve({ error, stdout, stderr }),
    )
  })
}

// The end of an output, each line cut short: an uncaught error prints its (minified) source line.
const tail = (text) => text.trim().split('\n').slice(-30).map((l) => (l.length > 240 ? `${l.slice(0, 240)}…` : l)).join('\n')

let ran = 0
for (const name of files) {
  const path = join(root, name)
  if (!existsSync(path)) continue
  for (const block of blocks(readFileSync(path, 'utf8'))) {
    const where = `${name}:${block.line}`
    if (block.reason) {
      test(`${where} (not run: ${block.reason})`, { skip: block.reason }, () => {})
      continue
    }
    ran++
    test(`${where} runs as pasted`, async () => {
      const file = `snippet-${name.replace(/[^\w]+/g, '-')}-${block.line}.mjs`
      writeFileSync(file, block.code)
      const { error, stdout, stderr } = await run(file)
      if (error) assert.fail(`${where} failed (${relative('.', file)}): ${error.message.split('\n')[0]}\n${tail(stderr + stdout)}`)
    })
  }
}

test('the docs have snippets to run', () => {
  assert.ok(ran >= 5, `only ${ran} blocks found in ${files.join(', ')}`)
})
