//! What a group's readers ask over real HTTP: its info, the caller's groups, and the online count.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

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
