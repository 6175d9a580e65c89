//! The admin API's faults (`/emulator/faults`): statuses, garbage, delays, drops, how many
//! times, which requests they match, and clearing them.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn fault_status_with_retry_after() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.add_fault(
        json!({"path": "/api/uctopic/topic", "status": 503, "headers": {"Retry-After": "7"}}),
    )
    .await;
    assert_eq!(emu.pending_faults().await.len(), 1);
    let reply = emu.get_topic("/api/uctopic/topic", auth, topic).await;
    reply.fails(503);
    assert_eq!(reply.header("retry-after"), Some("7"));
    // Once only (times defaults to 1).
    assert!(emu.pending_faults().await.is_empty());
    let reply = emu.get_topic("/api/uctopic/topic", auth, topic).await;
    reply.data();
    assert_eq!(reply.header("retry-after"), None);
}

#[tokio::test]
async fn fault_any_route_hits_the_next_request() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.add_fault(json!({"status": 429, "headers": {"Retry-After": "1"}}))
        .await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    reply.fails(429);
    assert_eq!(reply.header("retry-after"), Some("1"));
    emu.get_topic("/api/uctopic/userlist", auth, topic)
        .await
        .data();
    // The faulted request still counts as a request.
    let all = emu.counts(Some(topic)).await;
    assert_eq!(all["byRoute"]["GET /api/uctopic/userlist"], json!(2));
}

#[tokio::test]
async fn fault_garbage_body() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.add_fault(json!({"path": "/api/uctopic/userlist", "body": "<html>oops"}))
        .await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text, "<html>oops");
    assert!(reply.json.is_null());
    // A truncated envelope with a status of its own.
    emu.add_fault(
        json!({"path": "/api/uctopic/userlist", "body": "{\"code\":200,\"mess", "status": 502}),
    )
    .await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.text, "{\"code\":200,\"mess");
    emu.get_topic("/api/uctopic/userlist", auth, topic)
        .await
        .data();
}

#[tokio::test]
async fn fault_delay() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    // The delay itself is the point here, so a lower bound: never answered sooner. (No upper
    // bound: on two busy cores a request may take any time.)
    emu.add_fault(json!({"path": "/api/uctopic/topic", "delayMs": 400}))
        .await;
    let started = Instant::now();
    let reply = emu.get_topic("/api/uctopic/topic", auth, topic).await;
    let took = started.elapsed();
    reply.data(); // delayed, then answered normally
    assert!(took >= Duration::from_millis(400), "{took:?}");
    // Only the request that took the fault waits: one held for a minute is still unanswered
    // when another to the same route has been answered, in the emulator's own order.
    emu.add_fault(json!({"path": "/api/uctopic/topic", "delayMs": 60_000}))
        .await;
    let held = emu.get_topic("/api/uctopic/topic", auth, topic);
    let other = async {
        // The held request has reached the emulator once the fault is used up.
        while !emu.pending_faults().await.is_empty() {
            tokio::task::yield_now().await;
        }
        emu.get_topic("/api/uctopic/topic", auth, topic).await
    };
    tokio::select! {
        biased;
        reply = other => {
            reply.data();
        }
        reply = held => panic!("the held request was answered first: {reply:?}"),
    }
    // Delay plus status: the status comes after the delay (a lower bound again).
    emu.add_fault(json!({"delayMs": 200, "status": 500})).await;
    let started = Instant::now();
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(500);
    assert!(started.elapsed() >= Duration::from_millis(200));
    // A client timeout shorter than the delay sees a timeout.
    emu.add_fault(json!({"delayMs": 3000})).await;
    let error = emu
        .client
        .get(emu.url("/api/uctopic/topic"))
        .header("token", &token)
        .header("topicId", topic.to_string())
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("times out");
    assert!(error.is_timeout(), "{error}");
}

#[tokio::test]
async fn fault_drop_is_a_connection_error() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.add_fault(json!({"path": "/api/uctopic/topic", "drop": true}))
        .await;
    let result = async {
        let response = emu
            .client
            .get(emu.url("/api/uctopic/topic"))
            .header("token", &token)
            .header("topicId", topic.to_string())
            .send()
            .await?;
        response.bytes().await
    }
    .await;
    assert!(result.is_err(), "a dropped connection: {result:?}");
    // The next request is fine (on a new connection).
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .data();
}

#[tokio::test]
async fn fault_times_two_then_stops() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.add_fault(json!({"path": "/api/uctopic/topic", "status": 503, "times": 2}))
        .await;
    assert_eq!(emu.pending_faults().await[0]["times"], json!(2));
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(503);
    assert_eq!(emu.pending_faults().await[0]["times"], json!(1));
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(503);
    assert!(emu.pending_faults().await.is_empty());
    for _ in 0..3 {
        emu.get_topic("/api/uctopic/topic", auth, topic)
            .await
            .data();
    }
}

#[tokio::test]
async fn faults_match_by_path_method_and_topic() {
    let emu = start().await;
    let (a, token) = emu.group("owner", "a").await;
    let (b, _) = emu.group("owner", "b").await;
    let auth = Auth::Token(&token);
    // By path (a trailing slash in the fault's path is fine).
    emu.add_fault(json!({"path": "/api/uctopic/onlineinfo/", "status": 500}))
        .await;
    emu.info(auth, a).await;
    emu.page(auth, a, None).await;
    emu.get_topic("/api/uctopic/onlineinfo", auth, a)
        .await
        .fails(500);
    // By method: the POST to /api/uctopic (create) is hit, not the DELETE.
    let (c, _) = emu.group("owner", "c").await;
    emu.add_fault(json!({"path": "/api/uctopic", "method": "post", "status": 500}))
        .await;
    emu.call(
        Method::DELETE,
        "/api/uctopic",
        auth,
        &[("topicId", &c.to_string())],
        None,
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/uctopic",
        auth,
        &[],
        Some(&json!({"topicName": "x"})),
    )
    .await
    .fails(500);
    // A method-only fault.
    emu.add_fault(json!({"method": "DELETE", "status": 503}))
        .await;
    emu.info(auth, a).await;
    emu.call(
        Method::DELETE,
        "/api/uctopic",
        auth,
        &[("topicId", &b.to_string())],
        None,
    )
    .await
    .fails(503);
    assert_eq!(
        emu.info(auth, b).await["topicName"],
        json!("b"),
        "not deleted"
    );
    // By topicId: requests about b pass, the first about a is hit, whatever the route.
    emu.add_fault(json!({"topicId": a.to_string(), "status": 503, "times": 2}))
        .await;
    emu.info(auth, b).await;
    emu.page(auth, b, None).await;
    emu.get_topic("/api/uctopic/userlist", auth, a)
        .await
        .fails(503);
    emu.get_topic("/api/uctopic/topic", auth, a)
        .await
        .fails(503);
    emu.info(auth, a).await;
    // All three conditions at once.
    emu.add_fault(
                json!({"topicId": a.to_string(), "path": "/api/uctopic/topic", "method": "GET", "status": 500}),
    )
    .await;
    emu.info(auth, b).await;
    emu.page(auth, a, None).await;
    emu.get_topic("/api/uctopic/topic", auth, a)
        .await
        .fails(500);
    emu.info(auth, a).await;
}

#[tokio::test]
async fn first_matching_fault_wins() {
    let emu = start().await;
    let (a, token) = emu.group("owner", "a").await;
    let auth = Auth::Token(&token);
    emu.add_fault(json!({"path": "/api/uctopic/topic", "status": 501}))
        .await;
    emu.add_fault(json!({"path": "/api/uctopic/topic", "status": 502}))
        .await;
    emu.get_topic("/api/uctopic/topic", auth, a)
        .await
        .fails(501);
    emu.get_topic("/api/uctopic/topic", auth, a)
        .await
        .fails(502);
    emu.info(auth, a).await;
}

#[tokio::test]
async fn clearing_faults() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.add_fault(json!({"status": 503, "times": 100})).await;
    emu.add_fault(json!({"path": "/api/uctopic/topic", "drop": true}))
        .await;
    assert_eq!(emu.pending_faults().await.len(), 2);
    emu.admin(Method::DELETE, "/emulator/faults", None)
        .await
        .data();
    assert!(emu.pending_faults().await.is_empty());
    emu.info(auth, topic).await;
    emu.page(auth, topic, None).await;
    // Admin routes are never faulted.
    emu.add_fault(json!({"status": 503, "times": 5})).await;
    emu.join(topic, &accounts("m", 2)).await;
    emu.counts(None).await;
    emu.admin(Method::GET, "/emulator/config", None)
        .await
        .data();
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(503);
}
