//! The transport: one request through the runtime's own global `fetch` (window, worker or Node),
//! with a per-attempt timeout, the caller's AbortSignal, and retries for idempotent requests.

use crate::core::decode;
use crate::core::endpoint::HttpRequest;
use crate::core::error::{Error, Result};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    // The global functions, not `window.fetch`, so the same module runs in a page, a worker and Node.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> std::result::Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// What one call needs from its caller besides the request.
pub struct Attempts<'a> {
    /// The base URL of the service.
    pub base_url: &'a str,
    /// Authentication headers for this call.
    pub auth: &'a [(String, String)],
    /// Milliseconds each attempt may take.
    pub timeout_ms: u32,
    /// How many times an idempotent request is tried again after a transient failure.
    pub retries: u32,
    /// The caller's signal, if any.
    pub signal: Option<&'a AbortSignal>,
}

/// An answer with any status: the status, the body text and the `Retry-After` wait.
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body, as text: ids are decoded from it in Rust, never by `JSON.parse`.
    pub body: String,
    /// The wait the server asked for, if any.
    pub retry_after_ms: Option<u64>,
}

/// The first wait before a retry; it doubles each time, with full jitter, up to `MAX_BACKOFF_MS`.
const BASE_BACKOFF_MS: f64 = 200.0;
const MAX_BACKOFF_MS: f64 = 5_000.0;

/// Sends `request`, retrying an idempotent one on network failure, timeout, 429 and 5xx.
pub async fn send(request: &HttpRequest, how: &Attempts<'_>) -> Result<RawResponse> {
    let tries = if request.idempotent() {
        how.retries + 1
    } else {
        1
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = send_once(request, how).await;
        let transient = match &outcome {
            Ok(raw) => raw.status == 408 || raw.status == 429 || raw.status >= 500,
            Err(e) => e.retryable(),
        };
        if !transient || attempt >= tries {
            return outcome;
        }
        let asked = outcome
            .as_ref()
            .ok()
            .and_then(|r| r.retry_after_ms)
            .unwrap_or(0) as f64;
        let backoff = (BASE_BACKOFF_MS * 2f64.powi(attempt as i32 - 1)).min(MAX_BACKOFF_MS);
        // Full jitter spreads out clients that failed together.
        let wait = asked.max(js_sys::Math::random() * backoff);
        sleep(wait, how.signal, request.endpoint).await?;
    }
}

async fn send_once(request: &HttpRequest, how: &Attempts<'_>) -> Result<RawResponse> {
    let endpoint = request.endpoint;
    if how.signal.is_some_and(AbortSignal::aborted) {
        return Err(aborted(endpoint));
    }
    let headers = Headers::new().map_err(|e| Error::network(endpoint, js_message(&e)))?;
    for (name, value) in request.headers.iter().chain(how.auth) {
        // Values were validated in the core; a runtime that still refuses one names only the header.
        headers.append(name, value).map_err(|_| {
            Error::invalid_input(format!("the runtime refused the {name} header"))
                .with_endpoint(endpoint)
        })?;
    }
    // One controller per attempt: the timer and the caller's signal both abort the fetch itself.
    let controller =
        AbortController::new().map_err(|e| Error::network(endpoint, js_message(&e)))?;
    let abort = bound_abort(&controller)?;
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let timer = set_timeout(&abort, f64::from(how.timeout_ms));
    if let Some(signal) = how.signal {
        let _ = signal.add_event_listener_with_callback("abort", &abort);
    }
    let url = request.url(how.base_url);
    let outcome = fetch_text(&url, &init).await;
    clear_timeout(&timer);
    if let Some(signal) = how.signal {
        let _ = signal.remove_event_listener_with_callback("abort", &abort);
    }
    match outcome {
        Ok(raw) => Ok(raw),
        Err(_) if how.signal.is_some_and(AbortSignal::aborted) => Err(aborted(endpoint)),
        Err(_) if controller.signal().aborted() => Err(Error::timeout(
            endpoint,
            format!("no answer from {url} within {} ms (timeoutMs)", how.timeout_ms),
        )),
        Err(e) => Err(Error::network(
            endpoint,
            format!(
                "could not reach {url}: {} (the network failed, the server dropped the connection, or CORS refused the request)",
                js_message(&e)
            ),
        )),
    }
}

/// The fetch and the body read, both under the attempt's signal.
async fn fetch_text(url: &str, init: &RequestInit) -> std::result::Result<RawResponse, JsValue> {
    let response: Response = JsFuture::from(global_fetch(url, init)?).await?.dyn_into()?;
    // The bytes, copied once into wasm memory: cheaper than text(), which decodes to a JS string
    // that would then be encoded again on its way in.
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    let retry_after = response.headers().get("retry-after").ok().flatten();
    Ok(RawResponse {
        status: response.status(),
        body: utf8_decode(Uint8Array::new(&bytes).to_vec()),
        retry_after_ms: decode::retry_after_ms(retry_after.as_deref()),
    })
}

/// What `Response.text()` does: UTF-8 with a leading BOM dropped and invalid bytes replaced.
fn utf8_decode(bytes: Vec<u8>) -> String {
    let mut text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

/// Waits `ms`, returning early with an `aborted` error when the caller's signal fires.
async fn sleep(ms: f64, signal: Option<&AbortSignal>, endpoint: &'static str) -> Result<()> {
    let mut wake = None;
    // The promise's own resolve function is the timer and abort handler: no Rust closure to keep alive.
    let promise = Promise::new(&mut |resolve, _| wake = Some(resolve));
    let Some(resolve) = wake else { return Ok(()) };
    let timer = set_timeout(&resolve, ms);
    if let Some(signal) = signal {
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
    }
    let _ = JsFuture::from(promise).await;
    clear_timeout(&timer);
    if let Some(signal) = signal {
        let _ = signal.remove_event_listener_with_callback("abort", &resolve);
        if signal.aborted() {
            return Err(aborted(endpoint));
        }
    }
    Ok(())
}

/// `controller.abort` bound to its controller, usable as a timer or event handler from JS.
fn bound_abort(controller: &AbortController) -> Result<Function> {
    Reflect::get(controller, &JsValue::from_str("abort"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .map(|f| f.bind0(controller))
        .ok_or_else(|| Error::network("fetch", "this runtime's AbortController has no abort()"))
}

fn aborted(endpoint: &'static str) -> Error {
    Error::aborted(endpoint, "the request was aborted by its AbortSignal")
}

/// The message of a thrown JS value, for error texts (never holds request headers).
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
