//! What every call of one client shares, and the one asynchronous path all calls take:
//! authenticate, send, decode, and retry or refresh the token by the core's rules.

use super::convert::{cast, input_with, member, number_text};
use super::fetch::{self, js_message, Attempts};
use super::options::{CallOptions, ClientOptions};
use crate::core::auth::{self, Credentials};
use crate::core::error::{quoted, Error, ErrorKind, Result};
use crate::core::http::{Endpoint, HttpRequest};
use crate::core::retry;
use crate::core::token::TokenRequest;
use crate::core::validate;
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

const DEFAULT_BASE_URL: &str = "https://mimc.chat.xiaomi.net";
const DEFAULT_TIMEOUT_MS: u32 = 10_000;
const DEFAULT_RETRIES: u32 = 2;
const MAX_RETRIES: u32 = 10;
/// setTimeout's largest delay; above it the timer fires at once.
const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

/// What a call does with an answer (status and body) to its endpoint: decode it and build the
/// JS result. Called again if the request is repeated.
pub type Finish = Box<dyn FnMut(Endpoint, u16, &str) -> Result<JsValue>>;

/// How the client proves who it is.
enum Auth {
    /// A fixed user token, or app credentials (server side): the core writes their headers.
    Fixed(Credentials),
    /// A function giving a token (or a promise of one), called lazily; its promise is cached.
    Provider {
        provider: Function,
        cached: RefCell<Option<Promise>>,
    },
    /// No header: the token service, whose credentials travel in the body.
    None,
}

/// Transport shared by every call of one client; futures hold an `Rc` of it, never `&mut self`.
pub struct Transport {
    base_url: String,
    auth: Auth,
    /// The app's id for normal-group paths: `appId` with a token, `app.appId` with app
    /// credentials.
    app_id: Option<String>,
    timeout_ms: u32,
    retries: u32,
    fetch: Option<Function>,
}

/// A call's options once checked: the signal cast, the app account allowed.
pub struct Checked {
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
    /// This call's timeout, if it overrides the client's.
    pub timeout_ms: Option<u32>,
    /// The account an app client acts as for this call.
    pub app_account: Option<String>,
    /// The cause of the call's last failure (the JS error's `cause`), when JS gave one.
    pub cause: Cell<JsValue>,
}

impl Transport {
    /// Reads `new Client(options)`.
    pub fn read(value: &JsValue) -> Result<Transport> {
        // The nested app credentials' keys are checked too (their shape is closed): a typo there
        // must not turn an account's client into the app server's.
        let (options, plain): (ClientOptions, _) = input_with("Client options", value, false)?;
        let token = member(&plain, "token");
        let app_id = match (&options.app, options.app_id) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_input(
                    "Client options.appId goes with a token; with app credentials, app.appId is the app's id",
                ))
            }
            (Some(app), None) => Some(app.app_id.clone()),
            (None, app_id) => app_id,
        };
        let auth = match (token.is_null_or_undefined(), options.app) {
            (false, Some(_)) => {
                return Err(Error::invalid_input(
                    "Client options take either token (browsers) or app (servers), not both",
                ))
            }
            (false, None) => match token.dyn_into::<Function>() {
                Ok(provider) => Auth::Provider {
                    provider,
                    cached: RefCell::new(None),
                },
                Err(token) => {
                    let token = token.as_string().filter(|t| !t.is_empty()).ok_or_else(|| {
                        Error::invalid_input(
                            "Client options.token must be a non-empty string or a function returning one",
                        )
                    })?;
                    let credentials = Credentials::Token(token);
                    // Checks the header value once, now, instead of failing on the first call.
                    auth::auth_headers(&credentials, None)?;
                    Auth::Fixed(credentials)
                }
            },
            (true, Some(app)) => {
                refuse_app_credentials_in_page(options.dangerously_allow_browser)?;
                let credentials = Credentials::App {
                    app_id: app.app_id,
                    app_key: app.app_key,
                    app_secret: app.app_secret,
                    app_account: app.app_account,
                };
                // Checks every header value once, now, instead of failing on the first call.
                auth::auth_headers(&credentials, None)?;
                Auth::Fixed(credentials)
            }
            (true, None) => {
                return Err(Error::invalid_input(
                    "Client options need token (a user token or a function returning one) or app (appId, appKey, appSecret)",
                ))
            }
        };
        Ok(Transport {
            base_url: base_url(options.base_url)?,
            auth,
            app_id,
            timeout_ms: within(
                "Client options.timeoutMs",
                options.timeout_ms,
                1,
                MAX_TIMEOUT_MS,
            )?
            .unwrap_or(DEFAULT_TIMEOUT_MS),
            retries: within("Client options.retries", options.retries, 0, MAX_RETRIES)?
                .unwrap_or(DEFAULT_RETRIES),
            fetch: fetch_function("Client options", member(&plain, "fetch"))?,
        })
    }

    /// The transport of one `fetchToken` call: no auth header, no retries (it is a POST).
    /// `copy` is the plain copy the request was read from.
    pub fn token_service(request: &TokenRequest, copy: &JsValue) -> Result<Transport> {
        refuse_app_credentials_in_page(request.dangerously_allow_browser.0)?;
        // The core reads past `fetch`; the function itself is taken from the same copy.
        let fetch = member(copy, "fetch");
        Ok(Transport {
            base_url: base_url(request.base_url.0.clone())?,
            auth: Auth::None,
            app_id: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retries: 0,
            fetch: fetch_function("fetchToken input", fetch)?,
        })
    }

    /// The app's id that normal-group paths carry; without one, an error naming `appId`.
    pub fn app_id(&self) -> Result<&str> {
        match self.app_id.as_deref() {
            Some(id) if !id.is_empty() => Ok(id),
            _ => Err(Error::invalid_input(
                "normal-group calls need the app's id: new Client({ token, appId }) (fetchToken's answer carries appId)",
            )),
        }
    }

    /// Checks a call's options (and their `signal`, from the caller's object) against this
    /// client, before any request.
    pub fn check(&self, options: CallOptions, signal: JsValue) -> Result<Checked> {
        if let Some(account) = &options.app_account {
            match &self.auth {
                Auth::Fixed(Credentials::App { .. }) => {
                    validate::header_value("appAccount", account)?
                }
                _ => return Err(Error::invalid_input(
                    "options.appAccount only applies to a client with app credentials; a token already names its user",
                )),
            }
        }
        Ok(Checked {
            signal: cast("options.signal", signal, "an AbortSignal")?,
            timeout_ms: within("options.timeoutMs", options.timeout_ms, 1, MAX_TIMEOUT_MS)?,
            app_account: options.app_account,
            cause: Cell::default(),
        })
    }

    /// Sends with authentication and decodes the answer with `finish`. A transient failure of
    /// an idempotent request is retried by the core's rule (`retry::wait_ms`), a cut-off answer
    /// included; on an auth failure a token provider is asked once more and the request repeated
    /// once (the server refused it, so nothing was done twice). Not generic: one copy of the
    /// transport serves every endpoint.
    pub async fn call(
        &self,
        request: &HttpRequest,
        call: &Checked,
        mut finish: Finish,
    ) -> Result<JsValue> {
        let endpoint = request.endpoint;
        // The provider promise the service refused, once it has: never asked twice per call.
        let (mut refused, mut failures): (Option<Promise>, u32) = (None, 0);
        loop {
            call.cause.take();
            let (headers, used) = self.auth_headers(call, refused.as_ref()).await?;
            let attempt = Attempts {
                base_url: &self.base_url,
                auth: &headers,
                timeout_ms: call.timeout_ms.unwrap_or(self.timeout_ms),
                signal: call.signal.as_ref(),
                fetch: self.fetch.as_ref(),
                cause: &call.cause,
            };
            let error = match fetch::send(request, &attempt).await {
                Ok(raw) => match finish(endpoint, raw.status, &raw.body) {
                    Ok(value) => return Ok(value),
                    Err(e) => e.with_retry_after_ms(raw.retry_after_ms),
                },
                Err(e) => e,
            };
            if error.kind == ErrorKind::Auth && used.is_some() && refused.is_none() {
                refused = used;
                continue;
            }
            failures += 1;
            let random = js_sys::Math::random();
            match retry::wait_ms(request.idempotent(), failures, self.retries, &error, random) {
                Some(ms) => fetch::sleep(ms, attempt.signal, endpoint.name(), &call.cause).await?,
                None => return Err(error),
            }
        }
    }

    /// The auth headers, and the provider promise they came from. The provider is asked for a
    /// token when none is cached or the cached one is the `refused` one; so a call asks again at
    /// most once, and calls refused together share one new token.
    async fn auth_headers(
        &self,
        call: &Checked,
        refused: Option<&Promise>,
    ) -> Result<(Vec<(String, String)>, Option<Promise>)> {
        match &self.auth {
            Auth::None => Ok((Vec::new(), None)),
            Auth::Fixed(credentials) => Ok((
                auth::auth_headers(credentials, call.app_account.as_deref())?,
                None,
            )),
            Auth::Provider { provider, cached } => {
                let pending = cached.borrow().clone();
                let stale = |p: &Promise| refused.is_some_and(|r| js_sys::Object::is(p, r));
                let promise = match pending {
                    Some(p) if !stale(&p) => p,
                    _ => {
                        let p = call_provider(provider);
                        *cached.borrow_mut() = Some(p.clone());
                        p
                    }
                };
                let token = match JsFuture::from(promise.clone()).await {
                    Ok(value) => value.as_string().filter(|t| !t.is_empty()).ok_or_else(|| {
                        Error::new(
                            ErrorKind::Auth,
                            "the token provider must return (or resolve to) a non-empty string",
                        )
                    }),
                    Err(e) => {
                        let error = Error::new(
                            ErrorKind::Auth,
                            format!("the token provider failed: {}", js_message(&e)),
                        );
                        // What the provider threw is the cause.
                        call.cause.set(e);
                        Err(error)
                    }
                };
                let token = token.inspect_err(|_| self.forget_token(&promise))?;
                let headers = auth::auth_headers(&Credentials::Token(token), None)?;
                Ok((headers, Some(promise)))
            }
        }
    }

    /// Drops the cached provider promise if it is still `used` (another call may have refreshed it).
    fn forget_token(&self, used: &Promise) {
        if let Auth::Provider { cached, .. } = &self.auth {
            let mut cached = cached.borrow_mut();
            if cached.as_ref().is_some_and(|c| js_sys::Object::is(c, used)) {
                *cached = None;
            }
        }
    }
}

/// Calls the token provider; a throw becomes a rejected promise, a plain value a resolved one.
fn call_provider(provider: &Function) -> Promise {
    match provider.call0(&JsValue::UNDEFINED) {
        Ok(value) => Promise::resolve(&value),
        Err(e) => Promise::reject(&e),
    }
}

/// A whole number option within `low..=high`, named `what` in the error.
fn within(what: &str, value: Option<f64>, low: u32, high: u32) -> Result<Option<u32>> {
    match value {
        Some(n) if n.fract() != 0.0 || !(f64::from(low)..=f64::from(high)).contains(&n) => {
            Err(Error::invalid_input(format!(
                "{what} must be a whole number from {low} to {high}; got {}",
                number_text(n)
            )))
        }
        _ => Ok(value.map(|n| n as u32)),
    }
}

/// The `fetch` option: any fetch-compatible function (a test double, a proxy, instrumentation,
/// the in-process emulator); absent, the global `fetch` at the time of each call.
fn fetch_function(what: &str, value: JsValue) -> Result<Option<Function>> {
    cast(
        &format!("{what}.fetch"),
        value,
        "a function like the global fetch(url, init)",
    )
}

fn base_url(url: Option<String>) -> Result<String> {
    let url = url.unwrap_or_else(|| DEFAULT_BASE_URL.into());
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::invalid_input(format!(
            "baseUrl must start with http:// or https://; got {}",
            quoted(&url)
        )));
    }
    Ok(url)
}

/// App credentials in a web page or a browser worker would ship the appSecret to every visitor.
/// A browser's workers all have `importScripts` (HTML's WorkerGlobalScope); server runtimes that
/// define `WorkerGlobalScope` too (workerd, Deno) have no `importScripts`, and keep credentials in
/// secrets.
fn refuse_app_credentials_in_page(allowed: Option<bool>) -> Result<()> {
    let global = js_sys::global();
    let has = |name: &str| js_sys::Reflect::has(&global, &JsValue::from_str(name)).unwrap_or(false);
    if (has("document") || has("importScripts")) && allowed != Some(true) {
        return Err(Error::invalid_input(
            "app credentials (appKey, appSecret) must not run in a browser page or worker: every visitor could read them. Use a token from your server, or set dangerouslyAllowBrowser: true for local tools and tests",
        ));
    }
    Ok(())
}
