//! The sans-IO core with no server at all: requests in, answers out, with the clock and the
//! random source handed in (the forms that serve HTTP are tested by the other files here).

use http::{HeaderMap, HeaderValue, Method};
use mimc_emulator::exchange::{Body, Response};
use mimc_emulator::journal::{Journal, JournalEntry, JournalFilter, BYTE_LIMIT};
use mimc_emulator::pipeline::request;
use mimc_emulator::store::{Env, Store};
use mimc_emulator::wire::WireFormat;
use mimc_emulator::{default_app, Emulator, DEFAULT_APP};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// An emulator whose clock reads `clock` (unix seconds) and whose randomness is `seed`'s.
fn emulator(clock: Arc<AtomicU64>, seed: u64, ttl: u64) -> Arc<Emulator> {
    let env = Env::new(move || clock.load(Ordering::SeqCst), seed);
    Emulator::new(Store::new(&[default_app()], ttl, env), WireFormat::Native)
}

fn call(
    emu: &Emulator,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Value,
) -> (u64, Response) {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(
            http::HeaderName::try_from(*name).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    let body = match body {
        Value::Null => Vec::new(),
        body => body.to_string().into_bytes(),
    };
    emu.handle(request(method, path, map, Body::Whole(body)))
}

fn data(response: &Response) -> Value {
    let envelope: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(response.status, 200, "{envelope}");
    envelope["data"].clone()
}

fn token(emu: &Emulator, account: &str) -> String {
    let body = json!({
        "appId": DEFAULT_APP.0, "appKey": DEFAULT_APP.1, "appSecret": DEFAULT_APP.2, "appAccount": account
    });
    let (_, answer) = call(emu, Method::POST, "/api/account/token", &[], body);
    data(&answer)["token"].as_str().unwrap().to_owned()
}

#[test]
fn the_same_seed_gives_the_same_ids_and_tokens() {
    let run = || {
        let emu = emulator(Arc::new(AtomicU64::new(1_700_000_000)), 7, 60);
        let token = token(&emu, "alice");
        let (_, created) = call(
            &emu,
            Method::POST,
            "/api/uctopic",
            &[("token", &token)],
            json!({"topicName": "g"}),
        );
        (token, data(&created)["topicId"].as_u64().unwrap())
    };
    let (first, second) = (run(), run());
    assert_eq!(first, second);
    assert!(first.1 > 1 << 53);
    let other = emulator(Arc::new(AtomicU64::new(0)), 8, 60);
    assert_ne!(token(&other, "alice"), first.0);
}

#[test]
fn tokens_expire_by_the_clock_handed_in() {
    let clock = Arc::new(AtomicU64::new(1_700_000_000));
    let emu = emulator(clock.clone(), 1, 60);
    let token = token(&emu, "alice");
    let (_, answer) = call(
        &emu,
        Method::GET,
        "/api/uctopic/topics",
        &[("token", &token)],
        Value::Null,
    );
    assert_eq!(data(&answer), json!([]));
    clock.fetch_add(61, Ordering::SeqCst);
    let (_, answer) = call(
        &emu,
        Method::GET,
        "/api/uctopic/topics",
        &[("token", &token)],
        Value::Null,
    );
    assert_eq!(answer.status, 401);
}

#[test]
fn a_delay_is_the_adapters_to_wait_between_receive_and_respond() {
    let emu = emulator(Arc::new(AtomicU64::new(1_700_000_000)), 1, 60);
    let fault =
        json!({"path": "/api/uctopic/topics", "delayMs": 250, "headers": {"Retry-After": "3"}});
    data(&call(&emu, Method::POST, "/emulator/faults", &[], fault).1);
    let received = emu.receive(request(
        Method::GET,
        "/api/uctopic/topics/",
        HeaderMap::new(),
        Body::Whole(Vec::new()),
    ));
    assert_eq!(received.delay_ms, 250);
    // Counted and journaled on receipt, before any wait.
    let (_, counts) = call(&emu, Method::GET, "/emulator/requests", &[], Value::Null);
    assert_eq!(data(&counts)["total"], json!(1));
    let answer = emu.respond(received);
    assert_eq!(
        answer.status, 401,
        "then the handler answers (no credentials)"
    );
    assert_eq!(answer.headers["retry-after"], "3");
    assert_eq!(answer.headers["access-control-allow-origin"], "*");
}

#[test]
fn preflights_and_drops_are_answers_like_any_other() {
    let emu = emulator(Arc::new(AtomicU64::new(0)), 1, 60);
    let (_, preflight) = call(
        &emu,
        Method::OPTIONS,
        "/api/uctopic",
        &[("access-control-request-method", "DELETE")],
        Value::Null,
    );
    assert_eq!((preflight.status, preflight.body.len()), (200, 0));
    assert_eq!(preflight.headers["access-control-allow-methods"], "*");
    data(
        &call(
            &emu,
            Method::POST,
            "/emulator/faults",
            &[],
            json!({"drop": true}),
        )
        .1,
    );
    let (_, dropped) = call(&emu, Method::GET, "/api/uctopic/topics", &[], Value::Null);
    assert!(
        dropped.drop,
        "the adapter breaks the connection after the first chunk"
    );
    assert!(
        serde_json::from_slice::<Value>(&dropped.body).is_err(),
        "a first chunk, not an answer"
    );
    let (_, counts) = call(&emu, Method::GET, "/emulator/requests", &[], Value::Null);
    assert_eq!(
        data(&counts)["total"],
        json!(1),
        "the preflight is not counted"
    );
}

#[test]
fn a_saved_token_of_an_app_no_longer_listed_is_dropped_not_a_trap() {
    let snapshot = r#"{"apps":[],"topics":[],"tokens":{"T":{"app":3,"uuid":1,"expires_at":99999999999}},"clock_offset_secs":0}"#;
    let store = Store::restore(
        serde_json::from_str(snapshot).unwrap(),
        &[default_app()],
        60,
        Env::new(|| 0, 1),
    );
    let emu = Emulator::new(store, WireFormat::Native);
    let (_, answer) = call(
        &emu,
        Method::POST,
        "/api/uctopic",
        &[("token", "T")],
        json!({"topicName": "g"}),
    );
    assert_eq!(answer.status, 401);
}

#[test]
fn expired_tokens_are_purged_as_new_ones_are_issued() {
    let clock = Arc::new(AtomicU64::new(1_700_000_000));
    let emu = emulator(clock.clone(), 1, 10);
    let issue = || {
        let issued = emu.store().issue_token(&default_app(), "alice");
        issued.unwrap().token
    };
    let first = issue();
    let mut last = String::new();
    for round in 0..20 {
        for _ in 0..1000 {
            last = issue();
        }
        // Never more than about twice the live tokens (1000 here), where 20,000 were issued.
        let held = emu.store().token_count();
        assert!(held <= 2000, "round {round}: {held} tokens held");
        clock.fetch_add(11, Ordering::SeqCst);
    }
    // Once the clock is past their expiry, as many new tokens take no more room than they did.
    for _ in 0..5000 {
        issue();
    }
    let before = emu.store().token_count();
    clock.fetch_add(11, Ordering::SeqCst);
    for _ in 0..5000 {
        last = issue();
    }
    let after = emu.store().token_count();
    assert!(after <= before, "{before} tokens, then {after}");
    // Purged or not, an expired token is refused and a live one is not.
    assert!(emu.store().caller_by_token(&first).is_err());
    assert!(emu.store().caller_by_token(&last).is_ok());
}

#[test]
fn a_snapshot_holds_no_expired_token() {
    let clock = Arc::new(AtomicU64::new(1_700_000_000));
    let emu = emulator(clock.clone(), 1, 10);
    for account in ["a", "b", "c"] {
        token(&emu, account);
    }
    clock.fetch_add(11, Ordering::SeqCst);
    let live = token(&emu, "d");
    let saved = serde_json::to_value(emu.store().snapshot()).unwrap();
    let tokens = saved["tokens"].as_object().unwrap();
    assert_eq!(tokens.keys().collect::<Vec<_>>(), [&live]);
    // Nor does a store restored from an older file that saved some.
    let snapshot = r#"{"apps":[],"topics":[],"tokens":{"OLD":{"app":0,"uuid":1,"expires_at":5},"NEW":{"app":0,"uuid":1,"expires_at":500}},"clock_offset_secs":0}"#;
    let store = Store::restore(
        serde_json::from_str(snapshot).unwrap(),
        &[default_app()],
        60,
        Env::new(|| 100, 1),
    );
    assert_eq!(store.token_count(), 1);
    assert!(store.caller_by_token("NEW").is_ok());
}

#[test]
fn the_journal_holds_no_more_than_its_byte_limit() {
    let mut journal = Journal::default();
    let body = "x".repeat(60_000);
    for _ in 0..600 {
        let sent = request(
            Method::POST,
            "/api/uctopic",
            HeaderMap::new(),
            Body::Whole(body.clone().into_bytes()),
        );
        journal.record(JournalEntry::new(&sent, "/api/uctopic", None));
    }
    // 600 × 60 KB is 36 MB: the oldest went, though the capacity (10,000) was not reached.
    assert!(journal.bytes() <= BYTE_LIMIT, "{} bytes", journal.bytes());
    assert!(journal.len() < 600);
    assert!(
        journal.len() >= BYTE_LIMIT / 61_000,
        "{} entries",
        journal.len()
    );
    let seqs: Vec<Value> = journal
        .select(&JournalFilter::default())
        .map(|e| serde_json::to_value(e).unwrap()["seq"].clone())
        .collect();
    assert_eq!(seqs.last(), Some(&json!(600)), "the newest is kept");
    assert_eq!(seqs.len(), journal.len());
}
