//! Groups over real HTTP: create, update (name, extra, owner) and delete, with their errors.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn create_makes_the_caller_owner_and_member() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let owner_uuid = emu.uuid("owner").await;
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic",
            Auth::Token(&token),
            &[],
            Some(&json!({"topicName": "room", "extra": "{\"k\":1}"})),
        )
        .await;
    let data = reply.data();
    assert!(data["topicId"].is_u64(), "documented: topicId a number");
    assert!(data["ownerUuid"].is_u64(), "documented: ownerUuid a number");
    let topic = id(&data["topicId"]);
    assert!(topic > JS_SAFE);
    assert_eq!(id(&data["ownerUuid"]), owner_uuid);
    assert_eq!(data["topicName"], json!("room"));
    assert_eq!(data["extra"], json!("{\"k\":1}"));

    let info = emu.info(Auth::Token(&token), topic).await;
    assert_eq!(info["memberNum"], json!("1"));
    assert_eq!(info["ownerAccount"], json!("owner"));
    assert_eq!(emu.my_groups(Auth::Token(&token)).await, vec![topic]);
    let page = emu.page(Auth::Token(&token), topic, None).await;
    assert_eq!(page.uuids, vec![owner_uuid]);
    assert_eq!(page.accounts, vec!["owner".to_owned()]);
    assert!(page.is_end);

    // Without extra, extra is null.
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic",
            Auth::Token(&token),
            &[],
            Some(&json!({"topicName": "bare"})),
        )
        .await;
    assert!(reply.data()["extra"].is_null());
    // Names need not be unique: two groups, two ids.
    let a = emu.create(Auth::Token(&token), "same").await;
    let b = emu.create(Auth::Token(&token), "same").await;
    assert_ne!(a, b);
    assert_eq!(emu.my_groups(Auth::Token(&token)).await.len(), 4);
}

#[tokio::test]
async fn create_errors() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let create = |auth: Auth<'static>, body: Value| {
        let emu = &emu;
        async move {
            emu.call(Method::POST, "/api/uctopic", auth, &[], Some(&body))
                .await
        }
    };
    let token: &'static str = Box::leak(token.into_boxed_str());
    let ok = json!({"topicName": "x"});
    create(Auth::None, ok.clone()).await.fails(401);
    create(Auth::Token("no-such-token"), ok.clone())
        .await
        .fails(401);
    create(Auth::Token(""), ok.clone()).await.fails(401);
    // App credentials without appAccount: the app's server cannot own a group.
    create(Auth::App(None), ok.clone()).await.fails(400);
    create(Auth::Token(token), json!({})).await.fails(400);
    create(Auth::Token(token), json!({"topicName": null}))
        .await
        .fails(400);
    create(Auth::Token(token), json!({"topicName": ""}))
        .await
        .fails(400);
    create(Auth::Token(token), json!({"topicName": "   "}))
        .await
        .fails(400);
    // extra: 10240 bytes fine, 10241 refused (bytes, not characters).
    let reply = create(
        Auth::Token(token),
        json!({"topicName": "x", "extra": "e".repeat(10_240)}),
    )
    .await;
    assert_eq!(reply.data()["extra"].as_str().unwrap().len(), 10_240);
    create(
        Auth::Token(token),
        json!({"topicName": "x", "extra": "e".repeat(10_241)}),
    )
    .await
    .fails(400);
    // 3-byte characters: 3413 × 3 = 10239 fine, 3414 × 3 = 10242 refused.
    create(
        Auth::Token(token),
        json!({"topicName": "x", "extra": "米".repeat(3413)}),
    )
    .await
    .data();
    create(
        Auth::Token(token),
        json!({"topicName": "x", "extra": "米".repeat(3414)}),
    )
    .await
    .fails(400);
    // Nothing was created by the failures.
    assert_eq!(emu.my_groups(Auth::Token(token)).await.len(), 2);
}

#[tokio::test]
async fn update_renames_and_changes_extra() {
    let emu = start().await;
    let (topic, owner) = emu.group("owner", "before").await;
    let update = |body: Value| {
        let emu = &emu;
        let owner = owner.clone();
        async move {
            emu.call(
                Method::POST,
                "/api/uctopic/update",
                Auth::Token(&owner),
                &[],
                Some(&body),
            )
            .await
        }
    };
    let reply = update(json!({"topicId": topic, "topicName": "after"})).await;
    let data = reply.data();
    assert_eq!(id(&data["topicId"]), topic);
    assert!(data["topicId"].is_u64());
    assert_eq!(data["topicName"], json!("after"));
    assert_eq!(data["ownerAccount"], json!("owner"));
    assert_eq!(id(&data["ownerUuid"]), emu.uuid("owner").await);
    assert!(data["extra"].is_null());
    // topicId as a numeric string; extra only; the name stays.
    let reply = update(json!({"topicId": topic.to_string(), "extra": "x"})).await;
    assert_eq!(reply.data()["topicName"], json!("after"));
    assert_eq!(reply.data()["extra"], json!("x"));
    let reply = update(json!({"topicId": topic, "extra": "e".repeat(10_240)})).await;
    reply.data();
    update(json!({"topicId": topic, "extra": "e".repeat(10_241)}))
        .await
        .fails(400);
    assert_eq!(
        emu.info(Auth::Token(&owner), topic).await["topicName"],
        json!("after")
    );
    // Errors.
    update(json!({"topicId": topic})).await.fails(400);
    update(json!({"topicName": "x"})).await.fails(400);
    update(json!({"topicId": topic, "topicName": ""}))
        .await
        .fails(400);
    update(json!({"topicId": topic + 1, "topicName": "x"}))
        .await
        .fails(404);
    let stranger = emu.token("stranger").await;
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        Auth::Token(&stranger),
        &[],
        Some(&json!({"topicId": topic, "topicName": "hijack"})),
    )
    .await
    .fails(403);
    // A member who is not the owner is refused as well.
    emu.join(topic, &["member".to_owned()]).await;
    let member = emu.token("member").await;
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        Auth::Token(&member),
        &[],
        Some(&json!({"topicId": topic, "extra": "y"})),
    )
    .await
    .fails(403);
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        Auth::None,
        &[],
        Some(&json!({"topicId": topic, "extra": "y"})),
    )
    .await
    .fails(401);
    assert_eq!(
        emu.info(Auth::Token(&owner), topic).await["topicName"],
        json!("after")
    );
}

#[tokio::test]
async fn ownership_moves_only_to_a_member() {
    let emu = start().await;
    let (topic, old) = emu.group("old-owner", "g").await;
    emu.join(topic, &["heir".to_owned()]).await;
    let _ = emu.token("outsider").await; // exists, but is not a member
    let transfer = |token: String, to: &'static str| {
        let emu = &emu;
        async move {
            emu.call(
                Method::POST,
                "/api/uctopic/update",
                Auth::Token(&token),
                &[],
                Some(&json!({"topicId": topic, "ownerAccount": to})),
            )
            .await
        }
    };
    transfer(old.clone(), "outsider").await.fails(409);
    transfer(old.clone(), "never-seen").await.fails(409);
    let reply = transfer(old.clone(), "heir").await;
    assert_eq!(reply.data()["ownerAccount"], json!("heir"));
    assert_eq!(id(&reply.data()["ownerUuid"]), emu.uuid("heir").await);
    let info = emu.info(Auth::Token(&old), topic).await;
    assert_eq!(info["ownerAccount"], json!("heir"));
    assert_eq!(id(&info["ownerUuid"]), emu.uuid("heir").await);
    assert_eq!(info["memberNum"], json!("2"));
    // The old owner is now an ordinary member: 403 for update, delete and mute.
    transfer(old.clone(), "old-owner").await.fails(403);
    emu.call(
        Method::DELETE,
        "/api/uctopic",
        Auth::Token(&old),
        &[("topicId", &topic.to_string())],
        None,
    )
    .await
    .fails(403);
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg",
        Auth::Token(&old),
        &[],
        Some(&json!({"topicId": topic, "user": "heir", "forbidSeconds": 60})),
    )
    .await
    .fails(403);
    // The new owner may, and may give it back.
    let heir = emu.token("heir").await;
    let reply = transfer(heir.clone(), "old-owner").await;
    assert_eq!(reply.data()["ownerAccount"], json!("old-owner"));
    transfer(heir, "heir").await.fails(403);
    // The old owner is in both my-groups lists throughout.
    assert_eq!(emu.my_groups(Auth::Token(&old)).await, vec![topic]);
}

#[tokio::test]
async fn delete_removes_the_group_everywhere() {
    let emu = start().await;
    let (topic, owner) = emu.group("owner", "doomed").await;
    let (keep, _) = emu.group("owner", "kept").await;
    emu.join(topic, &accounts("m", 3)).await;
    let member = emu.token("m-0").await;
    assert_eq!(emu.my_groups(Auth::Token(&member)).await, vec![topic]);
    let delete = |token: Option<String>, headers: Vec<(&'static str, String)>| {
        let emu = &emu;
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let auth = token.as_deref().map_or(Auth::None, Auth::Token);
            emu.call(Method::DELETE, "/api/uctopic", auth, &headers, None)
                .await
        }
    };
    let t = topic.to_string();
    delete(Some(owner.clone()), vec![]).await.fails(400);
    delete(Some(owner.clone()), vec![("topicId", "abc".into())])
        .await
        .fails(400);
    delete(Some(owner.clone()), vec![("topicId", "1".into())])
        .await
        .fails(404);
    delete(Some(member.clone()), vec![("topicId", t.clone())])
        .await
        .fails(403);
    delete(None, vec![("topicId", t.clone())]).await.fails(401);
    let reply = delete(Some(owner.clone()), vec![("topicId", t.clone())]).await;
    assert!(reply.data().is_null());
    assert!(reply.json.as_object().unwrap().contains_key("data"));
    // Gone everywhere.
    emu.get_topic("/api/uctopic/topic", Auth::Token(&owner), topic)
        .await
        .fails(404);
    emu.get_topic("/api/uctopic/userlist", Auth::Token(&owner), topic)
        .await
        .fails(404);
    emu.get_topic("/api/uctopic/onlineinfo", Auth::Token(&owner), topic)
        .await
        .fails(404);
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        Auth::Token(&owner),
        &[],
        Some(&json!({"topicId": topic, "topicName": "x"})),
    )
    .await
    .fails(404);
    delete(Some(owner.clone()), vec![("topicId", t.clone())])
        .await
        .fails(404);
    assert_eq!(emu.my_groups(Auth::Token(&owner)).await, vec![keep]);
    assert!(emu.my_groups(Auth::Token(&member)).await.is_empty());
    emu.admin(
        Method::POST,
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({"accounts": ["late"]})),
    )
    .await
    .fails(404);
}
