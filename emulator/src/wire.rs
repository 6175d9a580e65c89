//! The envelope every answer comes in, and the JSON forms the emulator can serve.

use crate::exchange::Response;
use crate::store::ApiError;
use mimc_uctopic::core::shape::{Kind, Read};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The content type of every envelope.
pub const JSON: &str = "application/json;charset=UTF-8";

/// Which of the documented JSON forms answers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum WireFormat {
    /// As the document shows: fields it quotes are strings ("count": "3", "isEnd": "true"),
    /// the others numbers; members carry `appAccout` (sic).
    Documented,
    /// Every id and count a JSON number, isEnd a boolean, and `appAccount` spelled right.
    Native,
}

impl WireFormat {
    /// An id or count the document shows quoted (`"$uuid"`) or bare (`$topicId`).
    pub fn number(self, value: u64, quoted_in_document: bool) -> Value {
        match (self, quoted_in_document) {
            (WireFormat::Documented, true) => Value::String(value.to_string()),
            _ => Value::from(value),
        }
    }

    /// isEnd: `"true"`/`"false"` as documented, or a JSON boolean.
    pub fn flag(self, value: bool) -> Value {
        match self {
            WireFormat::Documented => Value::String(value.to_string()),
            WireFormat::Native => Value::Bool(value),
        }
    }

    /// An answer the client core declares, in this format: each id and count a number, or a
    /// string where the document quotes it (documented); flags as this format writes them.
    pub fn answer<T: Serialize + Read>(self, answer: &T) -> Value {
        // Serializing plain data to a Value cannot fail; null is never reached.
        let value = serde_json::to_value(answer).unwrap_or(Value::Null);
        self.shaped(value, T::KIND, false)
    }

    fn shaped(self, value: Value, kind: Kind, quoted: bool) -> Value {
        match (kind, value) {
            (_, Value::Array(items)) => Value::Array(
                items
                    .into_iter()
                    .map(|item| self.shaped(item, kind, quoted))
                    .collect(),
            ),
            (Kind::Object(form), Value::Object(fields)) => Value::Object(
                fields
                    .into_iter()
                    .map(|(key, value)| match form(&key) {
                        Some(f) => {
                            let value = self.shaped(value, f.kind, f.quoted);
                            (key, value)
                        }
                        None => (key, value),
                    })
                    .collect(),
            ),
            (Kind::Id | Kind::Count, value) => match whole(&value) {
                Some(n) => self.number(n, quoted),
                None => value,
            },
            (Kind::Flag, Value::Bool(flag)) => self.flag(flag),
            (_, value) => value,
        }
    }

    /// The member field holding the account.
    pub fn account_field(self) -> &'static str {
        match self {
            WireFormat::Documented => "appAccout",
            WireFormat::Native => "appAccount",
        }
    }
}

/// The member objects of an answer's `members` list, which the service spells its own way per
/// kind of group (the core's `Member` serializes `appAccount`).
pub fn members_mut(answer: &mut Value) -> impl Iterator<Item = &mut Map<String, Value>> {
    let members = answer.get_mut("members").and_then(Value::as_array_mut);
    members
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
}

/// An id or count as the core serializes it for JavaScript: digits in a string, or a number.
fn whole(value: &Value) -> Option<u64> {
    match value {
        Value::String(digits) => digits.parse().ok(),
        value => value.as_u64(),
    }
}

/// A success envelope around `data`, with this message ("success" but for one call).
pub fn ok(data: Value, message: &str) -> Response {
    envelope(
        200,
        json!({ "code": 200, "message": message, "data": data }),
    )
}

/// A failure envelope: `code` is also the HTTP status (500 when it is not one).
pub fn fail(error: ApiError) -> Response {
    let status = match error.code {
        100..=999 => error.code,
        _ => 500,
    };
    envelope(
        status,
        json!({ "code": error.code, "message": error.message, "data": null }),
    )
}

/// An unknown route, answered as a web server does: HTTP 404 with a plain body and no envelope
/// (the envelope comes from the service's handlers, and no handler has this path). A client
/// with a wrong `baseUrl` then sees a missing route, not a missing group.
pub fn no_route(method: &impl std::fmt::Display, path: &str) -> Response {
    let body = format!("404 Not Found: no route for {method} {path}\n");
    Response::new(404, Some("text/plain;charset=UTF-8"), body.into_bytes())
}

/// The envelope a handler's result makes, with the message the handler chose on success.
pub fn respond(result: Result<Value, ApiError>, message: &str) -> Response {
    match result {
        Ok(data) => ok(data, message),
        Err(error) => fail(error),
    }
}

fn envelope(status: u16, body: Value) -> Response {
    Response::new(status, Some(JSON), body.to_string().into_bytes())
}
