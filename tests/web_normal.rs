//! Browser tests of normal groups (`/api/topic/{appId}/…`) against the emulator: every call as a
//! token client (with `appId`) and as an app client, what was sent (paths, the comma-joined
//! accounts, the kick's query), the owner's refused quit, the full-width dismiss message, and
//! the refusals before any request (no appId, a comma, an empty list, over 499 accounts).
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn names(group: &Value) -> Vec<String> {
    let members = group["members"].as_array().cloned().unwrap_or_default();
    members
        .iter()
        .map(|m| m["appAccount"].as_str().unwrap().to_owned())
        .collect()
}

fn path_of(call: &Value) -> String {
    let url = call["url"].as_str().unwrap();
    url.strip_prefix(base_url().trim_end_matches('/'))
        .unwrap()
        .to_owned()
}

#[wasm_bindgen_test]
async fn a_token_client_with_app_id_runs_every_normal_group_call() {
    let owner = unique("ng-owner");
    let (b, c, d) = (unique("ng-b"), unique("ng-c"), unique(NON_ASCII));
    let rec = Recorder::new();
    let client = client_from(&recorded_token_options(&token_for(&owner).await, &rec));

    let created = ok(client.create_group(
        js(&json!({ "topicName": "Team 群", "accounts": [b, c] })),
        NONE,
    ))
    .await;
    let info = &created["topicInfo"];
    let topic = info["topicId"].as_str().unwrap().to_owned();
    assert!(id_of(&info["topicId"]) >= 1 << 60, "{created}");
    assert_eq!(info["ownerAccount"], owner.as_str());
    assert_eq!(info["topicName"], "Team 群");
    assert_eq!(names(&created), [owner.clone(), b.clone(), c.clone()]);
    let sent = rec.settled().await;
    assert_eq!(sent[0]["method"], "POST");
    assert_eq!(path_of(&sent[0]), format!("/api/topic/{APP_ID}"));
    let body: Value = serde_json::from_str(sent[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({ "topicName": "Team 群", "accounts": format!("{b},{c}") })
    );

    let got = ok(client.get_group(topic.clone().into(), NONE)).await;
    assert_eq!(got, created);
    let listed = ok(client.list_groups(NONE)).await;
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["topicId"] == topic.as_str()));

    let invited =
        ok(client.invite_members(js(&json!({ "topicId": topic, "accounts": [d] })), NONE)).await;
    assert_eq!(names(&invited).last(), Some(&d));
    let kicked =
        ok(client.kick_members(js(&json!({ "topicId": topic, "accounts": [c, d] })), NONE)).await;
    assert_eq!(names(&kicked), [owner.clone(), b.clone()]);
    let updated = ok(client.update_group(
        js(&json!({ "topicId": topic, "bulletin": "Stand-up at 10", "extra": "{}" })),
        NONE,
    ))
    .await;
    assert_eq!(updated["topicInfo"]["bulletin"], "Stand-up at 10");
    let calls = rec.settled().await;
    let paths: Vec<(String, String)> = calls
        .iter()
        .map(|c| (c["method"].as_str().unwrap().to_owned(), path_of(c)))
        .collect();
    let encoded_d: String = d
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect();
    let group_path = format!("/api/topic/{APP_ID}/{topic}");
    assert_eq!(
        paths[1..],
        [
            ("GET".into(), group_path.clone()),
            ("GET".into(), format!("/api/topic/{APP_ID}/account")),
            ("POST".into(), format!("{group_path}/accounts")),
            (
                "DELETE".into(),
                format!("{group_path}/accounts?accounts={c},{encoded_d}")
            ),
            ("PUT".into(), group_path.clone()),
        ]
    );
    let body: Value = serde_json::from_str(calls[5]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body, json!({ "bulletin": "Stand-up at 10", "extra": "{}" }));

    // A member leaves; the owner cannot: the service's own code and words.
    let b_client = token_client(&token_for(&b).await);
    let quit = ok(b_client.quit_group(topic.clone().into(), NONE)).await;
    assert_eq!(quit, Value::Null);
    let err = fails(client.quit_group(topic.clone().into(), NONE)).await;
    err.check_api(500, "quitGroup");
    assert!(err.message.contains("quit topic fail"), "{err}");
    // Dismissed: the emulator answers "success！" (a full-width mark), and that is success.
    assert_eq!(
        ok(client.dismiss_group(topic.clone().into(), NONE)).await,
        Value::Null
    );
    fails(client.get_group(topic.into(), NONE))
        .await
        .check_api(404, "getGroup");
}

#[wasm_bindgen_test]
async fn an_app_client_runs_them_as_its_account_and_as_the_server() {
    let owner = unique("ng-app");
    let member = unique("ng-app-m");
    let client = app_client(Some(&owner));
    let created = ok(client.create_group(
        js(&json!({ "topicName": "app", "accounts": [member] })),
        NONE,
    ))
    .await;
    let topic = created["topicInfo"]["topicId"].as_str().unwrap().to_owned();
    let renamed = ok(client.update_group(
        js(&json!({ "topicId": topic, "topicName": "renamed", "ownerAccount": member })),
        NONE,
    ))
    .await;
    assert_eq!(renamed["topicInfo"]["ownerAccount"], member.as_str());
    let server = app_client(None);
    let got = ok(server.get_group(topic.clone().into(), NONE)).await;
    assert_eq!(got["topicInfo"]["topicName"], "renamed");
    ok(server.dismiss_group(topic.into(), NONE)).await;
}

#[wasm_bindgen_test]
async fn bad_input_is_refused_before_any_request() {
    let rec = Recorder::new();
    let token = token_for(&unique("ng-bad")).await;
    let options = js(&json!({ "baseUrl": base_url(), "token": token }));
    set(&options, "fetch", &rec.fetch);
    let without_app_id = client_from(&options);
    let err = fails(without_app_id.list_groups(NONE)).await;
    err.check_invalid_input();
    assert_eq!(err.endpoint.as_deref(), Some("listGroups"));
    assert!(err.message.contains("appId"), "{err}");

    let client = client_from(&recorded_token_options(&token, &rec));
    let many: Vec<String> = (0..500).map(|i| format!("u{i}")).collect();
    for accounts in [
        json!([]),
        json!(["a,b"]),
        json!([" "]),
        json!(many),
        json!("a,b"),
    ] {
        let input = js(&json!({ "topicName": "x", "accounts": accounts }));
        fails(client.create_group(input, NONE))
            .await
            .check_invalid_input();
        let input = js(&json!({ "topicId": "1", "accounts": accounts }));
        fails(client.invite_members(input.clone(), NONE))
            .await
            .check_invalid_input();
        fails(client.kick_members(input, NONE))
            .await
            .check_invalid_input();
    }
    let err = fails(client.update_group(js(&json!({ "topicId": "1" })), NONE)).await;
    err.check_invalid_input();
    let unsafe_id = JsValue::from_f64(9_007_199_254_740_994.0);
    fails(client.dismiss_group(unsafe_id, NONE))
        .await
        .check_invalid_input();
    // appId goes with a token; app credentials carry their own.
    let mut both = app_options(None);
    both["appId"] = APP_ID.into();
    assert!(Client::new(js(&both)).is_err());
    assert!(rec.calls().is_empty(), "{:?}", rec.calls());
}

#[wasm_bindgen_test]
async fn success_is_the_code_whatever_the_message() {
    // A server that answers as the manual shows: "success！" with a full-width mark.
    let stub = wasm_bindgen::closure::Closure::<dyn FnMut(String) -> JsValue>::new(|_: String| {
        let body = r#"{"code":200,"message":"success！","data":null}"#;
        let response = web_sys::Response::new_with_opt_str(Some(body)).unwrap();
        js_sys::Promise::resolve(&response).into()
    });
    let options = js(&json!({ "baseUrl": "http://stub.invalid", "token": "t", "appId": "7" }));
    set(&options, "fetch", stub.as_ref());
    let client = client_from(&options);
    assert_eq!(
        ok(client.dismiss_group("1".into(), NONE)).await,
        Value::Null
    );
}
