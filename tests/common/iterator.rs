//! Driving the package's JS member iterator (js/src/members.js) from Rust.

use super::*;
use js_sys::{Function, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/src/members.js")]
extern "C" {
    /// The package's real async iterator over members (js/src/members.js).
    #[wasm_bindgen(js_name = memberIterable)]
    pub fn member_iterable(open: &Function, signal: &JsValue) -> JsValue;
}

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
