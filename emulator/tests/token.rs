//! The token service over real HTTP: tokens issued, its errors, and tokens expiring by the
//! emulator's clock and ttl.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

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
