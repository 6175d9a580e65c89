// Types of `mimc-uctopic/emulator`: the emulator in-process (any runtime) and over HTTP (Node,
// Bun, Deno). Ids are decimal strings, as in the client: MIMC ids exceed 2^53.

/** Options of `createEmulator`; all optional. */
export interface EmulatorOptions {
  /** The apps it knows; default one app: 2882303761517000001 / emulator-key / emulator-secret. */
  apps?: { appId: string; appKey: string; appSecret: string }[]
  /** Lifetime of issued tokens, in seconds. Default 86400. */
  tokenTtl?: number
  /** The JSON forms of ids, counts and isEnd in answers (see docs/uctopic-api.md). */
  wireFormat?: 'documented' | 'native'
  /** Where group ids and tokens come from: the same seed gives the same ids. Default random. */
  seed?: string | number | bigint
  /** A saved state: the text `snapshot()` gave, or a native binary's `--state` file. */
  state?: string
}

/** One API request as the emulator received it (secrets redacted). */
export interface JournalEntry {
  seq: number
  method: string
  path: string
  headers: Record<string, string>
  body: string | null
  bodyTruncated: boolean
  topicId: string | null
}

/** A fault for the next matching API requests. */
export interface Fault {
  method?: string
  path?: string
  topicId?: string
  /** How many requests it hits. Default 1. */
  times?: number
  /** Wait this long first (then answer normally unless told otherwise); the JS forms wait at most 2^31 − 1 ms. */
  delayMs?: number
  /** Answer this status, 200 to 599 (an envelope with that code, or with `body`). */
  status?: number
  /** Answer this raw body. */
  body?: string
  /** Extra answer headers, such as `Retry-After`. */
  headers?: Record<string, string>
  /** Break the connection after the head and part of the body. */
  drop?: boolean
}

/** A fault still pending, as `faults()` lists it: absent fields read null. */
export interface PendingFault {
  method: string | null
  path: string | null
  topicId: string | null
  /** How many requests it will still hit. */
  times: number
  delayMs: number | null
  status: number | null
  body: string | null
  headers: Record<string, string>
  drop: boolean
}

export interface Mute {
  account: string
  uuid: string
  /** Unix second when the mute ends. */
  until: number
  remainingSeconds: number
}

export interface RequestCounts {
  total: number
  /** By `METHOD /path`. */
  byRoute: Record<string, number>
}

export interface EmulatorConfig {
  wireFormat: 'documented' | 'native'
  journalCapacity: number
  apps: { appId: string }[]
}

/** A group id: a decimal string, a bigint, or a number below 2^53. */
export type TopicId = string | bigint | number

/** A failed admin call: the envelope's code and message. */
export declare class EmulatorError extends Error {
  readonly name: 'EmulatorError'
  /** The HTTP status. */
  readonly status: number
  /** The envelope's code. */
  readonly code: number
}

/** An emulator. Every method is also an admin API route under `/emulator/`. */
export declare class Emulator {
  /** Answers like the global `fetch`, in-process (no socket; the URL's origin is ignored). */
  readonly fetch: typeof globalThis.fetch
  /** Resolves when it can answer (at once in Node; in browsers once the module has loaded). */
  readonly ready: Promise<void>
  /** These accounts join the group (users are created as needed). */
  join(topicId: TopicId, accounts: string[]): Promise<{ added: number; memberNum: number }>
  /** These accounts quit the group. */
  quit(topicId: TopicId, accounts: string[]): Promise<{ removed: number; memberNum: number }>
  /** Exactly these members are online. */
  setOnline(topicId: TopicId, accounts: string[]): Promise<{ online: number }>
  /** The active mutes of a group. */
  mutes(topicId: TopicId): Promise<Mute[]>
  /** API requests received, by route; with `topicId`, only those about that group. */
  requests(filter?: { topicId?: TopicId }): Promise<RequestCounts>
  /** Counts (and the journal) start again from zero. */
  clearRequests(): Promise<null>
  /** The API requests received, oldest first; the filters combine. */
  journal(filter?: { topicId?: TopicId; path?: string; method?: string; since?: number }): Promise<JournalEntry[]>
  /** Forgets the journal; `seq` starts again from 1. */
  clearJournal(): Promise<null>
  /** Injects a fault; resolves to how many are pending. */
  addFault(fault: Fault): Promise<{ pending: number }>
  /** The faults still pending. */
  faults(): Promise<PendingFault[]>
  clearFaults(): Promise<null>
  /** Clears groups, users, tokens, counts, the journal and faults (the apps stay). */
  reset(): Promise<null>
  /** Moves the clock forward: tokens and mutes expire without waiting. */
  advanceClock(seconds: number): Promise<{ now: number }>
  config(): Promise<EmulatorConfig>
  setConfig(config: { wireFormat?: 'documented' | 'native'; journalCapacity?: number }): Promise<EmulatorConfig>
  /** A token for an account (of the first app unless `appId` says), without a token-service call. */
  mintToken(account: string, options?: { appId?: string }): Promise<string>
  /** The whole state as JSON text, for `createEmulator({ state })` or the native `--state`. */
  snapshot(): Promise<string>
  /**
   * Node, Bun and Deno only: serves the API, the admin API and CORS over HTTP (`node:http`);
   * resolves to `http://HOST:PORT`. Default host 127.0.0.1, port 0 (a free one).
   */
  listen(options?: { port?: number; host?: string }): Promise<string>
  /** Node, Bun and Deno only: stops the server `listen()` started. */
  close(): Promise<void>
}

/**
 * A new emulator with its own state. Bad options throw in Node; in a browser, where the module
 * may still be loading, they reject `ready` and every call.
 */
export declare function createEmulator(options?: EmulatorOptions): Emulator

/** Resolves once the emulator's wasm module is instantiated. */
export declare function loadEmulator(): Promise<void>

/** An origin for clients that want one: the in-process `fetch` answers any. */
export declare const EMULATOR_URL: string
