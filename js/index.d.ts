// Types of the mimc-uctopic package. Every id is a decimal string: MIMC ids exceed 2^53, so a JS
// number would corrupt them. Id inputs also accept a bigint, or a number that is a safe integer.

/** A group id, uuid or start uuid as input: a decimal string, a bigint, or a safe integer. */
export type IdInput = string | bigint | number

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the request itself (the fetch), not just the promise. */
  signal?: AbortSignal
  /** Milliseconds each attempt may take; overrides the client's `timeoutMs`. */
  timeoutMs?: number
  /** App-credential clients only: act as this account for this one call. */
  appAccount?: string
}

/** App credentials: for servers only (they must never ship to a browser). */
export interface AppCredentials {
  appId: string
  appKey: string
  appSecret: string
  /** The account calls act as; without it, calls act as the app's server. */
  appAccount?: string
}

export interface ClientOptions {
  /** Default `https://mimc.chat.xiaomi.net`; point it at the emulator for offline work. */
  baseUrl?: string
  /** A user token, or a function giving one (called lazily, cached, asked again once on an auth failure). */
  token?: string | (() => string | Promise<string>)
  /** App credentials (server side). Give either `token` or `app`. */
  app?: AppCredentials
  /** Milliseconds each attempt may take. Default 10000. */
  timeoutMs?: number
  /** Extra attempts for GET requests after a network failure, timeout, 408, 429 or 5xx. Default 2. */
  retries?: number
  /** App credentials refuse to run in a browser page or worker unless this is true (local tools, tests). */
  dangerouslyAllowBrowser?: boolean
  /**
   * Sends every request: any function with the signature of the global `fetch` (a test double,
   * a proxy, instrumentation, an in-process emulator). Default: the global `fetch`, looked up at
   * each call.
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>
}

/** A group as created. */
export interface Topic {
  topicId: string
  ownerUuid: string
  topicName: string
  extra: string | null
}

/** A group after an update. */
export interface UpdatedTopic {
  topicId: string
  ownerUuid: string
  ownerAccount: string | null
  topicName: string | null
  extra: string | null
}

/** A group's info. */
export interface TopicInfo {
  topicId: string
  topicName: string
  ownerUuid: string
  ownerAccount: string
  memberNum: number
}

/** One member of a group. */
export interface Member {
  /** The member's account in the app's own account system. */
  appAccount: string
  /** The member's MIMC uuid. */
  uuid: string
  appId: string
}

/** One page of members. */
export interface MemberPage {
  /** Members after the start uuid, ascending by uuid, each once. */
  members: Member[]
  /** Whether this is the last page. */
  isEnd: boolean
  /** Pass as `startUuid` to get the next page. */
  nextStartUuid: string
}

/** Every member of a group; `break` stops all fetching. */
export interface MemberIterable extends AsyncIterable<Member> {
  /** The same walk, page by page. */
  pages(): AsyncIterable<MemberPage>
}

/** What the token service returns. */
export interface TokenInfo {
  token: string
  appId: string | null
  appPackage: string | null
  appAccount: string | null
  miChid: number | null
  /** The account's MIMC uuid. */
  miUserId: string | null
  miUserSecurityKey: string | null
}

export type MimcErrorKind =
  | 'api'
  | 'auth'
  | 'http'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'decode'
  | 'invalid-input'

/** Every failure: a rejected promise (or a throw from `new Client`) with this error. */
export class MimcError extends Error {
  readonly name: 'MimcError'
  /** Which kind of failure: branch on this. */
  readonly kind: MimcErrorKind
  /** The service's envelope code, when it sent one. */
  readonly code?: number
  /** The HTTP status, when a response arrived. */
  readonly status?: number
  /** The call that failed, e.g. `'createTopic'`. */
  readonly endpoint?: string
  /** The wait the server asked for (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number
}

/**
 * Resolves once the wasm module is instantiated (at import in Node; a moment later in browsers).
 * After that, `new Client()` throws a `MimcError` for bad options at once; before it, the first
 * call rejects with it instead. Awaiting it is optional: every call waits for the module.
 */
export const ready: Promise<void>

/** A MIMC unlimited-group client. */
export class Client {
  constructor(options: ClientOptions)
  /** Creates a group; the caller owns it and is its first member. */
  createTopic(input: { topicName: string; extra?: string }, options?: CallOptions): Promise<Topic>
  /** Renames it, changes extra, or transfers ownership (to a member). Owner only. */
  updateTopic(
    input: { topicId: IdInput; topicName?: string; ownerAccount?: string; extra?: string },
    options?: CallOptions,
  ): Promise<UpdatedTopic>
  /** Deletes a group. Owner only. */
  deleteTopic(topicId: IdInput, options?: CallOptions): Promise<void>
  /** A group's info. */
  getTopic(topicId: IdInput, options?: CallOptions): Promise<TopicInfo>
  /** The ids of the groups the caller belongs to. */
  listTopics(options?: CallOptions): Promise<string[]>
  /** How many members are online. */
  onlineCount(topicId: IdInput, options?: CallOptions): Promise<number>
  /** Mutes a member for `seconds` (0 lifts it; at most 315360000, ten years). Owner only. */
  muteMember(input: { topicId: IdInput; user: string; seconds: number }, options?: CallOptions): Promise<void>
  /** Lifts a member's mute. Owner only. */
  unmuteMember(input: { topicId: IdInput; user: string }, options?: CallOptions): Promise<void>
  /** One page of at most 100 members after `startUuid` (default 0). */
  memberPage(topicId: IdInput, page?: { startUuid?: IdInput }, options?: CallOptions): Promise<MemberPage>
  /** Every member, fetched a page ahead; `break` or `signal` stops all fetching. */
  members(
    topicId: IdInput,
    options?: { startUuid?: IdInput; signal?: AbortSignal; appAccount?: string },
  ): MemberIterable
  /** Frees the client's wasm memory now (it is also freed when the client is garbage-collected). */
  free(): void
}

/** The token service, for app servers: mints a user token for `appAccount`. */
export function fetchToken(
  input: AppCredentials & {
    appAccount: string
    baseUrl?: string
    dangerouslyAllowBrowser?: boolean
    /** As `ClientOptions.fetch`. */
    fetch?: (url: string, init: RequestInit) => Promise<Response>
  },
  options?: { signal?: AbortSignal; timeoutMs?: number },
): Promise<TokenInfo>
