//! A request as the core receives it and an answer as it gives it: plain data, so any adapter
//! (the axum server, the wasm build's in-process `fetch`, its `node:http` server) can carry them.

use http::{HeaderMap, HeaderValue, Method};

/// API bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Admin bodies may carry a million accounts.
pub const MAX_ADMIN_BODY_BYTES: usize = 512 * 1024 * 1024;

/// How many bytes of a request's body an adapter reads before it stops and hands over a
/// [`Body::Cut`]: one past the limit that applies, so the core can tell "too large".
pub fn body_limit(path: &str) -> usize {
    match path.starts_with("/emulator/") {
        true => MAX_ADMIN_BODY_BYTES + 1,
        false => MAX_BODY_BYTES + 1,
    }
}

/// One request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The path as sent (trailing slashes are the core's business), without the query.
    pub path: String,
    /// The query string, without the `?`.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Body,
}

/// A request body as far as the adapter read it.
#[derive(Debug, Clone)]
pub enum Body {
    /// All of it.
    Whole(Vec<u8>),
    /// Only this prefix: the body went past [`body_limit`], or failed while it was read.
    Cut(Vec<u8>),
}

impl Body {
    /// The whole body, if it was read whole.
    pub fn whole(&self) -> Option<&[u8]> {
        match self {
            Body::Whole(bytes) => Some(bytes),
            Body::Cut(_) => None,
        }
    }

    /// What was read, whole or not.
    pub fn read(&self) -> &[u8] {
        match self {
            Body::Whole(bytes) | Body::Cut(bytes) => bytes,
        }
    }
}

/// One answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Send the status, the headers and `body` (a first chunk), then break the connection: the
    /// client must see a network failure, not a short answer. (Closing before any byte would
    /// let browsers re-send the request on their own.)
    pub drop: bool,
}

impl Response {
    /// An answer with this status, content type and body.
    pub fn new(status: u16, content_type: Option<&'static str>, body: Vec<u8>) -> Self {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static(content_type),
            );
        }
        Response {
            status,
            headers,
            body,
            drop: false,
        }
    }
}
