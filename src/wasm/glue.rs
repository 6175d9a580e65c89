//! The JavaScript helpers of `glue.js`, declared once (one import of the module in the glue).

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::RequestInit;

#[wasm_bindgen(module = "/src/wasm/glue.js")]
extern "C" {
    /// One attempt under a timeout and the caller's signal: resolves to `[status, bytes,
    /// Content-Length, Content-Encoding, type, Retry-After]`, rejects with `[kind, message,
    /// cause]`.
    pub fn attempt(
        fetch: &JsValue,
        url: &str,
        init: &RequestInit,
        timeout_ms: u32,
        signal: &JsValue,
    ) -> Promise;
    /// Waits `ms`, or less if the signal aborts; resolves to whether it did.
    #[wasm_bindgen(js_name = sleep)]
    pub fn sleep_or_abort(ms: f64, signal: &JsValue) -> Promise;
    /// A plain copy of a caller's object (`{ value }`), or what reading it threw (`{ error }`).
    pub fn snapshot(value: &JsValue) -> JsValue;
}
