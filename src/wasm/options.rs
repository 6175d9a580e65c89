//! The option objects of the JS surface, one type each; their TypeScript is generated.

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use crate::core::wire::Id;

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const ID_INPUT: &str = r#"
/** A group id, uuid or start uuid as input: a decimal string, a bigint, or a safe integer. */
export type IdInput = string | bigint | number;
"#;

/// `new Client(options)`.
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    /// The service's base URL; default `https://mimc.chat.xiaomi.net` (the emulator for offline work).
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// A user token, or a function giving one (called lazily, cached, asked again once after an
    /// auth failure).
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(optional, type = "string | (() => string | Promise<string>)")]
    pub token: JsValue,
    /// App credentials (servers only). Give either `token` or `app`.
    #[tsify(optional)]
    pub app: Option<AppCredentials>,
    /// Milliseconds each attempt may take. Default 10000.
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Extra attempts for GET requests after a network failure, timeout, 408, 429 or 5xx. Default 2.
    #[tsify(optional)]
    pub retries: Option<u32>,
    /// App credentials refuse to run in a browser page or worker unless this is true.
    #[tsify(optional)]
    pub dangerously_allow_browser: Option<bool>,
    /// Sends every request: any function with the signature of the global `fetch` (a test
    /// double, a proxy, instrumentation, the in-process emulator). Default: the global `fetch`,
    /// looked up at each call.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(
        optional,
        type = "(url: string, init: RequestInit) => Promise<Response>"
    )]
    pub fetch: JsValue,
}

/// App credentials: for servers only (they must never ship to a browser).
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AppCredentials {
    /// The app's id.
    pub app_id: String,
    /// The app's key (secret).
    pub app_key: String,
    /// The app's secret.
    pub app_secret: String,
    /// The account calls act as; without it, calls act as the app's server.
    #[tsify(optional)]
    pub app_account: Option<String>,
}

/// Options every call takes.
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CallOptions {
    /// Cancels the request itself (the fetch), not just the promise.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(optional, type = "AbortSignal")]
    pub signal: JsValue,
    /// Milliseconds each attempt may take; overrides the client's `timeoutMs`.
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// App-credential clients only: act as this account for this one call.
    #[tsify(optional)]
    pub app_account: Option<String>,
}

/// Where `memberPage` starts.
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PageOptions {
    /// List members with a uuid above this one; default 0, the beginning.
    #[tsify(optional, type = "IdInput")]
    pub start_uuid: Option<Id>,
}

/// Options of `members()` as the wasm cursor takes them (the JS layer takes `signal` itself).
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MembersOptions {
    /// Start after this uuid; default 0, the beginning.
    #[tsify(optional, type = "IdInput")]
    pub start_uuid: Option<Id>,
    /// App-credential clients only: act as this account for the walk.
    #[tsify(optional)]
    pub app_account: Option<String>,
}
