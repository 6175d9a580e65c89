//! Browser tests of the transport's failures: bad client options, timeouts, aborts, retries,
//! undecodable and dropped answers — each with the right kind, code, status and endpoint. Faults
//! are injected by the emulator; errors here are built by the registered MimcError class.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use mimc_uctopic::core::endpoints::AnyEndpoint;
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

#[wasm_bindgen_test]
fn bad_client_options_throw_at_construction() {
    register();
    let app = json!({ "appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET });
    for options in [
        // App credentials in a page need the explicit opt-in.
        json!({ "baseUrl": base_url(), "app": app }),
        json!({ "baseUrl": base_url(), "app": app, "dangerouslyAllowBrowser": false }),
        json!({ "baseUrl": base_url(), "app": app, "token": "t", "dangerouslyAllowBrowser": true }),
        json!({ "baseUrl": base_url() }),
        json!({ "baseUrl": base_url(), "token": "" }),
        json!({ "baseUrl": base_url(), "token": "line\nbreak" }),
        json!({ "baseUrl": base_url(), "token": "t", "retries": 11 }),
        json!({ "baseUrl": base_url(), "token": "t", "timeoutMs": 0 }),
        json!({ "baseUrl": base_url(), "token": "t", "tiemout": 5 }),
        json!({ "baseUrl": "ftp://example.com", "token": "t" }),
        json!({
            "baseUrl": base_url(),
            "app": { "appId": APP_ID, "appKey": APP_KEY, "appSecret": "se\ncret" },
            "dangerouslyAllowBrowser": true,
        }),
    ] {
        let err = Client::new(js(&options))
            .err()
            .unwrap_or_else(|| panic!("accepted {options}"));
        MimcErr::from_js(&err).check("invalid-input", None, None, None);
    }
}

/// A token client sending through `rec`, with these options too.
fn recorded(token: &str, rec: &Recorder, options: serde_json::Value) -> Client {
    let all = recorded_token_options(token, rec);
    for (key, value) in options.as_object().into_iter().flatten() {
        set(&all, key, &js(value));
    }
    client_from(&all)
}

/// How each recorded request ended: "answered", "aborted", "failed" or "pending".
fn outcomes(calls: &[serde_json::Value]) -> Vec<&str> {
    calls
        .iter()
        .map(|c| c["outcome"].as_str().unwrap_or("?"))
        .collect()
}

#[wasm_bindgen_test]
async fn timeout_is_its_own_kind() {
    register();
    let (_, topic, _) = owned_group("timeout").await;
    let token = token_for(&unique("timeout-reader")).await;
    // The emulator holds the answer far longer than the test waits: a timeout whose request was
    // aborted unanswered was the client's timer, not the server (a bound on the time it took
    // would flake on two busy cores).
    let slow = json!({ "topicId": topic, "path": "/api/uctopic/topic", "delayMs": 10_000 });
    let rec = Recorder::new();
    let no_retry = recorded(&token, &rec, json!({ "retries": 0 }));
    fault(slow.clone()).await;
    let err =
        fails(no_retry.get_topic(topic.clone().into(), js(&json!({ "timeoutMs": 200 })))).await;
    err.check("timeout", None, None, Some("getTopic"));
    assert_eq!(outcomes(&rec.settled().await), ["aborted"]);

    // The client-wide timeoutMs applies the same way.
    let rec = Recorder::new();
    let short = recorded(&token, &rec, json!({ "retries": 0, "timeoutMs": 200 }));
    fault(slow.clone()).await;
    fails(short.get_topic(topic.clone().into(), NONE))
        .await
        .check("timeout", None, None, Some("getTopic"));
    assert_eq!(outcomes(&rec.settled().await), ["aborted"]);

    // With retries (the default), a GET that timed out once is tried again and succeeds.
    let rec = Recorder::new();
    let retrying = recorded(&token, &rec, json!({}));
    fault(slow).await;
    let info = ok(retrying.get_topic(topic.clone().into(), js(&json!({ "timeoutMs": 200 })))).await;
    assert_eq!(info["topicId"], topic.as_str());
    assert_eq!(outcomes(&rec.settled().await), ["aborted", "answered"]);
    // Each attempt reached the emulator.
    assert_eq!(topic_count(&topic, GET_TOPIC).await, 4);
}

#[wasm_bindgen_test]
async fn abort_in_flight_and_already_aborted() {
    register();
    let (owner, topic, _) = owned_group("abort").await;
    let rec = Recorder::new();
    let client = client_from(&recorded_token_options(&token_for(&owner).await, &rec));
    // Held far longer than the test waits: the abort, not the answer, ends the call.
    fault(json!({ "topicId": topic, "path": "/api/uctopic/topic", "delayMs": 10_000 })).await;
    let controller = AbortController::new().unwrap();
    let with_signal = object(&[("signal", controller.signal().into())]);
    let pending = client.get_topic(topic.clone().into(), with_signal.clone());
    rec.sent(1).await;
    controller.abort();
    let err = fails(pending).await;
    err.check("aborted", None, None, Some("getTopic"));
    // The request was cut short unanswered, and aborting is final: not retried.
    assert_eq!(outcomes(&rec.settled().await), ["aborted"]);

    // An already-aborted signal: refused without a request, on every endpoint.
    let before = total_requests().await;
    let client: JsValue = client.into();
    let valid = json!({
        "topicId": topic, "topicName": "never", "user": owner, "seconds": 60, "accounts": [owner],
        "appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAccount": owner,
        "baseUrl": base_url(), "dangerouslyAllowBrowser": true,
    });
    for endpoint in AnyEndpoint::all() {
        let first = match takes(endpoint) {
            Takes::Input(keys) => input_of(keys, &valid),
            Takes::TopicId | Takes::TopicIdAndPage | Takes::Nothing => topic.clone().into(),
        };
        let promise = invoke(&client, endpoint, &first, &NONE, &with_signal).unwrap();
        let name = endpoint.endpoint().name();
        fails(promise.into())
            .await
            .check("aborted", None, None, Some(name));
    }
    assert_eq!(total_requests().await, before);
    assert_eq!(rec.calls().len(), 1);
}

#[wasm_bindgen_test]
async fn a_get_is_retried_through_transient_503s() {
    register();
    let (_, topic, client) = owned_group("retry").await;
    fault(json!({ "topicId": topic, "path": "/api/uctopic/topic", "status": 503, "times": 2 }))
        .await;
    let info = ok(client.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["topicId"], topic.as_str());
    assert_eq!(topic_count(&topic, GET_TOPIC).await, 3);

    // More failures than retries: the last answer is the error.
    let no_retry = client_from(&js(&json!({
        "baseUrl": base_url(),
        "token": token_for(&unique("retry-0")).await,
        "retries": 0,
    })));
    fault(json!({ "topicId": topic, "path": "/api/uctopic/onlineinfo", "status": 503 })).await;
    fails(no_retry.online_count(topic.clone().into(), NONE))
        .await
        .check_api(503, "onlineCount");
    assert_eq!(topic_count(&topic, "GET /api/uctopic/onlineinfo").await, 1);
}

#[wasm_bindgen_test]
async fn posts_and_deletes_are_never_retried() {
    register();
    let (owner, topic, client) = owned_group("post").await;
    let member = unique("post-member");
    join(&topic, std::slice::from_ref(&member)).await;

    // createTopic: one request, and the server's Retry-After is reported.
    let before = route_count("POST /api/uctopic").await;
    fault(json!({
        "method": "POST", "path": "/api/uctopic", "status": 503,
        "headers": { "Retry-After": "2" },
    }))
    .await;
    let err = fails(client.create_topic(js(&json!({ "topicName": "x" })), NONE)).await;
    err.check_api(503, "createTopic");
    assert_eq!(err.retry_after_ms, Some(2000.0));
    assert_eq!(route_count("POST /api/uctopic").await, before + 1);

    // muteMember: one request, and no mute was made.
    let before = route_count("POST /api/uctopic/forbidsendmsg").await;
    fault(json!({ "method": "POST", "path": "/api/uctopic/forbidsendmsg", "status": 503 })).await;
    let mute = json!({ "topicId": topic, "user": member, "seconds": 60 });
    fails(client.mute_member(js(&mute), NONE))
        .await
        .check_api(503, "muteMember");
    assert_eq!(
        route_count("POST /api/uctopic/forbidsendmsg").await,
        before + 1
    );
    assert!(mutes(&topic).await.is_empty());

    // updateTopic behind a proxy's bare 502: kind http, no code.
    let before = route_count("POST /api/uctopic/update").await;
    fault(json!({
        "method": "POST", "path": "/api/uctopic/update", "status": 502, "body": "Bad Gateway",
    }))
    .await;
    let rename = json!({ "topicId": topic, "topicName": "y" });
    fails(client.update_topic(js(&rename), NONE)).await.check(
        "http",
        None,
        Some(502),
        Some("updateTopic"),
    );
    assert_eq!(route_count("POST /api/uctopic/update").await, before + 1);

    // deleteTopic: one request, and the group survives.
    fault(json!({ "topicId": topic, "method": "DELETE", "status": 503 })).await;
    fails(client.delete_topic(topic.clone().into(), NONE))
        .await
        .check_api(503, "deleteTopic");
    assert_eq!(topic_count(&topic, "DELETE /api/uctopic").await, 1);
    let info = ok(client.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["ownerAccount"], owner.as_str());
    ok(client.delete_topic(topic.into(), NONE)).await;
}

#[wasm_bindgen_test]
async fn an_undecodable_answer_is_a_decode_error() {
    register();
    let (_, topic, client) = owned_group("decode").await;
    fault(json!({
        "topicId": topic, "path": "/api/uctopic/topic", "status": 200,
        "body": "<html>not a MIMC envelope</html>",
    }))
    .await;
    fails(client.get_topic(topic.clone().into(), NONE))
        .await
        .check("decode", None, Some(200), Some("getTopic"));
    // An envelope whose data has the wrong shape.
    fault(json!({
        "topicId": topic, "path": "/api/uctopic/onlineinfo", "status": 200,
        "body": "{\"code\":200,\"message\":\"success\",\"data\":{\"topicId\":\"abc\",\"userCnt\":1}}",
    }))
    .await;
    fails(client.online_count(topic.clone().into(), NONE))
        .await
        .check("decode", None, Some(200), Some("onlineCount"));
    // Not retried: a complete 200 is an answer.
    assert_eq!(topic_total(&topic).await, 2);
}

#[wasm_bindgen_test]
async fn an_answer_cut_off_is_a_network_error_and_a_get_is_retried() {
    register();
    let (_, topic, _) = owned_group("drop").await;
    let token = token_for(&unique("drop-reader")).await;
    let no_retry = client(json!({ "baseUrl": base_url(), "token": token, "retries": 0 }));
    // The emulator sends the head and part of the body, then drops the connection. Chrome and
    // Firefox fail the body read; WebKit hands the part over as if complete. Either way the
    // answer had begun, so neither the browser nor the library (retries: 0) sends it again.
    fault(json!({ "topicId": topic, "path": "/api/uctopic/topic", "drop": true })).await;
    fails(no_retry.get_topic(topic.clone().into(), NONE))
        .await
        .check("network", None, None, Some("getTopic"));
    assert_eq!(topic_count(&topic, GET_TOPIC).await, 1);
    // The fault is used up: the group answers again.
    ok(no_retry.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(topic_count(&topic, GET_TOPIC).await, 2);
    // A complete HTTP answer whose JSON stops early was cut off on its way too.
    let cut = "{\"code\":200,\"message\":\"success\",\"data\":{\"count\":\"1\",\"members\":[";
    fault(json!({ "topicId": topic, "path": "/api/uctopic/userlist", "body": cut })).await;
    let e = fails(no_retry.member_page(topic.clone().into(), NONE, NONE)).await;
    e.check("network", None, None, Some("memberPage"));
    assert!(
        e.message
            .contains(&format!("cut off after {} bytes", cut.len())),
        "{e}"
    );
    assert_eq!(topic_count(&topic, MEMBER_PAGE).await, 1);

    // With retries (the default), a GET cut off either way is sent again and succeeds.
    let retrying = client(json!({ "baseUrl": base_url(), "token": token }));
    fault(json!({ "topicId": topic, "path": "/api/uctopic/topic", "drop": true })).await;
    let info = ok(retrying.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["topicId"], topic.as_str());
    assert_eq!(topic_count(&topic, GET_TOPIC).await, 4);
    fault(json!({ "topicId": topic, "path": "/api/uctopic/userlist", "body": cut })).await;
    let page = ok(retrying.member_page(topic.clone().into(), NONE, NONE)).await;
    assert_eq!(page["isEnd"], true);
    assert_eq!(topic_count(&topic, MEMBER_PAGE).await, 3);

    // A create whose answer is cut off is sent once, retries or not: whether it happened is
    // the caller's call.
    let creates = route_count("POST /api/uctopic").await;
    fault(json!({ "method": "POST", "path": "/api/uctopic", "drop": true })).await;
    fails(retrying.create_topic(js(&json!({ "topicName": "cut" })), NONE))
        .await
        .check("network", None, None, Some("createTopic"));
    assert_eq!(route_count("POST /api/uctopic").await, creates + 1);

    // Nobody listening at all.
    let nowhere = client(json!({ "baseUrl": "http://127.0.0.1:9", "token": token, "retries": 0 }));
    fails(nowhere.get_topic(topic.into(), NONE)).await.check(
        "network",
        None,
        None,
        Some("getTopic"),
    );
}
