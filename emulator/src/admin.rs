//! The emulator-only admin API under `/emulator/`: what the real service does over its socket
//! (joining, presence), plus what tests need (request counts and journal, faults, reset, clock).

use crate::api::{id_field, json_object, respond};
use crate::faults::Fault;
use crate::journal::{Entry, Filter};
use crate::store::{ApiError, ApiResult};
use crate::wire::{self, WireFormat};
use crate::Emulator;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The admin API's routes, under `/emulator/`.
pub fn routes() -> axum::Router<Arc<Emulator>> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route("/emulator/topics/{topic}/members", post(join).delete(quit))
        .route("/emulator/topics/{topic}/online", put(set_online))
        .route("/emulator/topics/{topic}/mutes", get(mutes))
        .route("/emulator/requests", get(requests).delete(clear_requests))
        .route("/emulator/journal", get(journal).delete(clear_journal))
        .route(
            "/emulator/faults",
            post(add_fault).get(list_faults).delete(clear_faults),
        )
        .route("/emulator/reset", post(reset))
        .route("/emulator/clock", post(advance_clock))
        .route("/emulator/config", get(config).put(set_config))
        .method_not_allowed_fallback(crate::api::method_not_allowed)
}

/// Admin bodies may carry a million accounts.
const MAX_ADMIN_BODY_BYTES: usize = 512 * 1024 * 1024;

type Shared = State<Arc<Emulator>>;

/// `POST /emulator/topics/{topicId}/members`: these accounts join.
pub async fn join(State(emu): Shared, Path(topic): Path<String>, body: Body) -> Response {
    respond(async {
        let topic_id = parse_topic(&topic)?;
        let accounts = accounts(body).await?;
        let mut store = emu.store();
        let added = store.join(topic_id, &accounts)?;
        Ok(json!({ "added": added, "memberNum": store.member_count(topic_id) }))
    })
    .await
}

/// `DELETE /emulator/topics/{topicId}/members`: these accounts quit.
pub async fn quit(State(emu): Shared, Path(topic): Path<String>, body: Body) -> Response {
    respond(async {
        let topic_id = parse_topic(&topic)?;
        let accounts = accounts(body).await?;
        let mut store = emu.store();
        let removed = store.quit(topic_id, &accounts)?;
        Ok(json!({ "removed": removed, "memberNum": store.member_count(topic_id) }))
    })
    .await
}

/// `PUT /emulator/topics/{topicId}/online`: exactly these members are online.
pub async fn set_online(State(emu): Shared, Path(topic): Path<String>, body: Body) -> Response {
    respond(async {
        let topic_id = parse_topic(&topic)?;
        let accounts = accounts(body).await?;
        let online = emu.store().set_online(topic_id, &accounts)?;
        Ok(json!({ "online": online }))
    })
    .await
}

/// `GET /emulator/topics/{topicId}/mutes`: active mutes and when each ends.
pub async fn mutes(State(emu): Shared, Path(topic): Path<String>) -> Response {
    respond(async {
        let topic_id = parse_topic(&topic)?;
        let mutes = emu.store().mutes(topic_id)?;
        Ok(json!({ "mutes": mutes }))
    })
    .await
}

/// `GET /emulator/requests[?topicId=…]`: API requests received, by route.
pub async fn requests(
    State(emu): Shared,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let counts = emu.requests.lock().unwrap_or_else(|e| e.into_inner());
    wire::ok(counts.to_json(query.get("topicId").map(String::as_str)))
}

/// `DELETE /emulator/requests`: start counting from zero (the journal too, so they agree).
pub async fn clear_requests(State(emu): Shared) -> Response {
    clear_counts_and_journal(&emu);
    wire::ok(Value::Null)
}

/// `GET /emulator/journal[?topicId=…&path=…&method=…&since=SEQ]`: the API requests received,
/// oldest first, secrets redacted.
pub async fn journal(
    State(emu): Shared,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Response {
    respond(async {
        let Query(filter) = filter.map_err(|e| ApiError::bad_request(e.body_text()))?;
        let journal = emu.journal.lock().unwrap_or_else(|e| e.into_inner());
        let entries: Vec<&Entry> = journal.select(&filter).collect();
        Ok(json!({ "entries": entries }))
    })
    .await
}

/// `DELETE /emulator/journal`: forget the journal; seq starts again from 1.
pub async fn clear_journal(State(emu): Shared) -> Response {
    emu.journal
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    wire::ok(Value::Null)
}

/// In the order the middleware locks them, so no request is in one and not the other.
fn clear_counts_and_journal(emu: &Emulator) {
    let mut counts = emu.requests.lock().unwrap_or_else(|e| e.into_inner());
    let mut journal = emu.journal.lock().unwrap_or_else(|e| e.into_inner());
    *counts = Default::default();
    journal.clear();
}

/// `POST /emulator/faults`: inject a fault into the next matching API requests.
pub async fn add_fault(State(emu): Shared, body: Body) -> Response {
    respond(async {
        let body = json_object(body, MAX_ADMIN_BODY_BYTES).await?;
        let fault: Fault = serde_json::from_value(Value::Object(body))
            .map_err(|e| ApiError::bad_request(format!("invalid fault: {e}")))?;
        let mut faults = emu.faults.lock().unwrap_or_else(|e| e.into_inner());
        faults.retain(|f| f.times > 0);
        faults.push(fault);
        Ok(json!({ "pending": faults.len() }))
    })
    .await
}

/// `GET /emulator/faults`: the faults still waiting.
pub async fn list_faults(State(emu): Shared) -> Response {
    let faults = emu.faults.lock().unwrap_or_else(|e| e.into_inner());
    let pending: Vec<&Fault> = faults.iter().filter(|f| f.times > 0).collect();
    wire::ok(json!({ "faults": pending }))
}

/// `DELETE /emulator/faults`: clear every fault.
pub async fn clear_faults(State(emu): Shared) -> Response {
    emu.faults.lock().unwrap_or_else(|e| e.into_inner()).clear();
    wire::ok(Value::Null)
}

/// `POST /emulator/reset`: clear all state (groups, users, tokens, counts, journal, faults).
pub async fn reset(State(emu): Shared) -> Response {
    emu.store().reset();
    emu.faults.lock().unwrap_or_else(|e| e.into_inner()).clear();
    clear_counts_and_journal(&emu);
    wire::ok(Value::Null)
}

/// `POST /emulator/clock` with `{"advanceSeconds": N}`: expire tokens and mutes without waiting.
pub async fn advance_clock(State(emu): Shared, body: Body) -> Response {
    respond(async {
        let body = json_object(body, MAX_ADMIN_BODY_BYTES).await?;
        let seconds = id_field(&body, "advanceSeconds")?
            .ok_or_else(|| ApiError::bad_request("advanceSeconds is required"))?;
        let mut store = emu.store();
        store.advance_clock(seconds);
        Ok(json!({ "now": store.now() }))
    })
    .await
}

/// `GET /emulator/config`: the wire format and the apps.
pub async fn config(State(emu): Shared) -> Response {
    let apps: Vec<Value> = emu
        .store()
        .apps()
        .iter()
        .map(|a| json!({ "appId": a.id }))
        .collect();
    wire::ok(json!({ "wireFormat": emu.wire(), "apps": apps }))
}

/// `PUT /emulator/config` with `{"wireFormat": "documented" | "native"}`.
pub async fn set_config(State(emu): Shared, body: Body) -> Response {
    respond(async {
        let body = json_object(body, MAX_ADMIN_BODY_BYTES).await?;
        if let Some(format) = body.get("wireFormat") {
            let format: WireFormat = serde_json::from_value(format.clone()).map_err(|_| {
                ApiError::bad_request("wireFormat must be \"documented\" or \"native\"")
            })?;
            *emu.wire.lock().unwrap_or_else(|e| e.into_inner()) = format;
        }
        Ok(json!({ "wireFormat": emu.wire() }))
    })
    .await
}

fn parse_topic(text: &str) -> ApiResult<u64> {
    text.parse().map_err(|_| {
        ApiError::bad_request(format!("topicId must be a decimal 64-bit id; got {text:?}"))
    })
}

async fn accounts(body: Body) -> ApiResult<Vec<String>> {
    let body: Map<String, Value> = json_object(body, MAX_ADMIN_BODY_BYTES).await?;
    let wrong = || ApiError::bad_request("the body must be {\"accounts\": [\"account\", ...]}");
    match body.get("accounts") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(wrong))
            .collect(),
        _ => Err(wrong()),
    }
}
