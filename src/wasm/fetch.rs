//! The transport: one attempt of a request through the runtime's own global `fetch` (window,
//! worker or Node), the request built here with web-sys and sent by `glue.js` under its timeout
//! and the caller's AbortSignal; and the sleep between attempts.

use super::glue::{attempt, sleep_or_abort};
use crate::core::error::{Error, Result};
use crate::core::http::{Endpoint, HttpRequest};
use crate::core::{envelope, retry};
use js_sys::{Array, Function, Uint8Array};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestInit};

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
    /// Where a failure leaves its cause: what the runtime threw, or the signal's reason.
    pub cause: &'a Cell<JsValue>,
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

/// Sends `request` once; a transport failure is a network, timeout or aborted error, its cause
/// left in `how.cause`.
pub async fn send(request: &HttpRequest, how: &Attempts<'_>) -> Result<RawResponse> {
    let endpoint = request.endpoint.name();
    let headers = Headers::new().map_err(|e| Error::network(endpoint, js_message(&e)))?;
    for (name, value) in request.headers.iter().chain(how.auth) {
        // Values were validated in the core; a runtime that still refuses one names only the header.
        headers.append(name, value).map_err(|_| {
            Error::invalid_input(format!("the runtime refused the {name} header"))
                .with_endpoint(endpoint)
        })?;
    }
    let init = RequestInit::new();
    init.set_method(request.method().as_str());
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let url = request.url(how.base_url);
    let fetch = how.fetch.map_or(JsValue::UNDEFINED, |f| f.into());
    let signal = how.signal.map_or(JsValue::UNDEFINED, |s| s.into());
    match JsFuture::from(attempt(&fetch, &url, &init, how.timeout_ms, &signal)).await {
        Ok(answer) => read_answer(request.endpoint, answer.unchecked_ref()),
        Err(failure) => {
            // glue.js rejects with [kind, message, cause]; anything else is a network failure too.
            let failure = failure.dyn_into::<Array>().unwrap_or_default();
            how.cause.set(failure.get(2));
            let kind = failure.get(0).as_string().unwrap_or_default();
            Err(match kind.as_str() {
                "aborted" => aborted(endpoint),
                "timeout" => Error::timeout(
                    endpoint,
                    format!("no answer from {url} within {} ms (timeoutMs)", how.timeout_ms),
                ),
                _ => Error::network(
                    endpoint,
                    format!(
                        "could not reach {url}: {} (the network failed, the server dropped the connection, or CORS refused the request)",
                        failure.get(1).as_string().unwrap_or_default()
                    ),
                ),
            })
        }
    }
}

/// The answer as the core reads it (`[status, bytes, Content-Length, Content-Encoding, type,
/// Retry-After]` from glue.js), once its length is checked against `Content-Length`.
fn read_answer(endpoint: Endpoint, answer: &Array) -> Result<RawResponse> {
    let text = |i| answer.get(i).as_string();
    let bytes = answer.get(1).unchecked_into::<Uint8Array>().to_vec();
    // Content-Length counts the bytes read only without a content encoding, and that is known
    // only where every header is visible (not in a cross-origin "cors" answer).
    let identity = text(3).is_none_or(|e| e.trim().eq_ignore_ascii_case("identity"));
    let visible = matches!(text(4).as_deref(), Some("basic" | "default"));
    if identity && visible {
        envelope::check_length(endpoint, bytes.len(), text(2).as_deref())?;
    }
    Ok(RawResponse {
        status: answer.get(0).as_f64().unwrap_or_default() as u16,
        body: utf8_decode(bytes),
        retry_after_ms: retry::retry_after_ms(text(5).as_deref()),
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

/// Waits `ms`, returning early with an `aborted` error when the caller's signal fires (its
/// reason left in `cause`).
pub async fn sleep(
    ms: f64,
    signal: Option<&AbortSignal>,
    endpoint: &'static str,
    cause: &Cell<JsValue>,
) -> Result<()> {
    let js_signal = signal.map_or(JsValue::UNDEFINED, |s| s.into());
    match JsFuture::from(sleep_or_abort(ms, &js_signal)).await {
        Ok(aborted) if aborted.is_truthy() => {
            cause.set(signal.map_or(JsValue::UNDEFINED, AbortSignal::reason));
            Err(self::aborted(endpoint))
        }
        _ => Ok(()),
    }
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
