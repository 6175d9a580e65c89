//! Helpers shared by the browser tests: the emulator's admin API, tokens and clients, awaiting
//! promises, reading results and errors, and driving the JS member iterator.
//!
//! Every test binary shares one emulator (and Chrome and Firefox runs share it too), so tests use
//! unique account names, scope request counts and faults to their own topicId where the request
//! carries one, and never reset the emulator. wasm-bindgen-test runs the tests of one binary one
//! at a time and cargo runs the binaries one after another, so a count of a route without a
//! topicId (POST bodies carry the id, not a header) is exact within one test.
#![allow(dead_code)] // each test binary uses its own subset

mod admin;
mod endpoints;
mod errors;
mod iterator;
mod recorder;

// Each test binary uses its own subset.
#[allow(unused_imports)]
pub use self::{admin::*, endpoints::*, errors::*, iterator::*, recorder::*};

use js_sys::{Object, Reflect};
use serde_json::{json, Value};
use std::cell::Cell;
use wasm_bindgen::prelude::*;

pub use mimc_uctopic::wasm::client::{fetch_token, Client};

/// The emulator's default app.
pub const APP_ID: &str = "2882303761517000001";
pub const APP_KEY: &str = "emulator-key";
pub const APP_SECRET: &str = "emulator-secret";

/// No per-call options.
pub const NONE: JsValue = JsValue::UNDEFINED;

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

/// An account outside ASCII.
pub const NON_ASCII: &str = "小米用户";

/// The ids of a `listTopics` result.
pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("listTopics must give an array, got {list}"))
        .iter()
        .map(|id| {
            id.as_str()
                .unwrap_or_else(|| panic!("ids must be strings: {list}"))
                .to_owned()
        })
        .collect()
}

/// The accounts of a member page.
pub fn accounts(page: &Value) -> Vec<String> {
    page["members"]
        .as_array()
        .unwrap_or_else(|| panic!("a page has members: {page}"))
        .iter()
        .map(|m| m["appAccount"].as_str().unwrap_or_default().to_owned())
        .collect()
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
    client(json!({ "baseUrl": base_url(), "token": token, "appId": APP_ID }))
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

/// A group owned by a fresh user, and the owner's client.
pub async fn owned_group(prefix: &str) -> (String, String, Client) {
    let (owner, client) = user(prefix).await;
    let topic = create(&client, prefix).await;
    (owner, topic, client)
}
