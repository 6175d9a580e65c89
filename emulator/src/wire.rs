//! The envelope every answer comes in, and the JSON forms the emulator can serve.

use crate::store::ApiError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Which of the documented JSON forms answers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
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

    /// The member field holding the account.
    pub fn account_field(self) -> &'static str {
        match self {
            WireFormat::Documented => "appAccout",
            WireFormat::Native => "appAccount",
        }
    }
}

/// A success envelope around `data`.
pub fn ok(data: Value) -> Response {
    envelope(
        StatusCode::OK,
        json!({ "code": 200, "message": "success", "data": data }),
    )
}

/// A failure envelope: `code` is also the HTTP status.
pub fn fail(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    envelope(
        status,
        json!({ "code": error.code, "message": error.message, "data": null }),
    )
}

fn envelope(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        )],
        body.to_string(),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        fail(self)
    }
}
