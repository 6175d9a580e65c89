#!/usr/bin/env node
// Checks the links of every Markdown file below each DIR (default: the repository root).
// Why: the docs are read on GitHub and also ship inside the npm package (README.md,
// CHANGELOG.md, docs/), where a link that leaves the package is dead. So every link must resolve
// inside DIR: no URL with a scheme (http:, https:, file:, mailto: ...), no missing file, no path
// outside DIR, no #anchor that the target Markdown file lacks (GitHub's heading slugs, or
// <a id="..."> / <a name="...">). Checked: [text](target), ![alt](target), [label]: target and
// <scheme:...> autolinks, outside fenced code blocks and inline code spans.
// Usage: node scripts/check-links.mjs [DIR ...]    Exit status 0: no broken link; 1: some.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const SKIP_DIRS = new Set(['node_modules', 'target', '.git', 'pkg'])
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : [repoRoot]
const show = (file) => relative(process.cwd(), file) || '.'

function* markdownFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) yield* markdownFiles(path)
    else if (entry.isFile() && entry.name.endsWith('.md')) yield path
  }
}

// GitHub's slug of a heading (as github-slugger computes it): lowercase, punctuation and
// symbols dropped (hyphens and underscores kept), each space a hyphen; repeats get -1, -2, ...
function addSlug(text, anchors, seen) {
  const base = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image counts by its text
    .replace(/<\/?[a-z][^>]*>/gi, '') // inline HTML tags are not part of the text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
  let slug = base
  while (seen.has(slug)) {
    seen.set(base, seen.get(base) + 1)
    slug = `${base}-${seen.get(base)}`
  }
  seen.set(slug, 0)
  anchors.add(slug)
}

const parsed = new Map()
// A file's links ({ line, target }) and anchors, outside fenced code blocks.
function parse(file) {
  if (parsed.has(file)) return parsed.get(file)
  const result = { links: [], anchors: new Set() }
  const seen = new Map()
  let [fence, previous] = [null, '']
  readFileSync(file, 'utf8').split(/\r?\n/).forEach((raw, i) => {
    const marker = raw.match(/^ {0,3}(`{3,}|~{3,})(.*)$/)
    if (fence || marker) previous = ''
    if (fence) {
      if (marker && marker[1][0] === fence[0] && marker[1].length >= fence.length && !marker[2].trim()) fence = null
      return
    }
    if (marker) return void (fence = marker[1])
    const heading = raw.match(/^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/)
    const setext = /^ {0,3}(=+|-+)\s*$/.test(raw) && /^ {0,3}[^\s#>|*+-]/.test(previous)
    if (heading || setext) addSlug(heading ? heading[1] ?? '' : previous, result.anchors, seen)
    for (const m of raw.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) result.anchors.add(m[1])
    const line = raw.replace(/(`+).*?\1/g, '') // inline code spans hold no links
    const add = (target) => result.links.push({ line: i + 1, target: target.replace(/^<(.*)>$/, '$1') })
    for (const m of line.matchAll(/\]\(\s*(<[^>]*>|[^\s)]*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)) add(m[1])
    const definition = line.match(/^ {0,3}\[([^\]^][^\]]*)\]:\s*(<[^>]*>|\S+)/)
    if (definition) add(definition[2])
    for (const m of line.matchAll(/<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/gi)) add(m[1])
    previous = raw.trim() ? raw : ''
  })
  parsed.set(file, result)
  return result
}

const decode = (text) => { try { return decodeURIComponent(text) } catch { return text } }

// Why a link from `file` (checked as part of `dir`) is broken, or null when it is fine.
function problem(file, target, dir) {
  if (!target) return 'empty link target'
  const external = /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')
  if (external) return 'external URL: links must stay inside the repository'
  const hash = target.indexOf('#')
  const path = decode((hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, ''))
  const anchor = hash < 0 ? '' : decode(target.slice(hash + 1))
  let dest = file
  if (path) {
    dest = path.startsWith('/') ? join(dir, path) : resolve(dirname(file), path)
    const rel = relative(dir, dest)
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return `outside ${show(dir)}`
    if (!existsSync(dest)) return 'no such file'
  }
  if (anchor && dest.endsWith('.md') && statSync(dest).isFile() && !parse(dest).anchors.has(anchor)) {
    return `no anchor #${anchor} in ${show(dest)}`
  }
  return null
}

let [checked, files, broken] = [0, 0, 0]
for (const dir of dirs) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`check-links: ${dir} is not a directory`)
    process.exit(2)
  }
  for (const file of markdownFiles(dir)) {
    files += 1
    for (const { line, target } of parse(file).links) {
      checked += 1
      const why = problem(file, target, dir)
      if (!why) continue
      broken += 1
      console.log(`${show(file)}:${line}: broken link ${target} (${why})`)
    }
  }
}
console.log(`links: ${checked} checked in ${files} files, ${broken} broken`)
process.exitCode = broken ? 1 : 0
