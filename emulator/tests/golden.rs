//! The emulator against the service document's own examples (the golden blocks of
//! `docs/uctopic-api.md`, read by `tests/golden/fixtures.rs`): each documented request is sent as
//! the document writes it (method, path, headers, body text), its placeholders filled with real
//! values (a minted token, a created group, the default app's credentials), and the answer must
//! be a success whose `data` has exactly the documented answer's keys, each value of the JSON
//! type the document gives it, in the default `documented` wire format, and the value the
//! document's placeholder stands for wherever the test knows it.
//!
//! Where a value cannot be reproduced (an id the emulator picks, or a placeholder whose value the
//! document never gives, such as `"$isEnd"` and `"$count"`), only its type is compared: those keys
//! are named in each test's `type_only`.
//!
//! reqwest writes header names in lower case (HTTP/1.1 names are case-insensitive, and the
//! emulator accepts any case, a recorded Decision); their spelling as written is checked on the
//! client's side, in tests/golden.rs.

mod common;

#[path = "../../tests/golden/fixtures.rs"]
mod fixtures;

use common::{reply, start, Emu, Reply, APP_ID, APP_KEY, APP_SECRET};
use fixtures::{type_of, Curl};
use reqwest::Method;
use serde_json::{json, Value};

/// The default app's credentials, under the document's placeholder names.
fn app() -> Vec<(&'static str, Value)> {
    vec![
        ("appId", json!(APP_ID)),
        ("appKey", json!(APP_KEY)),
        ("appSecret", json!(APP_SECRET)),
    ]
}

/// Sends the document's request of `call` in `form`, filled with `values`, as it is written.
async fn send(emu: &Emu, call: &str, form: &str, values: &[(&str, Value)]) -> Reply {
    let doc = Curl::of(call, form).filled(values);
    let method = Method::from_bytes(doc.method.as_bytes()).expect("a method");
    let mut request = emu.client.request(method, emu.url(&doc.path));
    for (name, value) in &doc.headers {
        request = request.header(name, value);
    }
    if let Some(body) = &doc.body {
        request = request.body(body.clone());
    }
    reply(request.send().await.expect("request")).await
}

/// Sends the request of `call` in `form` and checks the answer's data against the document's
/// answer filled with the same `values`; keys in `type_only` are compared by type alone.
async fn check(
    emu: &Emu,
    call: &str,
    form: &str,
    values: &[(&str, Value)],
    type_only: &[&str],
) -> Value {
    let answer = send(emu, call, form, values).await;
    let documented = fixtures::answer(call, values);
    let data = answer.data().clone();
    assert_eq!(
        answer.json.as_object().map(|o| o.len()),
        Some(3),
        "{call} ({form}): the envelope has code, message and data only: {}",
        answer.text
    );
    assert_like(
        &documented["data"],
        &data,
        type_only,
        &format!("{call} ({form}) data"),
    );
    data
}

/// `got` has `doc`'s structure: the same keys, the same JSON types, the same values except
/// under the keys in `type_only`.
#[track_caller]
fn assert_like(doc: &Value, got: &Value, type_only: &[&str], place: &str) {
    assert_eq!(
        type_of(got),
        type_of(doc),
        "{place}: the document's {doc} is a {}, the emulator sent {got}",
        type_of(doc)
    );
    match (doc, got) {
        (Value::Object(doc), Value::Object(got)) => {
            let mut doc_keys: Vec<&String> = doc.keys().collect();
            let mut got_keys: Vec<&String> = got.keys().collect();
            doc_keys.sort();
            got_keys.sort();
            assert_eq!(got_keys, doc_keys, "{place}: keys");
            for (key, doc_value) in doc {
                let inner = format!("{place}.{key}");
                if type_only.contains(&key.as_str()) {
                    assert_eq!(
                        type_of(&got[key]),
                        type_of(doc_value),
                        "{inner}: the document's {doc_value} is a {}, the emulator sent {}",
                        type_of(doc_value),
                        got[key]
                    );
                } else {
                    assert_like(doc_value, &got[key], type_only, &inner);
                }
            }
        }
        (Value::Array(doc), Value::Array(got)) => {
            assert_eq!(got.len(), doc.len(), "{place}: items in {got:?}");
            for (i, (d, g)) in doc.iter().zip(got).enumerate() {
                assert_like(d, g, type_only, &format!("{place}[{i}]"));
            }
        }
        _ => assert_eq!(got, doc, "{place}"),
    }
}

/// The forms of every documented request: a user token, and the app's credentials.
const FORMS: [&str; 2] = ["token", "app"];

#[test]
fn the_reference_has_every_example() {
    fixtures::assert_every_call_has_its_examples();
}

#[tokio::test]
async fn create() {
    let emu = start().await;
    let owner_uuid = emu.uuid("golden-owner").await;
    for form in FORMS {
        let mut values = app();
        values.extend([
            ("token", json!(emu.token("golden-owner").await)),
            ("ownerAccount", json!("golden-owner")),
            ("topicName", json!("golden room")),
            ("extra", json!("{\"theme\":\"dark\"}")),
            // A sample of its type (an id, a number): the new group's id is the emulator's to pick.
            ("topicId", json!(0)),
            ("ownerUuid", json!(owner_uuid)),
        ]);
        check(&emu, "createTopic", form, &values, &["topicId"]).await;
    }
}

#[tokio::test]
async fn update() {
    let emu = start().await;
    let heir_uuid = emu.uuid("golden-heir").await;
    for form in FORMS {
        let (topic, token) = emu.group("golden-owner", "golden room").await;
        emu.join(topic, &["golden-heir".to_owned()]).await;
        let mut values = app();
        values.extend([
            ("token", json!(token)),
            ("appAccount", json!("golden-owner")),
            ("topicId", json!(topic)),
            ("topicName", json!("renamed room")),
            // A transfer: the answer's owner is then the heir.
            ("ownerAccount", json!("golden-heir")),
            ("extra", json!("{\"theme\":\"light\"}")),
            ("ownerUuid", json!(heir_uuid)),
        ]);
        check(&emu, "updateTopic", form, &values, &[]).await;
    }
}

#[tokio::test]
async fn delete() {
    let emu = start().await;
    for form in FORMS {
        let (topic, token) = emu.group("golden-owner", "golden room").await;
        let mut values = app();
        values.extend([("token", json!(token)), ("topicId", json!(topic))]);
        check(&emu, "deleteTopic", form, &values, &[]).await;
    }
}

#[tokio::test]
async fn member_page() {
    let emu = start().await;
    for form in FORMS {
        let (topic, _) = emu.group("golden-a", "golden room").await;
        emu.join(topic, &["golden-b".to_owned()]).await;
        // The two members, as the document's userAccount1 and userAccount2: in uuid order, the
        // order the document states ("以uuid大小排序").
        let mut members = [
            (emu.uuid("golden-a").await, "golden-a"),
            (emu.uuid("golden-b").await, "golden-b"),
        ];
        members.sort();
        let [(uuid_1, account_1), (uuid_2, account_2)] = members;
        let mut values = app();
        values.extend([
            ("userToken1", json!(emu.token(account_1).await)),
            ("topicId", json!(topic)),
            ("startUuid", json!(0)),
            ("userAccount1", json!(account_1)),
            ("userUuid1", json!(uuid_1)),
            ("userAccount2", json!(account_2)),
            ("userUuid2", json!(uuid_2)),
            // The document gives neither value ("$count", "$isEnd"): types only. Each sample
            // has the type of what it stands for, so the document's quoting decides the type.
            ("count", json!(0)),
            ("isEnd", json!(true)),
        ]);
        check(&emu, "memberPage", form, &values, &["count", "isEnd"]).await;
    }
}

#[tokio::test]
async fn my_groups() {
    let emu = start().await;
    for form in FORMS {
        let account = format!("golden-user-{form}");
        let (own, token) = emu.group(&account, "mine").await;
        let (joined, _) = emu.group("golden-other", "theirs").await;
        emu.join(joined, std::slice::from_ref(&account)).await;
        // Ascending by id: the emulator's order (a Decision; the document gives none).
        let (first, second) = (own.min(joined), own.max(joined));
        let mut values = app();
        values.extend([
            ("userToken1", json!(token)),
            ("userAccount1", json!(account)),
            ("topicId1", json!(first)),
            ("topicId2", json!(second)),
        ]);
        check(&emu, "listTopics", form, &values, &[]).await;
    }
}

#[tokio::test]
async fn group_info() {
    let emu = start().await;
    let owner_uuid = emu.uuid("golden-owner").await;
    for form in FORMS {
        let (topic, _) = emu.group("golden-owner", "golden room").await;
        emu.join(topic, &["golden-member".to_owned()]).await;
        let mut values = app();
        values.extend([
            // The document's $userToken1: a member's.
            ("userToken1", json!(emu.token("golden-member").await)),
            ("topicId", json!(topic)),
            ("topicName", json!("golden room")),
            ("ownerUuid", json!(owner_uuid)),
            ("ownerAccount", json!("golden-owner")),
            ("memberNum", json!(2)),
        ]);
        check(&emu, "getTopic", form, &values, &[]).await;
    }
}

#[tokio::test]
async fn online_count() {
    let emu = start().await;
    for form in FORMS {
        let (topic, _) = emu.group("golden-owner", "golden room").await;
        emu.join(topic, &["golden-member".to_owned()]).await;
        emu.admin(
            Method::PUT,
            &format!("/emulator/topics/{topic}/online"),
            Some(&json!({"accounts": ["golden-member"]})),
        )
        .await
        .data();
        let mut values = app();
        values.extend([
            ("userToken1", json!(emu.token("golden-member").await)),
            ("topicId", json!(topic)),
            ("userCnt", json!(1)),
        ]);
        check(&emu, "onlineCount", form, &values, &[]).await;
    }
}

#[tokio::test]
async fn mute() {
    let emu = start().await;
    for form in FORMS {
        let (topic, owner_token) = emu.group("golden-owner", "golden room").await;
        emu.join(topic, &["golden-member".to_owned()]).await;
        let mut values = app();
        values.extend([
            // The document's $userToken1 is a member's token; the emulator lets only the owner
            // (and the app's server) mute, a recorded Decision ("Mute rights"), so the member
            // whose token is sent here is the owner, who is a member too.
            ("userToken1", json!(owner_token)),
            // Quoted in the document ("$topicid"): sent as a string of digits.
            ("topicid", json!(topic)),
            ("user", json!("golden-member")),
            ("seconds", json!(600)),
        ]);
        check(&emu, "muteMember", form, &values, &[]).await;
        let mutes = emu
            .admin(
                Method::GET,
                &format!("/emulator/topics/{topic}/mutes"),
                None,
            )
            .await;
        assert_eq!(
            mutes.data()["mutes"].as_array().map(Vec::len),
            Some(1),
            "{form}: the mute took effect: {}",
            mutes.text
        );
    }
}
