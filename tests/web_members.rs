//! Browser tests of member paging: `memberPage`, the `MemberCursor`, and the package's JS async
//! iterator (js/src/members.js) with its prefetch, `break` and abort, against the emulator.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

const USERLIST: &str = "GET /api/uctopic/userlist";

/// A group with `n` members (its owner and n - 1 joined accounts), a Rust client and a JS-owned
/// client of the owner (sending through a recorder), and every member's account sorted.
struct Group {
    topic: String,
    owner_uuid: u64,
    client: Client,
    js_client: JsValue,
    rec: Recorder,
    accounts: Vec<String>,
}

async fn group(n: usize) -> Group {
    let owner = unique("pg");
    let token = token_for(&owner).await;
    let client = token_client(&token);
    let created = ok(client.create_topic(js(&json!({ "topicName": "paging" })), NONE)).await;
    let topic = created["topicId"].as_str().unwrap().to_owned();
    let joined: Vec<String> = (1..n).map(|i| format!("{owner}-m{i:04}")).collect();
    if !joined.is_empty() {
        join(&topic, &joined).await;
    }
    let mut accounts = joined;
    accounts.push(owner);
    accounts.sort();
    let rec = Recorder::new();
    Group {
        topic,
        owner_uuid: id_of(&created["ownerUuid"]),
        client,
        js_client: client_from(&recorded_token_options(&token, &rec)).into(),
        rec,
        accounts,
    }
}

/// Every member exactly once, in ascending uuid order, and exactly the expected accounts.
fn check_members(members: &[Value], expected: &[String]) {
    let uuids: Vec<u64> = members.iter().map(|m| id_of(&m["uuid"])).collect();
    assert!(
        uuids.windows(2).all(|w| w[0] < w[1]),
        "uuids must be strictly ascending (so each member comes once)"
    );
    let mut accounts: Vec<String> = members
        .iter()
        .map(|m| m["appAccount"].as_str().unwrap_or_default().to_owned())
        .collect();
    accounts.sort();
    assert_eq!(accounts.len(), expected.len());
    assert_eq!(accounts, expected);
    for m in members {
        assert_eq!(m["appId"], APP_ID);
    }
}

/// Pages through with `memberPage`, then with the JS iterator, counting the requests of each.
async fn check_paging(n: usize) {
    let g = group(n).await;
    let pages = n.div_ceil(100).max(1) as u64;

    let mut members = Vec::new();
    let mut start: Option<String> = None;
    let mut starts = vec!["0".to_owned()];
    let mut calls = 0;
    loop {
        let page_options = match &start {
            Some(s) => object(&[("startUuid", JsValue::from_str(s))]),
            None => NONE,
        };
        let page = ok(g
            .client
            .member_page(g.topic.clone().into(), page_options, NONE))
        .await;
        calls += 1;
        let got = page["members"].as_array().unwrap();
        assert!(
            !got.is_empty() && got.len() <= 100,
            "page {calls}: {}",
            got.len()
        );
        assert_eq!(page["nextStartUuid"], got[got.len() - 1]["uuid"]);
        members.extend(got.iter().cloned());
        if page["isEnd"] == true {
            break;
        }
        assert_eq!(page["isEnd"], false);
        assert!(calls < pages, "more pages than {pages} for {n} members");
        start = Some(page["nextStartUuid"].as_str().unwrap().to_owned());
        starts.extend(start.clone());
    }
    check_members(&members, &g.accounts);
    assert_eq!(calls, pages);
    assert_eq!(topic_count(&g.topic, USERLIST).await, pages);
    // What was sent: startUuid 0, then each page's nextStartUuid.
    assert_eq!(start_uuids(&g.topic).await, starts);

    let opener = cursor_opener(&g.js_client, &g.topic, &NONE);
    let iterable = member_iterable(&opener, &NONE);
    let members = collect(&iterable)
        .await
        .unwrap_or_else(|e| panic!("{}", MimcErr::from_js(&e)));
    check_members(&members, &g.accounts);
    assert_eq!(topic_count(&g.topic, USERLIST).await, 2 * pages);
    // The iterator sends the same sequence, from the client (recorded) to the server (journal).
    let sent: Vec<Value> = g
        .rec
        .calls()
        .iter()
        .map(|c| c["headers"]["startuuid"].clone())
        .collect();
    assert_eq!(sent, starts.iter().map(|s| json!(s)).collect::<Vec<_>>());
    assert_eq!(
        start_uuids(&g.topic).await,
        [starts.clone(), starts.clone()].concat()
    );

    // The same iterable can be walked again (a new cursor), and page by page.
    let pages_of = js_sys::Function::from(get(&iterable, "pages"))
        .call0(&iterable)
        .unwrap();
    let walked = collect(&pages_of)
        .await
        .unwrap_or_else(|e| panic!("{}", MimcErr::from_js(&e)));
    assert_eq!(walked.len() as u64, pages);
    assert_eq!(walked.last().unwrap()["isEnd"], true);
    let all: Vec<Value> = walked
        .iter()
        .flat_map(|p| p["members"].as_array().cloned().unwrap_or_default())
        .collect();
    check_members(&all, &g.accounts);
    assert_eq!(topic_count(&g.topic, USERLIST).await, 3 * pages);
    assert_eq!(
        start_uuids(&g.topic).await,
        [starts.clone(), starts.clone(), starts].concat()
    );
}

#[wasm_bindgen_test]
async fn paging_from_past_the_end_gives_no_members() {
    let g = group(3).await;
    let last = g.accounts.len(); // members: owner + 2
    let page = ok(g.client.member_page(g.topic.clone().into(), NONE, NONE)).await;
    assert_eq!(page["members"].as_array().unwrap().len(), last);
    let max_uuid = page["nextStartUuid"].as_str().unwrap().to_owned();
    assert!(id_of(&page["nextStartUuid"]) >= g.owner_uuid);
    let before = topic_count(&g.topic, USERLIST).await;

    for start in [max_uuid.clone(), u64::MAX.to_string()] {
        let from = object(&[("startUuid", JsValue::from_str(&start))]);
        let page = ok(g.client.member_page(g.topic.clone().into(), from, NONE)).await;
        assert_eq!(page["members"], json!([]));
        assert_eq!(page["isEnd"], true);
        assert_eq!(page["nextStartUuid"], start.as_str());
    }
    assert_eq!(topic_count(&g.topic, USERLIST).await, before + 2);

    // The iterator from past the end: one request, no members.
    let from = object(&[("startUuid", JsValue::from_str(&max_uuid))]);
    let iterable = member_iterable(&cursor_opener(&g.js_client, &g.topic, &from), &NONE);
    let members = collect(&iterable).await.unwrap();
    assert!(members.is_empty(), "{members:?}");
    assert_eq!(topic_count(&g.topic, USERLIST).await, before + 3);
}

#[wasm_bindgen_test]
async fn paging_1_member() {
    check_paging(1).await;
}

#[wasm_bindgen_test]
async fn paging_100_members() {
    check_paging(100).await;
}

#[wasm_bindgen_test]
async fn paging_101_members() {
    check_paging(101).await;
}

#[wasm_bindgen_test]
async fn paging_1000_members() {
    check_paging(1000).await;
}

#[wasm_bindgen_test]
async fn break_cancels_the_prefetch_and_fetches_nothing_more() {
    let g = group(1000).await;
    let iterable = member_iterable(&cursor_opener(&g.js_client, &g.topic, &NONE), &NONE);
    let iterator = async_iterator(&iterable);
    for _ in 0..3 {
        assert!(next(&iterator).await.unwrap().is_some());
    }
    // `break` calls return(): the prefetch of page 2 (maybe in flight) is aborted. Once nothing
    // is in flight, nothing more was started: the page consumed and at most one prefetch.
    finish(&iterator).await;
    let sent = g.rec.settled().await;
    assert!((1..=2).contains(&sent.len()), "{sent:?}");
    assert_eq!(sent[0]["headers"]["startuuid"], "0", "{sent:?}");
    assert!(next(&iterator).await.unwrap().is_none());
    assert_eq!(g.rec.settled().await, sent, "a request after break");

    // Breaking after the prefetch has landed: still nothing more.
    let g = group(1000).await;
    let iterable = member_iterable(&cursor_opener(&g.js_client, &g.topic, &NONE), &NONE);
    let iterator = async_iterator(&iterable);
    let mut last = next(&iterator).await.unwrap().expect("a member");
    // Page 1 and its prefetch of page 2, both answered.
    g.rec.sent(2).await;
    let sent = g.rec.settled().await;
    assert_eq!(sent.len(), 2, "page 1 and its prefetch");
    // Consuming the rest of page 1 asks for nothing: page 2 is already here.
    for _ in 1..100 {
        last = next(&iterator).await.unwrap().expect("a member");
    }
    finish(&iterator).await;
    assert_eq!(g.rec.settled().await, sent, "requests went on after break");
    // The prefetch asked for what follows the last member of page 1.
    let starts: Vec<&Value> = sent.iter().map(|c| &c["headers"]["startuuid"]).collect();
    assert_eq!(starts, [&json!("0"), &last["uuid"]]);
    assert_eq!(topic_count(&g.topic, USERLIST).await, 2);
}

#[wasm_bindgen_test]
async fn abort_signal_stops_the_iterator() {
    let g = group(250).await;
    // The first page is held far longer than the test waits; the caller's signal aborts it
    // once it is on its way.
    fault(json!({ "topicId": g.topic, "path": "/api/uctopic/userlist", "delayMs": 10_000 })).await;
    let controller = AbortController::new().unwrap();
    let signal: JsValue = controller.signal().into();
    let iterable = member_iterable(&cursor_opener(&g.js_client, &g.topic, &NONE), &signal);
    let iterator = async_iterator(&iterable);
    let pending = {
        let f = js_sys::Function::from(get(&iterator, "next"));
        js_sys::Promise::from(f.call0(&iterator).unwrap())
    };
    g.rec.sent(1).await;
    controller.abort();
    let err = JsFuture::from(pending).await.expect_err("aborted");
    MimcErr::from_js(&err).check("aborted", None, None, Some("memberPage"));
    assert!(next(&iterator).await.unwrap().is_none());
    // The abort cut the page short, unanswered, and it is not retried.
    let sent = g.rec.settled().await;
    assert_eq!(sent.len(), 1, "an aborted page is not retried");
    assert_eq!(
        sent[0]["outcome"], "aborted",
        "abort did not cut the wait short"
    );

    // An already-aborted signal: nothing is sent at all.
    let iterable = member_iterable(&cursor_opener(&g.js_client, &g.topic, &NONE), &signal);
    let err = collect(&iterable).await.expect_err("aborted");
    MimcErr::from_js(&err).check("aborted", None, None, Some("memberPage"));
    assert_eq!(g.rec.settled().await.len(), 1);
}

#[wasm_bindgen_test]
async fn member_cursor_walks_pages_then_null() {
    let g = group(150).await;
    let cursor = g
        .client
        .member_cursor(g.topic.clone().into(), NONE)
        .unwrap();
    let mut members = Vec::new();
    let mut pages = 0;
    loop {
        let page = ok(cursor.next_page(NONE)).await;
        if page.is_null() {
            break;
        }
        pages += 1;
        members.extend(page["members"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(pages, 2);
    check_members(&members, &g.accounts);
    // Done stays done, without requests.
    assert_eq!(ok(cursor.next_page(NONE)).await, Value::Null);
    assert_eq!(topic_count(&g.topic, USERLIST).await, 2);

    // One page at a time: a second nextPage before the first settles is refused.
    let cursor = g
        .client
        .member_cursor(g.topic.clone().into(), NONE)
        .unwrap();
    let first = cursor.next_page(NONE);
    let second = cursor.next_page(NONE);
    fails(second).await.check_invalid_input();
    assert_eq!(ok(first).await["members"].as_array().unwrap().len(), 100);
    assert_eq!(topic_count(&g.topic, USERLIST).await, 3);

    // Options are checked when the cursor is opened, before any request.
    for bad in [
        json!({ "startUuid": "12x" }),
        json!({ "start": "1" }),
        json!({ "appAccount": g.accounts[0] }), // a token client has no appAccount
    ] {
        let err = g
            .client
            .member_cursor(g.topic.clone().into(), js(&bad))
            .err()
            .unwrap_or_else(|| panic!("{bad} was accepted"));
        MimcErr::from_js(&err).check_invalid_input();
    }
    let err = g
        .client
        .member_cursor(JsValue::from_f64(-1.0), NONE)
        .err()
        .unwrap();
    MimcErr::from_js(&err).check_invalid_input();
    assert_eq!(topic_count(&g.topic, USERLIST).await, 3);

    // An app client may page as a given account.
    let app = app_client(None);
    let as_member = js(&json!({ "appAccount": g.accounts[0] }));
    let cursor = app
        .member_cursor(g.topic.clone().into(), as_member)
        .unwrap();
    let page = ok(cursor.next_page(NONE)).await;
    assert_eq!(page["members"].as_array().unwrap().len(), 100);
}
