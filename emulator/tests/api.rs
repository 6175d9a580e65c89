//! The uctopic endpoints over real HTTP: success, every error, both auth modes, wire formats.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Token service

#[tokio::test]
async fn token_service_issues_tokens() {
    let emu = start().await;
    let reply = emu.token_reply("alice").await;
    let data = reply.data();
    assert_eq!(data["appId"], json!(APP_ID));
    assert_eq!(data["appAccount"], json!("alice"));
    assert_eq!(data["miChid"], json!(9));
    assert!(data["appPackage"].is_string());
    assert!(data["miUserSecurityKey"]
        .as_str()
        .is_some_and(|k| !k.is_empty()));
    let uuid = id(&data["miUserId"]);
    assert!(data["miUserId"].is_string(), "miUserId is a string");
    assert!(uuid > JS_SAFE);
    let token = data["token"].as_str().unwrap();
    assert!(!token.is_empty());
    // The same account always has the same uuid; every call issues a new token.
    let again = emu.token_reply("alice").await;
    assert_eq!(id(&again.data()["miUserId"]), uuid);
    assert_ne!(again.data()["token"], json!(token));
    assert_ne!(emu.uuid("bob").await, uuid);
    // Both tokens work.
    assert!(emu.my_groups(Auth::Token(token)).await.is_empty());
    let second = again.data()["token"].as_str().unwrap();
    assert!(emu.my_groups(Auth::Token(second)).await.is_empty());
}

#[tokio::test]
async fn token_service_errors() {
    let emu = start().await;
    let post = |body: Value| {
        let emu = &emu;
        async move {
            emu.call(
                Method::POST,
                "/api/account/token",
                Auth::None,
                &[],
                Some(&body),
            )
            .await
        }
    };
    let good =
        json!({"appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAccount": "a"});
    for field in ["appId", "appKey", "appSecret", "appAccount"] {
        let mut body = good.clone();
        body.as_object_mut().unwrap().remove(field);
        post(body).await.fails(400);
    }
    for (field, wrong) in [("appId", "1"), ("appKey", "nope"), ("appSecret", "nope")] {
        let mut body = good.clone();
        body[field] = json!(wrong);
        post(body).await.fails(401);
    }
    let mut body = good.clone();
    body["appAccount"] = json!("");
    post(body).await.fails(400);
    // appId as a JSON number is accepted as its text.
    let mut body = good.clone();
    body["appId"] = serde_json::from_str(APP_ID).unwrap();
    post(body).await.data();
}

// ---------------------------------------------------------------------------------------------
// Create

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
async fn wrong_app_credentials_are_401() {
    let emu = start().await;
    let (topic, _) = emu.group("owner", "g").await;
    let topic = topic.to_string();
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![
            ("appId", "1"),
            ("appKey", APP_KEY),
            ("appSecret", APP_SECRET),
        ],
        vec![
            ("appId", APP_ID),
            ("appKey", "bad"),
            ("appSecret", APP_SECRET),
        ],
        vec![("appId", APP_ID), ("appKey", APP_KEY), ("appSecret", "bad")],
        vec![("appId", APP_ID), ("appSecret", APP_SECRET)],
        vec![("appId", APP_ID), ("appKey", APP_KEY)],
        vec![("appKey", APP_KEY), ("appSecret", APP_SECRET)],
    ];
    for mut headers in cases {
        headers.push(("appAccount", "owner"));
        headers.push(("topicId", &topic));
        emu.call(
            Method::GET,
            "/api/uctopic/topic",
            Auth::None,
            &headers,
            None,
        )
        .await
        .fails(401);
        emu.call(
            Method::POST,
            "/api/uctopic",
            Auth::None,
            &headers,
            Some(&json!({"topicName": "x"})),
        )
        .await
        .fails(401);
    }
}

// ---------------------------------------------------------------------------------------------
// Update

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

// ---------------------------------------------------------------------------------------------
// Delete

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

// ---------------------------------------------------------------------------------------------
// Members, my groups, info, online

#[tokio::test]
async fn member_list_errors() {
    let emu = start().await;
    let (topic, owner) = emu.group("owner", "g").await;
    let t = topic.to_string();
    let list = |auth: Auth<'static>, headers: Vec<(&'static str, String)>| {
        let emu = &emu;
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            emu.call(Method::GET, "/api/uctopic/userlist", auth, &headers, None)
                .await
        }
    };
    let owner: &'static str = Box::leak(owner.into_boxed_str());
    list(Auth::Token(owner), vec![]).await.fails(400);
    list(Auth::Token(owner), vec![("topicId", "x".into())])
        .await
        .fails(400);
    list(Auth::Token(owner), vec![("topicId", "-3".into())])
        .await
        .fails(400);
    list(
        Auth::Token(owner),
        vec![("topicId", t.clone()), ("startUuid", "abc".into())],
    )
    .await
    .fails(400);
    list(
        Auth::Token(owner),
        vec![("topicId", t.clone()), ("startUuid", "-1".into())],
    )
    .await
    .fails(400);
    list(Auth::Token(owner), vec![("topicId", "12345".into())])
        .await
        .fails(404);
    list(Auth::None, vec![("topicId", t.clone())])
        .await
        .fails(401);
    list(Auth::Token("bogus"), vec![("topicId", t.clone())])
        .await
        .fails(401);
    // Any user of the app may read the member list, member or not.
    let stranger: &'static str = Box::leak(emu.token("stranger").await.into_boxed_str());
    assert_eq!(emu.page(Auth::Token(stranger), topic, None).await.count, 1);
}

#[tokio::test]
async fn my_groups_lists_the_callers_groups() {
    let emu = start().await;
    let alice = emu.token("alice").await;
    let bob = emu.token("bob").await;
    let a1 = emu.create(Auth::Token(&alice), "a1").await;
    let a2 = emu.create(Auth::Token(&alice), "a2").await;
    let b1 = emu.create(Auth::Token(&bob), "b1").await;
    emu.join(b1, &["alice".to_owned()]).await;
    let mut expected = vec![a1, a2, b1];
    expected.sort_unstable();
    let reply = emu
        .call(
            Method::GET,
            "/api/uctopic/topics",
            Auth::Token(&alice),
            &[],
            None,
        )
        .await;
    let ids = reply.data().as_array().unwrap();
    assert!(
        ids.iter().all(Value::is_u64),
        "ids are JSON numbers: {}",
        reply.text
    );
    assert_eq!(ids.iter().map(id).collect::<Vec<_>>(), expected);
    assert_eq!(emu.my_groups(Auth::Token(&bob)).await, vec![b1]);
    let nobody = emu.token("nobody").await;
    assert!(emu.my_groups(Auth::Token(&nobody)).await.is_empty());
    emu.call(Method::GET, "/api/uctopic/topics", Auth::None, &[], None)
        .await
        .fails(401);
    emu.call(
        Method::GET,
        "/api/uctopic/topics",
        Auth::App(None),
        &[],
        None,
    )
    .await
    .fails(400);
    assert_eq!(emu.my_groups(Auth::App(Some("alice"))).await, expected);
}

#[tokio::test]
async fn info_and_its_errors() {
    let emu = start().await;
    let (topic, owner) = emu.group("owner", "named").await;
    emu.join(topic, &accounts("m", 4)).await;
    let info = emu.info(Auth::Token(&owner), topic).await;
    assert_eq!(info["topicId"], json!(topic.to_string()));
    assert_eq!(info["topicName"], json!("named"));
    assert_eq!(
        info["ownerUuid"],
        json!(emu.uuid("owner").await.to_string())
    );
    assert_eq!(info["ownerAccount"], json!("owner"));
    assert_eq!(info["memberNum"], json!("5"));
    let other = emu.token("stranger").await;
    assert_eq!(
        emu.info(Auth::Token(&other), topic).await["memberNum"],
        json!("5")
    );
    emu.get_topic("/api/uctopic/topic", Auth::Token(&owner), topic ^ 1)
        .await
        .fails(404);
    emu.get_topic("/api/uctopic/topic", Auth::None, topic)
        .await
        .fails(401);
    emu.call(
        Method::GET,
        "/api/uctopic/topic",
        Auth::Token(&owner),
        &[],
        None,
    )
    .await
    .fails(400);
}

#[tokio::test]
async fn online_count() {
    let emu = start().await;
    let (topic, owner) = emu.group("owner", "g").await;
    emu.join(topic, &accounts("m", 5)).await;
    let online = |token: String| {
        let emu = &emu;
        async move {
            emu.get_topic("/api/uctopic/onlineinfo", Auth::Token(&token), topic)
                .await
        }
    };
    let reply = online(owner.clone()).await;
    assert_eq!(reply.data()["topicId"], json!(topic.to_string()));
    assert_eq!(reply.data()["userCnt"], json!("0"));
    let set = |who: Vec<&'static str>| {
        let emu = &emu;
        async move {
            emu.admin(
                Method::PUT,
                &format!("/emulator/topics/{topic}/online"),
                Some(&json!({"accounts": who})),
            )
            .await
        }
    };
    assert_eq!(
        set(vec!["m-0", "m-1", "owner"]).await.data()["online"],
        json!(3)
    );
    // Any user may ask, member or not.
    let stranger = emu.token("stranger").await;
    assert_eq!(online(stranger.clone()).await.data()["userCnt"], json!("3"));
    // Exactly these: a later set replaces the earlier one; duplicates count once.
    assert_eq!(set(vec!["m-4", "m-4"]).await.data()["online"], json!(1));
    assert_eq!(online(owner.clone()).await.data()["userCnt"], json!("1"));
    // A non-member cannot be online in the group.
    set(vec!["stranger"]).await.fails(404);
    assert_eq!(online(owner.clone()).await.data()["userCnt"], json!("1"));
    // Quitting takes a member offline.
    emu.admin(
        Method::DELETE,
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({"accounts": ["m-4"]})),
    )
    .await
    .data();
    assert_eq!(online(owner.clone()).await.data()["userCnt"], json!("0"));
    assert_eq!(set(vec![]).await.data()["online"], json!(0));
    // Errors.
    emu.get_topic("/api/uctopic/onlineinfo", Auth::Token(&owner), 7)
        .await
        .fails(404);
    emu.get_topic("/api/uctopic/onlineinfo", Auth::None, topic)
        .await
        .fails(401);
    emu.call(
        Method::GET,
        "/api/uctopic/onlineinfo",
        Auth::Token(&owner),
        &[],
        None,
    )
    .await
    .fails(400);
    emu.admin(
        Method::PUT,
        "/emulator/topics/99/online",
        Some(&json!({"accounts": []})),
    )
    .await
    .fails(404);
}

// ---------------------------------------------------------------------------------------------
// Mute

#[tokio::test]
async fn mute_list_and_unmute() {
    let emu = start().await;
    let (topic, owner) = emu.group("owner", "g").await;
    emu.join(topic, &accounts("m", 3)).await;
    let mute = |token: String, body: Value| {
        let emu = &emu;
        async move {
            emu.call(
                Method::POST,
                "/api/uctopic/forbidsendmsg",
                Auth::Token(&token),
                &[],
                Some(&body),
            )
            .await
        }
    };
    let mutes = || {
        let emu = &emu;
        async move {
            emu.admin(
                Method::GET,
                &format!("/emulator/topics/{topic}/mutes"),
                None,
            )
            .await
            .data()["mutes"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let reply = mute(
        owner.clone(),
        json!({"topicId": topic, "user": "m-0", "forbidSeconds": 60}),
    )
    .await;
    assert_eq!(reply.data(), &json!(""));
    let list = mutes().await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["account"], json!("m-0"));
    assert_eq!(id(&list[0]["uuid"]), emu.uuid("m-0").await);
    let remaining = list[0]["remainingSeconds"].as_u64().unwrap();
    assert!((58..=60).contains(&remaining), "{remaining}");
    // Ids as strings, ten years is the maximum.
    mute(
        owner.clone(),
        json!({"topicId": topic.to_string(), "user": "m-1", "forbidSeconds": "315360000"}),
    )
    .await
    .data();
    mute(
        owner.clone(),
        json!({"topicId": topic, "user": "m-2", "forbidSeconds": 315_360_001u64}),
    )
    .await
    .fails(400);
    let list = mutes().await;
    let names: Vec<&str> = list
        .iter()
        .map(|m| m["account"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["m-0", "m-1"]);
    // 0 lifts a mute.
    mute(
        owner.clone(),
        json!({"topicId": topic, "user": "m-0", "forbidSeconds": 0}),
    )
    .await
    .data();
    let list = mutes().await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["account"], json!("m-1"));
    // Lifting a mute that is not there is fine.
    mute(
        owner.clone(),
        json!({"topicId": topic, "user": "m-2", "forbidSeconds": 0}),
    )
    .await
    .data();
    // A mute ends by itself: 30 s mute, clock +31 s.
    mute(
        owner.clone(),
        json!({"topicId": topic, "user": "m-2", "forbidSeconds": 30}),
    )
    .await
    .data();
    assert_eq!(mutes().await.len(), 2);
    emu.admin(
        Method::POST,
        "/emulator/clock",
        Some(&json!({"advanceSeconds": 31})),
    )
    .await
    .data();
    assert_eq!(mutes().await.len(), 1);

    // Errors.
    let member = emu.token("m-0").await;
    mute(
        member,
        json!({"topicId": topic, "user": "m-1", "forbidSeconds": 60}),
    )
    .await
    .fails(403);
    mute(
        owner.clone(),
        json!({"topicId": topic, "user": "stranger", "forbidSeconds": 60}),
    )
    .await
    .fails(404);
    mute(
        owner.clone(),
        json!({"topicId": 1, "user": "m-1", "forbidSeconds": 60}),
    )
    .await
    .fails(404);
    mute(
        owner.clone(),
        json!({"topicId": topic, "forbidSeconds": 60}),
    )
    .await
    .fails(400);
    mute(owner.clone(), json!({"topicId": topic, "user": "m-1"}))
        .await
        .fails(400);
    mute(owner.clone(), json!({"user": "m-1", "forbidSeconds": 60}))
        .await
        .fails(400);
    mute(
        owner.clone(),
        json!({"topicId": topic, "user": "m-1", "forbidSeconds": -1}),
    )
    .await
    .fails(400);
    emu.admin(Method::GET, "/emulator/topics/5/mutes", None)
        .await
        .fails(404);
    emu.admin(Method::GET, "/emulator/topics/x/mutes", None)
        .await
        .fails(400);
}

// ---------------------------------------------------------------------------------------------
// Auth modes

#[tokio::test]
async fn app_credentials_with_an_account_act_as_that_user() {
    let emu = start().await;
    let topic = emu.create(Auth::App(Some("alice")), "by-app").await;
    let token = emu.token("alice").await;
    assert_eq!(emu.my_groups(Auth::Token(&token)).await, vec![topic]);
    let info = emu.info(Auth::Token(&token), topic).await;
    assert_eq!(info["ownerAccount"], json!("alice"));
    // And the token user may act as owner, as may the appAccount caller.
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        Auth::Token(&token),
        &[],
        Some(&json!({"topicId": topic, "topicName": "renamed"})),
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        Auth::App(Some("bob")),
        &[],
        Some(&json!({"topicId": topic, "topicName": "nope"})),
    )
    .await
    .fails(403);
    assert_eq!(
        emu.info(Auth::App(Some("bob")), topic).await["topicName"],
        json!("renamed")
    );
}

#[tokio::test]
async fn app_server_may_manage_any_group_but_not_create_or_list() {
    let emu = start().await;
    let (topic, _) = emu.group("owner", "g").await;
    emu.join(topic, &accounts("m", 2)).await;
    let server = Auth::App(None);
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic/update",
            server,
            &[],
            Some(&json!({"topicId": topic, "topicName": "by-server", "ownerAccount": "m-0"})),
        )
        .await;
    assert_eq!(reply.data()["topicName"], json!("by-server"));
    assert_eq!(reply.data()["ownerAccount"], json!("m-0"));
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        server,
        &[],
        Some(&json!({"topicId": topic, "ownerAccount": "nobody"})),
    )
    .await
    .fails(409);
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg",
        server,
        &[],
        Some(&json!({"topicId": topic, "user": "m-1", "forbidSeconds": 100})),
    )
    .await
    .data();
    assert_eq!(emu.info(server, topic).await["memberNum"], json!("3"));
    assert_eq!(emu.page(server, topic, None).await.count, 3);
    emu.get_topic("/api/uctopic/onlineinfo", server, topic)
        .await
        .data();
    emu.call(
        Method::POST,
        "/api/uctopic",
        server,
        &[],
        Some(&json!({"topicName": "x"})),
    )
    .await
    .fails(400);
    emu.call(Method::GET, "/api/uctopic/topics", server, &[], None)
        .await
        .fails(400);
    emu.call(
        Method::DELETE,
        "/api/uctopic",
        server,
        &[("topicId", &topic.to_string())],
        None,
    )
    .await
    .data();
    emu.get_topic("/api/uctopic/topic", server, topic)
        .await
        .fails(404);
}

#[tokio::test]
async fn base64_app_account_is_the_same_user_as_its_token() {
    let emu = start().await;
    let encoded = "5bCP57Gz55So5oi3";
    let headers = [
        ("appId", APP_ID),
        ("appKey", APP_KEY),
        ("appSecret", APP_SECRET),
        ("appAccount", encoded),
        ("appAccountEncode", "base64"),
    ];
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic",
            Auth::None,
            &headers,
            Some(&json!({"topicName": "中文群"})),
        )
        .await;
    let topic = id(&reply.data()["topicId"]);
    assert_eq!(id(&reply.data()["ownerUuid"]), emu.uuid("小米用户").await);
    let token = emu.token("小米用户").await;
    assert_eq!(emu.my_groups(Auth::Token(&token)).await, vec![topic]);
    let info = emu.info(Auth::Token(&token), topic).await;
    assert_eq!(info["ownerAccount"], json!("小米用户"));
    assert_eq!(info["topicName"], json!("中文群"));
    let page = emu.page(Auth::Token(&token), topic, None).await;
    assert_eq!(page.accounts, ["小米用户"]);
    // The encoding's name in any case; my groups through the encoded header.
    let mut upper = headers;
    upper[4] = ("appAccountEncode", "BASE64");
    let reply = emu
        .call(Method::GET, "/api/uctopic/topics", Auth::None, &upper, None)
        .await;
    assert_eq!(
        reply
            .data()
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect::<Vec<_>>(),
        [topic]
    );
    // Bad base64, or an unknown encoding, is a 400.
    let mut bad = headers;
    bad[3] = ("appAccount", "***not base64***");
    emu.call(Method::GET, "/api/uctopic/topics", Auth::None, &bad, None)
        .await
        .fails(400);
    let mut other = headers;
    other[4] = ("appAccountEncode", "rot13");
    emu.call(Method::GET, "/api/uctopic/topics", Auth::None, &other, None)
        .await
        .fails(400);
    // Without the encoding header the base64 text is an (ASCII) account of its own.
    let plain = &headers[..4];
    let reply = emu
        .call(Method::GET, "/api/uctopic/topics", Auth::None, plain, None)
        .await;
    assert!(reply.data().as_array().unwrap().is_empty());
}

#[tokio::test]
async fn expired_token_is_401() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    emu.info(Auth::Token(&token), topic).await;
    let clock = |seconds: u64| {
        let emu = &emu;
        async move {
            emu.admin(
                Method::POST,
                "/emulator/clock",
                Some(&json!({"advanceSeconds": seconds})),
            )
            .await
            .data()
            .clone()
        }
    };
    let now = clock(0).await["now"].as_u64().unwrap();
    let later = clock(86_000).await["now"].as_u64().unwrap();
    assert!(later >= now + 86_000);
    emu.info(Auth::Token(&token), topic).await; // still valid just before the ttl
    clock(4_000).await; // 90000 in all
    for path in [
        "/api/uctopic/topic",
        "/api/uctopic/userlist",
        "/api/uctopic/onlineinfo",
    ] {
        emu.get_topic(path, Auth::Token(&token), topic)
            .await
            .fails(401);
    }
    emu.call(
        Method::GET,
        "/api/uctopic/topics",
        Auth::Token(&token),
        &[],
        None,
    )
    .await
    .fails(401);
    // A fresh token works; app credentials never expire.
    let fresh = emu.token("owner").await;
    assert_eq!(emu.my_groups(Auth::Token(&fresh)).await, vec![topic]);
    assert_eq!(emu.my_groups(Auth::App(Some("owner"))).await, vec![topic]);
}

#[tokio::test]
async fn expired_token_after_one_big_clock_step() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    emu.admin(
        Method::POST,
        "/emulator/clock",
        Some(&json!({"advanceSeconds": 90_000})),
    )
    .await
    .data();
    let reply = emu
        .get_topic("/api/uctopic/topic", Auth::Token(&token), topic)
        .await;
    reply.fails(401);
    assert!(reply.json["message"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn short_token_ttl() {
    let emu = start_with(10, mimc_emulator::wire::WireFormat::Documented).await;
    let token = emu.token("a").await;
    emu.my_groups(Auth::Token(&token)).await;
    emu.admin(
        Method::POST,
        "/emulator/clock",
        Some(&json!({"advanceSeconds": 10})),
    )
    .await
    .data();
    emu.call(
        Method::GET,
        "/api/uctopic/topics",
        Auth::Token(&token),
        &[],
        None,
    )
    .await
    .fails(401);
}

// ---------------------------------------------------------------------------------------------
// Leniency: header case, trailing slashes, unknown fields, ids as strings, big ids

#[tokio::test]
async fn header_names_in_any_case() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    for (token_name, topic_name) in [
        ("TOKEN", "TOPICID"),
        ("Token", "TopicId"),
        ("token", "topicid"),
        ("tOkEn", "tOpIcId"),
    ] {
        let request = format!(
            "GET /api/uctopic/topic HTTP/1.1\r\nHost: x\r\n{token_name}: {token}\r\n\
             {topic_name}: {topic}\r\nConnection: close\r\n\r\n"
        );
        let (status, body) = raw_http(emu.server.addr(), request.as_bytes()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["topicId"], json!(topic.to_string()));
    }
    let request = format!(
        "GET /api/uctopic/topics HTTP/1.1\r\nHost: x\r\nAPPID: {APP_ID}\r\nAppKey: {APP_KEY}\r\n\
         APPSECRET: {APP_SECRET}\r\nAPPACCOUNT: 5bCP57Gz55So5oi3\r\n\
         AppAccountEncode: base64\r\nConnection: close\r\n\r\n"
    );
    let (status, body) = raw_http(emu.server.addr(), request.as_bytes()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"], json!([]), "小米用户 has no groups");
    let request = format!(
        "DELETE /api/uctopic HTTP/1.1\r\nHost: x\r\nTOKEN: {token}\r\nTOPICID: {topic}\r\n\
         Connection: close\r\n\r\n"
    );
    let (status, body) = raw_http(emu.server.addr(), request.as_bytes()).await;
    assert_eq!(status, 200, "{body}");
    emu.get_topic("/api/uctopic/topic", Auth::Token(&token), topic)
        .await
        .fails(404);
    // reqwest's own title-case mode.
    let client = reqwest::Client::builder()
        .http1_title_case_headers()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap();
    let reply = reply(
        client
            .post(emu.url("/api/uctopic"))
            .header("TOKEN", &token)
            .json(&json!({"topicName": "t"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    reply.data();
}

#[tokio::test]
async fn trailing_slashes_are_accepted() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let auth = Auth::Token(&token);
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic/",
            auth,
            &[],
            Some(&json!({"topicName": "slash"})),
        )
        .await;
    let topic = id(&reply.data()["topicId"]);
    let t = topic.to_string();
    emu.call(
        Method::GET,
        "/api/uctopic/topic/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
    emu.call(
        Method::GET,
        "/api/uctopic/userlist/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
    emu.call(
        Method::GET,
        "/api/uctopic/onlineinfo/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
    emu.call(Method::GET, "/api/uctopic/topics/", auth, &[], None)
        .await
        .data();
    emu.call(
        Method::POST,
        "/api/uctopic/update/",
        auth,
        &[],
        Some(&json!({"topicId": topic, "extra": "x"})),
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg/",
        auth,
        &[],
        Some(&json!({"topicId": topic, "user": "owner", "forbidSeconds": 1})),
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/account/token/",
        Auth::None,
        &[],
        Some(&json!({"appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAccount": "z"})),
    )
    .await
    .data();
    emu.admin(
        Method::POST,
        &format!("/emulator/topics/{topic}/members/"),
        Some(&json!({"accounts": ["m"]})),
    )
    .await
    .data();
    emu.call(
        Method::DELETE,
        "/api/uctopic/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
}

#[tokio::test]
async fn unknown_body_fields_are_ignored() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let auth = Auth::Token(&token);
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic",
            auth,
            &[],
            Some(&json!({"topicName": "g", "appId": APP_ID, "foo": {"bar": [1, 2]}, "n": null})),
        )
        .await;
    let topic = id(&reply.data()["topicId"]);
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        auth,
        &[],
        Some(&json!({"topicId": topic, "topicName": "h", "whatever": true, "sdkVersion": "1.0"})),
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg",
        auth,
        &[],
        Some(&json!({"topicId": topic, "user": "owner", "forbidSeconds": 5, "reason": "spam"})),
    )
    .await
    .data();
    // A body where none is expected is ignored too.
    emu.call(
        Method::GET,
        "/api/uctopic/topic",
        auth,
        &[("topicId", &topic.to_string())],
        Some(&json!({"ignored": 1})),
    )
    .await
    .data();
    // null fields are absent: topicName null with extra set is an extra-only update.
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic/update",
            auth,
            &[],
            Some(&json!({"topicId": topic, "topicName": null, "extra": "e"})),
        )
        .await;
    assert_eq!(reply.data()["topicName"], json!("h"));
}

#[tokio::test]
async fn ids_above_2_pow_53_round_trip_exactly() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "big").await;
    let auth = Auth::Token(&token);
    assert!(topic > JS_SAFE, "{topic}");
    // f64 cannot hold it: the test would be vacuous otherwise.
    let near = (topic as f64) as u64;
    let members = accounts("m", 20);
    emu.join(topic, &members).await;
    // Every id in every answer is above 2^53 and comes back as sent.
    for body in [
        json!({"topicId": topic, "topicName": "n"}),
        json!({"topicId": topic.to_string(), "topicName": "n"}),
        json!({"topicId": format!(" {topic} "), "topicName": "n"}),
    ] {
        let reply = emu
            .call(Method::POST, "/api/uctopic/update", auth, &[], Some(&body))
            .await;
        assert_eq!(reply.data()["topicId"].as_u64(), Some(topic));
    }
    // A neighbour id is another (absent) group: no rounding anywhere.
    for other in [topic - 1, topic + 1] {
        emu.get_topic("/api/uctopic/topic", auth, other)
            .await
            .fails(404);
    }
    if near != topic {
        emu.get_topic("/api/uctopic/topic", auth, near)
            .await
            .fails(404);
    }
    let info = emu.info(auth, topic).await;
    assert_eq!(info["topicId"].as_str(), Some(topic.to_string().as_str()));
    let owner_uuid = id(&info["ownerUuid"]);
    assert!(owner_uuid > JS_SAFE);
    let page = emu.page(auth, topic, None).await;
    assert_eq!(page.uuids.len(), 21);
    for (uuid, account) in page.uuids.iter().zip(&page.accounts) {
        assert!(*uuid > JS_SAFE);
        assert_eq!(emu.uuid(account).await, *uuid);
    }
    // startUuid above 2^53 is exact: start at the k-th member, get exactly the ones after it.
    let k = 7;
    let rest = emu.page(auth, topic, Some(page.uuids[k])).await;
    assert_eq!(rest.uuids, page.uuids[k + 1..]);
    assert_eq!(emu.my_groups(auth).await, vec![topic]);
    // Muting by a big id in a string.
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg",
        auth,
        &[],
        Some(&json!({"topicId": topic.to_string(), "user": "m-3", "forbidSeconds": 9})),
    )
    .await
    .data();
    // The raw text carries the exact digits (a number for topicId in create/update).
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic/update",
            auth,
            &[],
            Some(&json!({"topicId": topic, "extra": "z"})),
        )
        .await;
    assert!(
        reply.text.contains(&format!("\"topicId\":{topic}")),
        "{}",
        reply.text
    );
}

// ---------------------------------------------------------------------------------------------
// Wire formats

#[tokio::test]
async fn documented_wire_format() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.join(topic, &accounts("m", 2)).await;
    let config = emu.admin(Method::GET, "/emulator/config", None).await;
    assert_eq!(config.data()["wireFormat"], json!("documented"));
    assert_eq!(config.data()["apps"][0]["appId"], json!(APP_ID));

    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    let data = reply.data();
    assert_eq!(data["count"], json!("3"));
    assert_eq!(data["isEnd"], json!("true"));
    for member in data["members"].as_array().unwrap() {
        let member = member.as_object().unwrap();
        assert!(member["uuid"].is_string());
        assert!(
            member["appAccout"].is_string(),
            "the documented misspelling"
        );
        assert!(!member.contains_key("appAccount"));
        assert_eq!(member["appId"], json!(APP_ID));
        assert_eq!(member.len(), 3);
    }
    let info = emu.info(auth, topic).await;
    for field in ["topicId", "ownerUuid", "memberNum"] {
        assert!(info[field].is_string(), "{field} in {info}");
    }
    let online = emu.get_topic("/api/uctopic/onlineinfo", auth, topic).await;
    assert!(online.data()["userCnt"].is_string());
    assert!(online.data()["topicId"].is_string());
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic",
            auth,
            &[],
            Some(&json!({"topicName": "n"})),
        )
        .await;
    assert!(reply.data()["topicId"].is_u64());
    assert!(reply.data()["ownerUuid"].is_u64());
    let reply = emu
        .call(Method::GET, "/api/uctopic/topics", auth, &[], None)
        .await;
    assert!(reply.data().as_array().unwrap().iter().all(Value::is_u64));
    // isEnd "false" on a non-final page.
    emu.join(topic, &accounts("more", 120)).await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    assert_eq!(reply.data()["isEnd"], json!("false"));
    assert_eq!(reply.data()["count"], json!("100"));
    // The envelope's code is a number in both formats.
    assert!(reply.json["code"].is_u64());
}

#[tokio::test]
async fn native_wire_format() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.set_wire("native").await;
    assert_eq!(
        emu.admin(Method::GET, "/emulator/config", None)
            .await
            .data()["wireFormat"],
        json!("native")
    );
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    let data = reply.data();
    assert_eq!(data["count"], json!(1));
    assert_eq!(data["isEnd"], json!(true));
    let member = data["members"][0].as_object().unwrap();
    assert_eq!(member["uuid"].as_u64(), Some(emu.uuid("owner").await));
    assert_eq!(member["appAccount"], json!("owner"));
    assert!(!member.contains_key("appAccout"));
    let info = emu.info(auth, topic).await;
    assert_eq!(info["topicId"].as_u64(), Some(topic));
    assert!(info["ownerUuid"].is_u64());
    assert_eq!(info["memberNum"], json!(1));
    let online = emu.get_topic("/api/uctopic/onlineinfo", auth, topic).await;
    assert_eq!(online.data()["userCnt"], json!(0));
    assert_eq!(online.data()["topicId"].as_u64(), Some(topic));
    emu.join(topic, &accounts("m", 100)).await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    assert_eq!(reply.data()["isEnd"], json!(false));
    // And back.
    emu.set_wire("documented").await;
    assert_eq!(emu.info(auth, topic).await["memberNum"], json!("101"));
    // A bad format is refused and changes nothing.
    emu.admin(
        Method::PUT,
        "/emulator/config",
        Some(&json!({"wireFormat": "xml"})),
    )
    .await
    .fails(400);
    assert_eq!(emu.info(auth, topic).await["memberNum"], json!("101"));
}

#[tokio::test]
async fn native_wire_format_from_the_start() {
    let emu = start_with(86_400, mimc_emulator::wire::WireFormat::Native).await;
    let (topic, token) = emu.group("owner", "g").await;
    assert_eq!(
        emu.info(Auth::Token(&token), topic).await["memberNum"],
        json!(1)
    );
}

// ---------------------------------------------------------------------------------------------
// HTTP: CORS, routes, methods, body limit, malformed requests

#[tokio::test]
async fn cors_preflight_and_answers() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    for path in [
        "/api/uctopic/userlist",
        "/api/uctopic",
        "/api/uctopic/topic/",
    ] {
        let response = emu
            .client
            .request(Method::OPTIONS, emu.url(path))
            .header("Origin", "http://localhost:5173")
            .header("Access-Control-Request-Method", "GET")
            .header(
                "Access-Control-Request-Headers",
                "token,topicid,content-type",
            )
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        let headers = response.headers();
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        let origin = get("access-control-allow-origin");
        assert!(
            origin == "*" || origin == "http://localhost:5173",
            "{origin:?}"
        );
        let allowed = get("access-control-allow-headers").to_ascii_lowercase();
        assert!(
            allowed == "*"
                || ["token", "topicid", "content-type"]
                    .iter()
                    .all(|h| allowed.contains(h)),
            "{allowed:?}"
        );
        let methods = get("access-control-allow-methods");
        assert!(methods == "*" || methods.contains("GET"), "{methods:?}");
    }
    // Preflights are not counted as API requests.
    let counts = emu.admin(Method::GET, "/emulator/requests", None).await;
    assert!(!counts.text.contains("OPTIONS"), "{}", counts.text);
    // Normal answers, successes and failures, carry the origin header.
    for (path, auth) in [
        ("/api/uctopic/topic", Auth::Token(&token)),
        ("/api/uctopic/topic", Auth::None),
        ("/api/nowhere", Auth::None),
    ] {
        let response = authorize(emu.client.get(emu.url(path)), auth)
            .header("Origin", "http://localhost:5173")
            .header("topicId", topic.to_string())
            .send()
            .await
            .unwrap();
        let origin = response
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok());
        assert!(
            matches!(origin, Some("*") | Some("http://localhost:5173")),
            "{path}: {origin:?}"
        );
    }
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let emu = start().await;
    let token = emu.token("t").await;
    let auth = Auth::Token(&token);
    // As a web server answers a path it has no handler for: a 404 of its own, no envelope.
    for path in [
        "/api/nothing",
        "/",
        "/api/uctopic/nothing",
        "/api",
        "/api/topic",
        "/nothing",
        "/emulator/nothing",
    ] {
        for (method, body) in [(Method::GET, None), (Method::POST, Some(json!({})))] {
            let reply = emu
                .call(method.clone(), path, auth, &[], body.as_ref())
                .await;
            assert_eq!(reply.status, 404, "{method} {path}: {}", reply.text);
            assert_eq!(
                reply.text,
                format!("404 Not Found: no route for {method} {path}\n")
            );
            assert!(reply
                .header("content-type")
                .is_some_and(|c| c.starts_with("text/plain")));
        }
    }
    for (method, path) in [
        (Method::GET, "/api/uctopic"),
        (Method::PUT, "/api/uctopic"),
        (Method::GET, "/api/uctopic/update"),
        (Method::DELETE, "/api/uctopic/update"),
        (Method::POST, "/api/uctopic/userlist"),
        (Method::POST, "/api/uctopic/topics"),
        (Method::DELETE, "/api/uctopic/topic"),
        (Method::PATCH, "/api/uctopic/onlineinfo"),
        (Method::GET, "/api/uctopic/forbidsendmsg"),
        (Method::GET, "/api/account/token"),
        (Method::GET, "/emulator/reset"),
        (Method::POST, "/emulator/config"),
        (Method::PUT, "/emulator/requests"),
    ] {
        let reply = emu.call(method.clone(), path, auth, &[], None).await;
        assert_eq!(reply.status, 405, "{method} {path}: {}", reply.text);
        reply.fails(405);
    }
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let auth = Auth::Token(&token);
    let (topic, _) = emu.group("owner", "g").await;
    // A body of exactly 64 KiB is read (and refused for its too long extra: 400, not 413).
    let body = |total: usize| {
        let prefix = "{\"topicName\":\"x\",\"extra\":\"";
        let suffix = "\"}";
        format!(
            "{prefix}{}{suffix}",
            "e".repeat(total - prefix.len() - suffix.len())
        )
    };
    let exact = body(64 * 1024);
    assert_eq!(exact.len(), 65_536);
    emu.raw(Method::POST, "/api/uctopic", auth, &[], exact)
        .await
        .fails(400);
    for path in [
        "/api/uctopic",
        "/api/uctopic/update",
        "/api/uctopic/forbidsendmsg",
    ] {
        emu.raw(Method::POST, path, auth, &[], body(64 * 1024 + 1))
            .await
            .fails(413);
        emu.raw(Method::POST, path, auth, &[], body(1024 * 1024))
            .await
            .fails(413);
    }
    emu.raw(
        Method::POST,
        "/api/account/token",
        Auth::None,
        &[],
        body(70_000),
    )
    .await
    .fails(413);
    // The server is fine afterwards, and nothing was created.
    assert_eq!(emu.my_groups(auth).await, vec![topic]);
}

/// Every malformed request answers the envelope with a non-200 code and `data: null`, quickly.
#[tokio::test]
async fn malformed_requests_answer_an_error_envelope() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    emu.join(topic, &["m".to_owned()]).await;
    let t = topic.to_string();
    struct Case {
        name: &'static str,
        method: Method,
        path: String,
        headers: Vec<(&'static str, Vec<u8>)>,
        body: Vec<u8>,
        code: u16,
    }
    let auth = || vec![("token", token.clone().into_bytes())];
    let with = |extra: Vec<(&'static str, Vec<u8>)>| {
        let mut headers = auth();
        headers.extend(extra);
        headers
    };
    let post = |name: &'static str, path: &str, body: &str, code: u16| Case {
        name,
        method: Method::POST,
        path: path.to_owned(),
        headers: auth(),
        body: body.as_bytes().to_vec(),
        code,
    };
    let get =
        |name: &'static str, path: &str, headers: Vec<(&'static str, Vec<u8>)>, code: u16| Case {
            name,
            method: Method::GET,
            path: path.to_owned(),
            headers: with(headers),
            body: Vec::new(),
            code,
        };
    let create = "/api/uctopic";
    let update = "/api/uctopic/update";
    let mute = "/api/uctopic/forbidsendmsg";
    let token_path = "/api/account/token";
    let mut cases = vec![
        post("bad JSON", create, "{\"topicName\": ", 400),
        post("not JSON", create, "topicName=x", 400),
        post("JSON array", create, "[{\"topicName\": \"x\"}]", 400),
        post("JSON string", create, "\"x\"", 400),
        post("JSON number", create, "42", 400),
        post("JSON null", create, "null", 400),
        post("empty body", create, "", 400),
        post("whitespace body", create, " \n\t ", 400),
        post("trailing garbage", create, "{\"topicName\": \"x\"} x", 400),
        post("two objects", create, "{\"topicName\": \"x\"}{}", 400),
        post("topicName object", create, "{\"topicName\": {}}", 400),
        post("topicName array", create, "{\"topicName\": [\"x\"]}", 400),
        post("topicName bool", create, "{\"topicName\": true}", 400),
        post(
            "extra object",
            create,
            "{\"topicName\": \"x\", \"extra\": {\"a\": 1}}",
            400,
        ),
        post(
            "extra array",
            create,
            "{\"topicName\": \"x\", \"extra\": []}",
            400,
        ),
        post(
            "extra bool",
            create,
            "{\"topicName\": \"x\", \"extra\": false}",
            400,
        ),
        post("update empty body", update, "", 400),
        post("update array", update, "[]", 400),
        post(
            "update topicId negative",
            update,
            &format!("{{\"topicId\": -{t}, \"topicName\": \"x\"}}"),
            400,
        ),
        post(
            "update topicId -1",
            update,
            "{\"topicId\": -1, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId \"-1\"",
            update,
            "{\"topicId\": \"-1\", \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId text",
            update,
            "{\"topicId\": \"abc\", \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId float",
            update,
            "{\"topicId\": 1.5, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId exponent",
            update,
            "{\"topicId\": 1e3, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId bool",
            update,
            "{\"topicId\": true, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId object",
            update,
            "{\"topicId\": {}, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId 2^64",
            update,
            "{\"topicId\": 18446744073709551616, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId \"2^64\"",
            update,
            "{\"topicId\": \"18446744073709551616\", \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicName array",
            update,
            &format!("{{\"topicId\": {t}, \"topicName\": []}}"),
            400,
        ),
        post(
            "update ownerAccount object",
            update,
            &format!("{{\"topicId\": {t}, \"ownerAccount\": {{}}}}"),
            400,
        ),
        post(
            "update extra bool",
            update,
            &format!("{{\"topicId\": {t}, \"extra\": true}}"),
            400,
        ),
        post("mute empty", mute, "", 400),
        post(
            "mute forbidSeconds negative",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": \"m\", \"forbidSeconds\": -5}}"),
            400,
        ),
        post(
            "mute forbidSeconds text",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": \"m\", \"forbidSeconds\": \"ten\"}}"),
            400,
        ),
        post(
            "mute forbidSeconds float",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": \"m\", \"forbidSeconds\": 2.5}}"),
            400,
        ),
        post(
            "mute user object",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": {{}}, \"forbidSeconds\": 5}}"),
            400,
        ),
        post(
            "mute user array",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": [\"m\"], \"forbidSeconds\": 5}}"),
            400,
        ),
        post("token array", token_path, "[]", 400),
        post(
            "token appId array",
            token_path,
            "{\"appId\": [], \"appKey\": \"k\", \"appSecret\": \"s\", \"appAccount\": \"a\"}",
            400,
        ),
        post("token empty", token_path, "", 400),
        get(
            "topicId text",
            "/api/uctopic/topic",
            vec![("topicId", b"abc".to_vec())],
            400,
        ),
        get(
            "topicId negative",
            "/api/uctopic/topic",
            vec![("topicId", b"-1".to_vec())],
            400,
        ),
        get(
            "topicId empty",
            "/api/uctopic/topic",
            vec![("topicId", b"".to_vec())],
            400,
        ),
        get(
            "topicId float",
            "/api/uctopic/topic",
            vec![("topicId", b"1.0".to_vec())],
            400,
        ),
        get(
            "topicId hex",
            "/api/uctopic/topic",
            vec![("topicId", b"0x10".to_vec())],
            400,
        ),
        get(
            "topicId 2^64",
            "/api/uctopic/topic",
            vec![("topicId", b"18446744073709551616".to_vec())],
            400,
        ),
        get(
            "topicId not UTF-8",
            "/api/uctopic/topic",
            vec![("topicId", vec![0xff, 0xfe])],
            400,
        ),
        get(
            "userlist topicId text",
            "/api/uctopic/userlist",
            vec![("topicId", b"x".to_vec())],
            400,
        ),
        get(
            "startUuid text",
            "/api/uctopic/userlist",
            vec![
                ("topicId", t.clone().into_bytes()),
                ("startUuid", b"next".to_vec()),
            ],
            400,
        ),
        get(
            "startUuid negative",
            "/api/uctopic/userlist",
            vec![
                ("topicId", t.clone().into_bytes()),
                ("startUuid", b"-100".to_vec()),
            ],
            400,
        ),
        get(
            "onlineinfo topicId negative",
            "/api/uctopic/onlineinfo",
            vec![("topicId", b"-9".to_vec())],
            400,
        ),
        get("topicId absent", "/api/uctopic/topic", vec![], 400),
    ];
    cases.push(Case {
        name: "delete topicId text",
        method: Method::DELETE,
        path: create.to_owned(),
        headers: with(vec![("topicId", b"1e3".to_vec())]),
        body: Vec::new(),
        code: 400,
    });
    cases.push(Case {
        name: "body not UTF-8",
        method: Method::POST,
        path: create.to_owned(),
        headers: auth(),
        body: vec![b'{', 0xff, 0xfe, b'}'],
        code: 400,
    });
    cases.push(Case {
        name: "token not UTF-8",
        method: Method::GET,
        path: "/api/uctopic/topics".to_owned(),
        headers: vec![("token", vec![0xc3, 0x28])],
        body: Vec::new(),
        code: 400,
    });
    cases.push(Case {
        name: "appAccount not UTF-8",
        method: Method::GET,
        path: "/api/uctopic/topics".to_owned(),
        headers: vec![
            ("appId", APP_ID.into()),
            ("appKey", APP_KEY.into()),
            ("appSecret", APP_SECRET.into()),
            ("appAccount", vec![0xe5, 0xb0]),
        ],
        body: Vec::new(),
        code: 400,
    });
    cases.push(Case {
        name: "base64 of invalid UTF-8",
        method: Method::GET,
        path: "/api/uctopic/topics".to_owned(),
        headers: vec![
            ("appId", APP_ID.into()),
            ("appKey", APP_KEY.into()),
            ("appSecret", APP_SECRET.into()),
            ("appAccount", b"//79".to_vec()),
            ("appAccountEncode", b"base64".to_vec()),
        ],
        body: Vec::new(),
        code: 400,
    });
    // The admin API answers the same way.
    let members = format!("/emulator/topics/{t}/members");
    for (name, path, body) in [
        ("join bad JSON", members.as_str(), "{"),
        ("join no accounts", members.as_str(), "{}"),
        (
            "join accounts not array",
            members.as_str(),
            "{\"accounts\": \"a\"}",
        ),
        (
            "join account numbers",
            members.as_str(),
            "{\"accounts\": [1, 2]}",
        ),
        (
            "join empty account",
            members.as_str(),
            "{\"accounts\": [\"\"]}",
        ),
        (
            "join topic not a number",
            "/emulator/topics/abc/members",
            "{\"accounts\": []}",
        ),
        (
            "clock negative",
            "/emulator/clock",
            "{\"advanceSeconds\": -1}",
        ),
        ("clock missing", "/emulator/clock", "{}"),
        ("fault unknown field", "/emulator/faults", "{\"bogus\": 1}"),
        (
            "fault wrong type",
            "/emulator/faults",
            "{\"times\": \"two\"}",
        ),
        ("fault array", "/emulator/faults", "[]"),
    ] {
        cases.push(Case {
            name,
            method: Method::POST,
            path: path.to_owned(),
            headers: vec![],
            body: body.as_bytes().to_vec(),
            code: 400,
        });
    }
    cases.push(Case {
        name: "config bad JSON",
        method: Method::PUT,
        path: "/emulator/config".to_owned(),
        headers: vec![],
        body: b"{".to_vec(),
        code: 400,
    });

    for case in cases {
        let mut request = emu.client.request(case.method.clone(), emu.url(&case.path));
        for (name, value) in &case.headers {
            request = request.header(
                *name,
                reqwest::header::HeaderValue::from_bytes(value).expect("header value"),
            );
        }
        let response = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            request.body(case.body.clone()).send(),
        )
        .await
        .unwrap_or_else(|_| panic!("{}: no answer in 10 s", case.name))
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let reply = reply(response).await;
        assert_ne!(reply.status, 200, "{}: {}", case.name, reply.text);
        assert_eq!(reply.status, case.code, "{}: {}", case.name, reply.text);
        assert_eq!(
            reply.json["code"],
            json!(case.code),
            "{}: {}",
            case.name,
            reply.text
        );
        assert!(
            reply.json["message"].is_string(),
            "{}: {}",
            case.name,
            reply.text
        );
        assert!(
            reply
                .json
                .as_object()
                .is_some_and(|o| o.contains_key("data"))
                && reply.json["data"].is_null(),
            "{}: {}",
            case.name,
            reply.text
        );
    }
    // Nothing changed: one group, two members, same name.
    let info = emu.info(Auth::Token(&token), topic).await;
    assert_eq!(info["memberNum"], json!("2"));
    assert_eq!(info["topicName"], json!("g"));
    assert_eq!(emu.my_groups(Auth::Token(&token)).await, vec![topic]);
}
