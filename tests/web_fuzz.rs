//! Fuzzing the JS-value input side in the browser: every method, input and option object fed
//! odd values (NaN, huge strings, bigints, Proxies that throw, prototype tricks, symbols,
//! functions, typos). Every call must settle as a result or an `invalid-input` MimcError,
//! nothing may throw past the promise or trap the module, and a refused call sends nothing.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use js_sys::{Array, Function, Reflect};
use mimc_uctopic::core::endpoints::AnyEndpoint;
use mimc_uctopic::core::token::Token;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// Calls in each browser; each is one method with fuzzed arguments.
const CASES: u32 = 3_000;

/// `(seed) => (keys) => value`: a seeded generator of odd JS values, objects built from `keys`.
const GENERATOR: &str = r#"
let s = seed >>> 0
const rnd = (n) => { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; return s % n }
const throwing = new Proxy({}, { get() { throw new Error('get trap') }, ownKeys() { throw new Error('keys trap') } })
const getter = Object.defineProperty({}, 'topicName', { enumerable: true, get() { throw new Error('getter') } })
const atoms = () => [
  undefined, null, true, false, 0, -0, -1, 1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER, 1e308, 315360001, 2 ** 32, '', ' ', 'abc', '小米', '123', '-1', '007',
  '18446744073709551615', '18446744073709551616', 'x'.repeat(100000), 'line\nbreak', '\u0000',
  5n, -5n, 2n ** 64n - 1n, 2n ** 64n, [], [1, 2], {}, Object.create(null), throwing, getter,
  Symbol('s'), () => 'tok', new Date(0), new Map(), new Uint8Array(2),
  Object.create({ topicName: 'inherited', user: 'inherited', topicId: '1' }),
]
const value = (keys, depth) => {
  if (keys && rnd(3) > 0) {
    const o = {}
    for (const k of keys) if (rnd(3) > 0) o[k] = depth > 1 ? value(null, depth + 1) : pick(depth + 1)
    if (rnd(8) === 0) o[['topicname', 'bogus', '__proto__', 'constructor'][rnd(4)]] = 1
    return o
  }
  return pick(depth)
}
const pick = (depth) => {
  const a = atoms()
  if (depth < 2 && rnd(10) === 0) return value(['topicName', 'topicId', 'user', 'seconds', 'signal', 'timeoutMs', 'appAccount', 'startUuid'], depth + 1)
  return a[rnd(a.length)]
}
return (keys) => value(keys, 0)
"#;

#[wasm_bindgen_test]
async fn fuzz_3000_calls_with_odd_inputs_refused_cleanly_sending_nothing() {
    let make: Function = Function::new_with_args("seed", GENERATOR);
    let gen: Function = make.call1(&JsValue::NULL, &12345.into()).unwrap().into();
    let keys = |list: &[&str]| -> JsValue {
        let keys: Array = list.iter().map(|k| JsValue::from_str(k)).collect();
        gen.call1(&JsValue::NULL, &keys).unwrap()
    };
    let atom = || gen.call1(&JsValue::NULL, &JsValue::NULL).unwrap();

    // Every request goes to a stub that answers success: a valid input succeeds, and a refused
    // one must not reach it.
    let sent = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let counter = sent.clone();
    let stub = Closure::<dyn FnMut(String) -> JsValue>::new(move |url: String| {
        counter.set(counter.get() + 1);
        let data = if url.ends_with("/topics") {
            r#"["1"]"#
        } else if url.ends_with("/account") {
            r#"[{"topicId":"1","ownerUuid":"2","ownerAccount":"o","topicName":"n"}]"#
        } else {
            r#"{"topicId":"1","ownerUuid":"2","topicName":"n","ownerAccount":"o","memberNum":1,"userCnt":0,"members":[],"isEnd":true,"token":"T","topicInfo":{"topicId":"1","ownerUuid":"2","ownerAccount":"o","topicName":"n"}}"#
        };
        let body = format!(r#"{{"code":200,"message":"success","data":{data}}}"#);
        js_sys::Promise::resolve(&web_sys::Response::new_with_opt_str(Some(&body)).unwrap()).into()
    });
    let options = js(
        &serde_json::json!({ "baseUrl": "http://stub.invalid", "token": "t", "retries": 0, "appId": "1" }),
    );
    set(&options, "fetch", stub.as_ref());
    let client: JsValue = client_from(&options).into();

    // Every endpoint the library declares, each called as `takes` says.
    let endpoints: Vec<AnyEndpoint> = AnyEndpoint::all().collect();
    let mut tried = vec![(0, 0); endpoints.len()];
    let (mut ok, mut refused) = (0, 0);
    for case in 0..CASES {
        let which = (case as usize) % endpoints.len();
        let endpoint = endpoints[which];
        let name = endpoint.endpoint().name();
        let first = match takes(endpoint) {
            Takes::Input(fields) => keys(fields),
            Takes::TopicId | Takes::TopicIdAndPage | Takes::Nothing => atom(),
        };
        if endpoint == AnyEndpoint::Token(Token::FetchToken) && first.is_object() {
            // Whatever else it holds, a token request goes to the stub, never to a real service.
            set(&first, "fetch", stub.as_ref());
        }
        // Half the calls without options, so that valid inputs get through too.
        let options = match case % 2 {
            0 => JsValue::UNDEFINED,
            _ => keys(&["signal", "timeoutMs", "appAccount"]),
        };
        let before = sent.get();
        let promise = match invoke(&client, endpoint, &first, &keys(&["startUuid"]), &options) {
            Ok(p) => p,
            Err(e) => panic!("{name} threw instead of rejecting: {}", describe_error(&e)),
        };
        match JsFuture::from(js_sys::Promise::from(promise)).await {
            Ok(_) => {
                assert_eq!(sent.get(), before + 1, "{name} succeeded without the stub");
                ok += 1;
                tried[which].0 += 1;
            }
            Err(e) => {
                let err = MimcErr::from_js(&e);
                assert_eq!(err.kind, "invalid-input", "{name}: {err}");
                assert_eq!(err.endpoint.as_deref(), Some(name), "{err}");
                assert_eq!(sent.get(), before, "{name} sent a refused request: {err}");
                refused += 1;
                tried[which].1 += 1;
            }
        }
    }
    // Every endpoint was called (each outcome is not certain for each: a token request is
    // valid only with all four credentials and the opt-in).
    for (endpoint, (ok, refused)) in endpoints.iter().zip(&tried) {
        assert!(ok + refused > 0, "{endpoint:?} was never called");
    }
    // The module is still sound: the constructor and a plain call work.
    for _ in 0..200 {
        let value = keys(&[
            "baseUrl",
            "token",
            "app",
            "appId",
            "timeoutMs",
            "retries",
            "fetch",
        ]);
        if let Err(e) = Client::new(value) {
            assert_eq!(MimcErr::from_js(&e).kind, "invalid-input");
        }
    }
    let get_topic = AnyEndpoint::Groups(mimc_uctopic::core::groups::Groups::GetTopic);
    let info = ok_value(invoke(&client, get_topic, &"1".into(), &NONE, &NONE).unwrap()).await;
    assert_eq!(to_json(&info)["topicId"], "1");
    // Both outcomes are exercised, or the generator has drifted.
    assert!(
        ok > CASES / 20 && refused > CASES / 2,
        "{ok} succeeded, {refused} refused"
    );
    let each: Vec<String> = endpoints
        .iter()
        .zip(&tried)
        .map(|(e, (ok, refused))| format!("{} {ok}/{refused}", e.endpoint().name()))
        .collect();
    wasm_bindgen_test::console_log!(
        "fuzz: {CASES} calls with odd JS inputs: {ok} succeeded, {refused} refused as invalid-input before sending ({}); no throw, no trap",
        each.join(", ")
    );
}

fn describe_error(e: &JsValue) -> String {
    js_sys::JSON::stringify(&Reflect::get(e, &"message".into()).unwrap_or(JsValue::NULL))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

async fn ok_value(promise: JsValue) -> JsValue {
    JsFuture::from(js_sys::Promise::from(promise))
        .await
        .unwrap_or_else(|e| panic!("expected success: {}", MimcErr::from_js(&e)))
}
