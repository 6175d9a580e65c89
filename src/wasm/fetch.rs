//! The transport: one attempt of a request through the runtime's own global `fetch` (window,
//! worker or Node), with a timeout and the caller's AbortSignal; and the sleep between attempts.

use crate::core::error::{Error, Result};
use crate::core::http::{Endpoint, HttpRequest};
use crate::core::{envelope, retry};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response, ResponseType};

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

/// What one attempt needs from its caller besides the request.
pub struct Attempts<'a> {
    /// The base URL of the service.
    pub base_url: &'a str,
    /// Authentication headers for this call.
    pub auth: &'a [(String, String)],
    /// Milliseconds the attempt may take.
    pub timeout_ms: u32,
    /// The caller's signal, if any.
    pub signal: Option<&'a AbortSignal>,
    /// The caller's fetch function; None is the global `fetch`, looked up at call time.
    pub fetch: Option<&'a Function>,
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

/// Sends `request` once; a transport failure is a network, timeout or aborted error.
pub async fn send(request: &HttpRequest, how: &Attempts<'_>) -> Result<RawResponse> {
    let endpoint = request.endpoint.name();
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
    init.set_method(request.method().as_str());
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
    let outcome = fetch_bytes(how.fetch, &url, &init).await;
    clear_timeout(&timer);
    if let Some(signal) = how.signal {
        let _ = signal.remove_event_listener_with_callback("abort", &abort);
    }
    match outcome {
        Ok((response, bytes)) => answer(request.endpoint, &response, bytes),
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
async fn fetch_bytes(
    fetch: Option<&Function>,
    url: &str,
    init: &RequestInit,
) -> std::result::Result<(Response, Vec<u8>), JsValue> {
    let pending = match fetch {
        // Whatever the function returns (a promise, a Response, a throw) is awaited alike.
        Some(fetch) => {
            Promise::resolve(&fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)?)
        }
        None => global_fetch(url, init)?,
    };
    let response = JsFuture::from(pending).await?;
    // A Response from another realm (an iframe, a test double) fails `instanceof`; what is
    // read of it below is the standard surface, so an object with arrayBuffer() will do.
    let readable =
        Reflect::get(&response, &JsValue::from_str("arrayBuffer")).is_ok_and(|f| f.is_function());
    if !readable {
        return Err(js_sys::Error::new("fetch did not resolve to a Response").into());
    }
    let response: Response = response.unchecked_into();
    // The bytes, copied once into wasm memory: cheaper than text(), which decodes to a JS string
    // that would then be encoded again on its way in.
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    Ok((response, Uint8Array::new(&bytes).to_vec()))
}

/// The answer as the core reads it, once its length is checked against `Content-Length`.
fn answer(endpoint: Endpoint, response: &Response, bytes: Vec<u8>) -> Result<RawResponse> {
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    // Content-Length counts the bytes read only without a content encoding, and that is known
    // only where every header is visible (not in a cross-origin "cors" answer).
    let identity =
        header("content-encoding").is_none_or(|e| e.trim().eq_ignore_ascii_case("identity"));
    let visible = matches!(
        response.type_(),
        ResponseType::Basic | ResponseType::Default
    );
    if identity && visible {
        envelope::check_length(endpoint, bytes.len(), header("content-length").as_deref())?;
    }
    Ok(RawResponse {
        status: response.status(),
        body: utf8_decode(bytes),
        retry_after_ms: retry::retry_after_ms(header("retry-after").as_deref()),
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
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>, endpoint: &'static str) -> Result<()> {
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
