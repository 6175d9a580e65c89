//! Browser tests of API and auth errors, token refresh and validation before any request — each
//! with the right kind, code, status and endpoint, and never a secret in the message. Errors here
//! are built by the package's registered MimcError class.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use js_sys::Promise;
use mimc_uctopic::core::endpoints::AnyEndpoint;
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn errors_are_instances_of_the_registered_class() {
    register();
    let (_, client) = user("cls").await;
    let err = fails(client.get_topic(JsValue::from_str("1152921504606846975"), NONE)).await;
    err.check_api(404, "getTopic");
    let prototype = MIMC_ERROR.with(|class| get(class, "prototype"));
    let actual = js_sys::Object::get_prototype_of(&err.value);
    assert!(
        js_sys::Object::is(&actual, &prototype),
        "not built by the registered class"
    );
    assert!(err.value.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
async fn api_errors_not_owner_unknown_group_non_member() {
    register();
    let (_, topic, owner) = owned_group("api-err").await;
    let (member, member_client) = user("api-member").await;
    join(&topic, std::slice::from_ref(&member)).await;

    // Not the owner: 403 from every owner-only call.
    let rename = json!({ "topicId": topic, "topicName": "mine now" });
    fails(member_client.update_topic(js(&rename), NONE))
        .await
        .check_api(403, "updateTopic");
    fails(member_client.delete_topic(topic.clone().into(), NONE))
        .await
        .check_api(403, "deleteTopic");
    let mute = json!({ "topicId": topic, "user": member, "seconds": 60 });
    fails(member_client.mute_member(js(&mute), NONE))
        .await
        .check_api(403, "muteMember");
    let unmute = json!({ "topicId": topic, "user": member });
    fails(member_client.unmute_member(js(&unmute), NONE))
        .await
        .check_api(403, "unmuteMember");

    // Unknown group: 404 (2^60 - 1 is below every id the emulator hands out).
    let unknown = JsValue::from_str("1152921504606846975");
    fails(owner.get_topic(unknown.clone(), NONE))
        .await
        .check_api(404, "getTopic");
    fails(owner.online_count(unknown.clone(), NONE))
        .await
        .check_api(404, "onlineCount");
    fails(owner.member_page(unknown.clone(), NONE, NONE))
        .await
        .check_api(404, "memberPage");
    fails(owner.delete_topic(unknown.clone(), NONE))
        .await
        .check_api(404, "deleteTopic");
    let rename = json!({ "topicId": "1152921504606846975", "topicName": "x" });
    fails(owner.update_topic(js(&rename), NONE))
        .await
        .check_api(404, "updateTopic");

    // Ownership to a non-member: 409.
    let transfer = json!({ "topicId": topic, "ownerAccount": unique("stranger") });
    fails(owner.update_topic(js(&transfer), NONE))
        .await
        .check_api(409, "updateTopic");
    // Muting a non-member: 404.
    let mute = json!({ "topicId": topic, "user": unique("stranger"), "seconds": 60 });
    fails(owner.mute_member(js(&mute), NONE))
        .await
        .check_api(404, "muteMember");
    ok(owner.delete_topic(topic.into(), NONE)).await;
}

#[wasm_bindgen_test]
async fn bad_credentials_are_auth_errors() {
    register();
    let (_, topic, _) = owned_group("auth").await;
    let bad_token = format!("bogus-token-{}", unique("t"));
    add_secret(&bad_token);
    let client = token_client(&bad_token);
    fails(client.get_topic(topic.clone().into(), NONE))
        .await
        .check("auth", Some(401), Some(401), Some("getTopic"));
    fails(client.list_topics(NONE))
        .await
        .check("auth", Some(401), Some(401), Some("listTopics"));
    // A refused token with a fixed string is not retried: one request.
    assert_eq!(topic_count(&topic, GET_TOPIC).await, 1);

    let wrong_secret = format!("wrong-secret-{}", unique("s"));
    add_secret(&wrong_secret);
    let app = client_from(&js(&json!({
        "baseUrl": base_url(),
        "app": { "appId": APP_ID, "appKey": APP_KEY, "appSecret": wrong_secret, "appAccount": "x" },
        "dangerouslyAllowBrowser": true,
    })));
    fails(app.get_topic(topic.clone().into(), NONE))
        .await
        .check("auth", Some(401), Some(401), Some("getTopic"));

    let input = json!({
        "baseUrl": base_url(),
        "appId": APP_ID,
        "appKey": APP_KEY,
        "appSecret": wrong_secret,
        "appAccount": "someone",
        "dangerouslyAllowBrowser": true,
    });
    fails(fetch_token(js(&input), NONE)).await.check(
        "auth",
        Some(401),
        Some(401),
        Some("fetchToken"),
    );
}

#[wasm_bindgen_test]
async fn an_expired_token_is_refreshed_through_the_provider() {
    register();
    let account = unique("refresh");
    let calls = Rc::new(Cell::new(0u32));
    let provider = {
        let calls = calls.clone();
        let account = account.clone();
        Closure::<dyn FnMut() -> Promise>::new(move || {
            calls.set(calls.get() + 1);
            let account = account.clone();
            future_to_promise(async move { Ok(JsValue::from_str(&token_for(&account).await)) })
        })
    };
    let client = client_from(&object(&[
        ("baseUrl", JsValue::from_str(base_url())),
        ("token", provider.as_ref().clone()),
    ]));
    assert_eq!(calls.get(), 0, "the provider is called lazily");
    ok(client.list_topics(NONE)).await;
    assert_eq!(calls.get(), 1);
    ok(client.list_topics(NONE)).await;
    assert_eq!(calls.get(), 1, "the token is cached");

    // A fixed token from before the clock jump expires; the provider's client refreshes.
    let fixed = token_client(&token_for(&account).await);
    let before = route_count("GET /api/uctopic/topics").await;
    advance_clock(90_000).await;
    fails(fixed.list_topics(NONE))
        .await
        .check("auth", Some(401), Some(401), Some("listTopics"));
    ok(client.list_topics(NONE)).await;
    assert_eq!(calls.get(), 2, "the provider is asked again after a 401");
    // fixed: 1; provider client: the refused request and its repeat.
    assert_eq!(route_count("GET /api/uctopic/topics").await, before + 3);
    ok(client.list_topics(NONE)).await;
    assert_eq!(calls.get(), 2);

    // A provider that fails is an auth error, with nothing sent.
    let failing = Closure::<dyn FnMut() -> Promise>::new(|| {
        Promise::reject(&js_sys::Error::new("no session").into())
    });
    let broken = client_from(&object(&[
        ("baseUrl", JsValue::from_str(base_url())),
        ("token", failing.as_ref().clone()),
    ]));
    let before = route_count("GET /api/uctopic/topics").await;
    let err = fails(broken.list_topics(NONE)).await;
    assert_eq!(err.kind, "auth", "{err}");
    assert_eq!(route_count("GET /api/uctopic/topics").await, before);
}

#[wasm_bindgen_test]
async fn invalid_input_is_refused_before_any_request() {
    register();
    let (owner, topic, client) = owned_group("valid").await;
    let member = unique("valid-member");
    join(&topic, std::slice::from_ref(&member)).await;
    let app = app_client(Some(&owner));
    let sent_before = total_requests().await;
    let topic_before = topic_total(&topic).await;

    let create = |input: serde_json::Value| client.create_topic(js(&input), NONE);
    let huge = "a".repeat(10_241);
    // 3414 three-byte characters: under 10240 characters, over 10240 bytes.
    let wide = "小".repeat(3414);
    for (input, endpoint) in [
        (json!({ "topicName": "" }), Some("createTopic")),
        (json!({ "topicName": "  \t" }), Some("createTopic")),
        (
            json!({ "topicName": "x", "extra": huge }),
            Some("createTopic"),
        ),
        (
            json!({ "topicName": "x", "extra": wide }),
            Some("createTopic"),
        ),
        (json!({ "topicName": "x", "colour": "red" }), None),
        (json!({ "topicName": 5 }), None),
    ] {
        let err = fails(create(input.clone())).await;
        err.check_invalid_input();
        if endpoint.is_some() {
            assert_eq!(err.endpoint.as_deref(), endpoint, "{input}: {err}");
        }
    }
    // A wrong or missing field is named, a typo with the fields there are.
    for (input, says) in [
        (
            json!({ "topicName": 5 }),
            "createTopic input.topicName must be a string; got the number 5",
        ),
        (
            json!({ "topicName": "x", "extra": [] }),
            "createTopic input.extra must be a string; got an array",
        ),
        (
            json!({ "extra": "x" }),
            "createTopic input.topicName is missing",
        ),
        (
            json!({ "topicname": "x" }),
            "createTopic input has an unknown field \"topicname\"; known fields: topicName, extra",
        ),
    ] {
        let err = fails(create(input.clone())).await;
        assert!(
            err.message.starts_with(says) || err.message.contains(says),
            "{input}: {err}"
        );
    }
    let update = |input: serde_json::Value| client.update_topic(js(&input), NONE);
    let err = fails(update(json!({ "topicId": 1.5, "topicName": "n" }))).await;
    assert!(
        err.message
            .contains("updateTopic input.topicId must be a decimal id"),
        "{err}"
    );
    for input in [
        json!({ "topicId": topic, "extra": huge }),
        json!({ "topicId": topic }),
        json!({ "topicId": topic, "topicName": "" }),
        json!({ "topicName": "no id" }),
    ] {
        fails(update(input)).await.check_invalid_input();
    }
    for seconds in [1.5, -1.0, 315_360_001.0, f64::NAN, f64::INFINITY] {
        let input = object(&[
            ("topicId", JsValue::from_str(&topic)),
            ("user", JsValue::from_str(&member)),
            ("seconds", JsValue::from_f64(seconds)),
        ]);
        let err = fails(client.mute_member(input, NONE)).await;
        err.check_invalid_input();
        assert!(err.message.contains("seconds"), "{err}");
    }
    let no_seconds = json!({ "topicId": topic, "user": member });
    fails(client.mute_member(js(&no_seconds), NONE))
        .await
        .check_invalid_input();

    // 2^53 + 2 as a JS number has already lost its exact value, and 2^53 is also what 2^53 + 1
    // rounds to: refused, not rounded, in JavaScript's words.
    // On every endpoint that takes a group id.
    let by_js: JsValue = app_client(Some(&owner)).into();
    let valid = json!({ "topicName": "x", "user": member, "seconds": 60, "accounts": [member] });
    for unsafe_id in [9_007_199_254_740_994.0, 9_007_199_254_740_992.0].map(JsValue::from_f64) {
        for endpoint in AnyEndpoint::all() {
            let first = match takes(endpoint) {
                Takes::Input(keys) if keys.contains(&"topicId") => {
                    let input = input_of(keys, &valid);
                    set(&input, "topicId", &unsafe_id);
                    input
                }
                Takes::TopicId | Takes::TopicIdAndPage => unsafe_id.clone(),
                Takes::Input(_) | Takes::Nothing => continue,
            };
            let promise = invoke(&by_js, endpoint, &first, &NONE, &NONE).unwrap();
            let err = fails(promise.into()).await;
            err.check_invalid_input();
            assert!(err.message.contains("not a safe integer"), "{err}");
            assert!(err.message.contains("Number.MAX_SAFE_INTEGER"), "{err}");
        }
    }
    for bad_id in ["12a", "-1", "", "18446744073709551616", " 1"] {
        fails(client.get_topic(JsValue::from_str(bad_id), NONE))
            .await
            .check_invalid_input();
    }
    fails(client.get_topic(JsValue::from_f64(1.5), NONE))
        .await
        .check_invalid_input();

    // Unknown option keys (typos) and wrong option types.
    let id = || JsValue::from_str(&topic);
    for options in [
        json!({ "timeoutMS": 100 }),
        json!({ "signal": "no" }),
        json!({ "timeoutMs": 0 }),
        json!({ "timeoutMs": 1.5 }),
    ] {
        fails(client.get_topic(id(), js(&options)))
            .await
            .check_invalid_input();
    }
    // Said in a JavaScript developer's words: the range, and the number given.
    let err = fails(client.get_topic(id(), js(&json!({ "timeoutMs": -5 })))).await;
    assert!(
        err.message
            .contains("options.timeoutMs must be a whole number from 1 to 2147483647; got -5"),
        "{err}"
    );
    fails(client.member_page(id(), js(&json!({ "start": "0" })), NONE))
        .await
        .check_invalid_input();
    // A token client takes no appAccount.
    fails(client.get_topic(id(), js(&json!({ "appAccount": "x" }))))
        .await
        .check_invalid_input();

    // CR/LF/NUL in appAccount, which travels as a header.
    for account in ["a\r\nb", "a\nb", "a\rb", "a\0b", ""] {
        let options = object(&[("appAccount", JsValue::from_str(account))]);
        fails(app.get_topic(id(), options.clone()))
            .await
            .check_invalid_input();
        fails(app.list_topics(options)).await.check_invalid_input();
    }

    assert_eq!(
        topic_total(&topic).await,
        topic_before,
        "a request was sent"
    );
    assert_eq!(total_requests().await, sent_before, "a request was sent");
}
