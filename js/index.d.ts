// Types of the mimc-uctopic package. The shapes of inputs, options and results are generated
// from the Rust types that read and write them (js/pkg/mimc_uctopic.d.ts, by tsify); this file
// declares the JS surface that uses them. Every id in a result is a decimal string: MIMC ids
// exceed 2^53, so a JS number would corrupt them.
import type * as Shapes from './pkg/mimc_uctopic.js'

export type {
  AppCredentials,
  CallOptions,
  ClientOptions,
  CreateTopic,
  IdInput,
  Member,
  MemberPage,
  MembersOptions,
  MuteMember,
  PageOptions,
  TokenInfo,
  TokenRequest,
  Topic,
  TopicInfo,
  UnmuteMember,
  UpdateTopic,
  UpdatedTopic,
} from './pkg/mimc_uctopic.js'

/** Every member of a group; `break` stops all fetching. */
export interface MemberIterable extends AsyncIterable<Shapes.Member> {
  /** The same walk, page by page. */
  pages(): AsyncIterable<Shapes.MemberPage>
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
  constructor(options: Shapes.ClientOptions)
  /** Creates a group; the caller owns it and is its first member. */
  createTopic(input: Shapes.CreateTopic, options?: Shapes.CallOptions): Promise<Shapes.Topic>
  /** Renames it, changes extra, or transfers ownership (to a member). Owner only. */
  updateTopic(input: Shapes.UpdateTopic, options?: Shapes.CallOptions): Promise<Shapes.UpdatedTopic>
  /** Deletes a group. Owner only. */
  deleteTopic(topicId: Shapes.IdInput, options?: Shapes.CallOptions): Promise<void>
  /** A group's info. */
  getTopic(topicId: Shapes.IdInput, options?: Shapes.CallOptions): Promise<Shapes.TopicInfo>
  /** The ids of the groups the caller belongs to. */
  listTopics(options?: Shapes.CallOptions): Promise<string[]>
  /** How many members are online. */
  onlineCount(topicId: Shapes.IdInput, options?: Shapes.CallOptions): Promise<number>
  /** Mutes a member for `seconds` (0 lifts it; at most 315360000, ten years). Owner only. */
  muteMember(input: Shapes.MuteMember, options?: Shapes.CallOptions): Promise<void>
  /** Lifts a member's mute. Owner only. */
  unmuteMember(input: Shapes.UnmuteMember, options?: Shapes.CallOptions): Promise<void>
  /** One page of at most 100 members after `startUuid` (default 0). */
  memberPage(topicId: Shapes.IdInput, page?: Shapes.PageOptions, options?: Shapes.CallOptions): Promise<Shapes.MemberPage>
  /** Every member, fetched a page ahead; `break` or `signal` stops all fetching. */
  members(topicId: Shapes.IdInput, options?: Shapes.MembersOptions & { signal?: AbortSignal }): MemberIterable
  /** Frees the client's wasm memory now (it is also freed when the client is garbage-collected). */
  free(): void
}

/** The token service, for app servers: mints a user token for `appAccount`. */
export function fetchToken(
  input: Shapes.TokenRequest,
  options?: Pick<Shapes.CallOptions, 'signal' | 'timeoutMs'>,
): Promise<Shapes.TokenInfo>
