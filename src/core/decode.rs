//! Reading responses: the `{code, message, data}` envelope, its failures, and the data models.
//!
//! Bodies are parsed here from text, never by JavaScript, so ids above 2^53 stay exact.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::error::{truncate, Error, Result};
use super::ids;
use super::json::{self, Object, ToJson};

/// How much of a body or server message an error quotes.
const QUOTE_CHARS: usize = 200;

/// Endpoints whose bodies hold secrets (tokens), so errors never quote them.
const SECRET_BEARING: &[&str] = &["fetchToken"];

/// Decodes a response to `endpoint`: the envelope's `data` as `T` on code 200, else a typed error.
pub fn envelope<T: DeserializeOwned>(endpoint: &'static str, status: u16, body: &str) -> Result<T> {
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
    endpoint: &'static str,
    status: u16,
    body: &str,
) -> Result<T> {
    data(endpoint, status, open(endpoint, status, body)?)
}

/// Opens the envelope of a response to `endpoint`: on code 200, its `data` as JSON text (`null`
/// when absent), for [`data`] to decode; otherwise the typed error the envelope (or its absence)
/// stands for. Not generic, so one copy serves every endpoint.
pub fn open<'a>(endpoint: &'static str, status: u16, body: &'a str) -> Result<&'a str> {
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
    endpoint: &'static str,
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
fn cut_off(endpoint: &'static str, received: usize, declared: Option<u64>) -> Error {
    let of = declared.map_or(String::new(), |d| {
        format!(" of the {d} its Content-Length announced")
    });
    Error::network(
        endpoint,
        format!("the answer was cut off after {received} bytes{of}: the connection closed before it was complete"),
    )
}

/// Decodes the `data` text that [`open`] returned for `endpoint` as `T`.
pub fn data<T: DeserializeOwned>(endpoint: &'static str, status: u16, data: &str) -> Result<T> {
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

fn failure(endpoint: &'static str, status: u16, code: i64, message: Option<&RawValue>) -> Error {
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
        Error::auth(
            endpoint,
            status,
            code,
            format!(
                "{server_message} — the credentials were refused: get a fresh token, or check appId, appKey, appSecret and appAccount"
            ),
        )
    } else {
        Error::api(endpoint, status, code, server_message)
    }
}

#[inline(never)]
fn bad_data(endpoint: &'static str, status: u16, error: &serde_json::Error, data: &str) -> Error {
    let why = if SECRET_BEARING.contains(&endpoint) {
        // serde messages can quote values, and this body carries a token.
        "details withheld because this response carries secrets".to_owned()
    } else {
        format!(
            "{error}; data was {}",
            truncate(&compact_json(data), QUOTE_CHARS)
        )
    };
    Error::decode(
        endpoint,
        format!(
            "the server answered code 200 but its data did not have the documented shape: {why}"
        ),
    )
    .with_status(status)
}

#[inline(never)]
fn not_an_envelope(endpoint: &'static str, status: u16, body: &str) -> Error {
    let quoted = if SECRET_BEARING.contains(&endpoint) {
        String::new()
    } else if body.trim().is_empty() {
        "; the body was empty".to_owned()
    } else {
        format!("; body: {}", truncate(body, QUOTE_CHARS))
    };
    if (200..300).contains(&status) {
        Error::decode(
            endpoint,
            format!(
                "the server answered HTTP {status} with a body that is not a MIMC envelope {{\"code\",\"message\",\"data\"}}; check that baseUrl points at the MIMC service{quoted}"
            ),
        )
        .with_status(status)
    } else {
        Error::http(
            endpoint,
            status,
            format!(
                "HTTP {status} without a MIMC envelope (from the service or a proxy in front of it); check baseUrl and the service's status{quoted}"
            ),
        )
    }
}

/// Valid JSON text without the whitespace between tokens (strings are kept as they are).
pub(crate) fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            continue;
        }
        out.push(c);
    }
    out
}

/// A created group (data of create).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    /// The new group's id.
    #[serde(
        deserialize_with = "ids::deserialize_id",
        serialize_with = "ids::serialize_id"
    )]
    pub topic_id: u64,
    /// The owner's MIMC uuid.
    #[serde(
        deserialize_with = "ids::deserialize_id",
        serialize_with = "ids::serialize_id"
    )]
    pub owner_uuid: u64,
    /// The group's name.
    #[serde(deserialize_with = "ids::deserialize_lenient_string")]
    pub topic_name: String,
    /// The group's free-form data, if any.
    #[serde(default, deserialize_with = "ids::deserialize_extra")]
    pub extra: Option<String>,
}

/// A group after an update (data of update).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedTopic {
    /// The group's id.
    #[serde(
        deserialize_with = "ids::deserialize_id",
        serialize_with = "ids::serialize_id"
    )]
    pub topic_id: u64,
    /// The (possibly new) owner's MIMC uuid.
    #[serde(
        deserialize_with = "ids::deserialize_id",
        serialize_with = "ids::serialize_id"
    )]
    pub owner_uuid: u64,
    /// The owner's app account, when the server sends it.
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    pub owner_account: Option<String>,
    /// The group's name, when the server sends it.
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    pub topic_name: Option<String>,
    /// The group's free-form data, if any.
    #[serde(default, deserialize_with = "ids::deserialize_extra")]
    pub extra: Option<String>,
}

/// A group's details (data of group info).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TopicInfo {
    /// The group's id.
    #[serde(
        deserialize_with = "ids::deserialize_id",
        serialize_with = "ids::serialize_id"
    )]
    pub topic_id: u64,
    /// The group's name.
    #[serde(deserialize_with = "ids::deserialize_lenient_string")]
    pub topic_name: String,
    /// The owner's MIMC uuid.
    #[serde(
        deserialize_with = "ids::deserialize_id",
        serialize_with = "ids::serialize_id"
    )]
    pub owner_uuid: u64,
    /// The owner's app account.
    #[serde(deserialize_with = "ids::deserialize_lenient_string")]
    pub owner_account: String,
    /// How many members the group has.
    #[serde(deserialize_with = "ids::deserialize_count")]
    pub member_num: u64,
}

/// How many members of a group are online (data of online count).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnlineInfo {
    /// The group's id.
    #[serde(
        deserialize_with = "ids::deserialize_id",
        serialize_with = "ids::serialize_id"
    )]
    pub topic_id: u64,
    /// Members online now.
    #[serde(deserialize_with = "ids::deserialize_count")]
    pub user_cnt: u64,
}

/// One member of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// The member's account in the app's own account system.
    pub app_account: String,
    /// The member's MIMC uuid.
    #[serde(serialize_with = "ids::serialize_id")]
    pub uuid: u64,
    /// The app's id, as a string even when the server sends a number ("" when absent).
    pub app_id: String,
}

/// The wire form of a member: the document spells the account `appAccout`; accept both spellings.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MemberWire {
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    app_account: Option<String>,
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    app_accout: Option<String>,
    #[serde(deserialize_with = "ids::deserialize_id")]
    uuid: u64,
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    app_id: Option<String>,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let wire = MemberWire::deserialize(d)?;
        let app_account = wire.app_account.or(wire.app_accout).ok_or_else(|| {
            serde::de::Error::custom("a member has neither appAccout nor appAccount")
        })?;
        Ok(Member {
            app_account,
            uuid: wire.uuid,
            app_id: wire.app_id.unwrap_or_default(),
        })
    }
}

/// One page of members as the server sends it, before the cursor filters it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawMemberPage {
    /// The count the server reports, if it does.
    #[serde(default, deserialize_with = "ids::deserialize_opt_count")]
    pub count: Option<u64>,
    /// The members on this page (absent or null is empty).
    #[serde(default, deserialize_with = "members_or_empty")]
    pub members: Vec<Member>,
    /// Whether this is the last page (absent is false).
    #[serde(default, deserialize_with = "ids::deserialize_flag")]
    pub is_end: bool,
}

fn members_or_empty<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<Member>, D::Error> {
    Ok(Option::<Vec<Member>>::deserialize(d)?.unwrap_or_default())
}

/// A token issued by the token service; every field but `token` may be missing.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// The app's id, as a string.
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    pub app_id: Option<String>,
    /// The app's package name.
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    pub app_package: Option<String>,
    /// The account the token is for.
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    pub app_account: Option<String>,
    /// MIMC's channel id.
    #[serde(default, deserialize_with = "ids::deserialize_opt_count")]
    pub mi_chid: Option<u64>,
    /// The account's MIMC uuid, as a string.
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    pub mi_user_id: Option<String>,
    /// The account's security key (secret).
    #[serde(default, deserialize_with = "ids::deserialize_opt_lenient_string")]
    pub mi_user_security_key: Option<String>,
    /// The token to hand to the client (secret).
    #[serde(deserialize_with = "ids::deserialize_lenient_string")]
    pub token: String,
}

// Hand-written so that logging never prints the token or the security key.
impl std::fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenInfo")
            .field("app_id", &self.app_id)
            .field("app_package", &self.app_package)
            .field("app_account", &self.app_account)
            .field("mi_chid", &self.mi_chid)
            .field("mi_user_id", &self.mi_user_id)
            .field("mi_user_security_key", &"<redacted>")
            .field("token", &"<redacted>")
            .finish()
    }
}

/// The ids of the groups the caller belongs to (data of my groups); null reads as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(transparent)]
pub struct TopicList(
    /// The group ids, serialized as decimal strings.
    #[serde(
        deserialize_with = "ids::deserialize_id_list",
        serialize_with = "ids::serialize_id_list"
    )]
    pub Vec<u64>,
);

impl ToJson for Topic {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .id("topicId", self.topic_id)
            .id("ownerUuid", self.owner_uuid)
            .string("topicName", &self.topic_name)
            .opt_string("extra", self.extra.as_deref())
            .end();
    }
}

impl ToJson for UpdatedTopic {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .id("topicId", self.topic_id)
            .id("ownerUuid", self.owner_uuid)
            .opt_string("ownerAccount", self.owner_account.as_deref())
            .opt_string("topicName", self.topic_name.as_deref())
            .opt_string("extra", self.extra.as_deref())
            .end();
    }
}

impl ToJson for TopicInfo {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .id("topicId", self.topic_id)
            .string("topicName", &self.topic_name)
            .id("ownerUuid", self.owner_uuid)
            .string("ownerAccount", &self.owner_account)
            .number("memberNum", self.member_num)
            .end();
    }
}

impl ToJson for Member {
    #[allow(clippy::single_char_add_str)] // See core::json: push(char) is slow in this build.
    fn write_json(&self, out: &mut String) {
        // Written for every member of a walk: a few fixed fragments rather than the builder.
        out.push_str("{\"appAccount\":");
        json::string(out, &self.app_account);
        out.push_str(",\"uuid\":\"");
        json::number(out, self.uuid);
        out.push_str("\",\"appId\":");
        json::string(out, &self.app_id);
        out.push_str("}");
    }
}

impl ToJson for TokenInfo {
    fn write_json(&self, out: &mut String) {
        Object::new(out)
            .opt_string("appId", self.app_id.as_deref())
            .opt_string("appPackage", self.app_package.as_deref())
            .opt_string("appAccount", self.app_account.as_deref())
            .opt_number("miChid", self.mi_chid)
            .opt_string("miUserId", self.mi_user_id.as_deref())
            .opt_string("miUserSecurityKey", self.mi_user_security_key.as_deref())
            .string("token", &self.token)
            .end();
    }
}

impl ToJson for TopicList {
    fn write_json(&self, out: &mut String) {
        json::array(out, &self.0, |out, id| json::id(out, *id));
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

    fn ok<T: DeserializeOwned>(body: &str) -> T {
        match envelope::<T>("test", 200, body) {
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
                let e = envelope::<TopicInfo>("getTopic", status, &full[..end]).unwrap_err();
                assert_eq!(e.kind, ErrorKind::Network, "{end}: {e}");
                assert_eq!(e.endpoint, Some("getTopic"));
                assert!(
                    e.message.contains(&format!("cut off after {end} bytes")),
                    "{e}"
                );
                assert!(crate::core::retry::retryable(&e));
            }
        }
        let e = envelope::<Topic>("createTopic", 200, "  {\"code\":200,\"mess").unwrap_err();
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
            let e = envelope::<TopicInfo>("getTopic", 200, wrong).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Decode, "{wrong:?}: {e}");
        }
    }

    #[test]
    fn a_body_shorter_than_its_content_length_is_cut_off() {
        assert!(check_length("getTopic", 10, Some("10")).is_ok());
        assert!(check_length("getTopic", 11, Some("10")).is_ok());
        assert!(check_length("getTopic", 10, None).is_ok());
        assert!(check_length("getTopic", 10, Some("junk")).is_ok());
        let e = check_length("getTopic", 17, Some(" 120 ")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Network);
        assert_eq!(
            e.message,
            "the answer was cut off after 17 bytes of the 120 its Content-Length announced: the connection closed before it was complete"
        );
    }

    #[test]
    fn create_as_documented_and_with_strings() {
        let t: Topic = ok(
            r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"ownerUuid":9007199254740993,"topicName":"g","extra":"x"}}"#,
        );
        assert_eq!(
            t,
            Topic {
                topic_id: 21_351_198_708_203_520,
                owner_uuid: 9_007_199_254_740_993,
                topic_name: "g".into(),
                extra: Some("x".into()),
            }
        );
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"topicId":"21351198708203520","ownerUuid":"9007199254740993","topicName":"g","extra":"x"}"#
        );
        let t: Topic = ok(
            r#"{"code":"200","message":"success","data":{"topicId":"18446744073709551615","ownerUuid":"1","topicName":"g"}}"#,
        );
        assert_eq!(t.topic_id, u64::MAX);
        assert_eq!(t.extra, None);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"topicId":"18446744073709551615","ownerUuid":"1","topicName":"g","extra":null}"#
        );
    }

    #[test]
    fn update_is_lenient_about_missing_fields() {
        let u: UpdatedTopic = ok(
            r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"ownerUuid":"42","ownerAccount":"bob","topicName":"n","extra":"e"}}"#,
        );
        assert_eq!(u.owner_account.as_deref(), Some("bob"));
        assert_eq!(u.topic_name.as_deref(), Some("n"));
        let u: UpdatedTopic = ok(
            r#"{"code":200,"message":"success","data":{"topicId":"21351198708203520","ownerUuid":42}}"#,
        );
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"topicId":"21351198708203520","ownerUuid":"42","ownerAccount":null,"topicName":null,"extra":null}"#
        );
    }

    #[test]
    fn topic_info_with_strings_and_numbers() {
        let doc = r#"{"code":200,"message":"success","data":{"topicId":"21351198708203520","topicName":"g","ownerUuid":"12","ownerAccount":"bob","memberNum":"3"}}"#;
        let num = r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"topicName":"g","ownerUuid":12,"ownerAccount":"bob","memberNum":3}}"#;
        let a: TopicInfo = ok(doc);
        let b: TopicInfo = ok(num);
        assert_eq!(a, b);
        assert_eq!(a.member_num, 3);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"topicId":"21351198708203520","topicName":"g","ownerUuid":"12","ownerAccount":"bob","memberNum":3}"#
        );
    }

    #[test]
    fn online_info_with_strings_and_numbers() {
        let a: OnlineInfo = ok(
            r#"{"code":200,"message":"success","data":{"topicId":"21351198708203520","userCnt":"7"}}"#,
        );
        let b: OnlineInfo = ok(
            r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"userCnt":7}}"#,
        );
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"topicId":"21351198708203520","userCnt":7}"#
        );
    }

    #[test]
    fn member_page_as_quoted_in_the_document() {
        let p: RawMemberPage = ok(
            r#"{"code":200,"message":"success","data":{"count":"2","members":[{"appAccout":"小米用户","uuid":"21351198708203521","appId":"2882303761517669588"},{"appAccout":"bob","uuid":"5","appId":"2882303761517669588"}],"isEnd":"true"}}"#,
        );
        assert_eq!(p.count, Some(2));
        assert!(p.is_end);
        assert_eq!(
            p.members.first(),
            Some(&Member {
                app_account: "小米用户".into(),
                uuid: 21_351_198_708_203_521,
                app_id: "2882303761517669588".into(),
            })
        );
        assert_eq!(
            serde_json::to_string(&p.members).unwrap(),
            r#"[{"appAccount":"小米用户","uuid":"21351198708203521","appId":"2882303761517669588"},{"appAccount":"bob","uuid":"5","appId":"2882303761517669588"}]"#
        );
    }

    #[test]
    fn member_page_with_numbers_booleans_and_either_spelling() {
        let p: RawMemberPage = ok(
            r#"{"code":200,"message":"success","data":{"count":2,"members":[{"appAccount":"a","uuid":18446744073709551615,"appId":2882303761517669588},{"appAccout":"b","uuid":3}],"isEnd":false}}"#,
        );
        assert_eq!(p.count, Some(2));
        assert!(!p.is_end);
        assert_eq!(
            p.members,
            vec![
                Member {
                    app_account: "a".into(),
                    uuid: u64::MAX,
                    app_id: "2882303761517669588".into(),
                },
                Member {
                    app_account: "b".into(),
                    uuid: 3,
                    app_id: String::new(),
                },
            ]
        );
        // Both spellings at once: the correct one wins rather than a duplicate-field error.
        let p: RawMemberPage = ok(
            r#"{"code":200,"data":{"members":[{"appAccout":"old","appAccount":"new","uuid":1}]}}"#,
        );
        assert_eq!(
            p.members.first().map(|m| m.app_account.as_str()),
            Some("new")
        );
        for flag in ["1", "\"1\"", "\"TRUE\""] {
            let p: RawMemberPage = ok(&format!(
                r#"{{"code":200,"data":{{"members":[],"isEnd":{flag}}}}}"#
            ));
            assert!(p.is_end, "{flag}");
        }
    }

    #[test]
    fn member_page_defaults() {
        let p: RawMemberPage = ok(r#"{"code":200,"message":"success","data":{}}"#);
        assert_eq!(p, RawMemberPage::default());
        let p: RawMemberPage =
            ok(r#"{"code":200,"message":"success","data":{"members":null,"count":null}}"#);
        assert_eq!(p, RawMemberPage::default());
        let err = envelope::<RawMemberPage>(
            "memberPage",
            200,
            r#"{"code":200,"data":{"members":[{"uuid":1}]}}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(err.message.contains("appAccout"), "{}", err.message);
    }

    #[test]
    fn topic_list_mixes_numbers_and_strings() {
        let l: TopicList = ok(
            r#"{"code":200,"message":"success","data":[21351198708203520,"18446744073709551615"]}"#,
        );
        assert_eq!(l.0, vec![21_351_198_708_203_520, u64::MAX]);
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            r#"["21351198708203520","18446744073709551615"]"#
        );
        let l: TopicList = ok(r#"{"code":200,"message":"success","data":null}"#);
        assert!(l.0.is_empty());
        let l: TopicList = ok(r#"{"code":200,"message":"success","data":[]}"#);
        assert!(l.0.is_empty());
    }

    #[test]
    fn token_info_as_documented_and_lenient() {
        let t: TokenInfo = ok(
            r#"{"code":200,"message":"success","data":{"appId":"2882303761517669588","appPackage":"com.xiaomi.demo","appAccount":"bob","miChid":9,"miUserId":"21351198708203521","miUserSecurityKey":"KEY","token":"TOK"}}"#,
        );
        assert_eq!(t.app_id.as_deref(), Some("2882303761517669588"));
        assert_eq!(t.mi_chid, Some(9));
        assert_eq!(t.mi_user_id.as_deref(), Some("21351198708203521"));
        assert_eq!(t.token, "TOK");
        let shown = format!("{t:?}");
        assert!(
            !shown.contains("TOK") && !shown.contains("\"KEY\""),
            "{shown}"
        );

        let t: TokenInfo = ok(
            r#"{"code":200,"data":{"appId":2882303761517669588,"miChid":"9","miUserId":21351198708203521,"token":"TOK"}}"#,
        );
        assert_eq!(t.app_id.as_deref(), Some("2882303761517669588"));
        assert_eq!(t.mi_user_id.as_deref(), Some("21351198708203521"));
        assert_eq!(t.app_package, None);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"appId":"2882303761517669588","appPackage":null,"appAccount":null,"miChid":9,"miUserId":"21351198708203521","miUserSecurityKey":null,"token":"TOK"}"#
        );
    }

    #[test]
    fn token_decode_errors_never_quote_the_body() {
        let body = r#"{"code":200,"data":{"miUserSecurityKey":"SECRETKEY","miChid":"SECRETCHID"}}"#;
        let err = envelope::<TokenInfo>("fetchToken", 200, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(!err.to_string().contains("SECRET"), "{err}");
        let body = r#"{"status":200,"token":"SECRETTOKEN"}"#;
        let err = envelope::<TokenInfo>("fetchToken", 200, body).unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
        let err = envelope::<TokenInfo>("fetchToken", 502, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Http);
        assert!(!err.to_string().contains("SECRET"), "{err}");
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
            assert_eq!(envelope::<Ignored>("deleteTopic", 200, body), Ok(Ignored));
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
            let err = envelope::<Topic>("createTopic", status, &body).unwrap_err();
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
            "getTopic",
            200,
            r#"{"code":"404","message":"no such topic"}"#,
        )
        .unwrap_err();
        assert_eq!((err.kind, err.code), (ErrorKind::Api, Some(404)));
        assert_eq!(err.message, "no such topic");
        // "success" with a failure code is still a failure: only the code counts.
        let err = envelope::<Ignored>("x", 200, r#"{"code":500,"message":"success"}"#).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Api);
        let err = envelope::<Ignored>("x", 200, r#"{"code":403}"#).unwrap_err();
        assert_eq!(
            err.message,
            "the server answered code 403 without a message"
        );
        let err =
            envelope::<Ignored>("x", 200, r#"{"code":401,"message":"bad token"}"#).unwrap_err();
        assert!(err.message.contains("get a fresh token"));
        let long = "m".repeat(5000);
        let err = envelope::<Ignored>("x", 200, &format!(r#"{{"code":500,"message":"{long}"}}"#))
            .unwrap_err();
        assert!(err.message.chars().count() <= 201);
    }

    #[test]
    fn envelope_keys_in_any_order_last_copy_wins() {
        let t: TopicList = ok(r#"{"data":["7"],"message":"success","code":"200"}"#);
        assert_eq!(t.0, vec![7]);
        let t: TopicList = ok(r#"{"code":"x","code":200,"data":[1],"data":[2],"other":{"a":[1]}}"#);
        assert_eq!(t.0, vec![2]);
        // A code that is not 200 wins over data of any shape.
        let err = envelope::<Topic>("getTopic", 200, r#"{"data":[1,2],"code":404}"#).unwrap_err();
        assert_eq!((err.kind, err.code), (ErrorKind::Api, Some(404)));
        for code in ["200.0", "2e2", "\" 200 \""] {
            let body = format!(r#"{{"code":{code},"data":null}}"#);
            assert_eq!(envelope::<Ignored>("x", 200, &body), Ok(Ignored), "{code}");
        }
        for code in ["200.5", "true", "[200]", "18446744073709551615"] {
            let body = format!(r#"{{"code":{code},"data":null}}"#);
            let err = envelope::<Ignored>("x", 200, &body).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Decode, "{code}");
        }
    }

    #[test]
    fn messages_that_are_not_strings_are_quoted_as_compact_json() {
        let body = r#"{"code":500,"message":{ "why" : [1, "a b"] }}"#;
        let err = envelope::<Ignored>("x", 200, body).unwrap_err();
        assert_eq!(err.message, r#"{"why":[1,"a b"]}"#);
        let err = envelope::<Ignored>("x", 200, r#"{"code":500,"message":"  "}"#).unwrap_err();
        assert_eq!(
            err.message,
            "the server answered code 500 without a message"
        );
        let err = envelope::<Ignored>("x", 200, r#"{"code":500,"message":"\u00e9"}"#).unwrap_err();
        assert_eq!(err.message, "é");
    }

    #[test]
    fn trailing_text_after_the_envelope_is_not_an_envelope() {
        let err = envelope::<Ignored>("x", 200, r#"{"code":200} x"#).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(
            envelope::<Ignored>("x", 200, " {\"code\":200}\n"),
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
                    envelope::<RawMemberPage>("memberPage", status, body),
                    envelope_small::<RawMemberPage>("memberPage", status, body),
                    "{status} {body}"
                );
            }
        }
    }

    #[test]
    fn non_envelope_bodies() {
        let err = envelope::<Topic>("createTopic", 200, "<html>hello</html>").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(err.status, Some(200));
        assert!(err.message.contains("<html>hello</html>"));

        let err = envelope::<Topic>("createTopic", 502, "<html>Bad Gateway</html>").unwrap_err();
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
            let err = envelope::<Ignored>("x", 200, body).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Decode, "{body}");
            let err = envelope::<Ignored>("x", 404, body).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Http, "{body}");
        }
        let huge = format!("<p>{}</p>", "x".repeat(100_000));
        let err = envelope::<Ignored>("x", 500, &huge).unwrap_err();
        assert!(err.message.len() < 600, "{}", err.message.len());
    }

    #[test]
    fn bad_data_is_a_decode_error_naming_the_endpoint() {
        let err = envelope::<Topic>(
            "createTopic",
            200,
            r#"{"code":200,"message":"success","data":{"topicId":1.5,"ownerUuid":1,"topicName":"g"}}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(err.endpoint, Some("createTopic"));
        assert!(err.message.contains("documented shape"));
        let err = envelope::<Topic>(
            "createTopic",
            200,
            r#"{"code":200,"message":"success","data":null}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        let big = format!(
            r#"{{"code":200,"data":{{"topicId":"x","pad":"{}"}}}}"#,
            "p".repeat(10_000)
        );
        let err = envelope::<Topic>("createTopic", 200, &big).unwrap_err();
        assert!(err.message.len() < 1000, "{}", err.message.len());
    }

    #[test]
    fn hand_written_json_matches_serde() {
        let texts = ["g", "", "小米 \"q\" \\ \n\u{1}", "{\"a\":1}"];
        for text in texts {
            let topic = Topic {
                topic_id: u64::MAX,
                owner_uuid: 1,
                topic_name: text.into(),
                extra: Some(text.into()),
            };
            assert_eq!(topic.to_json(), serde_json::to_string(&topic).unwrap());
            let topic = Topic {
                extra: None,
                ..topic
            };
            assert_eq!(topic.to_json(), serde_json::to_string(&topic).unwrap());
            let updated = UpdatedTopic {
                topic_id: 21_351_198_708_203_520,
                owner_uuid: 0,
                owner_account: Some(text.into()),
                topic_name: None,
                extra: Some(text.into()),
            };
            assert_eq!(updated.to_json(), serde_json::to_string(&updated).unwrap());
            let info = TopicInfo {
                topic_id: 5,
                topic_name: text.into(),
                owner_uuid: 9_007_199_254_740_993,
                owner_account: text.into(),
                member_num: 1_000_000,
            };
            assert_eq!(info.to_json(), serde_json::to_string(&info).unwrap());
            let member = Member {
                app_account: text.into(),
                uuid: 21_351_198_708_203_521,
                app_id: text.into(),
            };
            assert_eq!(member.to_json(), serde_json::to_string(&member).unwrap());
            let token = TokenInfo {
                app_id: Some(text.into()),
                app_package: None,
                app_account: Some(text.into()),
                mi_chid: Some(9),
                mi_user_id: None,
                mi_user_security_key: Some(text.into()),
                token: text.into(),
            };
            assert_eq!(token.to_json(), serde_json::to_string(&token).unwrap());
            let token = TokenInfo {
                mi_chid: None,
                ..token
            };
            assert_eq!(token.to_json(), serde_json::to_string(&token).unwrap());
        }
        for list in [vec![], vec![1], vec![21_351_198_708_203_520, u64::MAX, 0]] {
            let list = TopicList(list);
            assert_eq!(list.to_json(), serde_json::to_string(&list).unwrap());
        }
    }
}
