//! Awaiting promises, and reading results and errors: every error a MimcError holding no secret.

use super::*;
use js_sys::{Function, Promise};
use mimc_uctopic::wasm::convert::register_error_class;
use serde_json::Value;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The result of a call that must succeed, as JSON.
pub async fn ok(promise: Promise) -> Value {
    match JsFuture::from(promise).await {
        Ok(value) => to_json(&value),
        Err(e) => panic!("expected success, got {}", MimcErr::from_js(&e)),
    }
}

/// Like [`ok`], but a failure is an `Err` (for code that must clean up before panicking).
pub async fn try_ok(promise: Promise) -> Result<Value, String> {
    match JsFuture::from(promise).await {
        Ok(value) => Ok(to_json(&value)),
        Err(e) => Err(format!("expected success, got {}", describe_js_error(&e))),
    }
}

/// The error of a call that must fail; checks it is a MimcError holding no secret.
pub async fn fails(promise: Promise) -> MimcErr {
    match JsFuture::from(promise).await {
        Ok(value) => panic!("expected a MimcError, got success: {}", to_json(&value)),
        Err(e) => MimcErr::from_js(&e),
    }
}

pub(super) fn describe_js_error(e: &JsValue) -> String {
    let message = get(e, "message").as_string().unwrap_or_default();
    let kind = get(e, "kind").as_string().unwrap_or_default();
    format!("{kind}: {message}")
}

thread_local! {
    /// Everything that must never appear in an error message.
    static SECRETS: RefCell<Vec<String>> =
        RefCell::new(vec![APP_KEY.to_owned(), APP_SECRET.to_owned()]);
}

/// Registers a value (a token, a wrong secret) that no error message may contain.
pub fn add_secret(secret: &str) {
    SECRETS.with(|s| s.borrow_mut().push(secret.to_owned()));
}

fn assert_no_secret(text: &str) {
    SECRETS.with(|secrets| {
        for secret in secrets.borrow().iter() {
            assert!(
                !text.contains(secret.as_str()),
                "an error message leaks a secret ({} chars): {text}",
                secret.len()
            );
        }
    });
}

/// A `MimcError` as the tests read it.
#[derive(Debug, Clone)]
pub struct MimcErr {
    pub kind: String,
    pub code: Option<i64>,
    pub status: Option<u16>,
    pub endpoint: Option<String>,
    pub retry_after_ms: Option<f64>,
    pub message: String,
    pub value: JsValue,
}

impl std::fmt::Display for MimcErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "MimcError {{ kind: {:?}, code: {:?}, status: {:?}, endpoint: {:?}, message: {:?} }}",
            self.kind, self.code, self.status, self.endpoint, self.message
        )
    }
}

impl MimcErr {
    /// Reads a thrown value, asserting it is an Error named MimcError with no secret in it.
    pub fn from_js(e: &JsValue) -> MimcErr {
        assert!(
            e.is_instance_of::<js_sys::Error>(),
            "expected a thrown Error, got {e:?}"
        );
        let message = get(e, "message").as_string().unwrap_or_default();
        let shown = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.to_string()))
            .unwrap_or_default();
        assert_no_secret(&message);
        assert_no_secret(&shown);
        assert_eq!(
            get(e, "name").as_string().as_deref(),
            Some("MimcError"),
            "not a MimcError: {shown}"
        );
        let kind = get(e, "kind")
            .as_string()
            .unwrap_or_else(|| panic!("a MimcError without kind: {shown}"));
        let code = get(e, "code").as_f64();
        let status = get(e, "status").as_f64();
        MimcErr {
            kind,
            code: code.map(|c| c as i64),
            status: status.map(|s| s as u16),
            endpoint: get(e, "endpoint").as_string(),
            retry_after_ms: get(e, "retryAfterMs").as_f64(),
            message,
            value: e.clone(),
        }
    }

    /// Asserts kind, code, status and endpoint all at once.
    pub fn check(
        &self,
        kind: &str,
        code: Option<i64>,
        status: Option<u16>,
        endpoint: Option<&str>,
    ) {
        assert_eq!(
            (
                self.kind.as_str(),
                self.code,
                self.status,
                self.endpoint.as_deref()
            ),
            (kind, code, status, endpoint),
            "unexpected error: {self}"
        );
    }

    /// An API failure: envelope code and HTTP status equal, as the emulator answers them.
    pub fn check_api(&self, code: i64, endpoint: &str) {
        self.check("api", Some(code), Some(code as u16), Some(endpoint));
    }

    /// A refusal before any request: no code, no status, but the call it came from.
    pub fn check_invalid_input(&self) {
        assert_eq!(self.kind, "invalid-input", "unexpected error: {self}");
        assert_eq!(
            (self.code, self.status),
            (None, None),
            "unexpected error: {self}"
        );
        assert!(self.endpoint.is_some(), "no endpoint: {self}");
    }
}

#[wasm_bindgen(module = "/js/src/errors.js")]
extern "C" {
    /// The package's own error class, as js/src/api.js registers it.
    #[wasm_bindgen(thread_local_v2, js_name = MimcError)]
    pub static MIMC_ERROR: Function;
}

/// Errors of the test files that call this first in every test (web_errors.rs, web_network.rs)
/// are built by the package's MimcError class, as in the published package; the other test files
/// cover the plain-Error fallback, so they never call it.
pub fn register() {
    MIMC_ERROR.with(|class| register_error_class(class.clone()));
}
