//! The admin client: every call to the emulator's `/emulator/…` API goes through these.

use super::*;
use js_sys::Promise;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// The route of group info, as the request counts name it.
pub const GET_TOPIC: &str = "GET /api/uctopic/topic";
/// The route of a member page, as the request counts name it.
pub const MEMBER_PAGE: &str = "GET /api/uctopic/userlist";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;
}

/// One admin call; the envelope's data, or why it failed.
pub async fn try_admin(method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        let headers = Headers::new().map_err(|e| format!("{e:?}"))?;
        headers
            .set("Content-Type", "application/json")
            .map_err(|e| format!("{e:?}"))?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    let url = format!("{}{path}", base_url());
    let response: Response = JsFuture::from(global_fetch(&url, &init))
        .await
        .map_err(|e| format!("admin {method} {path}: fetch failed: {e:?}"))?
        .dyn_into()
        .map_err(|_| "fetch did not give a Response".to_owned())?;
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("admin {method} {path}: body failed: {e:?}"))?
        .as_string()
        .unwrap_or_default();
    let envelope: Value = serde_json::from_str(&text)
        .map_err(|_| format!("admin {method} {path}: not JSON: {text}"))?;
    if envelope["code"] != 200 {
        return Err(format!("admin {method} {path} failed: {text}"));
    }
    Ok(envelope["data"].clone())
}

/// One admin call that must succeed.
pub async fn admin(method: &str, path: &str, body: Option<&Value>) -> Value {
    try_admin(method, path, body)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// These accounts join the group (created as needed).
pub async fn join(topic_id: &str, accounts: &[String]) {
    let path = format!("/emulator/topics/{topic_id}/members");
    admin("POST", &path, Some(&json!({ "accounts": accounts }))).await;
}

/// Exactly these members are online.
pub async fn set_online(topic_id: &str, accounts: &[String]) {
    let path = format!("/emulator/topics/{topic_id}/online");
    admin("PUT", &path, Some(&json!({ "accounts": accounts }))).await;
}

/// The group's active mutes: `[{account, uuid, until, remainingSeconds}]`.
pub async fn mutes(topic_id: &str) -> Vec<Value> {
    let path = format!("/emulator/topics/{topic_id}/mutes");
    let data = admin("GET", &path, None).await;
    data["mutes"].as_array().cloned().unwrap_or_default()
}

/// API requests whose topicId header named this group: `{total, byRoute}`.
pub async fn topic_requests(topic_id: &str) -> Value {
    admin(
        "GET",
        &format!("/emulator/requests?topicId={topic_id}"),
        None,
    )
    .await
}

/// How many requests to `route` (e.g. "GET /api/uctopic/userlist") named this group.
pub async fn topic_count(topic_id: &str, route: &str) -> u64 {
    topic_requests(topic_id).await["byRoute"][route]
        .as_u64()
        .unwrap_or(0)
}

/// How many API requests of any route named this group.
pub async fn topic_total(topic_id: &str) -> u64 {
    topic_requests(topic_id).await["total"]
        .as_u64()
        .unwrap_or(0)
}

/// Every API request the emulator received so far, by route.
pub async fn all_requests() -> Value {
    admin("GET", "/emulator/requests", None).await
}

/// How many requests to `route` the emulator received in all (for routes without a topicId header).
pub async fn route_count(route: &str) -> u64 {
    all_requests().await["byRoute"][route].as_u64().unwrap_or(0)
}

/// How many API requests the emulator received in all.
pub async fn total_requests() -> u64 {
    all_requests().await["total"].as_u64().unwrap_or(0)
}

/// The emulator's journal of the API requests about this group on `path` (oldest first), each
/// `{seq, method, path, headers, body, topicId}` with secrets redacted.
pub async fn journal(topic_id: &str, path: &str) -> Vec<Value> {
    let query = format!("/emulator/journal?topicId={topic_id}&path={path}");
    admin("GET", &query, None).await["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The `startUuid` header of each member-page request about this group, in order.
pub async fn start_uuids(topic_id: &str) -> Vec<String> {
    journal(topic_id, "/api/uctopic/userlist")
        .await
        .iter()
        .map(|e| {
            e["headers"]["startuuid"]
                .as_str()
                .unwrap_or("(none)")
                .to_owned()
        })
        .collect()
}

/// Injects a fault into the next matching API requests.
pub async fn fault(spec: Value) {
    admin("POST", "/emulator/faults", Some(&spec)).await;
}

/// Moves the emulator's clock forward (tokens and mutes expire).
pub async fn advance_clock(seconds: u64) {
    admin(
        "POST",
        "/emulator/clock",
        Some(&json!({ "advanceSeconds": seconds })),
    )
    .await;
}
