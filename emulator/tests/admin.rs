//! Paging, the admin API (joins, request counts and journal, faults, reset, clock) and
//! concurrency.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Paging

/// Walks a group of `n` members (owner included) and checks every page.
async fn check_paging(emu: &Emu, n: usize) {
    let (topic, token) = emu.group(&format!("owner-{n}"), "paged").await;
    let auth = Auth::Token(&token);
    if n > 1 {
        let data = emu.join(topic, &accounts(&format!("g{n}"), n - 1)).await;
        assert_eq!(data["added"], json!(n - 1));
        assert_eq!(data["memberNum"], json!(n));
    }
    let info = emu.info(auth, topic).await;
    assert_eq!(id(&info["memberNum"]), n as u64);

    let pages = emu.all_pages(auth, topic).await;
    assert_eq!(pages.len(), n.div_ceil(100).max(1), "pages for {n}");
    let mut all = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let last = i + 1 == pages.len();
        assert_eq!(page.is_end, last, "isEnd of page {i} for {n}");
        let expected = if last { n - 100 * i } else { 100 };
        assert_eq!(page.count as usize, expected, "count of page {i} for {n}");
        assert_eq!(page.uuids.len(), expected);
        all.extend(page.uuids.iter().copied());
    }
    assert!(all.windows(2).all(|w| w[0] < w[1]), "strictly ascending");
    assert_eq!(all.len(), n);
    // They are exactly the members: the owner and the joined accounts, with matching uuids.
    let mut expected: Vec<u64> = Vec::new();
    expected.push(emu.uuid(&format!("owner-{n}")).await);
    for account in accounts(&format!("g{n}"), n.saturating_sub(1))
        .iter()
        .take(5)
    {
        expected.push(emu.uuid(account).await);
    }
    for uuid in &expected {
        assert!(all.binary_search(uuid).is_ok(), "{uuid} missing");
    }
    let account_of: Vec<(u64, String)> = pages
        .iter()
        .flat_map(|p| p.uuids.iter().copied().zip(p.accounts.iter().cloned()))
        .collect();
    for (uuid, account) in account_of.iter().step_by(37) {
        assert_eq!(emu.uuid(account).await, *uuid);
    }
    // startUuid past the last uuid: an empty, final page (the "0 members" case).
    let past = emu.page(auth, topic, Some(*all.last().unwrap())).await;
    assert_eq!(past.count, 0);
    assert!(past.uuids.is_empty());
    assert!(past.is_end);
    let past = emu.page(auth, topic, Some(u64::MAX)).await;
    assert_eq!(past.count, 0);
    assert!(past.is_end);
    // No startUuid is the same as 0; and a startUuid below every uuid too.
    let first = emu.page(auth, topic, None).await;
    assert_eq!(first.uuids, pages[0].uuids);
    assert_eq!(emu.page(auth, topic, Some(1)).await.uuids, pages[0].uuids);
    // From a startUuid in the middle, exclusive of it; also from one that is not a member.
    if n > 2 {
        let mid = n / 2;
        let page = emu.page(auth, topic, Some(all[mid])).await;
        let want = &all[mid + 1..(mid + 101).min(n)];
        assert_eq!(page.uuids, want, "from the middle of {n}");
        assert_eq!(page.is_end, mid + 101 >= n);
        let between = all[mid] + 1;
        if between < all[mid + 1] {
            assert_eq!(emu.page(auth, topic, Some(between)).await.uuids, want);
        }
    }
}

#[tokio::test]
async fn paging_1_member() {
    check_paging(&start().await, 1).await;
}

#[tokio::test]
async fn paging_100_members() {
    check_paging(&start().await, 100).await;
}

#[tokio::test]
async fn paging_101_members() {
    check_paging(&start().await, 101).await;
}

#[tokio::test]
async fn paging_250_members() {
    check_paging(&start().await, 250).await;
}

#[tokio::test]
async fn paging_in_native_format() {
    let emu = start().await;
    emu.set_wire("native").await;
    check_paging(&emu, 201).await;
}

#[tokio::test]
async fn paging_follows_joins_and_quits() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.join(topic, &accounts("a", 150)).await;
    // Joining twice adds nobody.
    let again = emu.join(topic, &accounts("a", 150)).await;
    assert_eq!(again["added"], json!(0));
    assert_eq!(again["memberNum"], json!(151));
    let quit = emu
        .admin(
            Method::DELETE,
            &format!("/emulator/topics/{topic}/members"),
            Some(&json!({"accounts": accounts("a", 60)})),
        )
        .await;
    assert_eq!(quit.data()["removed"], json!(60));
    assert_eq!(quit.data()["memberNum"], json!(91));
    let pages = emu.all_pages(auth, topic).await;
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].count, 91);
    let quit_uuid = emu.uuid("a-0").await;
    assert!(!pages[0].uuids.contains(&quit_uuid));
    // A startUuid that has quit still pages from its position.
    let start_at = pages[0].uuids[10];
    emu.admin(
        Method::DELETE,
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({"accounts": [pages[0].accounts[10].clone()]})),
    )
    .await
    .data();
    let page = emu.page(auth, topic, Some(start_at)).await;
    assert_eq!(page.uuids, pages[0].uuids[11..]);
    // Quitting accounts that are not members or do not exist removes nobody.
    let quit = emu
        .admin(
            Method::DELETE,
            &format!("/emulator/topics/{topic}/members"),
            Some(&json!({"accounts": ["a-0", "ghost"]})),
        )
        .await;
    assert_eq!(quit.data()["removed"], json!(0));
    // The owner cannot quit.
    emu.admin(
        Method::DELETE,
        &format!("/emulator/topics/{topic}/members"),
        Some(&json!({"accounts": ["owner"]})),
    )
    .await
    .fails(409);
    assert_eq!(emu.info(auth, topic).await["memberNum"], json!("90"));
    // The quitter no longer lists it.
    let quitter = emu.token("a-0").await;
    assert!(emu.my_groups(Auth::Token(&quitter)).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Request counts

async fn counts(emu: &Emu, topic: Option<u64>) -> Value {
    let path = match topic {
        Some(t) => format!("/emulator/requests?topicId={t}"),
        None => "/emulator/requests".to_owned(),
    };
    emu.admin(Method::GET, &path, None).await.data().clone()
}

#[tokio::test]
async fn request_counts() {
    let emu = start().await;
    let (a, token) = emu.group("owner", "a").await;
    let (b, _) = emu.group("owner", "b").await;
    let auth = Auth::Token(&token);
    emu.info(auth, a).await;
    emu.info(auth, a).await;
    emu.page(auth, a, None).await;
    emu.info(auth, b).await;
    emu.get_topic("/api/uctopic/topic/", auth, b).await; // trailing slash counts as the same route
    emu.get_topic("/api/uctopic/topic", Auth::None, a)
        .await
        .fails(401); // failures count
    emu.call(Method::GET, "/api/uctopic/topics", auth, &[], None)
        .await
        .data();
    let all = counts(&emu, None).await;
    // 2 tokens + 2 creates + 3 on a + 2 on b + 1 failed + 1 topics = 11.
    assert_eq!(all["total"], json!(11), "{all}");
    let by_route = &all["byRoute"];
    assert_eq!(by_route["POST /api/account/token"], json!(2));
    assert_eq!(by_route["POST /api/uctopic"], json!(2));
    assert_eq!(by_route["GET /api/uctopic/topic"], json!(5));
    assert_eq!(by_route["GET /api/uctopic/userlist"], json!(1));
    assert_eq!(by_route["GET /api/uctopic/topics"], json!(1));
    let on_a = counts(&emu, Some(a)).await;
    assert_eq!(on_a["total"], json!(4), "{on_a}");
    assert_eq!(on_a["byRoute"]["GET /api/uctopic/topic"], json!(3));
    assert_eq!(on_a["byRoute"]["GET /api/uctopic/userlist"], json!(1));
    let on_b = counts(&emu, Some(b)).await;
    assert_eq!(on_b["total"], json!(2));
    assert_eq!(counts(&emu, Some(12345)).await["total"], json!(0));
    // Admin calls are not counted.
    emu.join(a, &accounts("x", 3)).await;
    assert_eq!(counts(&emu, None).await["total"], json!(11));
    // Clearing starts again from zero.
    emu.admin(Method::DELETE, "/emulator/requests", None)
        .await
        .data();
    let all = counts(&emu, None).await;
    assert_eq!(all["total"], json!(0));
    assert_eq!(all["byRoute"], json!({}));
    assert_eq!(counts(&emu, Some(a)).await["total"], json!(0));
    emu.info(auth, a).await;
    assert_eq!(counts(&emu, Some(a)).await["total"], json!(1));
    assert_eq!(counts(&emu, None).await["total"], json!(1));
}

/// A DELETE of the group, as its owner.
async fn delete(emu: &Emu, auth: Auth<'_>, topic: u64) {
    let topic = topic.to_string();
    emu.call(
        Method::DELETE,
        "/api/uctopic",
        auth,
        &[("topicId", &topic)],
        None,
    )
    .await
    .data();
}

#[tokio::test]
async fn a_deleted_groups_counts_are_kept_only_as_long_as_other_ids() {
    let emu = start().await;
    set_journal_capacity(&emu, 3).await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.info(auth, topic).await;
    delete(&emu, auth, topic).await;
    // Right after, a test can still ask what was sent about it, the delete included.
    let gone = counts(&emu, Some(topic)).await;
    assert_eq!(gone["total"], json!(2), "{gone}");
    assert_eq!(gone["byRoute"]["DELETE /api/uctopic"], json!(1));
    // Three ids that name no group later, it is the least recent of them: forgotten.
    for id in 1..=3 {
        emu.get_topic("/api/uctopic/topic", auth, id)
            .await
            .fails(404);
    }
    assert_eq!(counts(&emu, Some(topic)).await["total"], json!(0));
    for id in 1..=3 {
        assert_eq!(counts(&emu, Some(id)).await["total"], json!(1), "id {id}");
    }
    // The totals still see every request: token, create, info, delete and the three 404s.
    let all = counts(&emu, None).await;
    assert_eq!(all["total"], json!(7));
    assert_eq!(all["byRoute"]["GET /api/uctopic/topic"], json!(4));
}

#[tokio::test]
async fn ids_that_name_no_group_are_counted_for_the_most_recent_only() {
    let emu = start().await;
    set_journal_capacity(&emu, 2).await;
    let (live, token) = emu.group("owner", "live").await;
    let auth = Auth::Token(&token);
    emu.info(auth, live).await;
    let ask = |id: u64| {
        let emu = &emu;
        async move {
            emu.get_topic("/api/uctopic/topic", auth, id)
                .await
                .fails(404);
        }
    };
    for id in [11, 12, 13] {
        ask(id).await;
    }
    assert_eq!(
        counts(&emu, Some(11)).await["total"],
        json!(0),
        "the oldest"
    );
    // Asking again makes an id the most recent: 13 goes first now.
    ask(12).await;
    ask(14).await;
    assert_eq!(counts(&emu, Some(13)).await["total"], json!(0));
    assert_eq!(counts(&emu, Some(12)).await["total"], json!(2));
    assert_eq!(counts(&emu, Some(14)).await["total"], json!(1));
    // A group that exists keeps its counts, however many other ids come and go.
    assert_eq!(counts(&emu, Some(live)).await["total"], json!(1));
    emu.info(auth, live).await;
    assert_eq!(counts(&emu, Some(live)).await["total"], json!(2));
    // An id in another form than the service's (a leading zero) is a key of its own, as before.
    let padded = format!("0{live}");
    emu.call(
        Method::GET,
        "/api/uctopic/topic",
        auth,
        &[("topicId", &padded)],
        None,
    )
    .await
    .data();
    let reply = emu
        .admin(
            Method::GET,
            &format!("/emulator/requests?topicId={padded}"),
            None,
        )
        .await;
    assert_eq!(reply.data()["total"], json!(1));
    assert_eq!(counts(&emu, Some(live)).await["total"], json!(2));
    // Clearing keeps the capacity.
    emu.admin(Method::DELETE, "/emulator/requests", None)
        .await
        .data();
    for id in [21, 22, 23] {
        ask(id).await;
    }
    assert_eq!(counts(&emu, Some(21)).await["total"], json!(0));
    assert_eq!(counts(&emu, Some(23)).await["total"], json!(1));
}

#[tokio::test]
async fn paths_that_are_no_route_are_counted_for_the_most_recent_only() {
    let emu = start().await;
    set_journal_capacity(&emu, 2).await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    let topic_header = topic.to_string();
    for n in 1..=3 {
        emu.call(
            Method::GET,
            &format!("/api/nowhere/{n}"),
            auth,
            &[("topicId", &topic_header)],
            None,
        )
        .await
        .no_route();
    }
    let all = counts(&emu, None).await;
    assert_eq!(all["total"], json!(5), "{all}");
    let by_route = all["byRoute"].as_object().unwrap();
    assert!(!by_route.contains_key("GET /api/nowhere/1"), "{all}");
    assert_eq!(by_route["GET /api/nowhere/2"], json!(1));
    assert_eq!(by_route["GET /api/nowhere/3"], json!(1));
    // The API's own routes are never dropped.
    assert_eq!(by_route["POST /api/account/token"], json!(1));
    assert_eq!(by_route["POST /api/uctopic"], json!(1));
    // Nor counted under the group they name: its keys would grow with every path tried.
    assert_eq!(counts(&emu, Some(topic)).await["total"], json!(0));
    // Wrong methods on the API's routes are the API's routes.
    for _ in 0..3 {
        emu.call(Method::PATCH, "/api/uctopic/topic", auth, &[], None)
            .await
            .fails(405);
    }
    let all = counts(&emu, None).await;
    assert_eq!(all["byRoute"]["PATCH /api/uctopic/topic"], json!(3));
    assert_eq!(all["byRoute"]["GET /api/nowhere/3"], json!(1));
}

#[tokio::test]
async fn update_and_mute_count_and_fault_by_the_topic_id_in_their_body() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "body").await;
    let auth = Auth::Token(&token);
    emu.join(topic, &accounts("m", 1)).await;
    let rename = json!({ "topicId": topic.to_string(), "topicName": "renamed" });
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        auth,
        &[],
        Some(&rename),
    )
    .await
    .data();
    // A fault scoped to the group hits the mute, whose topicId is in the body (as a number).
    add_fault(
        &emu,
        json!({ "topicId": topic.to_string(), "path": "/api/uctopic/forbidsendmsg", "status": 503 }),
    )
    .await;
    let mute = json!({ "topicId": topic, "user": "m-0", "forbidSeconds": 60 });
    let muted = emu
        .call(
            Method::POST,
            "/api/uctopic/forbidsendmsg",
            auth,
            &[],
            Some(&mute),
        )
        .await;
    muted.fails(503);
    // The body reached the handler intact once the fault was used up.
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg",
        auth,
        &[],
        Some(&mute),
    )
    .await
    .data();
    let on_topic = counts(&emu, Some(topic)).await;
    assert_eq!(
        on_topic["byRoute"]["POST /api/uctopic/update"],
        json!(1),
        "{on_topic}"
    );
    assert_eq!(
        on_topic["byRoute"]["POST /api/uctopic/forbidsendmsg"],
        json!(2),
        "{on_topic}"
    );
}

// ---------------------------------------------------------------------------------------------
// Faults

async fn add_fault(emu: &Emu, fault: Value) {
    emu.admin(Method::POST, "/emulator/faults", Some(&fault))
        .await
        .data();
}

async fn pending_faults(emu: &Emu) -> Vec<Value> {
    emu.admin(Method::GET, "/emulator/faults", None)
        .await
        .data()["faults"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn fault_status_with_retry_after() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    add_fault(
        &emu,
        json!({"path": "/api/uctopic/topic", "status": 503, "headers": {"Retry-After": "7"}}),
    )
    .await;
    assert_eq!(pending_faults(&emu).await.len(), 1);
    let reply = emu.get_topic("/api/uctopic/topic", auth, topic).await;
    reply.fails(503);
    assert_eq!(reply.header("retry-after"), Some("7"));
    // Once only (times defaults to 1).
    assert!(pending_faults(&emu).await.is_empty());
    let reply = emu.get_topic("/api/uctopic/topic", auth, topic).await;
    reply.data();
    assert_eq!(reply.header("retry-after"), None);
}

#[tokio::test]
async fn fault_any_route_hits_the_next_request() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    add_fault(
        &emu,
        json!({"status": 429, "headers": {"Retry-After": "1"}}),
    )
    .await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    reply.fails(429);
    assert_eq!(reply.header("retry-after"), Some("1"));
    emu.get_topic("/api/uctopic/userlist", auth, topic)
        .await
        .data();
    // The faulted request still counts as a request.
    let all = counts(&emu, Some(topic)).await;
    assert_eq!(all["byRoute"]["GET /api/uctopic/userlist"], json!(2));
}

#[tokio::test]
async fn fault_garbage_body() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    add_fault(
        &emu,
        json!({"path": "/api/uctopic/userlist", "body": "<html>oops"}),
    )
    .await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text, "<html>oops");
    assert!(reply.json.is_null());
    // A truncated envelope with a status of its own.
    add_fault(
        &emu,
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
    add_fault(&emu, json!({"path": "/api/uctopic/topic", "delayMs": 400})).await;
    let started = Instant::now();
    let reply = emu.get_topic("/api/uctopic/topic", auth, topic).await;
    let took = started.elapsed();
    reply.data(); // delayed, then answered normally
    assert!(took >= Duration::from_millis(400), "{took:?}");
    // Only the request that took the fault waits: one held for a minute is still unanswered
    // when another to the same route has been answered, in the emulator's own order.
    add_fault(
        &emu,
        json!({"path": "/api/uctopic/topic", "delayMs": 60_000}),
    )
    .await;
    let held = emu.get_topic("/api/uctopic/topic", auth, topic);
    let other = async {
        // The held request has reached the emulator once the fault is used up.
        while !pending_faults(&emu).await.is_empty() {
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
    add_fault(&emu, json!({"delayMs": 200, "status": 500})).await;
    let started = Instant::now();
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(500);
    assert!(started.elapsed() >= Duration::from_millis(200));
    // A client timeout shorter than the delay sees a timeout.
    add_fault(&emu, json!({"delayMs": 3000})).await;
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
    add_fault(&emu, json!({"path": "/api/uctopic/topic", "drop": true})).await;
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
    add_fault(
        &emu,
        json!({"path": "/api/uctopic/topic", "status": 503, "times": 2}),
    )
    .await;
    assert_eq!(pending_faults(&emu).await[0]["times"], json!(2));
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(503);
    assert_eq!(pending_faults(&emu).await[0]["times"], json!(1));
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(503);
    assert!(pending_faults(&emu).await.is_empty());
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
    add_fault(
        &emu,
        json!({"path": "/api/uctopic/onlineinfo/", "status": 500}),
    )
    .await;
    emu.info(auth, a).await;
    emu.page(auth, a, None).await;
    emu.get_topic("/api/uctopic/onlineinfo", auth, a)
        .await
        .fails(500);
    // By method: the POST to /api/uctopic (create) is hit, not the DELETE.
    let (c, _) = emu.group("owner", "c").await;
    add_fault(
        &emu,
        json!({"path": "/api/uctopic", "method": "post", "status": 500}),
    )
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
    add_fault(&emu, json!({"method": "DELETE", "status": 503})).await;
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
    add_fault(
        &emu,
        json!({"topicId": a.to_string(), "status": 503, "times": 2}),
    )
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
    add_fault(
        &emu,
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
    add_fault(&emu, json!({"path": "/api/uctopic/topic", "status": 501})).await;
    add_fault(&emu, json!({"path": "/api/uctopic/topic", "status": 502})).await;
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
    add_fault(&emu, json!({"status": 503, "times": 100})).await;
    add_fault(&emu, json!({"path": "/api/uctopic/topic", "drop": true})).await;
    assert_eq!(pending_faults(&emu).await.len(), 2);
    emu.admin(Method::DELETE, "/emulator/faults", None)
        .await
        .data();
    assert!(pending_faults(&emu).await.is_empty());
    emu.info(auth, topic).await;
    emu.page(auth, topic, None).await;
    // Admin routes are never faulted.
    add_fault(&emu, json!({"status": 503, "times": 5})).await;
    emu.join(topic, &accounts("m", 2)).await;
    counts(&emu, None).await;
    emu.admin(Method::GET, "/emulator/config", None)
        .await
        .data();
    emu.get_topic("/api/uctopic/topic", auth, topic)
        .await
        .fails(503);
}

// ---------------------------------------------------------------------------------------------
// Request journal

/// The journal's entries, for a query such as `?topicId=1&method=GET` (or "").
async fn journal(emu: &Emu, query: &str) -> Vec<Value> {
    emu.admin(Method::GET, &format!("/emulator/journal{query}"), None)
        .await
        .data()["entries"]
        .as_array()
        .expect("entries array")
        .clone()
}

/// Through the admin API, so the test runs against every form of the emulator.
async fn set_journal_capacity(emu: &Emu, capacity: usize) {
    let config = json!({ "journalCapacity": capacity });
    let reply = emu
        .admin(Method::PUT, "/emulator/config", Some(&config))
        .await;
    assert_eq!(reply.data()["journalCapacity"], json!(capacity));
}

fn seqs(entries: &[Value]) -> Vec<u64> {
    entries.iter().map(|e| e["seq"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn journal_records_token_requests_with_the_token_redacted() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.page(auth, topic, Some(0)).await;
    emu.call(
        Method::GET,
        "/api/uctopic/topics",
        auth,
        &[("x-trace", "a"), ("X-Trace", "b")],
        None,
    )
    .await
    .data();
    // Neither admin requests nor CORS preflights are journaled (nor counted).
    emu.join(topic, &accounts("m", 2)).await;
    let preflight = emu
        .client
        .request(Method::OPTIONS, emu.url("/api/uctopic/userlist"))
        .header("origin", "http://example.test")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "token, topicid")
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success());
    assert_eq!(counts(&emu, None).await["total"], json!(4));
    let entries = journal(&emu, "").await;
    assert_eq!(seqs(&entries), [1, 2, 3, 4], "{entries:?}");

    // The token service: its body's appKey and appSecret redacted, the key order kept.
    let issue = &entries[0];
    assert_eq!(issue["method"], json!("POST"));
    assert_eq!(issue["path"], json!("/api/account/token"));
    assert_eq!(
        issue["body"],
        json!(format!(
            r#"{{"appId":"{APP_ID}","appKey":"<redacted>","appSecret":"<redacted>","appAccount":"owner"}}"#
        ))
    );
    assert_eq!(issue["topicId"], json!(null));

    // A create: the token header redacted, a body without secrets kept as sent.
    let create = &entries[1];
    assert_eq!(create["path"], json!("/api/uctopic"));
    assert_eq!(create["headers"]["token"], json!("<redacted>"));
    assert_eq!(create["headers"]["content-type"], json!("application/json"));
    assert_eq!(create["body"], json!(r#"{"topicName":"g"}"#));

    // A member page: every header, lower-cased, and the group it is about.
    let page = &entries[2];
    let keys: Vec<&String> = page.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "seq",
            "method",
            "path",
            "headers",
            "body",
            "bodyTruncated",
            "topicId"
        ]
    );
    assert_eq!(page["method"], json!("GET"));
    assert_eq!(page["path"], json!("/api/uctopic/userlist"));
    assert_eq!(page["body"], json!(null));
    assert_eq!(page["bodyTruncated"], json!(false));
    assert_eq!(page["topicId"], json!(topic.to_string()));
    let headers = page["headers"].as_object().unwrap();
    assert_eq!(headers["token"], json!("<redacted>"));
    assert_eq!(headers["topicid"], json!(topic.to_string()));
    assert_eq!(headers["startuuid"], json!("0"));
    assert!(headers.contains_key("host"), "{headers:?}");
    let names: Vec<&String> = headers.keys().collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "headers in a deterministic order");

    // A repeated header's values joined.
    assert_eq!(entries[3]["headers"]["x-trace"], json!("a, b"));

    // No secret anywhere.
    let all = serde_json::to_string(&entries).unwrap();
    for secret in [token.as_str(), APP_KEY, APP_SECRET] {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
}

#[tokio::test]
async fn journal_redacts_app_credentials_but_shows_app_id_and_account() {
    let emu = start().await;
    let topic = emu.create(Auth::App(Some("owner")), "g").await;
    emu.info(Auth::App(Some("owner")), topic).await;
    // Header names in any case, as sent on the wire.
    let request = format!(
        "GET /api/uctopic/topic HTTP/1.1\r\nHost: x\r\nAPPID: {APP_ID}\r\nAppKey: {APP_KEY}\r\n\
         APPSECRET: {APP_SECRET}\r\nAppAccount: owner\r\nTopicId: {topic}\r\n\
         TOKEN: not-a-token\r\nConnection: close\r\n\r\n"
    );
    raw_http(emu.server.addr(), request.as_bytes()).await;
    let entries = journal(&emu, "").await;
    assert_eq!(entries.len(), 3);
    for entry in &entries {
        let headers = &entry["headers"];
        assert_eq!(headers["appid"], json!(APP_ID), "{entry}");
        assert_eq!(headers["appaccount"], json!("owner"), "{entry}");
        assert_eq!(headers["appkey"], json!("<redacted>"), "{entry}");
        assert_eq!(headers["appsecret"], json!("<redacted>"), "{entry}");
    }
    assert_eq!(entries[1]["topicId"], json!(topic.to_string()));
    assert_eq!(entries[2]["headers"]["token"], json!("<redacted>"));
    assert_eq!(entries[2]["topicId"], json!(topic.to_string()));
    let all = serde_json::to_string(&entries).unwrap();
    assert!(!all.contains(APP_KEY) && !all.contains(APP_SECRET) && !all.contains("not-a-token"));
}

#[tokio::test]
async fn journal_redacts_secrets_in_json_bodies_only_at_the_top_level() {
    let emu = start().await;
    let token_body = |body: &'static str| {
        let emu = &emu;
        async move {
            emu.raw(Method::POST, "/api/account/token", Auth::None, &[], body)
                .await;
        }
    };
    // Any case, any non-null value; nested objects are not credentials and stay.
    token_body(
        r#"{ "APPKEY": "k1", "appSecret": 12345, "Token": ["t"], "appId": "x", "nested": {"appKey": "inner"}, "appAccount": null }"#,
    )
    .await;
    // An object without a secret value: exactly as sent. Not a JSON object but naming a secret
    // key anywhere: withheld whole. Not naming one: as sent.
    token_body(r#"{ "appId" : "x",  "appKey": null }"#).await;
    token_body("appKey=k2&appSecret=s2").await;
    token_body(r#"["appKey", "k3"]"#).await;
    token_body("not json at all").await;
    token_body("").await;
    let bodies: Vec<Value> = journal(&emu, "")
        .await
        .iter()
        .map(|e| e["body"].clone())
        .collect();
    assert_eq!(
        bodies,
        [
            json!(
                r#"{"APPKEY":"<redacted>","appSecret":"<redacted>","Token":"<redacted>","appId":"x","nested":{"appKey":"inner"},"appAccount":null}"#
            ),
            json!(r#"{ "appId" : "x",  "appKey": null }"#),
            json!("<redacted>"),
            json!("<redacted>"),
            json!("not json at all"),
            json!(null),
        ]
    );
}

#[tokio::test]
async fn journal_filters() {
    let emu = start().await;
    let (a, token) = emu.group("owner", "a").await;
    let (b, _) = emu.group("owner", "b").await;
    let auth = Auth::Token(&token);
    let before = journal(&emu, "").await.len() as u64; // 2 tokens + 2 creates
    assert_eq!(before, 4);
    emu.info(auth, a).await;
    emu.page(auth, a, None).await;
    emu.info(auth, b).await;
    emu.my_groups(auth).await;
    // The topicId of update and mute is in their body.
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        auth,
        &[],
        Some(&json!({ "topicId": a, "extra": "e" })),
    )
    .await
    .data();
    let on_a = journal(&emu, &format!("?topicId={a}")).await;
    assert_eq!(seqs(&on_a), [5, 6, 9]);
    assert!(on_a.iter().all(|e| e["topicId"] == json!(a.to_string())));
    assert_eq!(on_a[2]["path"], json!("/api/uctopic/update"));
    assert_eq!(seqs(&journal(&emu, &format!("?topicId={b}")).await), [7]);
    assert!(journal(&emu, "?topicId=12345").await.is_empty());
    // By path (a trailing slash in the filter is fine), by method (any case), since a seq.
    assert_eq!(
        seqs(&journal(&emu, "?path=/api/uctopic/topic").await),
        [5, 7]
    );
    assert_eq!(
        seqs(&journal(&emu, "?path=/api/uctopic/topic/").await),
        [5, 7]
    );
    assert_eq!(seqs(&journal(&emu, "?method=get").await), [5, 6, 7, 8]);
    assert_eq!(seqs(&journal(&emu, "?method=POST").await), [1, 2, 3, 4, 9]);
    assert_eq!(seqs(&journal(&emu, "?since=6").await), [7, 8, 9]);
    assert!(journal(&emu, "?since=9").await.is_empty());
    assert_eq!(seqs(&journal(&emu, "?since=0").await).len(), 9);
    // All at once.
    let query = format!("?topicId={a}&path=/api/uctopic/userlist&method=GET&since=5");
    assert_eq!(seqs(&journal(&emu, &query).await), [6]);
    // A bad filter is an error, not everything.
    for bad in ["?since=soon", "?since=-1", "?topicid=1", "?limit=3"] {
        emu.admin(Method::GET, &format!("/emulator/journal{bad}"), None)
            .await
            .fails(400);
    }
}

#[tokio::test]
async fn journal_drops_the_oldest_past_its_capacity() {
    let emu = start().await;
    set_journal_capacity(&emu, 5).await;
    for _ in 0..8 {
        emu.call(Method::GET, "/api/uctopic/topics", Auth::None, &[], None)
            .await
            .fails(401);
    }
    assert_eq!(seqs(&journal(&emu, "").await), [4, 5, 6, 7, 8]);
    // The counts still see every request.
    assert_eq!(counts(&emu, None).await["total"], json!(8));
    set_journal_capacity(&emu, 2).await;
    assert_eq!(seqs(&journal(&emu, "").await), [7, 8]);
}

#[tokio::test]
async fn journal_truncates_long_bodies() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let auth = Auth::Token(&token);
    let send = |body: String| {
        let emu = &emu;
        async move { emu.raw(Method::POST, "/api/uctopic", auth, &[], body).await }
    };
    let last_entry = || async { journal(&emu, "").await.pop().expect("an entry") };
    // Exactly 64 KiB: kept whole.
    let body = format!(r#"{{"topicName":"{}"}}"#, "x".repeat(65_536 - 16));
    assert_eq!(body.len(), 65_536);
    send(body.clone()).await;
    let entry = last_entry().await;
    assert_eq!(entry["body"], json!(body));
    assert_eq!(entry["bodyTruncated"], json!(false));
    // Longer: cut to 64 KiB (the request itself is refused with 413, and still journaled).
    let body = format!(r#"{{"topicName":"{}"}}"#, "x".repeat(70_000));
    send(body.clone()).await.fails(413);
    let entry = last_entry().await;
    assert_eq!(entry["body"], json!(&body[..65_536]));
    assert_eq!(entry["bodyTruncated"], json!(true));
    // Never inside a character: "é" is two bytes and the 65,536th byte is the first of one.
    let body = format!("a{}", "é".repeat(40_000));
    send(body.clone()).await.fails(413);
    let entry = last_entry().await;
    assert_eq!(entry["body"], json!(&body[..65_535]));
    assert_eq!(entry["bodyTruncated"], json!(true));
    // Too long to parse, it cannot be redacted key by key: naming a secret, it is withheld.
    let body = format!(r#"{{"appSecret":"s","pad":"{}"}}"#, "x".repeat(70_000));
    send(body).await.fails(413);
    let entry = last_entry().await;
    assert_eq!(entry["body"], json!("<redacted>"));
    assert_eq!(entry["bodyTruncated"], json!(true));
}

#[tokio::test]
async fn journal_is_cleared_with_the_counts_and_by_reset() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    // DELETE /emulator/journal: the journal only; seq starts again from 1.
    emu.admin(Method::DELETE, "/emulator/journal", None)
        .await
        .data();
    assert!(journal(&emu, "").await.is_empty());
    assert_eq!(counts(&emu, None).await["total"], json!(2));
    emu.info(auth, topic).await;
    assert_eq!(seqs(&journal(&emu, "").await), [1]);
    // DELETE /emulator/requests: the counts and the journal.
    emu.info(auth, topic).await;
    emu.admin(Method::DELETE, "/emulator/requests", None)
        .await
        .data();
    assert!(journal(&emu, "").await.is_empty());
    assert_eq!(counts(&emu, None).await["total"], json!(0));
    emu.info(auth, topic).await;
    assert_eq!(seqs(&journal(&emu, "").await), [1]);
    // Reset: everything.
    emu.admin(Method::POST, "/emulator/reset", None)
        .await
        .data();
    assert!(journal(&emu, "").await.is_empty());
    emu.token("owner").await;
    let entries = journal(&emu, "").await;
    assert_eq!(seqs(&entries), [1]);
    assert_eq!(entries[0]["path"], json!("/api/account/token"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn journal_seqs_are_distinct_and_ordered_under_concurrency() {
    let emu = std::sync::Arc::new(start().await);
    const N: u64 = 50;
    let handles: Vec<_> = (1..=N)
        .map(|topic| {
            let emu = emu.clone();
            tokio::spawn(async move {
                emu.get_topic("/api/uctopic/topic", Auth::None, topic)
                    .await
                    .fails(401);
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("task");
    }
    let entries = journal(&emu, "").await;
    // Every request once, numbered 1..=50 in the order they are listed.
    assert_eq!(seqs(&entries), (1..=N).collect::<Vec<_>>());
    let topics: BTreeSet<u64> = entries.iter().map(|e| id(&e["topicId"])).collect();
    assert_eq!(topics, (1..=N).collect::<BTreeSet<_>>());
    assert_eq!(counts(&emu, None).await["total"], json!(N));
}

// ---------------------------------------------------------------------------------------------
// Reset and clock

#[tokio::test]
async fn reset_clears_everything_but_the_apps() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.join(topic, &accounts("m", 10)).await;
    add_fault(&emu, json!({"status": 503, "times": 10})).await;
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
    assert!(pending_faults(&emu).await.is_empty());
    assert_eq!(counts(&emu, None).await["total"], json!(0));
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

// ---------------------------------------------------------------------------------------------
// Concurrency

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_joins_and_creates_stay_consistent() {
    let emu = std::sync::Arc::new(start().await);
    let (topic, token) = emu.group("owner", "crowd").await;
    let creator = emu.token("creator").await;
    const TASKS: usize = 50;
    const PER_TASK: usize = 200;
    let mut handles = Vec::new();
    for task in 0..TASKS {
        let emu = emu.clone();
        handles.push(tokio::spawn(async move {
            let batch = accounts(&format!("t{task}"), PER_TASK);
            let data = emu.join(topic, &batch).await;
            assert_eq!(data["added"], json!(PER_TASK));
            // Join a half again, concurrently with the others: nothing is added twice.
            let data = emu.join(topic, &batch[..PER_TASK / 2]).await;
            assert_eq!(data["added"], json!(0));
        }));
    }
    for i in 0..200 {
        let emu = emu.clone();
        let creator = creator.clone();
        handles.push(tokio::spawn(async move {
            let topic = emu.create(Auth::Token(&creator), &format!("g{i}")).await;
            // Every new group gets one extra member right away.
            emu.join(topic, &[format!("t{}-0", i % TASKS)]).await;
        }));
    }
    for handle in handles {
        handle.await.expect("task");
    }
    let total = 1 + TASKS * PER_TASK;
    let info = emu.info(Auth::Token(&token), topic).await;
    assert_eq!(info["memberNum"], json!(total.to_string()));
    let pages = emu.all_pages(Auth::Token(&token), topic).await;
    let uuids: Vec<u64> = pages.iter().flat_map(|p| p.uuids.iter().copied()).collect();
    assert_eq!(uuids.len(), total);
    assert!(uuids.windows(2).all(|w| w[0] < w[1]));
    let distinct: BTreeSet<&String> = pages.iter().flat_map(|p| p.accounts.iter()).collect();
    assert_eq!(distinct.len(), total);
    // The creator's groups: exactly 200 distinct ids.
    let created = emu.my_groups(Auth::Token(&creator)).await;
    assert_eq!(created.len(), 200);
    assert_eq!(created.iter().collect::<BTreeSet<_>>().len(), 200);
    assert!(created.windows(2).all(|w| w[0] < w[1]));
    // Each "tN-0" is in the crowd plus the 4 created groups it joined.
    for task in [0, 17, 49] {
        let member = emu.token(&format!("t{task}-0")).await;
        let groups = emu.my_groups(Auth::Token(&member)).await;
        assert_eq!(groups.len(), 1 + 200 / TASKS, "t{task}-0: {groups:?}");
        assert!(groups.contains(&topic));
        let member = emu.token(&format!("t{task}-199")).await;
        assert_eq!(emu.my_groups(Auth::Token(&member)).await, vec![topic]);
    }
    for &id in created.iter().step_by(40) {
        assert_eq!(
            emu.info(Auth::Token(&creator), id).await["memberNum"],
            json!("2")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_api_traffic_during_joins() {
    let emu = std::sync::Arc::new(start().await);
    let (topic, token) = emu.group("owner", "busy").await;
    let mut handles = Vec::new();
    for task in 0..20 {
        let emu = emu.clone();
        handles.push(tokio::spawn(async move {
            emu.join(topic, &accounts(&format!("j{task}"), 100)).await;
        }));
    }
    for _ in 0..20 {
        let emu = emu.clone();
        let token = token.clone();
        handles.push(tokio::spawn(async move {
            // memberNum only ever grows, one whole batch at a time, while joins go on.
            let mut last = 0;
            for _ in 0..10 {
                let n: u64 = id(&emu.info(Auth::Token(&token), topic).await["memberNum"]);
                assert!(n >= last);
                assert_eq!((n - 1) % 100, 0, "a batch is joined atomically: {n}");
                last = n;
            }
        }));
    }
    for handle in handles {
        handle.await.expect("task");
    }
    assert_eq!(
        emu.info(Auth::Token(&token), topic).await["memberNum"],
        json!("2001")
    );
}

#[tokio::test]
async fn edges_every_form_answers_alike() {
    let emu = start().await;
    let token = emu.token("edge").await;
    let auth = Auth::Token(&token);
    // A base URL ending in `/` gives `//api/…`: routed as `/api/…`, and journaled so.
    let reply = emu
        .call(Method::GET, "//api/uctopic/topics/", auth, &[], None)
        .await;
    assert_eq!(reply.data(), &json!([]));
    let entries = journal(&emu, "?path=/api/uctopic/topics").await;
    assert_eq!(entries.len(), 1);
    // A 405 says what the route allows.
    let reply = emu
        .call(Method::PUT, "/api/uctopic/topics", auth, &[], None)
        .await;
    reply.fails(405);
    assert_eq!(reply.header("allow"), Some("GET,HEAD"));
    let reply = emu.admin(Method::PATCH, "/emulator/faults", None).await;
    reply.fails(405);
    assert_eq!(reply.header("allow"), Some("POST,GET,DELETE,HEAD"));
    // Path segments are percent-decoded.
    let (topic, _) = emu.group("edge-owner", "g").await;
    let encoded: String = topic
        .to_string()
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    let reply = emu
        .admin(
            Method::POST,
            &format!("/emulator/topics/{encoded}/members"),
            Some(&json!({"accounts": ["x"]})),
        )
        .await;
    assert_eq!(reply.data()["memberNum"], json!(2));
    // A fault's status is a final one; its non-ASCII header goes out as UTF-8 bytes.
    for status in [103, 600] {
        emu.admin(
            Method::POST,
            "/emulator/faults",
            Some(&json!({ "status": status })),
        )
        .await
        .fails(400);
    }
    let fault =
        json!({"path": "/api/uctopic/topics", "status": 503, "headers": {"X-Reason": "维护中"}});
    emu.admin(Method::POST, "/emulator/faults", Some(&fault))
        .await
        .data();
    let reply = emu
        .call(Method::GET, "/api/uctopic/topics", auth, &[], None)
        .await;
    reply.fails(503);
    assert_eq!(
        reply.headers.get("x-reason").map(|v| v.as_bytes()),
        Some("维护中".as_bytes())
    );
}
