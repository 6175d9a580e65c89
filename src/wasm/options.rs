//! The option objects of the JS surface, one shape each; their TypeScript is generated.

use tsify::Tsify;

use crate::core::shape::Any;
use crate::core::wire::Id;
use crate::shape;

shape! { closed;
    /// `new Client(options)`.
    #[derive(Default, Tsify)]
    pub struct ClientOptions {
        /// The service's base URL; default `https://mimc.chat.xiaomi.net` (the emulator for offline work).
        #[tsify(optional)]
        pub base_url: Option<String> as "baseUrl",
        /// A user token, or a function giving one (called lazily, cached, asked again once after an
        /// auth failure). Taken from the caller's object by the wasm layer.
        #[tsify(optional, type = "string | (() => string | Promise<string>)")]
        pub token: Any as "token",
        /// App credentials (servers only). Give either `token` or `app`.
        #[tsify(optional)]
        pub app: Option<AppCredentials> as "app",
        /// With a token: the app's id, which normal-group calls send in their path
        /// (`fetchToken`'s answer carries it). With `app`, `app.appId` is used.
        #[tsify(optional)]
        pub app_id: Option<String> as "appId",
        /// Milliseconds each attempt may take. Default 10000.
        #[tsify(optional)]
        pub timeout_ms: Option<f64> as "timeoutMs",
        /// Extra attempts for GET requests after a network failure, timeout, 408, 429 or 5xx. Default 2.
        #[tsify(optional)]
        pub retries: Option<f64> as "retries",
        /// App credentials refuse to run in a browser page or worker unless this is true.
        #[tsify(optional)]
        pub dangerously_allow_browser: Option<bool> as "dangerouslyAllowBrowser",
        /// Sends every request: any function with the signature of the global `fetch` (a test
        /// double, a proxy, instrumentation, the in-process emulator). Default: the global `fetch`,
        /// looked up at each call.
        #[tsify(
            optional,
            type = "(url: string, init: RequestInit) => Promise<Response>"
        )]
        pub fetch: Any as "fetch",
    }
}

shape! { closed;
    /// App credentials: for servers only (they must never ship to a browser).
    #[derive(Default, Tsify)]
    pub struct AppCredentials {
        /// The app's id.
        pub app_id: String as "appId",
        /// The app's key (secret).
        pub app_key: String as "appKey",
        /// The app's secret.
        pub app_secret: String as "appSecret",
        /// The account calls act as; without it, calls act as the app's server.
        #[tsify(optional)]
        pub app_account: Option<String> as "appAccount",
    }
}

shape! { closed;
    /// Options every call takes.
    #[derive(Default, Tsify)]
    pub struct CallOptions {
        /// Cancels the request itself (the fetch), not just the promise. Taken from the caller's
        /// object by the wasm layer.
        #[tsify(optional, type = "AbortSignal")]
        pub signal: Any as "signal",
        /// Milliseconds each attempt may take; overrides the client's `timeoutMs`.
        #[tsify(optional)]
        pub timeout_ms: Option<f64> as "timeoutMs",
        /// App-credential clients only: act as this account for this one call.
        #[tsify(optional)]
        pub app_account: Option<String> as "appAccount",
    }
}

shape! { closed;
    /// Where `memberPage` starts.
    #[derive(Default, Tsify)]
    pub struct PageOptions {
        /// List members with a uuid above this one; default 0, the beginning.
        #[tsify(optional, type = "IdInput")]
        pub start_uuid: Option<Id> as "startUuid",
    }
}

shape! { closed;
    /// Options of `members()` as the wasm cursor takes them (the JS layer takes `signal` itself).
    #[derive(Default, Tsify)]
    pub struct MembersOptions {
        /// Start after this uuid; default 0, the beginning.
        #[tsify(optional, type = "IdInput")]
        pub start_uuid: Option<Id> as "startUuid",
        /// App-credential clients only: act as this account for the walk.
        #[tsify(optional)]
        pub app_account: Option<String> as "appAccount",
    }
}
