//! Reading answers: the `{code, message, data}` envelope, and the typed error each failure is.
//!
//! Bodies are parsed here from text, never by JavaScript, so ids above 2^53 stay exact. Each
//! endpoint's data model lives with its resource (`groups`, `members`, `token`).

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::error::{truncate, Error, Result};
use super::http::Endpoint;
use super::wire::compact_json;

/// How much of a body or server message an error quotes.
const QUOTE_CHARS: usize = 200;

/// Decodes a response to `endpoint`: the envelope's `data` as `T` on code 200, else a typed error.
pub fn envelope<T: DeserializeOwned>(endpoint: Endpoint, status: u16, body: &str) -> Result<T> {
    // The usual answer in one pass. Anything else (a failure code, a missing envelope, data of
    // the wrong shape) takes the exact path below, which also words the error.
    if let Ok(Typed {
        code: Some(code),
        data: Some(data),
    }) = serde_json::from_str::<Typed<T>>(body)
    {
        if code_of(code) == Some(200) {
            return Ok(data);
        }
    }
    envelope_small(endpoint, status, body)
}

/// The same result as [`envelope`] without its one-pass fast path (which is code for each `T`):
/// for answers that are small and rare, where two passes cost nothing noticeable.
pub fn envelope_small<T: DeserializeOwned>(
    endpoint: Endpoint,
    status: u16,
    body: &str,
) -> Result<T> {
    data(endpoint, status, open(endpoint, status, body)?)
}

/// Opens the envelope of a response to `endpoint`: on code 200, its `data` as JSON text (`null`
/// when absent), for [`data`] to decode; otherwise the typed error the envelope (or its absence)
/// stands for. Not generic, so one copy serves every endpoint.
pub fn open<'a>(endpoint: Endpoint, status: u16, body: &'a str) -> Result<&'a str> {
    let parts = match serde_json::from_str::<Parts<'a>>(body) {
        Ok(parts) => parts,
        // JSON that began but did not end: some engines (WebKit) hand over a body whose
        // connection dropped as if it were complete. A transient failure, not a wrong shape.
        Err(e) if e.is_eof() && !body.trim().is_empty() => {
            return Err(cut_off(endpoint, body.len(), None))
        }
        Err(_) => return Err(not_an_envelope(endpoint, status, body)),
    };
    let Some(code) = parts.code.and_then(code_of) else {
        return Err(not_an_envelope(endpoint, status, body));
    };
    if code != 200 {
        return Err(failure(endpoint, status, code, parts.message));
    }
    Ok(parts.data.map_or("null", RawValue::get))
}

/// Checks an answer of `received` bytes against its `Content-Length`, which the transport
/// passes only where both count the same bytes (no content encoding, the header visible).
pub fn check_length(
    endpoint: Endpoint,
    received: usize,
    content_length: Option<&str>,
) -> Result<()> {
    match content_length.and_then(|text| text.trim().parse::<u64>().ok()) {
        Some(declared) if (received as u64) < declared => {
            Err(cut_off(endpoint, received, Some(declared)))
        }
        _ => Ok(()),
    }
}

/// The failure of an answer that ended early: the network's, so an idempotent call is retried.
#[inline(never)]
fn cut_off(endpoint: Endpoint, received: usize, declared: Option<u64>) -> Error {
    let of = declared.map_or(String::new(), |d| {
        format!(" of the {d} its Content-Length announced")
    });
    Error::network(endpoint.name(),
        format!("the answer was cut off after {received} bytes{of}: the connection closed before it was complete"),
    )
}

/// Decodes the `data` text that [`open`] returned for `endpoint` as `T`.
pub fn data<T: DeserializeOwned>(endpoint: Endpoint, status: u16, data: &str) -> Result<T> {
    serde_json::from_str(data).map_err(|e| bad_data(endpoint, status, &e, data))
}

/// The envelope's fields as raw JSON text; like any JSON object reader, the last copy of a key wins.
#[derive(Default)]
struct Parts<'a> {
    code: Option<&'a RawValue>,
    message: Option<&'a RawValue>,
    data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Key {
    Code,
    Message,
    Data,
    #[serde(other)]
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for Parts<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_map(PartsVisitor(std::marker::PhantomData))
    }
}

struct PartsVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for PartsVisitor<'a> {
    type Value = Parts<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an envelope object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Parts<'a>, A::Error> {
        let mut parts = Parts::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Code => parts.code = Some(map.next_value()?),
                Key::Message => parts.message = Some(map.next_value()?),
                Key::Data => parts.data = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(parts)
    }
}

/// The envelope with `data` read as `T` in the same pass (`message` is skipped).
struct Typed<'a, T> {
    code: Option<&'a RawValue>,
    data: Option<T>,
}

impl<'de: 'a, 'a, T: Deserialize<'de>> Deserialize<'de> for Typed<'a, T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_map(TypedVisitor(std::marker::PhantomData))
    }
}

struct TypedVisitor<'a, T>(std::marker::PhantomData<(&'a (), T)>);

impl<'de: 'a, 'a, T: Deserialize<'de>> Visitor<'de> for TypedVisitor<'a, T> {
    type Value = Typed<'a, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an envelope object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut typed = Typed {
            code: None,
            data: None,
        };
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Code => typed.code = Some(map.next_value()?),
                Key::Data => typed.data = Some(map.next_value()?),
                Key::Message | Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(typed)
    }
}

/// The envelope's code from a JSON number or a numeric string.
fn code_of(raw: &RawValue) -> Option<i64> {
    serde_json::from_str::<Code>(raw.get()).ok().map(|c| c.0)
}

struct Code(i64);

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(CodeVisitor)
    }
}

struct CodeVisitor;

impl<'de> Visitor<'de> for CodeVisitor {
    type Value = Code;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a code")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Code, E> {
        Ok(Code(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Code, E> {
        i64::try_from(v)
            .map(Code)
            .map_err(|_| E::custom("out of range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Code, E> {
        // Only whole numbers well inside i64's range convert exactly.
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(Code(v as i64))
        } else {
            Err(E::custom("not a whole number"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Code, E> {
        v.trim()
            .parse()
            .map(Code)
            .map_err(|_| E::custom("not a number"))
    }
}

fn failure(endpoint: Endpoint, status: u16, code: i64, message: Option<&RawValue>) -> Error {
    let server_message = match message.map(RawValue::get) {
        None | Some("null") => None,
        Some(text) if text.starts_with('"') => serde_json::from_str::<String>(text)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map(|s| truncate(&s, QUOTE_CHARS)),
        Some(other) => Some(truncate(&compact_json(other), QUOTE_CHARS)),
    };
    let server_message = server_message
        .unwrap_or_else(|| format!("the server answered code {code} without a message"));
    if code == 401 || status == 401 {
        Error::auth(endpoint.name(),
            status,
            code,
            format!(
                "{server_message} — the credentials were refused: get a fresh token, or check appId, appKey, appSecret and appAccount"
            ),
        )
    } else {
        Error::api(endpoint.name(), status, code, server_message)
    }
}

#[inline(never)]
fn bad_data(endpoint: Endpoint, status: u16, error: &serde_json::Error, data: &str) -> Error {
    let why = if endpoint.carries_secrets() {
        // serde messages can quote values, and this body carries a token.
        "details withheld because this response carries secrets".to_owned()
    } else {
        format!(
            "{error}; data was {}",
            truncate(&compact_json(data), QUOTE_CHARS)
        )
    };
    Error::decode(
        endpoint.name(),
        format!(
            "the server answered code 200 but its data did not have the documented shape: {why}"
        ),
    )
    .with_status(status)
}

#[inline(never)]
fn not_an_envelope(endpoint: Endpoint, status: u16, body: &str) -> Error {
    let quoted = if endpoint.carries_secrets() {
        String::new()
    } else if body.trim().is_empty() {
        "; the body was empty".to_owned()
    } else {
        format!("; body: {}", truncate(body, QUOTE_CHARS))
    };
    if (200..300).contains(&status) {
        Error::decode(endpoint.name(),
            format!(
                "the server answered HTTP {status} with a body that is not a MIMC envelope {{\"code\",\"message\",\"data\"}}; check that baseUrl points at the MIMC service{quoted}"
            ),
        )
        .with_status(status)
    } else {
        Error::http(endpoint.name(),
            status,
            format!(
                "HTTP {status} without a MIMC envelope (from the service or a proxy in front of it); check baseUrl and the service's status{quoted}"
            ),
        )
    }
}

/// Data that is not read (delete, mute): accepts any JSON value, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Ignored;

impl<'de> Deserialize<'de> for Ignored {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        IgnoredAny::deserialize(d)?;
        Ok(Ignored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;
    use crate::core::groups::{Topic, TopicInfo, TopicList};
    use crate::core::members::RawMemberPage;

    fn ok<T: DeserializeOwned>(body: &str) -> T {
        match envelope::<T>(Endpoint::GetTopic, 200, body) {
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
                    envelope::<TopicInfo>(Endpoint::GetTopic, status, &full[..end]).unwrap_err();
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
            envelope::<Topic>(Endpoint::CreateTopic, 200, "  {\"code\":200,\"mess").unwrap_err();
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
            let e = envelope::<TopicInfo>(Endpoint::GetTopic, 200, wrong).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Decode, "{wrong:?}: {e}");
        }
    }

    #[test]
    fn a_body_shorter_than_its_content_length_is_cut_off() {
        assert!(check_length(Endpoint::GetTopic, 10, Some("10")).is_ok());
        assert!(check_length(Endpoint::GetTopic, 11, Some("10")).is_ok());
        assert!(check_length(Endpoint::GetTopic, 10, None).is_ok());
        assert!(check_length(Endpoint::GetTopic, 10, Some("junk")).is_ok());
        let e = check_length(Endpoint::GetTopic, 17, Some(" 120 ")).unwrap_err();
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
                envelope::<Ignored>(Endpoint::DeleteTopic, 200, body),
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
            let err = envelope::<Topic>(Endpoint::CreateTopic, status, &body).unwrap_err();
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
            Endpoint::GetTopic,
            200,
            r#"{"code":"404","message":"no such topic"}"#,
        )
        .unwrap_err();
        assert_eq!((err.kind, err.code), (ErrorKind::Api, Some(404)));
        assert_eq!(err.message, "no such topic");
        // "success" with a failure code is still a failure: only the code counts.
        let err = envelope::<Ignored>(
            Endpoint::DeleteTopic,
            200,
            r#"{"code":500,"message":"success"}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Api);
        let err = envelope::<Ignored>(Endpoint::DeleteTopic, 200, r#"{"code":403}"#).unwrap_err();
        assert_eq!(
            err.message,
            "the server answered code 403 without a message"
        );
        let err = envelope::<Ignored>(
            Endpoint::DeleteTopic,
            200,
            r#"{"code":401,"message":"bad token"}"#,
        )
        .unwrap_err();
        assert!(err.message.contains("get a fresh token"));
        let long = "m".repeat(5000);
        let err = envelope::<Ignored>(
            Endpoint::DeleteTopic,
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
        let err =
            envelope::<Topic>(Endpoint::GetTopic, 200, r#"{"data":[1,2],"code":404}"#).unwrap_err();
        assert_eq!((err.kind, err.code), (ErrorKind::Api, Some(404)));
        for code in ["200.0", "2e2", "\" 200 \""] {
            let body = format!(r#"{{"code":{code},"data":null}}"#);
            assert_eq!(
                envelope::<Ignored>(Endpoint::DeleteTopic, 200, &body),
                Ok(Ignored),
                "{code}"
            );
        }
        for code in ["200.5", "true", "[200]", "18446744073709551615"] {
            let body = format!(r#"{{"code":{code},"data":null}}"#);
            let err = envelope::<Ignored>(Endpoint::DeleteTopic, 200, &body).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Decode, "{code}");
        }
    }

    #[test]
    fn messages_that_are_not_strings_are_quoted_as_compact_json() {
        let body = r#"{"code":500,"message":{ "why" : [1, "a b"] }}"#;
        let err = envelope::<Ignored>(Endpoint::DeleteTopic, 200, body).unwrap_err();
        assert_eq!(err.message, r#"{"why":[1,"a b"]}"#);
        let err = envelope::<Ignored>(Endpoint::DeleteTopic, 200, r#"{"code":500,"message":"  "}"#)
            .unwrap_err();
        assert_eq!(
            err.message,
            "the server answered code 500 without a message"
        );
        let err = envelope::<Ignored>(
            Endpoint::DeleteTopic,
            200,
            r#"{"code":500,"message":"\u00e9"}"#,
        )
        .unwrap_err();
        assert_eq!(err.message, "é");
    }

    #[test]
    fn trailing_text_after_the_envelope_is_not_an_envelope() {
        let err = envelope::<Ignored>(Endpoint::DeleteTopic, 200, r#"{"code":200} x"#).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(
            envelope::<Ignored>(Endpoint::DeleteTopic, 200, " {\"code\":200}\n"),
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
                    envelope::<RawMemberPage>(Endpoint::MemberPage, status, body),
                    envelope_small::<RawMemberPage>(Endpoint::MemberPage, status, body),
                    "{status} {body}"
                );
            }
        }
    }

    #[test]
    fn non_envelope_bodies() {
        let err = envelope::<Topic>(Endpoint::CreateTopic, 200, "<html>hello</html>").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(err.status, Some(200));
        assert!(err.message.contains("<html>hello</html>"));

        let err =
            envelope::<Topic>(Endpoint::CreateTopic, 502, "<html>Bad Gateway</html>").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Http);
        assert_eq!(err.status, Some(502));
        assert_eq!(err.code, None);
        assert!(err.message.contains("HTTP 502"));
        assert!(err.message.contains("Bad Gateway"));

        for body in [
            "",
            "null",
            "[1]",
            "{\"data\":{}}",
            "{\"code\":\"abc\"}",
            "{\"code\":null}",
        ] {
            let err = envelope::<Ignored>(Endpoint::DeleteTopic, 200, body).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Decode, "{body}");
            let err = envelope::<Ignored>(Endpoint::DeleteTopic, 404, body).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Http, "{body}");
        }
        let huge = format!("<p>{}</p>", "x".repeat(100_000));
        let err = envelope::<Ignored>(Endpoint::DeleteTopic, 500, &huge).unwrap_err();
        assert!(err.message.len() < 600, "{}", err.message.len());
    }

    #[test]
    fn bad_data_is_a_decode_error_naming_the_endpoint() {
        let err = envelope::<Topic>(
            Endpoint::CreateTopic,
            200,
            r#"{"code":200,"message":"success","data":{"topicId":1.5,"ownerUuid":1,"topicName":"g"}}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(err.endpoint, Some("createTopic"));
        assert!(err.message.contains("documented shape"));
        let err = envelope::<Topic>(
            Endpoint::CreateTopic,
            200,
            r#"{"code":200,"message":"success","data":null}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        let big = format!(
            r#"{{"code":200,"data":{{"topicId":"x","pad":"{}"}}}}"#,
            "p".repeat(10_000)
        );
        let err = envelope::<Topic>(Endpoint::CreateTopic, 200, &big).unwrap_err();
        assert!(err.message.len() < 1000, "{}", err.message.len());
    }
}
