//! The recording `fetch` option (tests/common/recorder.js) as the Rust tests use it.

use super::*;
use js_sys::{Function, Promise};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/tests/common/recorder.js")]
extern "C" {
    /// A recording `fetch` option (tests/common/recorder.js).
    fn recorder() -> JsValue;
    /// The promise, or a rejection naming `what` after `ms`.
    fn within(promise: &Promise, ms: u32, what: &str) -> Promise;
}

/// A `fetch` option that records each request a client sends and how it ended, and knows when
/// the client has settled (tests/common/recorder.js): what a client sent, counted where it is
/// sent, with no sleeping.
pub struct Recorder {
    /// The function to pass as the `fetch` option.
    pub fetch: JsValue,
    recorder: JsValue,
}

impl Recorder {
    pub fn new() -> Self {
        let recorder = recorder();
        Recorder {
            fetch: get(&recorder, "fetch"),
            recorder,
        }
    }

    fn call(&self, method: &str, args: &[JsValue]) -> JsValue {
        let f: Function = get(&self.recorder, method).unchecked_into();
        let args: js_sys::Array = args.iter().collect();
        f.apply(&self.recorder, &args).expect("a recorder method")
    }

    async fn wait(&self, method: &str, args: &[JsValue], what: &str) -> Vec<Value> {
        let promise: Promise = self.call(method, args).unchecked_into();
        let calls = JsFuture::from(within(&promise, 10_000, what))
            .await
            .unwrap_or_else(|e| panic!("{}", describe_js_error(&e)));
        to_json(&calls).as_array().cloned().unwrap_or_default()
    }

    /// The requests sent so far: `{method, url, headers, body, outcome, status}` each, where outcome
    /// is "pending", "answered" (the client has read the body), "aborted" or "failed".
    pub fn calls(&self) -> Vec<Value> {
        to_json(&self.call("calls", &[]))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The requests once none is in flight and the continuations of the last answer have run
    /// without sending another (a retry's backoff timer is not seen: await the call first).
    pub async fn settled(&self) -> Vec<Value> {
        self.wait("settled", &[], "the requests in flight to settle")
            .await
    }

    /// Waits until `n` requests have been sent.
    pub async fn sent(&self, n: usize) {
        let what = format!("{n} requests to be sent");
        self.wait("sent", &[JsValue::from(n as u32)], &what).await;
    }
}

/// Options of a token client (with the app's id) that sends through `recorder`.
pub fn recorded_token_options(token: &str, recorder: &Recorder) -> JsValue {
    let options = js(&json!({ "baseUrl": base_url(), "token": token, "appId": APP_ID }));
    set(&options, "fetch", &recorder.fetch);
    options
}
