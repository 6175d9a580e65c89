//! The two auth modes over real HTTP: wrong app credentials, app credentials with and without an
//! appAccount, and base64 accounts.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

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
