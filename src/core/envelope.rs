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
mod tests;
