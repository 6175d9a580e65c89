//! Reading answers: the `{code, message, data}` envelope, and the typed error each failure is.
//!
//! Bodies are parsed here from text, never by JavaScript, so ids above 2^53 stay exact. Each
//! endpoint's data model lives with its resource (`groups`, `members`, `token`).

use super::error::{truncate, Error, Result};
use super::http::Endpoint;
use super::json::{self, compact, Node, Number, Value};
use super::shape::{Mismatch, Place, Read};

/// How much of a body or server message an error quotes.
const QUOTE_CHARS: usize = 200;

/// Decodes a response to `endpoint`: the envelope's `data` as `T` on code 200, else a typed error.
/// The body is parsed once; only the reading of `data` is generic.
pub fn envelope<T: Read>(endpoint: Endpoint, status: u16, body: &str) -> Result<T> {
    let root = open(endpoint, status, body)?;
    let absent = Node::new(Value::Null);
    let data = root.get("data").unwrap_or(&absent);
    T::read(data, &Place::root("data", Some(body)))
        .map_err(|m| bad_data(endpoint, status, &m, body, data))
}

/// Parses the answer to `endpoint` and checks its envelope: the parsed body on code 200;
/// otherwise the typed error the envelope (or its absence) stands for. Not generic, so one copy
/// serves every endpoint.
fn open(endpoint: Endpoint, status: u16, body: &str) -> Result<Node<'_>> {
    let root = match json::parse(body) {
        Ok(root) => root,
        // JSON that began but did not end: some engines (WebKit) hand over a body whose
        // connection dropped as if it were complete. A transient failure, not a wrong shape.
        Err(e) if e.eof && !body.trim().is_empty() => {
            return Err(cut_off(endpoint, body.len(), None))
        }
        Err(_) => return Err(not_an_envelope(endpoint, status, body)),
    };
    let Some(code) = root.get("code").and_then(code_of) else {
        return Err(not_an_envelope(endpoint, status, body));
    };
    if code != 200 {
        return Err(failure(endpoint, status, code, root.get("message"), body));
    }
    Ok(root)
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

/// The envelope's code from a JSON number (whole) or a numeric string.
fn code_of(node: &Node<'_>) -> Option<i64> {
    match &node.value {
        Value::Number(Number::Text(text)) => {
            let (negative, magnitude) = json::whole(text)?;
            let magnitude = i64::try_from(magnitude).ok()?;
            Some(if negative { -magnitude } else { magnitude })
        }
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn failure(
    endpoint: Endpoint,
    status: u16,
    code: i64,
    message: Option<&Node<'_>>,
    body: &str,
) -> Error {
    let server_message = message.and_then(|node| match &node.value {
        Value::Null => None,
        Value::String(text) => Some(text.as_ref())
            .filter(|s| !s.trim().is_empty())
            .map(|s| truncate(s, QUOTE_CHARS)),
        _ => Some(truncate(&compact(node.raw(body)), QUOTE_CHARS)),
    });
    let server_message = server_message
        .unwrap_or_else(|| format!("the server answered code {code} without a message"));
    if code == 401 || status == 401 {
        // Only the token service carries secrets, and it is given app credentials, not a token.
        let what = if endpoint.carries_secrets() {
            "the token service refused the app credentials: check appId, appKey and appSecret"
        } else {
            "the credentials were refused: get a fresh token, or check appId, appKey, appSecret and appAccount"
        };
        Error::auth(
            endpoint.name(),
            status,
            code,
            format!("{server_message} — {what}"),
        )
    } else {
        Error::api(endpoint.name(), status, code, server_message)
    }
}

#[inline(never)]
fn bad_data(
    endpoint: Endpoint,
    status: u16,
    mismatch: &Mismatch,
    body: &str,
    data: &Node<'_>,
) -> Error {
    let why = if endpoint.carries_secrets() {
        // The message can quote values, and this body carries a token.
        "details withheld because this response carries secrets".to_owned()
    } else {
        let (line, column) = json::line_column(body, mismatch.at as usize);
        format!(
            "{mismatch} (line {line} column {column}); data was {}",
            truncate(&compact(data.raw(body)), QUOTE_CHARS)
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
        // The service's own "not found" comes in an envelope (kind 'api'); a bare 404 is a web
        // server with no such route, most often under a baseUrl with a wrong path.
        let hint = if status == 404 {
            "nothing answers this route there; check that baseUrl is the service's address, with no path"
        } else {
            "from the service or a proxy in front of it; check baseUrl and the service's status"
        };
        Error::http(
            endpoint.name(),
            status,
            format!("HTTP {status} without a MIMC envelope ({hint}){quoted}"),
        )
    }
}

/// Data that is not read (delete, mute): accepts any JSON value, or none.
pub use super::shape::Any as Ignored;

#[cfg(test)]
mod tests;
