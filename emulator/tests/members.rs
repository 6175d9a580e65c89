//! Members over real HTTP: the member list's errors, paging through groups of every size and as
//! members join and quit, and joins under concurrency.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeSet;

#[tokio::test]
async fn member_list_errors() {
    let emu = start().await;
    let (topic, owner) = emu.group("owner", "g").await;
    let t = topic.to_string();
    let list = |auth: Auth<'static>, headers: Vec<(&'static str, String)>| {
        let emu = &emu;
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            emu.call(Method::GET, "/api/uctopic/userlist", auth, &headers, None)
                .await
        }
    };
    let owner: &'static str = Box::leak(owner.into_boxed_str());
    list(Auth::Token(owner), vec![]).await.fails(400);
    list(Auth::Token(owner), vec![("topicId", "x".into())])
        .await
        .fails(400);
    list(Auth::Token(owner), vec![("topicId", "-3".into())])
        .await
        .fails(400);
    list(
        Auth::Token(owner),
        vec![("topicId", t.clone()), ("startUuid", "abc".into())],
    )
    .await
    .fails(400);
    list(
        Auth::Token(owner),
        vec![("topicId", t.clone()), ("startUuid", "-1".into())],
    )
    .await
    .fails(400);
    list(Auth::Token(owner), vec![("topicId", "12345".into())])
        .await
        .fails(404);
    list(Auth::None, vec![("topicId", t.clone())])
        .await
        .fails(401);
    list(Auth::Token("bogus"), vec![("topicId", t.clone())])
        .await
        .fails(401);
    // Any user of the app may read the member list, member or not.
    let stranger: &'static str = Box::leak(emu.token("stranger").await.into_boxed_str());
    assert_eq!(emu.page(Auth::Token(stranger), topic, None).await.count, 1);
}

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
