//! The emulator-only admin API under `/emulator/`: what the real service does over its socket
//! (joining, presence), plus what tests need (request counts and journal, faults, reset, clock).

use crate::exchange::{Body, MAX_ADMIN_BODY_BYTES};
use crate::faults::Fault;
use crate::handler::{id_field, json_object, string_field, Incoming, Route};
use crate::journal::{JournalEntry, JournalFilter};
use crate::shapes::{AppId, Clock, EmulatorConfig, Joined, Left, Minted, Online, PendingCount};
use crate::state::State;
use crate::store::{ApiError, ApiResult, AppCredentials};
use crate::wire::WireFormat;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The admin API's routes, under `/emulator/` (`{topicId}` is a path segment the handler reads).
pub const ROUTES: &[Route] = &[
    ("/emulator/topics/{topicId}/members", "POST", join),
    ("/emulator/topics/{topicId}/members", "DELETE", quit),
    ("/emulator/topics/{topicId}/online", "PUT", set_online),
    ("/emulator/topics/{topicId}/mutes", "GET", mutes),
    ("/emulator/requests", "GET", requests),
    ("/emulator/requests", "DELETE", clear_requests),
    ("/emulator/journal", "GET", journal),
    ("/emulator/journal", "DELETE", clear_journal),
    ("/emulator/faults", "POST", add_fault),
    ("/emulator/faults", "GET", list_faults),
    ("/emulator/faults", "DELETE", clear_faults),
    ("/emulator/tokens", "POST", mint_token),
    ("/emulator/reset", "POST", reset),
    ("/emulator/clock", "POST", advance_clock),
    ("/emulator/config", "GET", config),
    ("/emulator/config", "PUT", set_config),
];

/// `POST /emulator/topics/{topicId}/members`: these accounts join.
pub fn join(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = parse_topic(call.param("topicId"))?;
    let accounts = accounts(&call.request.body)?;
    let store = &mut state.store;
    let added = store.join(topic_id, &accounts)?;
    answer(Joined {
        added,
        member_num: store.member_count(topic_id),
    })
}

/// `DELETE /emulator/topics/{topicId}/members`: these accounts quit.
pub fn quit(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = parse_topic(call.param("topicId"))?;
    let accounts = accounts(&call.request.body)?;
    let store = &mut state.store;
    let removed = store.quit(topic_id, &accounts)?;
    answer(Left {
        removed,
        member_num: store.member_count(topic_id),
    })
}

/// `PUT /emulator/topics/{topicId}/online`: exactly these members are online.
pub fn set_online(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = parse_topic(call.param("topicId"))?;
    let accounts = accounts(&call.request.body)?;
    let online = state.store.set_online(topic_id, &accounts)?;
    answer(Online { online })
}

/// `GET /emulator/topics/{topicId}/mutes`: active mutes and when each ends.
pub fn mutes(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = parse_topic(call.param("topicId"))?;
    let mutes = state.store.mutes(topic_id)?;
    Ok(json!({ "mutes": mutes }))
}

/// `GET /emulator/requests[?topicId=…]`: API requests received, by route.
pub fn requests(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let query: HashMap<String, String> = query(call)?;
    let counts = &mut state.counts;
    answer(counts.counts(query.get("topicId").map(String::as_str)))
}

/// `DELETE /emulator/requests`: start counting from zero (the journal too, so they agree).
pub fn clear_requests(state: &mut State, _: &Incoming) -> ApiResult<Value> {
    state.clear_requests();
    Ok(Value::Null)
}

/// `GET /emulator/journal[?topicId=…&path=…&method=…&since=SEQ]`: the API requests received,
/// oldest first, secrets redacted.
pub fn journal(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let filter: JournalFilter = query(call)?;
    let journal = &mut state.journal;
    let entries: Vec<&JournalEntry> = journal.select(&filter).collect();
    Ok(json!({ "entries": entries }))
}

/// `DELETE /emulator/journal`: forget the journal; seq starts again from 1.
pub fn clear_journal(state: &mut State, _: &Incoming) -> ApiResult<Value> {
    state.journal.clear();
    Ok(Value::Null)
}

/// `POST /emulator/faults`: inject a fault into the next matching API requests.
pub fn add_fault(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let body = json_object(&call.request.body, MAX_ADMIN_BODY_BYTES)?;
    let fault: Fault = serde_json::from_value(Value::Object(body))
        .map_err(|e| ApiError::bad_request(format!("invalid fault: {e}")))?;
    if fault.status.is_some_and(|s| !(200..=599).contains(&s)) {
        // 1xx is not a final answer (HTTP servers and fetch refuse it), nor is 600 and above.
        return Err(ApiError::bad_request(
            "invalid fault: status must be 200 to 599",
        ));
    }
    let faults = &mut state.faults;
    faults.retain(|f| f.times > 0);
    faults.push(fault);
    answer(PendingCount {
        pending: faults.len(),
    })
}

/// `GET /emulator/faults`: the faults still waiting.
pub fn list_faults(state: &mut State, _: &Incoming) -> ApiResult<Value> {
    let faults = &state.faults;
    let pending: Vec<&Fault> = faults.iter().filter(|f| f.times > 0).collect();
    Ok(json!({ "faults": pending }))
}

/// `DELETE /emulator/faults`: clear every fault.
pub fn clear_faults(state: &mut State, _: &Incoming) -> ApiResult<Value> {
    state.faults.clear();
    Ok(Value::Null)
}

/// `POST /emulator/tokens` with `{"account": …, "appId"?: …}`: a token for an account of an app
/// (the first when not named), without a call to the token service: tests sign in without
/// appearing in the request counts or the journal.
pub fn mint_token(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let body = json_object(&call.request.body, MAX_ADMIN_BODY_BYTES)?;
    let account = string_field(&body, "account")?
        .ok_or_else(|| ApiError::bad_request("account is required"))?;
    let app_id = string_field(&body, "appId")?;
    let store = &mut state.store;
    let app = match &app_id {
        None => store.apps().first(),
        Some(id) => store.apps().iter().find(|a| &a.id == id),
    };
    let creds = app
        .map(|a| AppCredentials {
            id: a.id.clone(),
            key: a.key.clone(),
            secret: a.secret.clone(),
        })
        .ok_or_else(|| ApiError::not_found(format!("no app {}", app_id.unwrap_or_default())))?;
    let issued = store.issue_token(&creds, &account)?;
    answer(Minted {
        token: issued.token,
        app_id: issued.app_id,
        app_account: issued.account,
        uuid: issued.uuid.to_string(),
    })
}

/// `POST /emulator/reset`: clear all state (groups, users, tokens, counts, journal, faults).
pub fn reset(state: &mut State, _: &Incoming) -> ApiResult<Value> {
    state.reset();
    Ok(Value::Null)
}

/// `POST /emulator/clock` with `{"advanceSeconds": N}`: expire tokens and mutes without waiting.
pub fn advance_clock(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let body = json_object(&call.request.body, MAX_ADMIN_BODY_BYTES)?;
    let seconds = id_field(&body, "advanceSeconds")?
        .ok_or_else(|| ApiError::bad_request("advanceSeconds is required"))?;
    let store = &mut state.store;
    store.advance_clock(seconds);
    answer(Clock { now: store.now() })
}

/// `GET /emulator/config`: the wire format, the journal's capacity and the apps.
pub fn config(state: &mut State, _: &Incoming) -> ApiResult<Value> {
    let apps = state
        .store
        .apps()
        .iter()
        .map(|a| AppId {
            app_id: a.id.clone(),
        })
        .collect();
    answer(EmulatorConfig {
        wire_format: state.wire,
        journal_capacity: state.journal.capacity(),
        apps,
    })
}

/// `PUT /emulator/config` with `{"wireFormat": "documented" | "native", "journalCapacity": N}`
/// (either or both).
pub fn set_config(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let body = json_object(&call.request.body, MAX_ADMIN_BODY_BYTES)?;
    if let Some(format) = body.get("wireFormat") {
        let format: WireFormat = serde_json::from_value(format.clone()).map_err(|_| {
            ApiError::bad_request("wireFormat must be \"documented\" or \"native\"")
        })?;
        state.wire = format;
    }
    if let Some(capacity) = id_field(&body, "journalCapacity")? {
        state.set_journal_capacity(usize::try_from(capacity).unwrap_or(usize::MAX));
    }
    config(state, call)
}

/// An answer's data as JSON (the shapes have string keys only, so it cannot fail).
fn answer(data: impl Serialize) -> ApiResult<Value> {
    Ok(serde_json::to_value(data).unwrap_or_default())
}

fn parse_topic(text: &str) -> ApiResult<u64> {
    text.parse().map_err(|_| {
        ApiError::bad_request(format!("topicId must be a decimal 64-bit id; got {text:?}"))
    })
}

fn accounts(body: &Body) -> ApiResult<Vec<String>> {
    let body: Map<String, Value> = json_object(body, MAX_ADMIN_BODY_BYTES)?;
    let wrong = || ApiError::bad_request("the body must be {\"accounts\": [\"account\", ...]}");
    match body.get("accounts") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(wrong))
            .collect(),
        _ => Err(wrong()),
    }
}

/// The query string as `T`; a wrong one is a 400 naming what is wrong.
fn query<T: serde::de::DeserializeOwned>(call: &Incoming) -> ApiResult<T> {
    serde_urlencoded::from_str(call.request.query.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("Failed to deserialize query string: {e}")))
}
