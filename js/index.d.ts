// Types of the mimc-uctopic package. The shapes of inputs, options and results, and the
// signature of every endpoint method, are generated from the Rust code that implements them
// (js/pkg/mimc_uctopic.d.ts: tsify for the shapes, wasm-bindgen for the methods); this file
// declares the JS surface around them. Every id in a result is a decimal string: MIMC ids
// exceed 2^53, so a JS number would corrupt them.
import type * as Wasm from './pkg/mimc_uctopic.js'

export type {
  AppCredentials,
  CallOptions,
  CreateGroup,
  CreateTopic,
  Group,
  GroupInfo,
  GroupMembers,
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
  UpdateGroup,
  UpdateTopic,
  UpdatedTopic,
} from './pkg/mimc_uctopic.js'

type CommonOptions = Omit<Wasm.ClientOptions, 'token' | 'app' | 'appId'>

/**
 * `new Client(options)`: a user token (browsers) or app credentials (servers), exactly one;
 * the other fields are the same for both.
 */
export type ClientOptions = TokenClientOptions | AppClientOptions

/** A client acting as the user a token names (browsers, workers, any runtime). */
export interface TokenClientOptions extends CommonOptions {
  /**
   * A user token, or a function giving one (called lazily, cached, asked again once after the
   * service refuses a token).
   */
  token: NonNullable<Wasm.ClientOptions['token']>
  /** The app's id, which normal-group calls send in their path (`fetchToken`'s answer has it). */
  appId?: string
  app?: never
}

/** A client of an app server: app credentials, which must never ship to a browser. */
export interface AppClientOptions extends CommonOptions {
  /** App credentials; calls act as `app.appAccount`, or as the app's server without one. */
  app: Wasm.AppCredentials
  token?: never
  /** `app.appId` is the app's id. */
  appId?: never
}

/** Every member of a group; `break` stops all fetching. */
export interface MemberIterable extends AsyncIterable<Wasm.Member> {
  /** The same walk, page by page. */
  pages(): AsyncIterable<Wasm.MemberPage>
}

/** Which kind of failure a `MimcError` is: branch on it. */
export type MimcErrorKind = MimcError['kind']

interface Failure<Kind extends string> extends Error {
  readonly name: 'MimcError'
  /** Which kind of failure: branch on this; `code` and `status` narrow with it. */
  readonly kind: Kind
  /** The call that failed, e.g. `'createTopic'`. */
  readonly endpoint?: string
}

/** The service said no: its envelope's `code` (e.g. 404 no such group, 403 not the owner). */
export interface ApiError extends Failure<'api'> {
  readonly code: number
  readonly status: number
  /** The wait the server asked for (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number
}

/**
 * The service refused the token or the app credentials (code 401), or the token provider
 * failed (no `code`; its error is the `cause`).
 */
export interface AuthError extends Failure<'auth'> {
  readonly code?: number
  readonly status?: number
  readonly cause?: unknown
}

/**
 * A non-2xx answer without the service's envelope: a proxy, a gateway, or a `baseUrl` with a
 * wrong path (404).
 */
export interface HttpError extends Failure<'http'> {
  readonly code?: undefined
  readonly status: number
  readonly retryAfterMs?: number
}

/** No answer arrived (DNS, refused connection, TLS, CORS, a dropped connection). */
export interface NetworkError extends Failure<'network'> {
  readonly code?: undefined
  readonly status?: undefined
  /** What the runtime's `fetch` threw. */
  readonly cause?: unknown
}

/** An attempt took longer than `timeoutMs`. */
export interface TimeoutError extends Failure<'timeout'> {
  readonly code?: undefined
  readonly status?: undefined
}

/** The caller's `AbortSignal` fired. */
export interface AbortedError extends Failure<'aborted'> {
  readonly code?: undefined
  readonly status?: undefined
  /** The signal's reason (`signal.abort(reason)`). */
  readonly cause?: unknown
}

/** An answer that did not have the documented shape. */
export interface DecodeError extends Failure<'decode'> {
  readonly code?: undefined
  readonly status?: number
}

/** The caller's input broke a rule; nothing was sent. */
export interface InvalidInputError extends Failure<'invalid-input'> {
  readonly code?: undefined
  readonly status?: undefined
}

/**
 * Every failure: a rejected promise (or a throw from `new Client`) with this error, a union
 * discriminated by `kind`.
 */
export type MimcError =
  | ApiError
  | AuthError
  | HttpError
  | NetworkError
  | TimeoutError
  | AbortedError
  | DecodeError
  | InvalidInputError

/** The class of every `MimcError` of this copy of the package (`e instanceof MimcError`). */
export declare const MimcError: {
  /** Built by the package for every failure; there is no need to construct one. */
  new (
    message: string,
    fields: { kind: MimcErrorKind; code?: number; status?: number; endpoint?: string; retryAfterMs?: number; cause?: unknown },
  ): MimcError
  readonly prototype: MimcError
}

/**
 * Whether `value` is a `MimcError`: unlike `instanceof`, true for errors of any copy of the
 * package and from any realm (an iframe, another bundle).
 */
export declare function isMimcError(value: unknown): value is MimcError

/**
 * Resolves once the wasm module is instantiated (at import in Node; a moment later in browsers).
 * After that, `new Client()` throws a `MimcError` for bad options at once; before it, the first
 * call rejects with it instead. Awaiting it is optional: every call waits for the module.
 */
export declare const ready: Promise<void>

/** The endpoint methods, with their signatures and docs as the Rust code declares them. */
type Endpoints = Omit<Wasm.Client, 'free' | 'memberCursor'>

export interface Client extends Endpoints {}
/** A MIMC unlimited-group client. Every method returns a Promise; ids are decimal strings. */
export declare class Client {
  constructor(options: ClientOptions)
  /** Every member, fetched a page ahead; `break` or `signal` stops all fetching. */
  members(topicId: Wasm.IdInput, options?: Wasm.MembersOptions & { signal?: AbortSignal }): MemberIterable
  /** Frees the client's wasm memory now (it is also freed when the client is garbage-collected). */
  free(): void
}

export { fetchToken } from './pkg/mimc_uctopic.js'
