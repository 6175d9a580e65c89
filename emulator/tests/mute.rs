//! Mutes over real HTTP: mute, the list of mutes, unmute, and mutes expiring by the clock.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

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
