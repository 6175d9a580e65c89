//! What tests need beyond the API: a count (and a journal) of requests received, and injected
//! faults.

use crate::journal::{Entry, ReadBody};
use crate::wire;
use crate::Emulator;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// Requests received by the API, by `METHOD /path` and by the group they name (`topicId` header
/// or body).
#[derive(Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestCounts {
    total: u64,
    by_route: BTreeMap<String, u64>,
    #[serde(skip)]
    by_topic: BTreeMap<String, BTreeMap<String, u64>>,
}

impl RequestCounts {
    fn record(&mut self, route: &str, topic: Option<&str>) {
        self.total += 1;
        *self.by_route.entry(route.to_owned()).or_default() += 1;
        if let Some(topic) = topic {
            *self
                .by_topic
                .entry(topic.to_owned())
                .or_default()
                .entry(route.to_owned())
                .or_default() += 1;
        }
    }

    /// The counts as JSON; with a topic, only requests whose topicId header named it.
    pub fn to_json(&self, topic: Option<&str>) -> serde_json::Value {
        match topic {
            None => serde_json::to_value(self).unwrap_or_default(),
            Some(topic) => {
                let by_route = self.by_topic.get(topic).cloned().unwrap_or_default();
                let total: u64 = by_route.values().sum();
                serde_json::json!({ "total": total, "byRoute": by_route })
            }
        }
    }
}

/// A fault to inject into the next `times` API requests that match.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// Only requests with this method (any case); all when absent.
    pub method: Option<String>,
    /// Only requests to this path (e.g. `/api/uctopic/userlist`); all when absent.
    pub path: Option<String>,
    /// Only requests about this group (`topicId` header or body); all when absent.
    pub topic_id: Option<String>,
    /// How many requests it hits (default 1).
    #[serde(default = "one")]
    pub times: u32,
    /// Wait this long before answering (then answer normally unless told otherwise).
    pub delay_ms: Option<u64>,
    /// Answer with this HTTP status (and an envelope with the same code unless `body` is set).
    pub status: Option<u16>,
    /// Answer with this raw body (garbage, a truncated envelope, anything).
    pub body: Option<String>,
    /// Extra response headers, such as `Retry-After`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Drop the connection mid-answer: the client sees a network failure.
    #[serde(default)]
    pub drop: bool,
}

fn one() -> u32 {
    1
}

impl Fault {
    fn matches(&self, method: &str, path: &str, topic: Option<&str>) -> bool {
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

/// Counts and journals an API request, and returns it with the group it is about: its `topicId`
/// header, or else, for a POST, its body's. The body is read and put back whole for the
/// handler; a POST body too large to look into comes back as the 413 answer instead.
async fn observe(
    emu: &Emulator,
    request: Request,
    method: &str,
    path: &str,
) -> Result<(Request, Option<String>), Response> {
    let (parts, body) = request.into_parts();
    let body = ReadBody::read(body, crate::api::MAX_BODY_BYTES + 1).await;
    let header = header_topic(&parts.headers);
    let from_body = header.is_none() && parts.method == Method::POST;
    let topic = if from_body {
        body.whole().and_then(body_topic)
    } else {
        header
    };
    let entry = Entry::new(&parts, path, &body, topic.clone());
    {
        // Both locks at once (always in this order), so the counts and the journal agree.
        let mut counts = emu.requests.lock().unwrap_or_else(|e| e.into_inner());
        let mut journal = emu.journal.lock().unwrap_or_else(|e| e.into_inner());
        counts.record(&format!("{method} {path}"), topic.as_deref());
        journal.record(entry);
    }
    if from_body && body.whole().is_none() {
        // The handler applies the real limit; past this one the answer is the same 413.
        return Err(wire::fail(crate::store::ApiError {
            code: 413,
            message: format!("body larger than {} bytes", crate::api::MAX_BODY_BYTES),
        }));
    }
    Ok((Request::from_parts(parts, body.into_body()), topic))
}

/// Counts and journals every API request and applies the first matching fault, if any.
pub async fn middleware(
    State(emu): State<Arc<Emulator>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().trim_end_matches('/').to_owned();
    let (request, topic) = if method == "OPTIONS" {
        // Neither counted nor journaled (CORS preflights never even reach here).
        let topic = header_topic(request.headers());
        (request, topic)
    } else {
        match observe(&emu, request, &method, &path).await {
            Ok(observed) => observed,
            Err(too_large) => return too_large,
        }
    };
    let fault = {
        let mut faults = emu.faults.lock().unwrap_or_else(|e| e.into_inner());
        faults
            .iter_mut()
            .find(|f| f.matches(&method, &path, topic.as_deref()))
            .map(|f| {
                f.times -= 1;
                f.clone()
            })
    };
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    if let Some(ms) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let mut response = if fault.drop {
        // The status line and a first chunk go out, then the body stream fails and the server
        // aborts the connection: a dropped answer, which clients must not silently re-send.
        // (Closing before any byte would let browsers retry the request on their own.)
        let first = futures_util::stream::once(async {
            Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"{\"code\":200,\"mess"))
        });
        // The pause lets the server flush the head and the first chunk before it aborts.
        let broken = futures_util::stream::once(async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Err(std::io::Error::other("fault: connection dropped"))
        });
        let mut response = Response::new(Body::from_stream(futures_util::StreamExt::chain(
            first, broken,
        )));
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        );
        response
    } else if let Some(body) = fault.body {
        let status = StatusCode::from_u16(fault.status.unwrap_or(200)).unwrap_or(StatusCode::OK);
        (status, body).into_response()
    } else if let Some(status) = fault.status {
        wire::fail(crate::store::ApiError {
            code: status,
            message: "fault injected by the emulator".into(),
        })
    } else {
        next.run(request).await
    };
    for (name, value) in &fault.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}
