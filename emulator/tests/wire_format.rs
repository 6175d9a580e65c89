//! Wire formats over real HTTP: unknown body fields, ids above 2^53, the documented and the
//! native format.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn unknown_body_fields_are_ignored() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let auth = Auth::Token(&token);
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic",
            auth,
            &[],
            Some(&json!({"topicName": "g", "appId": APP_ID, "foo": {"bar": [1, 2]}, "n": null})),
        )
        .await;
    let topic = id(&reply.data()["topicId"]);
    emu.call(
        Method::POST,
        "/api/uctopic/update",
        auth,
        &[],
        Some(&json!({"topicId": topic, "topicName": "h", "whatever": true, "sdkVersion": "1.0"})),
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg",
        auth,
        &[],
        Some(&json!({"topicId": topic, "user": "owner", "forbidSeconds": 5, "reason": "spam"})),
    )
    .await
    .data();
    // A body where none is expected is ignored too.
    emu.call(
        Method::GET,
        "/api/uctopic/topic",
        auth,
        &[("topicId", &topic.to_string())],
        Some(&json!({"ignored": 1})),
    )
    .await
    .data();
    // null fields are absent: topicName null with extra set is an extra-only update.
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic/update",
            auth,
            &[],
            Some(&json!({"topicId": topic, "topicName": null, "extra": "e"})),
        )
        .await;
    assert_eq!(reply.data()["topicName"], json!("h"));
}

#[tokio::test]
async fn ids_above_2_pow_53_round_trip_exactly() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "big").await;
    let auth = Auth::Token(&token);
    assert!(topic > JS_SAFE, "{topic}");
    // f64 cannot hold it: the test would be vacuous otherwise.
    let near = (topic as f64) as u64;
    let members = accounts("m", 20);
    emu.join(topic, &members).await;
    // Every id in every answer is above 2^53 and comes back as sent.
    for body in [
        json!({"topicId": topic, "topicName": "n"}),
        json!({"topicId": topic.to_string(), "topicName": "n"}),
        json!({"topicId": format!(" {topic} "), "topicName": "n"}),
    ] {
        let reply = emu
            .call(Method::POST, "/api/uctopic/update", auth, &[], Some(&body))
            .await;
        assert_eq!(reply.data()["topicId"].as_u64(), Some(topic));
    }
    // A neighbour id is another (absent) group: no rounding anywhere.
    for other in [topic - 1, topic + 1] {
        emu.get_topic("/api/uctopic/topic", auth, other)
            .await
            .fails(404);
    }
    if near != topic {
        emu.get_topic("/api/uctopic/topic", auth, near)
            .await
            .fails(404);
    }
    let info = emu.info(auth, topic).await;
    assert_eq!(info["topicId"].as_str(), Some(topic.to_string().as_str()));
    let owner_uuid = id(&info["ownerUuid"]);
    assert!(owner_uuid > JS_SAFE);
    let page = emu.page(auth, topic, None).await;
    assert_eq!(page.uuids.len(), 21);
    for (uuid, account) in page.uuids.iter().zip(&page.accounts) {
        assert!(*uuid > JS_SAFE);
        assert_eq!(emu.uuid(account).await, *uuid);
    }
    // startUuid above 2^53 is exact: start at the k-th member, get exactly the ones after it.
    let k = 7;
    let rest = emu.page(auth, topic, Some(page.uuids[k])).await;
    assert_eq!(rest.uuids, page.uuids[k + 1..]);
    assert_eq!(emu.my_groups(auth).await, vec![topic]);
    // Muting by a big id in a string.
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg",
        auth,
        &[],
        Some(&json!({"topicId": topic.to_string(), "user": "m-3", "forbidSeconds": 9})),
    )
    .await
    .data();
    // The raw text carries the exact digits (a number for topicId in create/update).
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic/update",
            auth,
            &[],
            Some(&json!({"topicId": topic, "extra": "z"})),
        )
        .await;
    assert!(
        reply.text.contains(&format!("\"topicId\":{topic}")),
        "{}",
        reply.text
    );
}

#[tokio::test]
async fn documented_wire_format() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.join(topic, &accounts("m", 2)).await;
    let config = emu.admin(Method::GET, "/emulator/config", None).await;
    assert_eq!(config.data()["wireFormat"], json!("documented"));
    assert_eq!(config.data()["apps"][0]["appId"], json!(APP_ID));

    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    let data = reply.data();
    assert_eq!(data["count"], json!("3"));
    assert_eq!(data["isEnd"], json!("true"));
    for member in data["members"].as_array().unwrap() {
        let member = member.as_object().unwrap();
        assert!(member["uuid"].is_string());
        assert!(
            member["appAccout"].is_string(),
            "the documented misspelling"
        );
        assert!(!member.contains_key("appAccount"));
        assert_eq!(member["appId"], json!(APP_ID));
        assert_eq!(member.len(), 3);
    }
    let info = emu.info(auth, topic).await;
    for field in ["topicId", "ownerUuid", "memberNum"] {
        assert!(info[field].is_string(), "{field} in {info}");
    }
    let online = emu.get_topic("/api/uctopic/onlineinfo", auth, topic).await;
    assert!(online.data()["userCnt"].is_string());
    assert!(online.data()["topicId"].is_string());
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic",
            auth,
            &[],
            Some(&json!({"topicName": "n"})),
        )
        .await;
    assert!(reply.data()["topicId"].is_u64());
    assert!(reply.data()["ownerUuid"].is_u64());
    let reply = emu
        .call(Method::GET, "/api/uctopic/topics", auth, &[], None)
        .await;
    assert!(reply.data().as_array().unwrap().iter().all(Value::is_u64));
    // isEnd "false" on a non-final page.
    emu.join(topic, &accounts("more", 120)).await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    assert_eq!(reply.data()["isEnd"], json!("false"));
    assert_eq!(reply.data()["count"], json!("100"));
    // The envelope's code is a number in both formats.
    assert!(reply.json["code"].is_u64());
}

#[tokio::test]
async fn native_wire_format() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    let auth = Auth::Token(&token);
    emu.set_wire("native").await;
    assert_eq!(
        emu.admin(Method::GET, "/emulator/config", None)
            .await
            .data()["wireFormat"],
        json!("native")
    );
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    let data = reply.data();
    assert_eq!(data["count"], json!(1));
    assert_eq!(data["isEnd"], json!(true));
    let member = data["members"][0].as_object().unwrap();
    assert_eq!(member["uuid"].as_u64(), Some(emu.uuid("owner").await));
    assert_eq!(member["appAccount"], json!("owner"));
    assert!(!member.contains_key("appAccout"));
    let info = emu.info(auth, topic).await;
    assert_eq!(info["topicId"].as_u64(), Some(topic));
    assert!(info["ownerUuid"].is_u64());
    assert_eq!(info["memberNum"], json!(1));
    let online = emu.get_topic("/api/uctopic/onlineinfo", auth, topic).await;
    assert_eq!(online.data()["userCnt"], json!(0));
    assert_eq!(online.data()["topicId"].as_u64(), Some(topic));
    emu.join(topic, &accounts("m", 100)).await;
    let reply = emu.get_topic("/api/uctopic/userlist", auth, topic).await;
    assert_eq!(reply.data()["isEnd"], json!(false));
    // And back.
    emu.set_wire("documented").await;
    assert_eq!(emu.info(auth, topic).await["memberNum"], json!("101"));
    // A bad format is refused and changes nothing.
    emu.admin(
        Method::PUT,
        "/emulator/config",
        Some(&json!({"wireFormat": "xml"})),
    )
    .await
    .fails(400);
    assert_eq!(emu.info(auth, topic).await["memberNum"], json!("101"));
}

#[tokio::test]
async fn native_wire_format_from_the_start() {
    let emu = start_with(86_400, mimc_emulator::wire::WireFormat::Native).await;
    let (topic, token) = emu.group("owner", "g").await;
    assert_eq!(
        emu.info(Auth::Token(&token), topic).await["memberNum"],
        json!(1)
    );
}
