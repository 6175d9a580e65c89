//! Browser tests of every endpoint through a token client and an app client, non-ASCII accounts,
//! ids above 2^53, and both wire formats, against the emulator.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const NON_ASCII: &str = "小米用户";

fn ids(list: &Value) -> Vec<String> {
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

fn accounts(page: &Value) -> Vec<String> {
    page["members"]
        .as_array()
        .unwrap_or_else(|| panic!("a page has members: {page}"))
        .iter()
        .map(|m| m["appAccount"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[wasm_bindgen_test]
async fn token_client_covers_every_endpoint() {
    let (owner, client) = user("tok-owner").await;
    let (b, b_client) = user("tok-b").await;
    let c = unique("tok-c");

    let created = ok(client.create_topic(
        js(&json!({ "topicName": "群 one", "extra": "{\"k\":1}" })),
        NONE,
    ))
    .await;
    let topic = created["topicId"].as_str().unwrap().to_owned();
    assert_eq!(created["topicName"], "群 one");
    assert_eq!(created["extra"], "{\"k\":1}");
    let owner_uuid = id_of(&created["ownerUuid"]);

    let info = ok(client.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["topicId"], topic.as_str());
    assert_eq!(info["topicName"], "群 one");
    assert_eq!(info["ownerAccount"], owner.as_str());
    assert_eq!(id_of(&info["ownerUuid"]), owner_uuid);
    assert_eq!(info["memberNum"], 1);

    join(&topic, &[b.clone(), c.clone()]).await;
    assert_eq!(
        ok(client.get_topic(topic.clone().into(), NONE)).await["memberNum"],
        3
    );
    assert_eq!(ok(client.online_count(topic.clone().into(), NONE)).await, 0);
    set_online(&topic, &[owner.clone(), b.clone()]).await;
    assert_eq!(ok(client.online_count(topic.clone().into(), NONE)).await, 2);
    // Any member may read the group.
    assert_eq!(
        ok(b_client.online_count(topic.clone().into(), NONE)).await,
        2
    );

    assert!(ids(&ok(client.list_topics(NONE)).await).contains(&topic));
    assert!(ids(&ok(b_client.list_topics(NONE)).await).contains(&topic));

    let updated = ok(client.update_topic(
        js(&json!({ "topicId": topic, "topicName": "群 two", "extra": "e2" })),
        NONE,
    ))
    .await;
    assert_eq!(updated["topicId"], topic.as_str());
    assert_eq!(updated["topicName"], "群 two");
    assert_eq!(updated["extra"], "e2");
    assert_eq!(updated["ownerAccount"], owner.as_str());
    assert_eq!(id_of(&updated["ownerUuid"]), owner_uuid);

    let page = ok(client.member_page(topic.clone().into(), NONE, NONE)).await;
    assert_eq!(page["isEnd"], true);
    let mut expected = vec![owner.clone(), b.clone(), c.clone()];
    let mut got = accounts(&page);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    for member in page["members"].as_array().unwrap() {
        assert_eq!(member["appId"], APP_ID);
    }

    // Mute, the longest mute allowed, unmute.
    let mute = json!({ "topicId": topic, "user": b, "seconds": 3600 });
    assert_eq!(ok(client.mute_member(js(&mute), NONE)).await, Value::Null);
    let ten_years = json!({ "topicId": topic, "user": c, "seconds": 315_360_000 });
    ok(client.mute_member(js(&ten_years), NONE)).await;
    let muted = mutes(&topic).await;
    assert_eq!(muted.len(), 2, "{muted:?}");
    assert_eq!(muted[0]["account"], b.as_str());
    let left = muted[0]["remainingSeconds"].as_u64().unwrap();
    assert!((3590..=3600).contains(&left), "{left}");
    let unmute = json!({ "topicId": topic, "user": b });
    assert_eq!(
        ok(client.unmute_member(js(&unmute), NONE)).await,
        Value::Null
    );
    let muted = mutes(&topic).await;
    assert_eq!(muted.len(), 1, "{muted:?}");
    assert_eq!(muted[0]["account"], c.as_str());
    // seconds: 0 lifts a mute too.
    let lift = json!({ "topicId": topic, "user": c, "seconds": 0 });
    ok(client.mute_member(js(&lift), NONE)).await;
    assert!(mutes(&topic).await.is_empty());

    // What was sent, as the emulator's journal saw it: the token header (redacted there), the
    // group in the topicId header, ids in bodies as JSON numbers, and forbidSeconds 0 to unmute.
    let reads = journal(&topic, "/api/uctopic/topic").await;
    let headers = &reads[0]["headers"];
    assert_eq!(headers["token"], "<redacted>");
    assert_eq!(headers["topicid"], topic.as_str());
    for credential in ["appid", "appkey", "appsecret", "appaccount", "content-type"] {
        assert!(
            headers.get(credential).is_none(),
            "{credential} in {headers}"
        );
    }
    let bodies: Vec<Value> = journal(&topic, "/api/uctopic/forbidsendmsg")
        .await
        .iter()
        .map(|e| serde_json::from_str(e["body"].as_str().unwrap()).unwrap())
        .collect();
    let number: Value = serde_json::from_str(&topic).unwrap();
    assert_eq!(
        bodies,
        vec![
            json!({ "topicId": number, "user": b, "forbidSeconds": 3600 }),
            json!({ "topicId": number, "user": c, "forbidSeconds": 315_360_000 }),
            json!({ "topicId": number, "user": b, "forbidSeconds": 0 }),
            json!({ "topicId": number, "user": c, "forbidSeconds": 0 }),
        ]
    );
    let update = &journal(&topic, "/api/uctopic/update").await[0];
    assert_eq!(update["headers"]["content-type"], "application/json");
    assert_eq!(
        update["body"],
        format!(r#"{{"topicId":{topic},"topicName":"群 two","extra":"e2"}}"#)
    );

    // Transfer ownership to b; then only b may delete.
    let transfer = json!({ "topicId": topic, "ownerAccount": b });
    let updated = ok(client.update_topic(js(&transfer), NONE)).await;
    assert_eq!(updated["ownerAccount"], b.as_str());
    let err = fails(client.delete_topic(topic.clone().into(), NONE)).await;
    err.check_api(403, "deleteTopic");
    assert_eq!(
        ok(b_client.delete_topic(topic.clone().into(), NONE)).await,
        Value::Null
    );
    let err = fails(client.get_topic(topic.clone().into(), NONE)).await;
    err.check_api(404, "getTopic");
    assert!(!ids(&ok(client.list_topics(NONE)).await).contains(&topic));
}

#[wasm_bindgen_test]
async fn app_client_with_and_without_app_account() {
    let owner = unique("app-owner");
    let other = unique("app-other");
    let app = app_client(Some(&owner));
    let server = app_client(None);
    let as_other = object(&[("appAccount", JsValue::from_str(&other))]);

    // Without a per-call appAccount the client acts as its default account.
    let created = ok(app.create_topic(js(&json!({ "topicName": "by app" })), NONE)).await;
    let topic = created["topicId"].as_str().unwrap().to_owned();
    let info = ok(app.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["ownerAccount"], owner.as_str());
    assert!(ids(&ok(app.list_topics(NONE)).await).contains(&topic));
    // The app's credentials travel as headers (the secrets redacted in the journal), with the
    // account; no token.
    let headers = &journal(&topic, "/api/uctopic/topic").await[0]["headers"];
    assert_eq!(headers["appid"], APP_ID);
    assert_eq!(headers["appkey"], "<redacted>");
    assert_eq!(headers["appsecret"], "<redacted>");
    assert_eq!(headers["appaccount"], owner.as_str());
    assert!(headers.get("token").is_none() && headers.get("appaccountencode").is_none());

    // A per-call appAccount acts as that account instead.
    assert!(!ids(&ok(app.list_topics(as_other.clone())).await).contains(&topic));
    join(&topic, std::slice::from_ref(&other)).await;
    assert!(ids(&ok(app.list_topics(as_other.clone())).await).contains(&topic));
    let theirs =
        ok(app.create_topic(js(&json!({ "topicName": "theirs" })), as_other.clone())).await;
    let their_topic = theirs["topicId"].as_str().unwrap().to_owned();
    let info = ok(app.get_topic(their_topic.clone().into(), NONE)).await;
    assert_eq!(info["ownerAccount"], other.as_str());
    // Not the owner of the default account's group: 403 when acting as `other`.
    let rename = json!({ "topicId": topic, "topicName": "renamed by other" });
    fails(app.update_topic(js(&rename), as_other.clone()))
        .await
        .check_api(403, "updateTopic");
    let rename = json!({ "topicId": topic, "topicName": "renamed" });
    assert_eq!(
        ok(app.update_topic(js(&rename), NONE)).await["topicName"],
        "renamed"
    );
    set_online(&topic, std::slice::from_ref(&other)).await;
    assert_eq!(
        ok(app.online_count(topic.clone().into(), as_other.clone())).await,
        1
    );
    let page = ok(app.member_page(topic.clone().into(), NONE, as_other.clone())).await;
    assert_eq!(page["members"].as_array().unwrap().len(), 2);
    let mute = json!({ "topicId": topic, "user": other, "seconds": 60 });
    ok(app.mute_member(js(&mute), NONE)).await;
    assert_eq!(mutes(&topic).await.len(), 1);
    ok(app.unmute_member(js(&json!({ "topicId": topic, "user": other })), NONE)).await;
    assert!(mutes(&topic).await.is_empty());

    // Without any appAccount the client is the app's server: it may read and change any group
    // of the app, but creating and listing need a user.
    let info = ok(server.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["topicName"], "renamed");
    assert_eq!(ok(server.online_count(topic.clone().into(), NONE)).await, 1);
    let page = ok(server.member_page(topic.clone().into(), NONE, NONE)).await;
    assert_eq!(page["members"].as_array().unwrap().len(), 2);
    let rename = json!({ "topicId": topic, "topicName": "by server" });
    assert_eq!(
        ok(server.update_topic(js(&rename), NONE)).await["topicName"],
        "by server"
    );
    ok(server.mute_member(js(&mute), NONE)).await;
    assert_eq!(mutes(&topic).await.len(), 1);
    ok(server.unmute_member(js(&json!({ "topicId": topic, "user": other })), NONE)).await;
    fails(server.create_topic(js(&json!({ "topicName": "x" })), NONE))
        .await
        .check_api(400, "createTopic");
    fails(server.list_topics(NONE))
        .await
        .check_api(400, "listTopics");
    // The server client with a per-call account acts as that user.
    assert!(ids(&ok(server.list_topics(as_other.clone())).await).contains(&their_topic));

    assert_eq!(
        ok(server.delete_topic(topic.clone().into(), NONE)).await,
        Value::Null
    );
    ok(app.delete_topic(their_topic.clone().into(), as_other)).await;
    fails(app.get_topic(topic.into(), NONE))
        .await
        .check_api(404, "getTopic");
    fails(app.get_topic(their_topic.into(), NONE))
        .await
        .check_api(404, "getTopic");
}

#[wasm_bindgen_test]
async fn non_ascii_accounts_round_trip() {
    let per_call = object(&[("appAccount", JsValue::from_str(NON_ASCII))]);
    let app = app_client(None);

    // As a per-call appAccount (sent base64-encoded with appAccountEncode).
    let topic = {
        let created =
            ok(app.create_topic(js(&json!({ "topicName": "中文群" })), per_call.clone())).await;
        created["topicId"].as_str().unwrap().to_owned()
    };
    let info = ok(app.get_topic(topic.clone().into(), per_call.clone())).await;
    assert_eq!(info["ownerAccount"], NON_ASCII);
    assert_eq!(info["topicName"], "中文群");
    let headers = &journal(&topic, "/api/uctopic/topic").await[0]["headers"];
    assert_eq!(headers["appaccount"], "5bCP57Gz55So5oi3"); // base64 of 小米用户's UTF-8
    assert_eq!(headers["appaccountencode"], "base64");
    assert!(ids(&ok(app.list_topics(per_call.clone())).await).contains(&topic));

    // As the client's default appAccount.
    let default = app_client(Some(NON_ASCII));
    assert!(ids(&ok(default.list_topics(NONE)).await).contains(&topic));

    // Through a token for the same account: the same user.
    let token = token_for(NON_ASCII).await;
    let by_token = token_client(&token);
    assert!(ids(&ok(by_token.list_topics(NONE)).await).contains(&topic));
    let info = ok(by_token.get_topic(topic.clone().into(), NONE)).await;
    assert_eq!(info["ownerAccount"], NON_ASCII);

    // A non-ASCII member, listed, muted by name and transferred to.
    let member = unique("用户-ü");
    join(&topic, std::slice::from_ref(&member)).await;
    let page = ok(by_token.member_page(topic.clone().into(), NONE, NONE)).await;
    let mut got = accounts(&page);
    got.sort();
    let mut expected = vec![NON_ASCII.to_owned(), member.clone()];
    expected.sort();
    assert_eq!(got, expected);
    let mute = json!({ "topicId": topic, "user": member, "seconds": 30 });
    ok(by_token.mute_member(js(&mute), NONE)).await;
    assert_eq!(mutes(&topic).await[0]["account"], member.as_str());
    let transfer = json!({ "topicId": topic, "ownerAccount": member });
    let updated = ok(default.update_topic(js(&transfer), NONE)).await;
    assert_eq!(updated["ownerAccount"], member.as_str());
    let as_member = object(&[("appAccount", JsValue::from_str(&member))]);
    ok(app.delete_topic(topic.into(), as_member)).await;
}

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
