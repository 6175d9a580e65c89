//! Browser tests of what goes over the wire: ids above 2^53, both wire formats, the `fetch` option
//! that sends every request, a refreshed token asked for once, and input refused by field.
//! Errors here are plain Errors (no class registered).
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn ids_above_2_pow_53_stay_exact() {
    let account = unique("ids");
    let token_answer = token_answer_for(&account).await;
    let token = token_answer["token"].as_str().unwrap().to_owned();
    add_secret(&token);
    assert_eq!(token_answer["appAccount"], account.as_str());
    let user_uuid = id_of(&token_answer["miUserId"]);
    let client = token_client(&token);

    let created = ok(client.create_topic(js(&json!({ "topicName": "big ids" })), NONE)).await;
    let topic = created["topicId"].as_str().unwrap().to_owned();
    let topic_u64 = id_of(&created["topicId"]);
    // The emulator's ids are all at least 2^60: far beyond what a JS number holds exactly.
    assert!(topic_u64 >= 1 << 60, "{topic}");
    assert!(user_uuid >= 1 << 60, "{user_uuid}");
    assert_eq!(id_of(&created["ownerUuid"]), user_uuid);
    assert_eq!(
        topic_u64.to_string(),
        topic,
        "ids are plain decimal strings"
    );
    assert_ne!(
        (topic_u64 as f64) as u64,
        topic_u64,
        "this id would be corrupted by a JS number (else the test proves nothing)"
    );

    // Passed back as a string and as a BigInt, read back equal everywhere.
    for id in [JsValue::from_str(&topic), bigint(&topic)] {
        let info = ok(client.get_topic(id.clone(), NONE)).await;
        assert_eq!(info["topicId"], topic.as_str());
        assert_eq!(id_of(&info["ownerUuid"]), user_uuid);
        assert_eq!(ok(client.online_count(id.clone(), NONE)).await, 0);
        let page = ok(client.member_page(id.clone(), NONE, NONE)).await;
        assert_eq!(id_of(&page["members"][0]["uuid"]), user_uuid);
        assert_eq!(id_of(&page["nextStartUuid"]), user_uuid);
        // startUuid as a string / bigint too: the owner's own uuid is excluded.
        let from_owner = object(&[(
            "startUuid",
            if id.is_bigint() {
                bigint(&user_uuid.to_string())
            } else {
                JsValue::from_str(&user_uuid.to_string())
            },
        )]);
        let after = ok(client.member_page(id.clone(), from_owner, NONE)).await;
        assert_eq!(after["members"], json!([]));
        assert_eq!(after["isEnd"], true);
    }
    assert!(ids(&ok(client.list_topics(NONE)).await).contains(&topic));
    let update = object(&[
        ("topicId", bigint(&topic)),
        ("topicName", JsValue::from_str("renamed")),
    ]);
    let updated = ok(client.update_topic(update, NONE)).await;
    assert_eq!(updated["topicId"], topic.as_str());
    assert_eq!(id_of(&updated["ownerUuid"]), user_uuid);
    let member = unique("ids-member");
    join(&topic, std::slice::from_ref(&member)).await;
    let mute = object(&[
        ("topicId", bigint(&topic)),
        ("user", JsValue::from_str(&member)),
        ("seconds", JsValue::from_f64(10.0)),
    ]);
    ok(client.mute_member(mute, NONE)).await;
    assert_eq!(mutes(&topic).await.len(), 1);
    ok(client.delete_topic(bigint(&topic), NONE)).await;
    fails(client.get_topic(topic.into(), NONE))
        .await
        .check_api(404, "getTopic");
}

/// Native calls that report failures instead of panicking, so the wire format is always restored.
async fn native_checks(client: &Client, member: &str) -> Result<(), String> {
    macro_rules! ensure {
        ($cond:expr, $($why:tt)*) => {
            if !$cond {
                return Err(format!($($why)*));
            }
        };
    }
    let created = try_ok(client.create_topic(js(&json!({ "topicName": "native" })), NONE)).await?;
    let topic = created["topicId"].as_str().unwrap_or_default().to_owned();
    ensure!(
        topic.parse::<u64>().is_ok_and(|id| id >= 1 << 60),
        "native createTopic id: {created}"
    );
    try_admin(
        "POST",
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({ "accounts": [member] })),
    )
    .await?;
    let info = try_ok(client.get_topic(topic.clone().into(), NONE)).await?;
    ensure!(info["topicId"] == topic.as_str(), "native getTopic: {info}");
    ensure!(
        info["ownerUuid"] == created["ownerUuid"],
        "native getTopic: {info}"
    );
    ensure!(info["memberNum"] == 2, "native getTopic: {info}");
    let list = try_ok(client.list_topics(NONE)).await?;
    ensure!(
        list.as_array()
            .is_some_and(|l| l.contains(&Value::from(topic.as_str()))),
        "native listTopics lacks {topic}: {list}"
    );
    let page = try_ok(client.member_page(topic.clone().into(), NONE, NONE)).await?;
    ensure!(page["isEnd"] == true, "native memberPage: {page}");
    let members = page["members"].as_array().cloned().unwrap_or_default();
    ensure!(members.len() == 2, "native memberPage: {page}");
    ensure!(
        members.iter().any(|m| m["appAccount"] == member),
        "native memberPage (appAccount spelled right on the wire): {page}"
    );
    ensure!(
        members.iter().any(|m| m["uuid"] == created["ownerUuid"]),
        "native memberPage uuid: {page}"
    );
    let online = try_ok(client.online_count(topic.clone().into(), NONE)).await?;
    ensure!(online == 0, "native onlineCount: {online}");
    let updated = try_ok(client.update_topic(
        js(&json!({ "topicId": topic, "extra": "native extra" })),
        NONE,
    ))
    .await?;
    ensure!(
        updated["topicId"] == topic.as_str(),
        "native updateTopic: {updated}"
    );
    try_ok(client.delete_topic(topic.into(), NONE)).await?;
    Ok(())
}

#[wasm_bindgen_test]
async fn both_wire_formats_decode_the_same() {
    let (_, client) = user("wire").await;
    let member = unique("wire-member");
    let original = admin("GET", "/emulator/config", None).await["wireFormat"].clone();
    assert_eq!(
        original, "documented",
        "the emulator starts in the documented format"
    );

    let switched = try_admin(
        "PUT",
        "/emulator/config",
        Some(&json!({ "wireFormat": "native" })),
    )
    .await;
    let outcome = match switched {
        Ok(data) if data["wireFormat"] == "native" => native_checks(&client, &member).await,
        Ok(data) => Err(format!("the emulator did not switch to native: {data}")),
        Err(e) => Err(e),
    };
    // Restored whatever happened above.
    let restored = try_admin(
        "PUT",
        "/emulator/config",
        Some(&json!({ "wireFormat": original })),
    )
    .await;
    outcome.unwrap();
    assert_eq!(restored.unwrap()["wireFormat"], original);

    // The same calls in the documented format (quoted counts, "isEnd": "true", appAccout).
    let topic = create(&client, "documented").await;
    join(&topic, std::slice::from_ref(&member)).await;
    let info = ok(client.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["memberNum"], 2);
    let page = ok(client.member_page(topic.clone().into(), NONE, NONE)).await;
    assert_eq!(page["isEnd"], true);
    assert!(accounts(&page).contains(&member));
    assert_eq!(ok(client.online_count(topic.clone().into(), NONE)).await, 0);
    ok(client.delete_topic(topic.into(), NONE)).await;
}

/// A fetch function that records each request as `[method, url, "name: value"...]` and sends it
/// with the global fetch.
fn recording_fetch(calls: &js_sys::Array) -> JsValue {
    js_sys::Function::new_with_args(
        "calls",
        "return (url, init) => {
           calls.push([init.method, url, ...[...init.headers].map(([k, v]) => k + ': ' + v)])
           return fetch(url, init)
         }",
    )
    .call1(&JsValue::UNDEFINED, calls)
    .expect("a recording fetch")
}

#[wasm_bindgen_test]
async fn the_fetch_option_sends_every_request() {
    let calls = js_sys::Array::new();
    let recording = recording_fetch(&calls);
    let account = unique("fetch-option");
    let input = js(&json!({
        "baseUrl": base_url(), "appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET,
        "appAccount": account, "dangerouslyAllowBrowser": true,
    }));
    set(&input, "fetch", &recording);
    let token = ok(fetch_token(input, NONE)).await["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let options = js(&json!({ "baseUrl": base_url(), "token": token }));
    set(&options, "fetch", &recording);
    let client = client_from(&options);
    let before = total_requests().await;
    let topic = ok(client.create_topic(js(&json!({ "topicName": "via fetch" })), NONE)).await;
    let topic_id = topic["topicId"].as_str().expect("an id").to_owned();
    ok(client.get_topic(topic_id.clone().into(), NONE)).await;
    // Nothing went around it: the emulator saw exactly the requests the function saw.
    assert_eq!(total_requests().await, before + 2);
    let base = base_url();
    assert_eq!(
        to_json(&calls),
        json!([
            [
                "POST",
                format!("{base}/api/account/token"),
                "content-type: application/json"
            ],
            [
                "POST",
                format!("{base}/api/uctopic"),
                "content-type: application/json",
                format!("token: {token}")
            ],
            [
                "GET",
                format!("{base}/api/uctopic/topic"),
                format!("token: {token}"),
                format!("topicid: {topic_id}")
            ],
        ])
    );
    ok(client.delete_topic(topic_id.into(), NONE)).await;
}

#[wasm_bindgen_test]
async fn a_bad_fetch_option_is_refused_and_a_bad_fetch_fails_as_network() {
    let options = js(&json!({ "baseUrl": base_url(), "token": "t" }));
    set(&options, "fetch", &JsValue::from_f64(42.0));
    let e = MimcErr::from_js(&Client::new(options).err().expect("refused"));
    assert_eq!(e.kind, "invalid-input", "{e}");
    assert!(
        e.message
            .contains("Client options.fetch must be a function"),
        "{e}"
    );
    let input = js(
        &json!({ "appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAccount": "a", "dangerouslyAllowBrowser": true, "fetch": "fetch" }),
    );
    let e = fails(fetch_token(input, NONE)).await;
    e.check_invalid_input();
    assert!(
        e.message
            .contains("fetchToken input.fetch must be a function"),
        "{e}"
    );

    // A function that throws, rejects, or gives something that is not a Response.
    for body in [
        "throw new TypeError('offline')",
        "return Promise.reject(new TypeError('offline'))",
        "return {}",
        "return 7",
    ] {
        let options = js(&json!({ "baseUrl": base_url(), "token": "t", "retries": 0 }));
        set(
            &options,
            "fetch",
            &js_sys::Function::new_with_args("url, init", body),
        );
        let e = fails(client_from(&options).get_topic("1".into(), NONE)).await;
        e.check("network", None, None, Some("getTopic"));
    }
}

/// A fetch that answers each request with the next of `bodies` (status 200 unless the body is
/// a number, which is the status of an empty answer), counting the requests.
fn scripted_fetch(bodies: &[&str], calls: &js_sys::Array) -> JsValue {
    let list: js_sys::Array = bodies.iter().map(|b| JsValue::from_str(b)).collect();
    js_sys::Function::new_with_args(
        "bodies, calls",
        "return async (url, init) => {
           calls.push(init.headers.get('token'))
           const body = bodies[Math.min(calls.length - 1, bodies.length - 1)]
           return /^[0-9]+$/.test(body) ? new Response('', { status: Number(body) }) : new Response(body)
         }",
    )
    .call2(&JsValue::UNDEFINED, &list, calls)
    .expect("a scripted fetch")
}

#[wasm_bindgen_test]
async fn a_refreshed_token_is_asked_for_once_even_when_the_request_is_retried() {
    let calls = js_sys::Array::new();
    let info = r#"{"code":200,"message":"success","data":{"topicId":"1","topicName":"n","ownerUuid":"2","ownerAccount":"o","memberNum":1}}"#;
    let refused = r#"{"code":401,"message":"token expired","data":null}"#;
    let fetch = scripted_fetch(&[refused, "503", info], &calls);
    let asked = js_sys::Array::new();
    let provider = js_sys::Function::new_with_args(
        "asked",
        "return () => { asked.push(1); return 'token-' + asked.length }",
    )
    .call1(&JsValue::UNDEFINED, &asked)
    .unwrap();
    let options = js(&json!({ "baseUrl": "http://stub.invalid", "retries": 2 }));
    set(&options, "token", &provider);
    set(&options, "fetch", &fetch);
    let client = client_from(&options);
    ok(client.get_topic("1".into(), NONE)).await;
    // Refused with the first token, refreshed once; the 503 is retried with the second token.
    assert_eq!(to_json(&calls), json!(["token-1", "token-2", "token-2"]));
    assert_eq!(asked.length(), 2);
}

#[wasm_bindgen_test]
async fn input_errors_name_the_field_and_never_show_the_value() {
    // A typo inside the nested app credentials is refused, not ignored.
    let typo = js(
        &json!({ "baseUrl": base_url(), "dangerouslyAllowBrowser": true,
        "app": { "appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAcount": "bob" } }),
    );
    let e = MimcErr::from_js(&Client::new(typo).err().expect("refused"));
    assert_eq!(e.kind, "invalid-input");
    assert!(
        e.message
            .contains("Client options.app has an unknown field \"appAcount\""),
        "{e}"
    );

    let client = token_client("t");
    // Of several required fields, the missing one is named (not the one before it).
    let e = fails(client.mute_member(js(&json!({ "topicId": "1", "user": "bob" })), NONE)).await;
    assert!(
        e.message.contains("muteMember input.seconds is missing"),
        "{e}"
    );
    // A value of the wrong type is described, not shown: it may hold secrets.
    add_secret("SECRET-IN-AN-OBJECT");
    let input = js(
        &json!({ "appId": "1", "appKey": { "nested": "SECRET-IN-AN-OBJECT" },
        "appSecret": "s", "appAccount": "a", "dangerouslyAllowBrowser": true }),
    );
    let e = fails(fetch_token(input, NONE)).await;
    assert!(
        e.message
            .contains("fetchToken input.appKey must be a string; got an object"),
        "{e}"
    );
    // An own "__proto__" key is a key like any other: unknown, so refused.
    let sneaky = js_sys::JSON::parse(r#"{"topicName":"x","__proto__":{"extra":"y"}}"#).unwrap();
    let e = fails(client.create_topic(sneaky, NONE)).await;
    assert!(e.message.contains("unknown field \"__proto__\""), "{e}");
}
