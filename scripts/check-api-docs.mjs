// The API reference misses nothing: every export of the package's entries, and every method of
// its classes as they exist at run time, has a documented entry in TypeDoc's JSON.
import { readFileSync } from 'node:fs'
import * as client from '../js/src/node.js'
import * as emulator from '../js/src/emulator/node.js'

const project = JSON.parse(readFileSync(process.argv[2] ?? 'target/api-docs.json', 'utf8'))
const modules = Object.fromEntries(project.children.map((m) => [m.name, m]))
const documented = (node) =>
  Boolean(node.comment?.summary?.length || node.signatures?.some((s) => s.comment?.summary?.length))
const missing = []

function check(moduleName, exports, classes) {
  const members = new Map(modules[moduleName].children.map((c) => [c.name, c]))
  for (const name of Object.keys(exports)) {
    if (!members.has(name)) missing.push(`${moduleName}: export ${name}`)
  }
  for (const [className, runtime] of Object.entries(classes)) {
    const docs = new Map((members.get(className)?.children ?? []).map((c) => [c.name, c]))
    for (const method of Object.getOwnPropertyNames(runtime.prototype)) {
      if (method === 'constructor' || typeof Object.getOwnPropertyDescriptor(runtime.prototype, method).value !== 'function') continue
      const entry = docs.get(method)
      if (!entry) missing.push(`${moduleName}: ${className}.${method}`)
      else if (!documented(entry)) missing.push(`${moduleName}: ${className}.${method} (no documentation)`)
    }
  }
}

check('index', client, { Client: client.Client })
check('emulator-node', emulator, { Emulator: emulator.Emulator })
if (missing.length) {
  console.error(`the API reference misses:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`API reference: every export and method of the client and the emulator is documented`)
