// Types of `mimc-uctopic/emulator`: the emulator in-process, in any runtime. The entries of
// Node, Bun and Deno add `listen()` and `close()` (emulator-node.d.ts).
// Ids are decimal strings, as in the client: MIMC ids exceed 2^53.

import type * as Core from './pkg-emulator/mimc_emulator.js'

// The shapes of options, requests and answers are generated from the Rust types that read and
// write them (js/pkg-emulator/mimc_emulator.d.ts, by tsify), under the names used here.
export type {
  App,
  AppId,
  Clock,
  EmulatorConfig,
  EmulatorOptions,
  Fault,
  Joined,
  JournalEntry,
  JournalFilter,
  Left,
  Minted,
  Mute,
  Online,
  PendingCount,
  RequestCounts,
  TopicId,
  WireFormat,
} from './pkg-emulator/mimc_emulator.js'

/** A fault still pending, as `faults()` lists it: every field present, absent ones null. */
export type PendingFault = {
  [K in keyof Core.Fault]-?: K extends 'times' | 'headers' | 'drop' ? NonNullable<Core.Fault[K]> : NonNullable<Core.Fault[K]> | null
}

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
  join(topicId: Core.TopicId, accounts: string[]): Promise<Core.Joined>
  /** These accounts quit the group. */
  quit(topicId: Core.TopicId, accounts: string[]): Promise<Core.Left>
  /** Exactly these members are online. */
  setOnline(topicId: Core.TopicId, accounts: string[]): Promise<Core.Online>
  /** The active mutes of a group. */
  mutes(topicId: Core.TopicId): Promise<Core.Mute[]>
  /** API requests received, by route; with `topicId`, only those about that group. */
  requests(filter?: { topicId?: Core.TopicId }): Promise<Core.RequestCounts>
  /** Counts (and the journal) start again from zero. */
  clearRequests(): Promise<null>
  /** The API requests received, oldest first; the filters combine. */
  journal(filter?: Core.JournalFilter): Promise<Core.JournalEntry[]>
  /** Forgets the journal; `seq` starts again from 1. */
  clearJournal(): Promise<null>
  /** Injects a fault; resolves to how many are pending. */
  addFault(fault: Core.Fault): Promise<Core.PendingCount>
  /** The faults still pending. */
  faults(): Promise<PendingFault[]>
  /** Forgets every pending fault. */
  clearFaults(): Promise<null>
  /** Clears groups, users, tokens, counts, the journal and faults (the apps stay). */
  reset(): Promise<null>
  /** Moves the clock forward: tokens and mutes expire without waiting. */
  advanceClock(seconds: number): Promise<Core.Clock>
  /** The settings that can change while it runs: wire format, journal capacity, the apps' ids. */
  config(): Promise<Core.EmulatorConfig>
  /** Changes the wire format or the journal's capacity (either or both); resolves to the config after. */
  setConfig(config: Partial<Pick<Core.EmulatorConfig, 'wireFormat' | 'journalCapacity'>>): Promise<Core.EmulatorConfig>
  /** A token for an account (of the first app unless `appId` says), without a token-service call. */
  mintToken(account: string, options?: { appId?: string }): Promise<string>
  /** The whole state as JSON text, for `createEmulator({ state })` or the native `--state`. */
  snapshot(): Promise<string>
}

/**
 * A new emulator with its own state. Bad options throw in Node; in a browser, where the module
 * may still be loading, they reject `ready` and every call.
 */
export declare function createEmulator(options?: Core.EmulatorOptions): Emulator

/** Resolves once the emulator's wasm module is instantiated. */
export declare function loadEmulator(): Promise<void>

/** An origin for clients that want one: the in-process `fetch` answers any. */
export declare const EMULATOR_URL: string
