//! The admin API's request journal (`/emulator/journal`): what it records and redacts, its
//! filters, capacity, truncation and clearing, and its order under concurrency.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

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
    assert_eq!(emu.counts(None).await["total"], json!(4));
    let entries = emu.journal("").await;
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
    let entries = emu.journal("").await;
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
    let bodies: Vec<Value> = emu
        .journal("")
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
    let before = emu.journal("").await.len() as u64; // 2 tokens + 2 creates
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
    let on_a = emu.journal(&format!("?topicId={a}")).await;
    assert_eq!(seqs(&on_a), [5, 6, 9]);
    assert!(on_a.iter().all(|e| e["topicId"] == json!(a.to_string())));
    assert_eq!(on_a[2]["path"], json!("/api/uctopic/update"));
    assert_eq!(seqs(&emu.journal(&format!("?topicId={b}")).await), [7]);
    assert!(emu.journal("?topicId=12345").await.is_empty());
    // By path (a trailing slash in the filter is fine), by method (any case), since a seq.
    assert_eq!(seqs(&emu.journal("?path=/api/uctopic/topic").await), [5, 7]);
    assert_eq!(
        seqs(&emu.journal("?path=/api/uctopic/topic/").await),
        [5, 7]
    );
    assert_eq!(seqs(&emu.journal("?method=get").await), [5, 6, 7, 8]);
    assert_eq!(seqs(&emu.journal("?method=POST").await), [1, 2, 3, 4, 9]);
    assert_eq!(seqs(&emu.journal("?since=6").await), [7, 8, 9]);
    assert!(emu.journal("?since=9").await.is_empty());
    assert_eq!(seqs(&emu.journal("?since=0").await).len(), 9);
    // All at once.
    let query = format!("?topicId={a}&path=/api/uctopic/userlist&method=GET&since=5");
    assert_eq!(seqs(&emu.journal(&query).await), [6]);
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
    emu.set_journal_capacity(5).await;
    for _ in 0..8 {
        emu.call(Method::GET, "/api/uctopic/topics", Auth::None, &[], None)
            .await
            .fails(401);
    }
    assert_eq!(seqs(&emu.journal("").await), [4, 5, 6, 7, 8]);
    // The counts still see every request.
    assert_eq!(emu.counts(None).await["total"], json!(8));
    emu.set_journal_capacity(2).await;
    assert_eq!(seqs(&emu.journal("").await), [7, 8]);
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
    let last_entry = || async { emu.journal("").await.pop().expect("an entry") };
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
    assert!(emu.journal("").await.is_empty());
    assert_eq!(emu.counts(None).await["total"], json!(2));
    emu.info(auth, topic).await;
    assert_eq!(seqs(&emu.journal("").await), [1]);
    // DELETE /emulator/requests: the counts and the journal.
    emu.info(auth, topic).await;
    emu.admin(Method::DELETE, "/emulator/requests", None)
        .await
        .data();
    assert!(emu.journal("").await.is_empty());
    assert_eq!(emu.counts(None).await["total"], json!(0));
    emu.info(auth, topic).await;
    assert_eq!(seqs(&emu.journal("").await), [1]);
    // Reset: everything.
    emu.admin(Method::POST, "/emulator/reset", None)
        .await
        .data();
    assert!(emu.journal("").await.is_empty());
    emu.token("owner").await;
    let entries = emu.journal("").await;
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
    let entries = emu.journal("").await;
    // Every request once, numbered 1..=50 in the order they are listed.
    assert_eq!(seqs(&entries), (1..=N).collect::<Vec<_>>());
    let topics: BTreeSet<u64> = entries.iter().map(|e| id(&e["topicId"])).collect();
    assert_eq!(topics, (1..=N).collect::<BTreeSet<_>>());
    assert_eq!(emu.counts(None).await["total"], json!(N));
}
