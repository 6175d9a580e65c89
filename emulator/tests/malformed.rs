//! Malformed requests, to the API and the admin API: each answers the error envelope.

#[path = "malformed/cases.rs"]
mod cases;
mod common;

use common::*;
use serde_json::json;

/// Every malformed request answers the envelope with a non-200 code and `data: null`, quickly.
#[tokio::test]
async fn malformed_requests_answer_an_error_envelope() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    emu.join(topic, &["m".to_owned()]).await;
    for case in cases::cases(token.clone(), topic) {
        let mut request = emu.client.request(case.method.clone(), emu.url(&case.path));
        for (name, value) in &case.headers {
            request = request.header(
                *name,
                reqwest::header::HeaderValue::from_bytes(value).expect("header value"),
            );
        }
        let response = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            request.body(case.body.clone()).send(),
        )
        .await
        .unwrap_or_else(|_| panic!("{}: no answer in 10 s", case.name))
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let reply = reply(response).await;
        assert_ne!(reply.status, 200, "{}: {}", case.name, reply.text);
        assert_eq!(reply.status, case.code, "{}: {}", case.name, reply.text);
        assert_eq!(
            reply.json["code"],
            json!(case.code),
            "{}: {}",
            case.name,
            reply.text
        );
        assert!(
            reply.json["message"].is_string(),
            "{}: {}",
            case.name,
            reply.text
        );
        assert!(
            reply
                .json
                .as_object()
                .is_some_and(|o| o.contains_key("data"))
                && reply.json["data"].is_null(),
            "{}: {}",
            case.name,
            reply.text
        );
    }
    // Nothing changed: one group, two members, same name.
    let info = emu.info(Auth::Token(&token), topic).await;
    assert_eq!(info["memberNum"], json!("2"));
    assert_eq!(info["topicName"], json!("g"));
    assert_eq!(emu.my_groups(Auth::Token(&token)).await, vec![topic]);
}
