//! Browser tests of every endpoint through a token client and an app client, and non-ASCII
//! accounts, against the emulator. Errors here are plain Errors (no class registered).
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

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
