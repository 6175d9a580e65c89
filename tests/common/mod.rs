//! Helpers shared by the browser tests: the emulator's admin API, tokens and clients, awaiting
//! promises, reading results and errors, and driving the JS member iterator.
//!
//! Every test binary shares one emulator (and Chrome and Firefox runs share it too), so tests use
//! unique account names, scope request counts and faults to their own topicId where the request
//! carries one, and never reset the emulator. wasm-bindgen-test runs the tests of one binary one
//! at a time and cargo runs the binaries one after another, so a count of a route without a
//! topicId (POST bodies carry the id, not a header) is exact within one test.
#![allow(dead_code)] // each test binary uses its own subset

use js_sys::{Function, Object, Promise, Reflect};
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use mimc_uctopic::core::endpoints::AnyEndpoint::{self, Groups as G, Members as M, Token as T};
use mimc_uctopic::core::groups::{CreateTopic, Groups, MuteMember, UnmuteMember, UpdateTopic};
use mimc_uctopic::core::members::Members;
use mimc_uctopic::core::token::{Token, TokenRequest};
pub use mimc_uctopic::wasm::client::{fetch_token, Client};

/// The emulator's default app.
pub const APP_ID: &str = "2882303761517000001";
pub const APP_KEY: &str = "emulator-key";
pub const APP_SECRET: &str = "emulator-secret";

/// No per-call options.
pub const NONE: JsValue = JsValue::UNDEFINED;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;
}

#[wasm_bindgen(module = "/js/src/members.js")]
extern "C" {
    /// The package's real async iterator over members (js/src/members.js).
    #[wasm_bindgen(js_name = memberIterable)]
    pub fn member_iterable(open: &Function, signal: &JsValue) -> JsValue;
}

/// The emulator's address, fixed when the tests were compiled.
pub fn base_url() -> &'static str {
    match option_env!("MIMC_EMULATOR_URL") {
        Some(url) => url,
        None => panic!(
            "MIMC_EMULATOR_URL was not set when these browser tests were compiled: run \
             scripts/test.sh, or `source scripts/emulator.sh && start_emulator` in the same shell \
             before `wasm-pack test --headless --chrome`"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Values

/// A JS value from JSON (objects, arrays, strings, numbers, booleans, null).
pub fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("JSON.parse of a serde_json value")
}

/// A JS result as JSON; undefined reads as null. Exact for ids: the client hands them out as strings.
pub fn to_json(value: &JsValue) -> Value {
    if value.is_undefined() {
        return Value::Null;
    }
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| panic!("cannot JSON.stringify {value:?}"));
    serde_json::from_str(&text).expect("JSON.stringify gives JSON")
}

/// An object with these fields (for values JSON cannot hold: functions, signals, bigints).
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        set(&object, key, value);
    }
    object.into()
}

pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(target, &JsValue::from_str(key), value).expect("Reflect.set");
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).expect("Reflect.get")
}

/// A decimal id string as a JS BigInt.
pub fn bigint(id: &str) -> JsValue {
    js_sys::BigInt::new(&JsValue::from_str(id))
        .expect("BigInt(id)")
        .into()
}

/// An id field of a result: a decimal string, parsed exactly.
pub fn id_of(value: &Value) -> u64 {
    value
        .as_str()
        .unwrap_or_else(|| panic!("an id must be a decimal string, got {value}"))
        .parse()
        .unwrap_or_else(|_| panic!("an id must be decimal digits, got {value}"))
}

/// A name no other test (in this run, the other browser's run, or an earlier run) uses.
pub fn unique(prefix: &str) -> String {
    thread_local!(static N: Cell<u32> = const { Cell::new(0) });
    let n = N.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    format!(
        "{prefix}-{:x}-{:06}-{n}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e6) as u32
    )
}

// ---------------------------------------------------------------------------------------------
// Promises, results and errors

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

fn describe_js_error(e: &JsValue) -> String {
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

// ---------------------------------------------------------------------------------------------
// The emulator's admin API

/// One admin call; the envelope's data, or why it failed.
pub async fn try_admin(method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        let headers = Headers::new().map_err(|e| format!("{e:?}"))?;
        headers
            .set("Content-Type", "application/json")
            .map_err(|e| format!("{e:?}"))?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    let url = format!("{}{path}", base_url());
    let response: Response = JsFuture::from(global_fetch(&url, &init))
        .await
        .map_err(|e| format!("admin {method} {path}: fetch failed: {e:?}"))?
        .dyn_into()
        .map_err(|_| "fetch did not give a Response".to_owned())?;
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("admin {method} {path}: body failed: {e:?}"))?
        .as_string()
        .unwrap_or_default();
    let envelope: Value = serde_json::from_str(&text)
        .map_err(|_| format!("admin {method} {path}: not JSON: {text}"))?;
    if envelope["code"] != 200 {
        return Err(format!("admin {method} {path} failed: {text}"));
    }
    Ok(envelope["data"].clone())
}

/// One admin call that must succeed.
pub async fn admin(method: &str, path: &str, body: Option<&Value>) -> Value {
    try_admin(method, path, body)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// These accounts join the group (created as needed).
pub async fn join(topic_id: &str, accounts: &[String]) {
    let path = format!("/emulator/topics/{topic_id}/members");
    admin("POST", &path, Some(&json!({ "accounts": accounts }))).await;
}

/// Exactly these members are online.
pub async fn set_online(topic_id: &str, accounts: &[String]) {
    let path = format!("/emulator/topics/{topic_id}/online");
    admin("PUT", &path, Some(&json!({ "accounts": accounts }))).await;
}

/// The group's active mutes: `[{account, uuid, until, remainingSeconds}]`.
pub async fn mutes(topic_id: &str) -> Vec<Value> {
    let path = format!("/emulator/topics/{topic_id}/mutes");
    let data = admin("GET", &path, None).await;
    data["mutes"].as_array().cloned().unwrap_or_default()
}

/// API requests whose topicId header named this group: `{total, byRoute}`.
pub async fn topic_requests(topic_id: &str) -> Value {
    admin(
        "GET",
        &format!("/emulator/requests?topicId={topic_id}"),
        None,
    )
    .await
}

/// How many requests to `route` (e.g. "GET /api/uctopic/userlist") named this group.
pub async fn topic_count(topic_id: &str, route: &str) -> u64 {
    topic_requests(topic_id).await["byRoute"][route]
        .as_u64()
        .unwrap_or(0)
}

/// How many API requests of any route named this group.
pub async fn topic_total(topic_id: &str) -> u64 {
    topic_requests(topic_id).await["total"]
        .as_u64()
        .unwrap_or(0)
}

/// Every API request the emulator received so far, by route.
pub async fn all_requests() -> Value {
    admin("GET", "/emulator/requests", None).await
}

/// How many requests to `route` the emulator received in all (for routes without a topicId header).
pub async fn route_count(route: &str) -> u64 {
    all_requests().await["byRoute"][route].as_u64().unwrap_or(0)
}

/// How many API requests the emulator received in all.
pub async fn total_requests() -> u64 {
    all_requests().await["total"].as_u64().unwrap_or(0)
}

/// The emulator's journal of the API requests about this group on `path` (oldest first), each
/// `{seq, method, path, headers, body, topicId}` with secrets redacted.
pub async fn journal(topic_id: &str, path: &str) -> Vec<Value> {
    let query = format!("/emulator/journal?topicId={topic_id}&path={path}");
    admin("GET", &query, None).await["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The `startUuid` header of each member-page request about this group, in order.
pub async fn start_uuids(topic_id: &str) -> Vec<String> {
    journal(topic_id, "/api/uctopic/userlist")
        .await
        .iter()
        .map(|e| {
            e["headers"]["startuuid"]
                .as_str()
                .unwrap_or("(none)")
                .to_owned()
        })
        .collect()
}

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

    /// The requests sent so far: `{method, url, headers, outcome, status}` each, where outcome
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

/// Options of a token client that sends through `recorder`.
pub fn recorded_token_options(token: &str, recorder: &Recorder) -> JsValue {
    let options = js(&json!({ "baseUrl": base_url(), "token": token }));
    set(&options, "fetch", &recorder.fetch);
    options
}

/// Injects a fault into the next matching API requests.
pub async fn fault(spec: Value) {
    admin("POST", "/emulator/faults", Some(&spec)).await;
}

/// Moves the emulator's clock forward (tokens and mutes expire).
pub async fn advance_clock(seconds: u64) {
    admin(
        "POST",
        "/emulator/clock",
        Some(&json!({ "advanceSeconds": seconds })),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Tokens and clients

/// The token service's whole answer for `account` (through the library's own `fetchToken`).
pub async fn token_answer_for(account: &str) -> Value {
    let input = json!({
        "baseUrl": base_url(),
        "appId": APP_ID,
        "appKey": APP_KEY,
        "appSecret": APP_SECRET,
        "appAccount": account,
        "dangerouslyAllowBrowser": true,
    });
    ok(fetch_token(js(&input), NONE)).await
}

/// A token for `account` from the token service.
pub async fn token_for(account: &str) -> String {
    let answer = token_answer_for(account).await;
    let token = answer["token"]
        .as_str()
        .unwrap_or_else(|| panic!("fetchToken gave no token: {answer}"))
        .to_owned();
    add_secret(&token);
    token
}

/// A client from options given as JSON.
pub fn client(options: Value) -> Client {
    client_from(&js(&options))
}

/// A client from options given as a JS object.
pub fn client_from(options: &JsValue) -> Client {
    Client::new(options.clone())
        .unwrap_or_else(|e| panic!("new Client failed: {}", MimcErr::from_js(&e)))
}

/// A client using a user token.
pub fn token_client(token: &str) -> Client {
    client(json!({ "baseUrl": base_url(), "token": token }))
}

/// The app's credentials as the `app` option, with an optional default appAccount.
pub fn app_options(account: Option<&str>) -> Value {
    let mut app = json!({ "appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET });
    if let Some(account) = account {
        app["appAccount"] = Value::from(account);
    }
    json!({ "baseUrl": base_url(), "app": app, "dangerouslyAllowBrowser": true })
}

/// A client using app credentials, acting as `account` (or as the app's server when None).
pub fn app_client(account: Option<&str>) -> Client {
    client(app_options(account))
}

/// A fresh account and a token client for it.
pub async fn user(prefix: &str) -> (String, Client) {
    let account = unique(prefix);
    let token = token_for(&account).await;
    (account, token_client(&token))
}

/// Creates a group and returns its id.
pub async fn create(client: &Client, name: &str) -> String {
    let created = ok(client.create_topic(js(&json!({ "topicName": name })), NONE)).await;
    assert!(created["topicId"].is_string(), "{created}");
    created["topicId"].as_str().unwrap_or_default().to_owned()
}

// ---------------------------------------------------------------------------------------------
// The JS member iterator

/// A function that opens `client.memberCursor(topicId, options)` on a JS-owned client.
pub fn cursor_opener(js_client: &JsValue, topic_id: &str, options: &JsValue) -> Function {
    let method: Function = get(js_client, "memberCursor")
        .dyn_into()
        .expect("Client.prototype.memberCursor");
    let bound: JsValue = method
        .bind2(js_client, &JsValue::from_str(topic_id), options)
        .into();
    bound.unchecked_into()
}

/// `iterable[Symbol.asyncIterator]()`.
pub fn async_iterator(iterable: &JsValue) -> JsValue {
    let open: Function = Reflect::get(iterable, &js_sys::Symbol::async_iterator())
        .expect("Reflect.get")
        .dyn_into()
        .expect("an async iterable");
    open.call0(iterable).expect("[Symbol.asyncIterator]()")
}

async fn step(iterator: &JsValue, method: &str) -> Result<Option<Value>, JsValue> {
    let f: Function = get(iterator, method)
        .dyn_into()
        .expect("an iterator method");
    let promise: Promise = f.call0(iterator)?.dyn_into()?;
    let result = JsFuture::from(promise).await?;
    if get(&result, "done").as_bool() == Some(true) {
        Ok(None)
    } else {
        Ok(Some(to_json(&get(&result, "value"))))
    }
}

/// `await iterator.next()`: the next value, None when done, Err when it throws.
pub async fn next(iterator: &JsValue) -> Result<Option<Value>, JsValue> {
    step(iterator, "next").await
}

/// `await iterator.return()`, as `break` does.
pub async fn finish(iterator: &JsValue) {
    step(iterator, "return")
        .await
        .unwrap_or_else(|e| panic!("return() failed: {}", MimcErr::from_js(&e)));
}

/// Every value of an async iterable.
pub async fn collect(iterable: &JsValue) -> Result<Vec<Value>, JsValue> {
    let iterator = async_iterator(iterable);
    let mut all = Vec::new();
    while let Some(value) = next(&iterator).await? {
        all.push(value);
    }
    Ok(all)
}

// ---------------------------------------------------------------------------------------------
// Every endpoint

/// What an endpoint's call takes before its options.
#[derive(Debug, Clone, Copy)]
pub enum Takes {
    /// An input object with these keys (the library's own declaration of its shape).
    Input(&'static [&'static str]),
    /// A group id.
    TopicId,
    /// A group id, then the page's options (`startUuid`).
    TopicIdAndPage,
    /// Only the options.
    Nothing,
}

/// How the browser suites call `endpoint`. A match on every endpoint without a wildcard: a new
/// one does not compile until the suites know how to call it, and then they cover it.
pub fn takes(endpoint: AnyEndpoint) -> Takes {
    match endpoint {
        G(Groups::CreateTopic) => Takes::Input(CreateTopic::KEYS),
        G(Groups::UpdateTopic) => Takes::Input(UpdateTopic::KEYS),
        G(Groups::DeleteTopic | Groups::GetTopic | Groups::OnlineCount) => Takes::TopicId,
        G(Groups::ListTopics) => Takes::Nothing,
        G(Groups::MuteMember) => Takes::Input(MuteMember::KEYS),
        G(Groups::UnmuteMember) => Takes::Input(UnmuteMember::KEYS),
        M(Members::MemberPage) => Takes::TopicIdAndPage,
        T(Token::FetchToken) => Takes::Input(TokenRequest::KEYS),
    }
}

/// Calls `endpoint`: the client's method of the endpoint's name, or `fetchToken`, which is no
/// method. `first` is its input or id (ignored when it takes only options); a throw is an `Err`.
pub fn invoke(
    client: &JsValue,
    endpoint: AnyEndpoint,
    first: &JsValue,
    page: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    if endpoint == T(Token::FetchToken) {
        return Ok(fetch_token(first.clone(), options.clone()).into());
    }
    let name = endpoint.endpoint().name();
    let method: Function = get(client, name)
        .dyn_into()
        .unwrap_or_else(|_| panic!("the client has no method {name}"));
    let args = match takes(endpoint) {
        Takes::Nothing => js_sys::Array::of1(options),
        Takes::TopicIdAndPage => js_sys::Array::of3(first, page, options),
        Takes::Input(_) | Takes::TopicId => js_sys::Array::of2(first, options),
    };
    method.apply(client, &args)
}
