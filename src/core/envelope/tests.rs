//! Tests of `core::envelope`.
use super::*;
use crate::core::error::ErrorKind;
use crate::core::groups::Groups;
use crate::core::groups::{Topic, TopicInfo, TopicList};
use crate::core::members::Members;
use crate::core::members::RawMemberPage;
use crate::core::token::Token;

fn ok<T: Read>(body: &str) -> T {
    match envelope::<T>(Groups::GetTopic.into(), 200, body) {
        Ok(v) => v,
        Err(e) => panic!("{body}: {e}"),
    }
}

#[test]
fn an_answer_cut_off_anywhere_is_a_network_failure() {
    let full = r#"{"code":200,"message":"success","data":{"topicId":"21351198708203520","topicName":"g","ownerUuid":"12","ownerAccount":"bob","memberNum":"3"}}"#;
    // Every proper prefix that holds more than white space, at every status.
    for end in 1..full.len() {
        for status in [200, 404, 500] {
            let e =
                envelope::<TopicInfo>(Groups::GetTopic.into(), status, &full[..end]).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Network, "{end}: {e}");
            assert_eq!(e.endpoint, Some("getTopic"));
            assert!(
                e.message.contains(&format!("cut off after {end} bytes")),
                "{e}"
            );
            assert!(crate::core::retry::retryable(&e));
        }
    }
    let e =
        envelope::<Topic>(Groups::CreateTopic.into(), 200, "  {\"code\":200,\"mess").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
    // A complete answer of the wrong shape, or none at all, is not a cut-off.
    for wrong in [
        "",
        "  ",
        "<html></html>",
        "{}",
        "[1,2]",
        r#"{"code":200}}"#,
        "{\"a\" 1}",
    ] {
        let e = envelope::<TopicInfo>(Groups::GetTopic.into(), 200, wrong).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode, "{wrong:?}: {e}");
    }
}

#[test]
fn a_body_shorter_than_its_content_length_is_cut_off() {
    assert!(check_length(Groups::GetTopic.into(), 10, Some("10")).is_ok());
    assert!(check_length(Groups::GetTopic.into(), 11, Some("10")).is_ok());
    assert!(check_length(Groups::GetTopic.into(), 10, None).is_ok());
    assert!(check_length(Groups::GetTopic.into(), 10, Some("junk")).is_ok());
    let e = check_length(Groups::GetTopic.into(), 17, Some(" 120 ")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(
        e.message,
        "the answer was cut off after 17 bytes of the 120 its Content-Length announced: the connection closed before it was complete"
    );
}

#[test]
fn ignored_data_accepts_anything() {
    for body in [
        r#"{"code":200,"message":"success","data":null}"#,
        r#"{"code":200,"message":"success","data":""}"#,
        r#"{"code":200,"message":"success！","data":{"x":[1,2]}}"#,
        r#"{"code":200}"#,
        r#"{"code":"200","data":true}"#,
    ] {
        assert_eq!(
            envelope::<Ignored>(Groups::DeleteTopic.into(), 200, body),
            Ok(Ignored)
        );
    }
}

#[test]
fn failure_envelopes() {
    let cases = [
        (401, 200, ErrorKind::Auth),
        (403, 200, ErrorKind::Api),
        (404, 200, ErrorKind::Api),
        (500, 200, ErrorKind::Api),
        (500, 401, ErrorKind::Auth),
        (403, 403, ErrorKind::Api),
        (-1, 200, ErrorKind::Api),
    ];
    for (code, status, kind) in cases {
        let body = format!(r#"{{"code":{code},"message":"reason {code}","data":null}}"#);
        let err = envelope::<Topic>(Groups::CreateTopic.into(), status, &body).unwrap_err();
        assert_eq!(err.kind, kind, "{code}/{status}");
        assert_eq!(err.code, Some(code));
        assert_eq!(err.status, Some(status));
        assert_eq!(err.endpoint, Some("createTopic"));
        assert!(
            err.message.starts_with(&format!("reason {code}")),
            "{}",
            err.message
        );
    }
    let err = envelope::<Topic>(
        Groups::GetTopic.into(),
        200,
        r#"{"code":"404","message":"no such topic"}"#,
    )
    .unwrap_err();
    assert_eq!((err.kind, err.code), (ErrorKind::Api, Some(404)));
    assert_eq!(err.message, "no such topic");
    // "success" with a failure code is still a failure: only the code counts.
    let err = envelope::<Ignored>(
        Groups::DeleteTopic.into(),
        200,
        r#"{"code":500,"message":"success"}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Api);
    let err = envelope::<Ignored>(Groups::DeleteTopic.into(), 200, r#"{"code":403}"#).unwrap_err();
    assert_eq!(
        err.message,
        "the server answered code 403 without a message"
    );
    let err = envelope::<Ignored>(
        Groups::DeleteTopic.into(),
        200,
        r#"{"code":401,"message":"bad token"}"#,
    )
    .unwrap_err();
    assert!(err.message.contains("get a fresh token"));
    // The token service is given app credentials, not a token: it names them alone.
    let err = envelope::<Ignored>(
        Token::FetchToken.into(),
        200,
        r#"{"code":401,"message":"bad secret"}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Auth);
    assert!(
        err.message.contains("check appId, appKey and appSecret"),
        "{err}"
    );
    assert!(!err.message.contains("fresh token"), "{err}");
    let long = "m".repeat(5000);
    let err = envelope::<Ignored>(
        Groups::DeleteTopic.into(),
        200,
        &format!(r#"{{"code":500,"message":"{long}"}}"#),
    )
    .unwrap_err();
    assert!(err.message.chars().count() <= 201);
}

#[test]
fn envelope_keys_in_any_order_last_copy_wins() {
    let t: TopicList = ok(r#"{"data":["7"],"message":"success","code":"200"}"#);
    assert_eq!(t.0, vec![crate::core::wire::Id(7)]);
    let t: TopicList = ok(r#"{"code":"x","code":200,"data":[1],"data":[2],"other":{"a":[1]}}"#);
    assert_eq!(t.0, vec![crate::core::wire::Id(2)]);
    // A code that is not 200 wins over data of any shape.
    let err = envelope::<Topic>(Groups::GetTopic.into(), 200, r#"{"data":[1,2],"code":404}"#)
        .unwrap_err();
    assert_eq!((err.kind, err.code), (ErrorKind::Api, Some(404)));
    for code in ["200.0", "2e2", "\" 200 \""] {
        let body = format!(r#"{{"code":{code},"data":null}}"#);
        assert_eq!(
            envelope::<Ignored>(Groups::DeleteTopic.into(), 200, &body),
            Ok(Ignored),
            "{code}"
        );
    }
    for code in ["200.5", "true", "[200]", "18446744073709551615"] {
        let body = format!(r#"{{"code":{code},"data":null}}"#);
        let err = envelope::<Ignored>(Groups::DeleteTopic.into(), 200, &body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode, "{code}");
    }
}

#[test]
fn messages_that_are_not_strings_are_quoted_as_compact_json() {
    let body = r#"{"code":500,"message":{ "why" : [1, "a b"] }}"#;
    let err = envelope::<Ignored>(Groups::DeleteTopic.into(), 200, body).unwrap_err();
    assert_eq!(err.message, r#"{"why":[1,"a b"]}"#);
    let err = envelope::<Ignored>(
        Groups::DeleteTopic.into(),
        200,
        r#"{"code":500,"message":"  "}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "the server answered code 500 without a message"
    );
    let err = envelope::<Ignored>(
        Groups::DeleteTopic.into(),
        200,
        r#"{"code":500,"message":"\u00e9"}"#,
    )
    .unwrap_err();
    assert_eq!(err.message, "é");
}

#[test]
fn trailing_text_after_the_envelope_is_not_an_envelope() {
    let err =
        envelope::<Ignored>(Groups::DeleteTopic.into(), 200, r#"{"code":200} x"#).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(
        envelope::<Ignored>(Groups::DeleteTopic.into(), 200, " {\"code\":200}\n"),
        Ok(Ignored)
    );
}

#[test]
fn both_decoders_agree() {
    let bodies = [
        r#"{"code":200,"data":{"members":[{"appAccout":"a","uuid":"1"}],"isEnd":"true"}}"#,
        r#"{"data":{"members":[]},"code":"200"}"#,
        r#"{"code":200,"data":null}"#,
        r#"{"code":200}"#,
        r#"{"code":200,"data":{"members":[{"uuid":1}]}}"#,
        r#"{"code":200,"data":{"members":"x"},"data":{"members":[]}}"#,
        r#"{"data":{"members":[]},"code":401,"message":"expired"}"#,
        r#"{"data":{"members":[]},"code":"abc"}"#,
        r#"{"code":200,"data":{"members":[]}} trailing"#,
        "<html>",
    ];
    for body in bodies {
        for status in [200, 401, 502] {
            assert_eq!(
                envelope::<RawMemberPage>(Members::MemberPage.into(), status, body),
                envelope::<RawMemberPage>(Members::MemberPage.into(), status, body),
                "{status} {body}"
            );
        }
    }
}

#[test]
fn non_envelope_bodies() {
    let err = envelope::<Topic>(Groups::CreateTopic.into(), 200, "<html>hello</html>").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(err.status, Some(200));
    assert!(err.message.contains("<html>hello</html>"));

    let err =
        envelope::<Topic>(Groups::CreateTopic.into(), 502, "<html>Bad Gateway</html>").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Http);
    assert_eq!(err.status, Some(502));
    assert_eq!(err.code, None);
    assert!(err.message.contains("HTTP 502"));
    assert!(err.message.contains("Bad Gateway"));
    assert!(!err.message.contains("with no path"), "{err}");

    // A web server's own 404 (no envelope) is a wrong route, not a missing group.
    let err = envelope::<TopicInfo>(Groups::GetTopic.into(), 404, "404 Not Found").unwrap_err();
    assert_eq!(
        (err.kind, err.status, err.code),
        (ErrorKind::Http, Some(404), None)
    );
    assert!(
        err.message
            .contains("check that baseUrl is the service's address, with no path"),
        "{err}"
    );

    for body in [
        "",
        "null",
        "[1]",
        "{\"data\":{}}",
        "{\"code\":\"abc\"}",
        "{\"code\":null}",
    ] {
        let err = envelope::<Ignored>(Groups::DeleteTopic.into(), 200, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode, "{body}");
        let err = envelope::<Ignored>(Groups::DeleteTopic.into(), 404, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Http, "{body}");
    }
    let huge = format!("<p>{}</p>", "x".repeat(100_000));
    let err = envelope::<Ignored>(Groups::DeleteTopic.into(), 500, &huge).unwrap_err();
    assert!(err.message.len() < 600, "{}", err.message.len());
}

#[test]
fn bad_data_is_a_decode_error_naming_the_endpoint() {
    let err = envelope::<Topic>(
        Groups::CreateTopic.into(),
        200,
        r#"{"code":200,"message":"success","data":{"topicId":1.5,"ownerUuid":1,"topicName":"g"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(err.endpoint, Some("createTopic"));
    assert!(err.message.contains("documented shape"));
    let err = envelope::<Topic>(
        Groups::CreateTopic.into(),
        200,
        r#"{"code":200,"message":"success","data":null}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    let big = format!(
        r#"{{"code":200,"data":{{"topicId":"x","pad":"{}"}}}}"#,
        "p".repeat(10_000)
    );
    let err = envelope::<Topic>(Groups::CreateTopic.into(), 200, &big).unwrap_err();
    assert!(err.message.len() < 1000, "{}", err.message.len());
}
