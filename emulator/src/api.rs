//! The MIMC uctopic endpoints: parse the request, call the store, shape the answer.

use crate::auth::{self, id_header};
use crate::store::{ApiError, ApiResult, AppCredentials, TopicView};
use crate::wire;
use crate::Emulator;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// API bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

type Shared = State<Arc<Emulator>>;

/// The API's routes: one line per endpoint (requests are counted, journaled and faulted by the
/// layer `service` puts around them).
pub fn routes() -> axum::Router<Arc<Emulator>> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/api/account/token", post(token))
        .route("/api/uctopic", post(create).delete(delete))
        .route("/api/uctopic/update", post(update))
        .route("/api/uctopic/userlist", get(members))
        .route("/api/uctopic/topics", get(topics))
        .route("/api/uctopic/topic", get(info))
        .route("/api/uctopic/onlineinfo", get(online))
        .route("/api/uctopic/forbidsendmsg", post(mute))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// `POST /api/account/token`: the token service.
pub async fn token(State(emu): Shared, body: Body) -> Response {
    respond(async {
        let body = json_object(body, MAX_BODY_BYTES).await?;
        let creds = AppCredentials {
            id: string_field(&body, "appId")?.ok_or_else(|| missing("appId"))?,
            key: string_field(&body, "appKey")?.ok_or_else(|| missing("appKey"))?,
            secret: string_field(&body, "appSecret")?.ok_or_else(|| missing("appSecret"))?,
        };
        let account = string_field(&body, "appAccount")?.ok_or_else(|| missing("appAccount"))?;
        let issued = emu.store().issue_token(&creds, &account)?;
        Ok(json!({
            "appId": issued.app_id,
            "appPackage": "com.xiaomi.mimc.emulator",
            "appAccount": issued.account,
            "miChid": 9,
            "miUserId": issued.uuid.to_string(),
            "miUserSecurityKey": issued.security_key,
            "token": issued.token,
        }))
    })
    .await
}

/// `POST /api/uctopic`: create a group.
pub async fn create(State(emu): Shared, headers: HeaderMap, body: Body) -> Response {
    respond(async {
        let body = json_object(body, MAX_BODY_BYTES).await?;
        let name = string_field(&body, "topicName")?.ok_or_else(|| missing("topicName"))?;
        let extra = string_field(&body, "extra")?;
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        let view = store.create(caller, &name, extra)?;
        let wire = emu.wire();
        Ok(json!({
            "topicId": wire.number(view.topic_id, false),
            "ownerUuid": wire.number(view.owner_uuid, false),
            "topicName": view.topic_name,
            "extra": view.extra,
        }))
    })
    .await
}

/// `POST /api/uctopic/update`: rename, change extra or transfer ownership.
pub async fn update(State(emu): Shared, headers: HeaderMap, body: Body) -> Response {
    respond(async {
        let body = json_object(body, MAX_BODY_BYTES).await?;
        let topic_id = id_field(&body, "topicId")?.ok_or_else(|| missing("topicId"))?;
        let name = string_field(&body, "topicName")?;
        let owner = string_field(&body, "ownerAccount")?;
        let extra = string_field(&body, "extra")?;
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        let view = store.update(caller, topic_id, name.as_deref(), owner.as_deref(), extra)?;
        let wire = emu.wire();
        Ok(json!({
            "topicId": wire.number(view.topic_id, false),
            "ownerUuid": wire.number(view.owner_uuid, false),
            "ownerAccount": view.owner_account,
            "topicName": view.topic_name,
            "extra": view.extra,
        }))
    })
    .await
}

/// `DELETE /api/uctopic`: delete a group (topicId header).
pub async fn delete(State(emu): Shared, headers: HeaderMap) -> Response {
    respond(async {
        let topic_id = topic_header(&headers)?;
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        store.delete(caller, topic_id)?;
        Ok(Value::Null)
    })
    .await
}

/// `GET /api/uctopic/userlist`: one page of members after `startUuid`.
pub async fn members(State(emu): Shared, headers: HeaderMap) -> Response {
    respond(async {
        let topic_id = topic_header(&headers)?;
        let start = id_header(&headers, "startUuid")?.unwrap_or(0);
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        let page = store.members(caller, topic_id, start)?;
        let app_id = store.app_id_of(topic_id);
        drop(store);
        let wire = emu.wire();
        let members: Vec<Value> = page
            .members
            .iter()
            .map(|m| {
                let mut member = Map::new();
                member.insert(
                    wire.account_field().into(),
                    Value::String(m.account.clone()),
                );
                member.insert("uuid".into(), wire.number(m.uuid, true));
                member.insert("appId".into(), Value::String(app_id.clone()));
                Value::Object(member)
            })
            .collect();
        Ok(json!({
            "count": wire.number(members.len() as u64, true),
            "members": members,
            "isEnd": wire.flag(page.is_end),
        }))
    })
    .await
}

/// `GET /api/uctopic/topics`: the caller's groups.
pub async fn topics(State(emu): Shared, headers: HeaderMap) -> Response {
    respond(async {
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        let ids = store.topics_of(caller)?;
        let wire = emu.wire();
        Ok(Value::Array(
            ids.into_iter().map(|id| wire.number(id, false)).collect(),
        ))
    })
    .await
}

/// `GET /api/uctopic/topic`: group info.
pub async fn info(State(emu): Shared, headers: HeaderMap) -> Response {
    respond(async {
        let topic_id = topic_header(&headers)?;
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        let TopicView {
            topic_id,
            topic_name,
            owner_uuid,
            owner_account,
            member_num,
            ..
        } = store.info(caller, topic_id)?;
        let wire = emu.wire();
        Ok(json!({
            "topicId": wire.number(topic_id, true),
            "topicName": topic_name,
            "ownerUuid": wire.number(owner_uuid, true),
            "ownerAccount": owner_account,
            "memberNum": wire.number(member_num, true),
        }))
    })
    .await
}

/// `GET /api/uctopic/onlineinfo`: how many members are online.
pub async fn online(State(emu): Shared, headers: HeaderMap) -> Response {
    respond(async {
        let topic_id = topic_header(&headers)?;
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        let count = store.online_count(caller, topic_id)?;
        let wire = emu.wire();
        Ok(json!({ "topicId": wire.number(topic_id, true), "userCnt": wire.number(count, true) }))
    })
    .await
}

/// `POST /api/uctopic/forbidsendmsg`: mute a member for forbidSeconds (0 lifts it).
pub async fn mute(State(emu): Shared, headers: HeaderMap, body: Body) -> Response {
    respond(async {
        let body = json_object(body, MAX_BODY_BYTES).await?;
        let topic_id = id_field(&body, "topicId")?.ok_or_else(|| missing("topicId"))?;
        let user = string_field(&body, "user")?.ok_or_else(|| missing("user"))?;
        let seconds = id_field(&body, "forbidSeconds")?.ok_or_else(|| missing("forbidSeconds"))?;
        let mut store = emu.store();
        let caller = auth::caller(&mut store, &headers)?;
        store.mute(caller, topic_id, &user, seconds)?;
        Ok(Value::String(String::new()))
    })
    .await
}

/// Any other path: the envelope, never an HTML page.
pub async fn not_found() -> Response {
    wire::fail(ApiError::not_found("no such API route"))
}

/// A method the route does not serve.
pub async fn method_not_allowed() -> Response {
    wire::fail(ApiError {
        code: 405,
        message: "method not allowed on this route".into(),
    })
}

/// Wraps a handler's result in the envelope.
pub async fn respond(work: impl std::future::Future<Output = ApiResult<Value>>) -> Response {
    match work.await {
        Ok(data) => wire::ok(data),
        Err(error) => wire::fail(error),
    }
}

fn missing(field: &str) -> ApiError {
    ApiError::bad_request(format!("{field} is required"))
}

fn topic_header(headers: &HeaderMap) -> ApiResult<u64> {
    id_header(headers, "topicId")?
        .ok_or_else(|| ApiError::bad_request("topicId header is required"))
}

/// Reads a JSON object body of at most `limit` bytes.
pub async fn json_object(body: Body, limit: usize) -> ApiResult<Map<String, Value>> {
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError {
            code: 413,
            message: format!("body larger than {limit} bytes"),
        })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("a JSON object body is required"));
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request("the body must be a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!("malformed JSON body: {e}"))),
    }
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
