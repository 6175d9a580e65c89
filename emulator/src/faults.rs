//! Injected faults, and the group a request is about (which faults, counts and journal match on).

use crate::exchange::{Body, Response};
use crate::store::ApiError;
use crate::wire;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A fault to inject into the next `times` API requests that match.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(hashmap_as_object))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// Only requests with this method (any case); all when absent.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub method: Option<String>,
    /// Only requests to this path (e.g. `/api/uctopic/userlist`); all when absent.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub path: Option<String>,
    /// Only requests about this group (a normal group's path, the `topicId` header or the
    /// body); all when absent.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub topic_id: Option<String>,
    /// How many requests it hits (default 1).
    #[serde(default = "one")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub times: u32,
    /// Wait this long before answering (then answer normally unless told otherwise).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub delay_ms: Option<u64>,
    /// Answer with this HTTP status (and an envelope with the same code unless `body` is set).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub status: Option<u16>,
    /// Answer with this raw body (garbage, a truncated envelope, anything).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub body: Option<String>,
    /// Extra response headers, such as `Retry-After`.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub headers: BTreeMap<String, String>,
    /// Drop the connection mid-answer: the client sees a network failure.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub drop: bool,
}

fn one() -> u32 {
    1
}

impl Fault {
    pub fn matches(&self, method: &str, path: &str, topic: Option<&str>) -> bool {
        self.times > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path
                .as_deref()
                .is_none_or(|p| p.trim_end_matches('/') == path)
            && self.topic_id.as_deref().is_none_or(|t| Some(t) == topic)
    }
}

/// The `topicId` header, trimmed.
fn header_topic(headers: &HeaderMap) -> Option<String> {
    headers
        .get("topicId")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
}

/// The `topicId` of a JSON body (update and mute carry it there).
fn body_topic(body: &[u8]) -> Option<String> {
    match serde_json::from_slice::<serde_json::Value>(body)
        .ok()?
        .get("topicId")?
    {
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// The group an unlimited-group request is about: its `topicId` header, or else, for a POST,
/// its body's (a normal group's is in its path: `router::classify`).
pub fn topic_of(method: &Method, headers: &HeaderMap, body: &Body) -> Option<String> {
    match header_topic(headers) {
        Some(topic) => Some(topic),
        None if method == Method::POST => body.whole().and_then(body_topic),
        None => None,
    }
}

impl Fault {
    /// The answer this fault gives instead of the handler's, if it gives one.
    pub fn answer(&self) -> Option<Response> {
        if self.drop {
            // The status line and a first chunk go out, then the connection breaks.
            let mut response =
                Response::new(200, Some(wire::JSON), b"{\"code\":200,\"mess".to_vec());
            response.drop = true;
            Some(response)
        } else if let Some(body) = &self.body {
            // `status` is 200 to 599: add_fault refuses others.
            Some(Response::new(
                self.status.unwrap_or(200),
                Some("text/plain; charset=utf-8"),
                body.clone().into_bytes(),
            ))
        } else {
            self.status.map(|status| {
                wire::fail(ApiError {
                    code: status,
                    message: "fault injected by the emulator".into(),
                })
            })
        }
    }

    /// Adds the fault's extra headers (those that are valid HTTP) to an answer.
    pub fn add_headers(&self, response: &mut Response) {
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::try_from(name.as_str()),
                HeaderValue::from_str(value),
            ) {
                response.headers.insert(name, value);
            }
        }
    }
}
