//! Normal groups at their edges: the 500-member limit, apps and kinds kept apart, both wire
//! formats, the Flutter SDK's trailing slashes, and the admin side (reset, journal, request
//! counts, faults, `--state`).

mod common;

use common::normal::*;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_group_has_at_most_500_members() {
    let emu = start().await;
    let owner = Auth::App(Some("owner"));
    let create =
        |accounts: Vec<String>| json!({ "topicName": "big", "accounts": accounts.join(",") });
    emu.normal(Method::POST, "", owner, Some(&create(accounts("m", 500))))
        .await
        .fails(400);
    // 499 besides the owner fill it; naming the owner too changes nothing.
    let mut names = accounts("m", 499);
    names.push("owner".into());
    let data = emu
        .normal(Method::POST, "", owner, Some(&create(names)))
        .await
        .data()
        .clone();
    assert_eq!(data["members"].as_array().unwrap().len(), 500);
    let at = format!("/{}/accounts", topic_of(&data));
    let reply = emu
        .normal(
            Method::POST,
            &at,
            owner,
            Some(&json!({ "accounts": "one-more" })),
        )
        .await;
    reply.fails(400);
    let reply = emu
        .normal(
            Method::POST,
            &at,
            owner,
            Some(&json!({ "accounts": "m-7,m-8" })),
        )
        .await;
    assert_eq!(reply.data()["members"].as_array().unwrap().len(), 500);
    emu.normal(
        Method::DELETE,
        &format!("{at}?accounts=m-1,m-2"),
        owner,
        None,
    )
    .await
    .data();
    let reply = emu
        .normal(
            Method::POST,
            &at,
            owner,
            Some(&json!({ "accounts": "n1,n2,n3" })),
        )
        .await;
    reply.fails(400);
    let reply = emu
        .normal(
            Method::POST,
            &at,
            owner,
            Some(&json!({ "accounts": ["n1", "n2"] })),
        )
        .await;
    assert_eq!(
        accounts_of(reply.data()).last().map(String::as_str),
        Some("n2")
    );
}

#[tokio::test]
async fn apps_and_kinds_do_not_mix() {
    let emu = start().await;
    let (token, owner) = (emu.token("o").await, Auth::App(Some("o")));
    let topic = emu.normal_group(owner, "m").await;
    // The path's appId must be the caller's app.
    for auth in [Auth::Token(&token), owner] {
        let reply = emu
            .call(
                Method::GET,
                &format!("/api/topic/2882303761517999999/{topic}"),
                auth,
                &[],
                None,
            )
            .await;
        reply.fails(403);
    }
    // Without an appId header, the path's app is the one the key and secret must open.
    let headers = manual_headers("o");
    let reply = emu
        .call(
            Method::GET,
            &format!("/api/topic/2882303761517999999/{topic}"),
            Auth::None,
            &headers,
            None,
        )
        .await;
    reply.fails(401);
    // An unlimited group is no normal group, nor the other way round.
    let unlimited = emu.create(owner, "u").await;
    emu.normal(Method::GET, &format!("/{unlimited}"), owner, None)
        .await
        .fails(404);
    emu.normal(Method::DELETE, &format!("/{unlimited}"), owner, None)
        .await
        .fails(404);
    emu.get_topic("/api/uctopic/topic", owner, topic)
        .await
        .fails(404);
    assert_eq!(emu.my_groups(owner).await, [unlimited]);
    assert_ne!(topic, unlimited);
    emu.normal(Method::GET, "/12345", owner, None)
        .await
        .fails(404);
    emu.normal(Method::GET, "/12x", owner, None)
        .await
        .fails(400);
    // "My groups": ascending topicId.
    let other = emu.normal_group(Auth::App(Some("p")), "o").await;
    let mine = emu.normal(Method::GET, "/account", owner, None).await;
    let ids: Vec<u64> = mine
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|g| id(&g["topicId"]))
        .collect();
    let mut sorted = vec![topic, other];
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
}

#[tokio::test]
async fn ids_follow_the_wire_format() {
    let emu = start().await;
    let owner = Auth::App(Some("o"));
    let topic = emu.normal_group(owner, "m").await;
    let check = |data: &Value, quoted: bool| {
        let info = &data["topicInfo"];
        for value in [
            &info["topicId"],
            &info["ownerUuid"],
            &data["members"][1]["uuid"],
        ] {
            assert_eq!(value.is_string(), quoted, "{value}");
            assert!(id(value) > JS_SAFE);
        }
        assert_eq!(data["members"][1]["account"], json!("m"));
        assert_eq!(data["members"][1].as_object().unwrap().len(), 2);
    };
    check(&emu.normal_info(owner, topic).await, true);
    emu.set_wire("native").await;
    check(&emu.normal_info(owner, topic).await, false);
    let mine = emu.normal(Method::GET, "/account", owner, None).await;
    assert_eq!(mine.data()[0]["topicId"], json!(topic));
}

#[tokio::test]
async fn paths_may_end_with_a_slash_as_the_flutter_sdk_sends_them() {
    let emu = start().await;
    let owner = Auth::App(Some("o"));
    let body = json!({ "topicName": "g", "accounts": "m" });
    let created = emu.normal(Method::POST, "/", owner, Some(&body)).await;
    let topic = topic_of(created.data());
    let at = format!("/{topic}/");
    assert_eq!(
        topic_of(emu.normal(Method::GET, &at, owner, None).await.data()),
        topic
    );
    let mine = emu.normal(Method::GET, "/account/", owner, None).await;
    assert_eq!(id(&mine.data()[0]["topicId"]), topic);
    let invite = json!({ "accounts": "n,p" });
    let path = format!("/{topic}/accounts/");
    emu.normal(Method::POST, &path, owner, Some(&invite))
        .await
        .data();
    let reply = emu
        .normal(Method::DELETE, &format!("{path}?accounts=n"), owner, None)
        .await;
    assert_eq!(accounts_of(reply.data()), ["o", "m", "p"]);
    let quit = format!("/{topic}/account/");
    emu.normal(Method::DELETE, &quit, Auth::App(Some("p")), None)
        .await
        .data();
    let body = json!({ "ownerAccount": null, "topicName": "h", "bulletin": "b", "extra": null });
    emu.normal(Method::PUT, &at, owner, Some(&body))
        .await
        .data();
    let dismissed = emu.normal(Method::DELETE, &at, owner, None).await;
    assert_eq!(dismissed.json["message"], json!("success\u{FF01}"));
}

#[tokio::test]
async fn reset_journal_counts_and_faults_know_normal_groups() {
    let emu = start().await;
    let owner = Auth::App(Some("o"));
    let topic = emu.normal_group(owner, "m").await;
    let at = format!("/{topic}");
    emu.normal_info(owner, topic).await;
    emu.normal(
        Method::DELETE,
        &format!("{at}/accounts?accounts=m"),
        owner,
        None,
    )
    .await
    .data();
    // The path's topicId names the group in the counts, the journal and faults.
    let counts = emu
        .admin(
            Method::GET,
            &format!("/emulator/requests?topicId={topic}"),
            None,
        )
        .await;
    let path = topic_path(&at);
    let expected = json!({ format!("GET {path}"): 1, format!("DELETE {path}/accounts"): 1 });
    assert_eq!(counts.data()["byRoute"], expected);
    let journal = emu
        .admin(
            Method::GET,
            &format!("/emulator/journal?topicId={topic}"),
            None,
        )
        .await;
    let entries = journal.data()["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 2);
    assert!(entries
        .iter()
        .all(|e| e["topicId"] == json!(topic.to_string())));
    let fault = json!({ "topicId": topic.to_string(), "status": 503 });
    emu.admin(Method::POST, "/emulator/faults", Some(&fault))
        .await
        .data();
    emu.normal(Method::GET, &format!("/{}", topic + 1), owner, None)
        .await
        .fails(404);
    emu.normal(Method::GET, &at, owner, None).await.fails(503);
    // Reset forgets them.
    emu.admin(Method::POST, "/emulator/reset", None)
        .await
        .data();
    emu.normal(Method::GET, &at, owner, None).await.fails(404);
    let mine = emu.normal(Method::GET, "/account", owner, None).await;
    assert_eq!(mine.data(), &json!([]));
}

#[tokio::test]
async fn normal_groups_survive_a_restart_with_state() {
    let path = std::env::temp_dir().join(format!("mimc-normal-state-{}.json", std::process::id()));
    let state = path.to_str().unwrap().to_owned();
    let _ = std::fs::remove_file(&path);
    let run = || Emu {
        server: Server::Spawned(spawn(&["--state", &state])),
        client: client(),
    };
    let stop = |emu: Emu| match emu.server {
        Server::Spawned(spawned) => terminate(spawned),
        Server::InProcess(_) => unreachable!(),
    };
    let emu = run();
    let owner = Auth::App(Some("o"));
    let topic = emu.normal_group(owner, "m,小米").await;
    let body = json!({ "bulletin": "notice", "extra": "x" });
    emu.normal(Method::PUT, &format!("/{topic}"), owner, Some(&body))
        .await
        .data();
    let unlimited = emu.create(owner, "u").await;
    let before = emu.normal_info(owner, topic).await;
    stop(emu);
    let emu = run();
    assert_eq!(emu.normal_info(owner, topic).await, before);
    assert_eq!(accounts_of(&before), ["o", "m", "小米"]);
    assert_eq!(emu.uuid("小米").await, id(&before["members"][2]["uuid"]));
    // The next id is new to both kinds.
    let other = emu.normal_group(owner, "m").await;
    assert!(![topic, unlimited].contains(&other));
    stop(emu);
    // A file saved before normal groups existed (no such key) still loads.
    let mut saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["normal_groups"].as_array().map(Vec::len), Some(2));
    saved.as_object_mut().unwrap().remove("normal_groups");
    std::fs::write(&path, saved.to_string()).unwrap();
    let emu = run();
    emu.normal(Method::GET, &format!("/{topic}"), owner, None)
        .await
        .fails(404);
    assert_eq!(emu.info(owner, unlimited).await["topicName"], json!("u"));
    stop(emu);
    let _ = std::fs::remove_file(&path);
}
