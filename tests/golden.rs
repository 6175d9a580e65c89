//! The client against the service document's own examples (the golden blocks of
//! `docs/uctopic-api.md`, read by `tests/golden/fixtures.rs`): each documented request, built
//! through the core with the same values, must have the document's method, path, headers and
//! JSON body; each documented answer, filled with values, must decode to those values. The core's
//! declarations are not consulted for what is expected, so a wrong one fails here.
#![cfg(not(target_arch = "wasm32"))]

#[path = "golden/fixtures.rs"]
mod fixtures;

use fixtures::{answer_text, Curl};
use mimc_uctopic::core::auth::{auth_headers, Credentials};
use mimc_uctopic::core::endpoints::AnyEndpoint;
use mimc_uctopic::core::envelope::{envelope, Ignored};
use mimc_uctopic::core::groups::{self, Groups, MuteMember, UpdateTopic};
use mimc_uctopic::core::http::{Endpoint, HttpRequest};
use mimc_uctopic::core::members::{self, Members, RawMemberPage};
use mimc_uctopic::core::shape::Read;
use mimc_uctopic::core::wire::Id;
use serde_json::{json, Value};

// Ids above 2^60, as the emulator's are, so one that went through an f64 would show.
const TOPIC: u64 = (1 << 60) + 1;
const TOPIC_2: u64 = (1 << 62) + 3;
const OWNER_UUID: u64 = (1 << 61) + 5;
const USER_UUID_1: u64 = (1 << 60) + 7;
const USER_UUID_2: u64 = u64::MAX - 2;
const START_UUID: u64 = (1 << 59) + 9;

/// A test value for every placeholder of the document's examples (its `$…` names, spelled as it
/// spells them, `$topicid` included). Bare placeholders become these JSON values; quoted ones
/// their text.
fn values() -> Vec<(&'static str, Value)> {
    vec![
        ("token", json!("tok-owner")),
        ("userToken1", json!("tok-user1")),
        ("appId", json!("2882303761517669588")),
        ("appKey", json!("KEY5551234")),
        ("appSecret", json!("SECRETxyz==")),
        ("appAccount", json!("owner-account")),
        ("ownerAccount", json!("owner-account")),
        ("userAccount1", json!("user-1")),
        ("userAccount2", json!("user-2")),
        ("user", json!("user-2")),
        ("topicId", json!(TOPIC)),
        ("topicid", json!(TOPIC)),
        ("topicId1", json!(TOPIC)),
        ("topicId2", json!(TOPIC_2)),
        ("topicName", json!("golden room")),
        ("extra", json!("{\"theme\":\"dark\"}")),
        ("ownerUuid", json!(OWNER_UUID)),
        ("userUuid1", json!(USER_UUID_1)),
        ("userUuid2", json!(USER_UUID_2)),
        ("startUuid", json!(START_UUID)),
        ("seconds", json!(3600)),
        ("count", json!(2)),
        ("memberNum", json!(7)),
        ("userCnt", json!(3)),
        // The document gives no values for isEnd; "true" is one it may take (the other: below).
        ("isEnd", json!("true")),
    ]
}

/// What the core builds for `call`, given the values above (its own API, not the document).
fn build(call: &str) -> HttpRequest {
    let topic = Id(TOPIC);
    let request = match call {
        "createTopic" => groups::CreateTopic {
            topic_name: "golden room".into(),
            extra: Some("{\"theme\":\"dark\"}".into()),
        }
        .request(),
        "updateTopic" => UpdateTopic {
            topic_id: topic,
            topic_name: Some("golden room".into()),
            owner_account: Some("owner-account".into()),
            extra: Some("{\"theme\":\"dark\"}".into()),
        }
        .request(),
        "deleteTopic" => Ok(groups::delete_topic(topic)),
        "memberPage" => Ok(members::member_page(topic, Id(START_UUID))),
        "listTopics" => Ok(groups::list_topics()),
        "getTopic" => Ok(groups::get_topic(topic)),
        "onlineCount" => Ok(groups::online_count(topic)),
        "muteMember" => MuteMember {
            topic_id: topic,
            user: "user-2".into(),
            seconds: 3600,
        }
        .request(),
        other => panic!("no request built for {other}"),
    };
    request.unwrap_or_else(|e| panic!("{call}: the core refused the document's values: {e}"))
}

/// The credentials the document's example carries, as the client is given them.
fn credentials(doc: &Curl) -> Credentials {
    match doc.header("token") {
        Some(token) => Credentials::Token(token.to_owned()),
        None => Credentials::App {
            app_id: doc
                .header("appId")
                .expect("an app example sends appId")
                .to_owned(),
            app_key: doc
                .header("appKey")
                .expect("an app example sends appKey")
                .to_owned(),
            app_secret: doc
                .header("appSecret")
                .expect("an app example sends appSecret")
                .to_owned(),
            app_account: doc.header("appAccount").map(str::to_owned),
        },
    }
}

/// The one difference in headers that is recorded in docs/uctopic-api.md (Basics, "Request
/// bodies"): the document's examples send `Content-Type: application/json` on every request, GET
/// and DELETE included; the client sends it only with a body (**Differs**, and a row of the
/// Decisions table; listed here by name so that it is the only one allowed).
fn content_type_only_with_a_body(name: &str, sent: &HttpRequest) -> bool {
    name == "Content-Type" && sent.body.is_none()
}

/// The headers the client sends that the document's example does not. None today: one added
/// later must be listed here, by call, with why.
const HEADERS_THE_CLIENT_ADDS: &[(&str, &str)] = &[];

/// The one difference in bodies that docs/uctopic-api.md records (Ids, **Differs**): the document
/// quotes mute's id (`"topicId":"$topicid"`), the client writes every id in a body as a JSON
/// integer. Allowed only there (mute's `topicId`), and only when the digits are the same.
fn quoted_id_sent_as_integer(call: &str, key: &str, doc: &Value, sent: &Value) -> bool {
    call == "muteMember"
        && key == "topicId"
        && matches!((doc, sent), (Value::String(text), Value::Number(n)) if n.as_u64().is_some_and(|n| n.to_string() == *text))
}

#[track_caller]
fn check_request(call: &str, form: &str) {
    let doc = Curl::of(call, form).filled(&values());
    let sent = build(call);
    let what = format!("{call} ({form} example)");
    assert_eq!(sent.method().as_str(), doc.method, "{what}: method");
    assert_eq!(sent.path(), doc.path, "{what}: path");
    assert_eq!(
        sent.url("https://mimc.chat.xiaomi.net"),
        doc.url,
        "{what}: URL under the client's default baseUrl"
    );

    let mut headers = sent.headers.clone();
    headers.extend(auth_headers(&credentials(&doc), None).expect("auth headers"));
    for (name, value) in &doc.headers {
        let found: Vec<&String> = headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v)
            .collect();
        if found.is_empty() && content_type_only_with_a_body(name, &sent) {
            continue;
        }
        assert_eq!(
            found,
            vec![value],
            "{what}: header {name} (as the document spells it); the client sent {headers:?}"
        );
    }
    let added: Vec<&str> = headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| doc.header(n).is_none())
        .collect();
    let allowed: Vec<&str> = HEADERS_THE_CLIENT_ADDS
        .iter()
        .filter(|(c, _)| *c == call)
        .map(|(_, h)| *h)
        .collect();
    assert_eq!(
        added, allowed,
        "{what}: headers the client sends that the document does not"
    );

    match (&doc.body, &sent.body) {
        (None, None) => {}
        (Some(doc_body), Some(sent_body)) => {
            let mut expected: Value = serde_json::from_str(doc_body)
                .unwrap_or_else(|e| panic!("{what}: the document's body is not JSON ({e})"));
            let sent_json: Value = serde_json::from_str(sent_body)
                .unwrap_or_else(|e| panic!("{what}: the client's body is not JSON ({e})"));
            if let (Some(expected), Some(sent)) = (expected.as_object_mut(), sent_json.as_object())
            {
                for (key, value) in expected.iter_mut() {
                    if let Some(sent_value) = sent.get(key) {
                        if quoted_id_sent_as_integer(call, key, value, sent_value) {
                            *value = sent_value.clone();
                        }
                    }
                }
            }
            assert_eq!(sent_json, expected, "{what}: body (as JSON)");
        }
        (doc_body, sent_body) => {
            panic!("{what}: the document's body is {doc_body:?}, the client's {sent_body:?}")
        }
    }
}

/// The document's answer of `call`, filled with `values`, decoded as the client decodes it.
#[track_caller]
fn decode<T: Read>(call: &str, endpoint: impl Into<Endpoint>, values: &[(&str, Value)]) -> T {
    let text = answer_text(call, values);
    envelope(endpoint.into(), 200, &text)
        .unwrap_or_else(|e| panic!("{call}: the document's answer does not decode: {e}\n{text}"))
}

#[test]
fn the_reference_has_every_example() {
    fixtures::assert_every_call_has_its_examples();
    // Every unlimited-group endpoint of the client is in the document, but for the two it does
    // not show. (Normal groups have no such document: their reference restates Xiaomi's manual,
    // with no verbatim example to hold them to.)
    let not_in_the_document = ["unmuteMember", "fetchToken"];
    let names: Vec<&str> = AnyEndpoint::all()
        .filter(|e| !matches!(e, AnyEndpoint::Normal(_)))
        .map(|e| e.endpoint().name())
        .filter(|name| !not_in_the_document.contains(name))
        .collect();
    let mut calls = fixtures::CALLS.to_vec();
    calls.sort_unstable();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted, calls,
        "the client's endpoints and the document's calls"
    );
}

#[test]
fn requests_match_the_document() {
    for call in fixtures::CALLS {
        for form in ["token", "app"] {
            check_request(call, form);
        }
    }
}

#[test]
fn create_answer() {
    let topic: groups::Topic = decode("createTopic", Groups::CreateTopic, &values());
    assert_eq!(topic.topic_id, Id(TOPIC));
    assert_eq!(topic.owner_uuid, Id(OWNER_UUID));
    assert_eq!(topic.topic_name.0, "golden room");
    assert_eq!(
        topic.extra.map(|e| e.0).as_deref(),
        Some("{\"theme\":\"dark\"}")
    );
}

#[test]
fn update_answer() {
    let topic: groups::UpdatedTopic = decode("updateTopic", Groups::UpdateTopic, &values());
    assert_eq!(topic.topic_id, Id(TOPIC));
    assert_eq!(topic.owner_uuid, Id(OWNER_UUID));
    assert_eq!(
        topic.owner_account.map(|t| t.0).as_deref(),
        Some("owner-account")
    );
    assert_eq!(
        topic.topic_name.map(|t| t.0).as_deref(),
        Some("golden room")
    );
    assert_eq!(
        topic.extra.map(|e| e.0).as_deref(),
        Some("{\"theme\":\"dark\"}")
    );
}

#[test]
fn delete_and_mute_answers() {
    // The client does not read their data (null, ""), but the envelope must be a success.
    let _: Ignored = decode("deleteTopic", Groups::DeleteTopic, &values());
    let _: Ignored = decode("muteMember", Groups::MuteMember, &values());
}

#[test]
fn member_page_answer() {
    for (is_end, expected) in [("true", true), ("false", false)] {
        let mut values = values();
        values.retain(|(name, _)| *name != "isEnd");
        values.push(("isEnd", json!(is_end)));
        let page: RawMemberPage = decode("memberPage", Members::MemberPage, &values);
        assert_eq!(page.count.map(|c| c.0), Some(2));
        assert_eq!(page.is_end.0, expected);
        let members: Vec<(&str, Id, &str)> = page
            .members
            .iter()
            .map(|m| (m.app_account.as_str(), m.uuid, m.app_id.as_str()))
            .collect();
        assert_eq!(
            members,
            vec![
                ("user-1", Id(USER_UUID_1), "2882303761517669588"),
                ("user-2", Id(USER_UUID_2), "2882303761517669588"),
            ],
            "appAccout (sic) read as the account"
        );
    }
}

#[test]
fn my_groups_answer() {
    let list: groups::TopicList = decode("listTopics", Groups::ListTopics, &values());
    assert_eq!(list.0, vec![Id(TOPIC), Id(TOPIC_2)]);
}

#[test]
fn group_info_answer() {
    let info: groups::TopicInfo = decode("getTopic", Groups::GetTopic, &values());
    assert_eq!(info.topic_id, Id(TOPIC));
    assert_eq!(info.topic_name.0, "golden room");
    assert_eq!(info.owner_uuid, Id(OWNER_UUID));
    assert_eq!(info.owner_account.0, "owner-account");
    assert_eq!(info.member_num.0, 7);
}

#[test]
fn online_count_answer() {
    let online: groups::OnlineInfo = decode("onlineCount", Groups::OnlineCount, &values());
    assert_eq!(online.topic_id, Id(TOPIC));
    assert_eq!(online.user_cnt.0, 3);
}
