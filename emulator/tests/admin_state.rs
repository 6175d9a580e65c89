//! The admin API's state: reset, the clock, and its own errors.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn reset_clears_everything_but_the_apps() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.join(topic, &accounts("m", 10)).await;
    emu.add_fault(json!({"status": 503, "times": 10})).await;
    emu.admin(
        Method::PUT,
        &format!("/emulator/topics/{topic}/online"),
        Some(&json!({"accounts": ["m-1"]})),
    )
    .await
    .data();
    let reply = emu.admin(Method::POST, "/emulator/reset", None).await;
    assert!(reply.data().is_null());
    // Faults and counts are gone.
    assert!(emu.pending_faults().await.is_empty());
    assert_eq!(emu.counts(None).await["total"], json!(0));
    // Groups and tokens are gone.
    emu.get_topic("/api/uctopic/topic", Auth::App(Some("owner")), topic)
        .await
        .fails(404);
    emu.call(Method::GET, "/api/uctopic/topics", auth, &[], None)
        .await
        .fails(401);
    emu.admin(
        Method::POST,
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({"accounts": ["x"]})),
    )
    .await
    .fails(404);
    // The app still works: new tokens, new groups.
    let (again, token) = emu.group("owner", "g").await;
    assert_eq!(emu.my_groups(Auth::Token(&token)).await, vec![again]);
    assert_eq!(
        emu.info(Auth::Token(&token), again).await["memberNum"],
        json!("1")
    );
}

#[tokio::test]
async fn reset_keeps_the_wire_format_setting_working() {
    let emu = start().await;
    emu.set_wire("native").await;
    emu.admin(Method::POST, "/emulator/reset", None)
        .await
        .data();
    let (topic, token) = emu.group("owner", "g").await;
    // The wire format is configuration, not state: it survives a reset.
    assert_eq!(
        emu.info(Auth::Token(&token), topic).await["memberNum"],
        json!(1)
    );
}

#[tokio::test]
async fn clock_moves_forward() {
    let emu = start().await;
    let clock = |seconds: Value| {
        let emu = &emu;
        async move {
            emu.admin(
                Method::POST,
                "/emulator/clock",
                Some(&json!({"advanceSeconds": seconds})),
            )
            .await
        }
    };
    let t0 = clock(json!(0)).await.data()["now"].as_u64().unwrap();
    let t1 = clock(json!(3600)).await.data()["now"].as_u64().unwrap();
    assert!(t1 >= t0 + 3600 && t1 <= t0 + 3605);
    let t2 = clock(json!("60")).await.data()["now"].as_u64().unwrap();
    assert!(t2 >= t1 + 60);
    clock(json!(-5)).await.fails(400);
    clock(json!("soon")).await.fails(400);
}

#[tokio::test]
async fn admin_errors() {
    let emu = start().await;
    let (topic, _) = emu.group("owner", "g").await;
    emu.admin(
        Method::POST,
        "/emulator/topics/12/members",
        Some(&json!({"accounts": ["a"]})),
    )
    .await
    .fails(404);
    emu.admin(
        Method::DELETE,
        "/emulator/topics/12/members",
        Some(&json!({"accounts": ["a"]})),
    )
    .await
    .fails(404);
    emu.admin(
        Method::POST,
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({"accounts": ["ok", ""]})),
    )
    .await
    .fails(400);
    // A refused batch adds nobody.
    assert_eq!(
        emu.info(Auth::App(None), topic).await["memberNum"],
        json!("1")
    );
    emu.admin(
        Method::POST,
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({"accounts": ["x".repeat(1025)]})),
    )
    .await
    .fails(400);
    emu.admin(Method::GET, "/emulator/nothing", None)
        .await
        .no_route();
    emu.admin(
        Method::GET,
        &format!("/emulator/topics/{topic}/members"),
        None,
    )
    .await
    .fails(405);
}
