//! What a handler is and gets: the route table's entries, the call, and the readers of a JSON
//! body (liberal, as the real service is: numbers where strings are documented, and digits in
//! strings where numbers are).

use crate::exchange::{Body, Request};
use crate::state::State;
use crate::store::{ApiError, ApiResult};
use mimc_uctopic::core::http::Endpoint;
use mimc_uctopic::core::shape::{body_from_text, Read};
use serde_json::{Map, Value};
use std::cell::Cell;

/// A handler: the state (locked for the whole request) and the call in, the envelope's data out.
pub type Handler = fn(&mut State, &Incoming) -> ApiResult<Value>;

/// A route: a path (`{topicId}` matches one segment), a method, a handler.
pub type Route = (&'static str, &'static str, Handler);

/// A route table entry: the route of an endpoint the client core declares, and its handler.
pub const fn route(endpoint: Endpoint, handler: Handler) -> Route {
    (endpoint.path(), endpoint.method().as_str(), handler)
}

/// The message of a success envelope, unless a handler says otherwise ([`Incoming::say`]).
pub const SUCCESS: &str = "success";

/// What a handler gets.
pub struct Incoming<'a> {
    pub request: &'a Request,
    /// The segments the route's parameters matched (`{appId}`, `{topicId}`), percent-decoded.
    pub params: &'a [(&'a str, String)],
    /// The success envelope's message: the manual's dismiss answers `"success！"`, every other
    /// call `"success"`, and the handler's data has no room for it.
    pub message: Cell<&'static str>,
}

impl<'a> Incoming<'a> {
    /// A call of `request`, with these parameters matched from its path.
    pub fn new(request: &'a Request, params: &'a [(&'a str, String)]) -> Self {
        Incoming {
            request,
            params,
            message: Cell::new(SUCCESS),
        }
    }

    /// The segment the parameter `name` matched, or "" (the route has no such parameter).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, value)| value)
    }

    /// Answers success with this message instead of "success".
    pub fn say(&self, message: &'static str) {
        self.message.set(message);
    }
}

/// A request body of at most `limit` bytes, read as the endpoint's shape the client core
/// declares ([`Read::read_body`]: liberal, as the real service is); any failure is a 400
/// envelope naming the field.
pub fn body<T: Read>(body: &Body, limit: usize) -> ApiResult<T> {
    let text = std::str::from_utf8(non_empty(body, limit)?)
        .map_err(|_| ApiError::bad_request("malformed JSON body: not UTF-8"))?;
    body_from_text(text).map_err(ApiError::bad_request)
}

/// A JSON object body of at most `limit` bytes.
pub fn json_object(body: &Body, limit: usize) -> ApiResult<Map<String, Value>> {
    match serde_json::from_slice::<Value>(non_empty(body, limit)?) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request("the body must be a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!("malformed JSON body: {e}"))),
    }
}

/// The whole body, of at most `limit` bytes (413 otherwise) and not only white space (400).
fn non_empty(body: &Body, limit: usize) -> ApiResult<&[u8]> {
    let bytes = body.whole().ok_or_else(|| ApiError::too_large(limit))?;
    if bytes.len() > limit {
        return Err(ApiError::too_large(limit));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("a JSON object body is required"));
    }
    Ok(bytes)
}

/// A string field; null counts as absent; numbers are taken as their text (lenient clients).
pub fn string_field(body: &Map<String, Value>, field: &str) -> ApiResult<Option<String>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(ApiError::bad_request(format!("{field} must be a string"))),
    }
}

/// A non-negative integer field, as a JSON number or a string of digits.
pub fn id_field(body: &Map<String, Value>, field: &str) -> ApiResult<Option<u64>> {
    let wrong = || {
        ApiError::bad_request(format!(
            "{field} must be a non-negative integer (a number or a string of digits)"
        ))
    };
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(wrong),
        Some(Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| wrong()),
        Some(_) => Err(wrong()),
    }
}
