//! The admin API's request counts (`/emulator/requests`): by route and by group, what is kept
//! of ids and paths that name nothing, and the topicId of a POST body.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

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
    let all = emu.counts(None).await;
    // 2 tokens + 2 creates + 3 on a + 2 on b + 1 failed + 1 topics = 11.
    assert_eq!(all["total"], json!(11), "{all}");
    let by_route = &all["byRoute"];
    assert_eq!(by_route["POST /api/account/token"], json!(2));
    assert_eq!(by_route["POST /api/uctopic"], json!(2));
    assert_eq!(by_route["GET /api/uctopic/topic"], json!(5));
    assert_eq!(by_route["GET /api/uctopic/userlist"], json!(1));
    assert_eq!(by_route["GET /api/uctopic/topics"], json!(1));
    let on_a = emu.counts(Some(a)).await;
    assert_eq!(on_a["total"], json!(4), "{on_a}");
    assert_eq!(on_a["byRoute"]["GET /api/uctopic/topic"], json!(3));
    assert_eq!(on_a["byRoute"]["GET /api/uctopic/userlist"], json!(1));
    let on_b = emu.counts(Some(b)).await;
    assert_eq!(on_b["total"], json!(2));
    assert_eq!(emu.counts(Some(12345)).await["total"], json!(0));
    // Admin calls are not counted.
    emu.join(a, &accounts("x", 3)).await;
    assert_eq!(emu.counts(None).await["total"], json!(11));
    // Clearing starts again from zero.
    emu.admin(Method::DELETE, "/emulator/requests", None)
        .await
        .data();
    let all = emu.counts(None).await;
    assert_eq!(all["total"], json!(0));
    assert_eq!(all["byRoute"], json!({}));
    assert_eq!(emu.counts(Some(a)).await["total"], json!(0));
    emu.info(auth, a).await;
    assert_eq!(emu.counts(Some(a)).await["total"], json!(1));
    assert_eq!(emu.counts(None).await["total"], json!(1));
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
    emu.set_journal_capacity(3).await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.info(auth, topic).await;
    delete(&emu, auth, topic).await;
    // Right after, a test can still ask what was sent about it, the delete included.
    let gone = emu.counts(Some(topic)).await;
    assert_eq!(gone["total"], json!(2), "{gone}");
    assert_eq!(gone["byRoute"]["DELETE /api/uctopic"], json!(1));
    // Three ids that name no group later, it is the least recent of them: forgotten.
    for id in 1..=3 {
        emu.get_topic("/api/uctopic/topic", auth, id)
            .await
            .fails(404);
    }
    assert_eq!(emu.counts(Some(topic)).await["total"], json!(0));
    for id in 1..=3 {
        assert_eq!(emu.counts(Some(id)).await["total"], json!(1), "id {id}");
    }
    // The totals still see every request: token, create, info, delete and the three 404s.
    let all = emu.counts(None).await;
    assert_eq!(all["total"], json!(7));
    assert_eq!(all["byRoute"]["GET /api/uctopic/topic"], json!(4));
}

#[tokio::test]
async fn ids_that_name_no_group_are_counted_for_the_most_recent_only() {
    let emu = start().await;
    emu.set_journal_capacity(2).await;
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
    assert_eq!(emu.counts(Some(11)).await["total"], json!(0), "the oldest");
    // Asking again makes an id the most recent: 13 goes first now.
    ask(12).await;
    ask(14).await;
    assert_eq!(emu.counts(Some(13)).await["total"], json!(0));
    assert_eq!(emu.counts(Some(12)).await["total"], json!(2));
    assert_eq!(emu.counts(Some(14)).await["total"], json!(1));
    // A group that exists keeps its counts, however many other ids come and go.
    assert_eq!(emu.counts(Some(live)).await["total"], json!(1));
    emu.info(auth, live).await;
    assert_eq!(emu.counts(Some(live)).await["total"], json!(2));
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
    assert_eq!(emu.counts(Some(live)).await["total"], json!(2));
    // Clearing keeps the capacity.
    emu.admin(Method::DELETE, "/emulator/requests", None)
        .await
        .data();
    for id in [21, 22, 23] {
        ask(id).await;
    }
    assert_eq!(emu.counts(Some(21)).await["total"], json!(0));
    assert_eq!(emu.counts(Some(23)).await["total"], json!(1));
}

#[tokio::test]
async fn paths_that_are_no_route_are_counted_for_the_most_recent_only() {
    let emu = start().await;
    emu.set_journal_capacity(2).await;
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
    let all = emu.counts(None).await;
    assert_eq!(all["total"], json!(5), "{all}");
    let by_route = all["byRoute"].as_object().unwrap();
    assert!(!by_route.contains_key("GET /api/nowhere/1"), "{all}");
    assert_eq!(by_route["GET /api/nowhere/2"], json!(1));
    assert_eq!(by_route["GET /api/nowhere/3"], json!(1));
    // The API's own routes are never dropped.
    assert_eq!(by_route["POST /api/account/token"], json!(1));
    assert_eq!(by_route["POST /api/uctopic"], json!(1));
    // Nor counted under the group they name: its keys would grow with every path tried.
    assert_eq!(emu.counts(Some(topic)).await["total"], json!(0));
    // Wrong methods on the API's routes are the API's routes.
    for _ in 0..3 {
        emu.call(Method::PATCH, "/api/uctopic/topic", auth, &[], None)
            .await
            .fails(405);
    }
    let all = emu.counts(None).await;
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
    emu.add_fault(
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
    let on_topic = emu.counts(Some(topic)).await;
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
