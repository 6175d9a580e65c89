//! The MIMC uctopic endpoints: parse the request, call the store, shape the answer.

use crate::auth::{self, id_header};
use crate::exchange::MAX_BODY_BYTES;
use crate::handler::{id_field, json_object, missing, string_field, Handler, Incoming, Route};
use crate::state::State;
use crate::store::{ApiError, ApiResult, AppCredentials, TopicView};
use http::HeaderMap;
use mimc_uctopic::core::groups::Groups;
use mimc_uctopic::core::http::Endpoint;
use mimc_uctopic::core::members::Members;
use mimc_uctopic::core::token::Token;
use serde_json::{json, Map, Value};

/// The API's routes: one line per endpoint (requests are counted, journaled and faulted around
/// them: see `router`).
pub const ROUTES: &[Route] = &[
    route(Token::FetchToken.endpoint(), token),
    route(Groups::CreateTopic.endpoint(), create),
    route(Groups::DeleteTopic.endpoint(), delete),
    route(Groups::UpdateTopic.endpoint(), update),
    route(Members::MemberPage.endpoint(), members),
    route(Groups::ListTopics.endpoint(), topics),
    route(Groups::GetTopic.endpoint(), info),
    route(Groups::OnlineCount.endpoint(), online),
    // Unmute is the same route with forbidSeconds 0.
    route(Groups::MuteMember.endpoint(), mute),
];

/// A route table entry: the route of an endpoint the client core declares, and its handler.
const fn route(endpoint: Endpoint, handler: Handler) -> Route {
    (endpoint.path(), endpoint.method().as_str(), handler)
}
/// `POST /api/account/token`: the token service.
pub fn token(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let body = json_object(&call.request.body, MAX_BODY_BYTES)?;
    let creds = AppCredentials {
        id: string_field(&body, "appId")?.ok_or_else(|| missing("appId"))?,
        key: string_field(&body, "appKey")?.ok_or_else(|| missing("appKey"))?,
        secret: string_field(&body, "appSecret")?.ok_or_else(|| missing("appSecret"))?,
    };
    let account = string_field(&body, "appAccount")?.ok_or_else(|| missing("appAccount"))?;
    let issued = state.store.issue_token(&creds, &account)?;
    Ok(json!({
        "appId": issued.app_id,
        "appPackage": "com.xiaomi.mimc.emulator",
        "appAccount": issued.account,
        "miChid": 9,
        "miUserId": issued.uuid.to_string(),
        "miUserSecurityKey": issued.security_key,
        "token": issued.token,
    }))
}

/// `POST /api/uctopic`: create a group.
pub fn create(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let body = json_object(&call.request.body, MAX_BODY_BYTES)?;
    let name = string_field(&body, "topicName")?.ok_or_else(|| missing("topicName"))?;
    let extra = string_field(&body, "extra")?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let view = store.create(caller, &name, extra)?;
    let wire = state.wire;
    Ok(json!({
        "topicId": wire.number(view.topic_id, false),
        "ownerUuid": wire.number(view.owner_uuid, false),
        "topicName": view.topic_name,
        "extra": view.extra,
    }))
}

/// `POST /api/uctopic/update`: rename, change extra or transfer ownership.
pub fn update(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let body = json_object(&call.request.body, MAX_BODY_BYTES)?;
    let topic_id = id_field(&body, "topicId")?.ok_or_else(|| missing("topicId"))?;
    let name = string_field(&body, "topicName")?;
    let owner = string_field(&body, "ownerAccount")?;
    let extra = string_field(&body, "extra")?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let view = store.update(caller, topic_id, name.as_deref(), owner.as_deref(), extra)?;
    let wire = state.wire;
    Ok(json!({
        "topicId": wire.number(view.topic_id, false),
        "ownerUuid": wire.number(view.owner_uuid, false),
        "ownerAccount": view.owner_account,
        "topicName": view.topic_name,
        "extra": view.extra,
    }))
}

/// `DELETE /api/uctopic`: delete a group (topicId header).
pub fn delete(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let topic_id = topic_header(headers)?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    store.delete(caller, topic_id)?;
    // In the same lock, so no request counts under the group in between.
    state.counts.forget_group(topic_id);
    Ok(Value::Null)
}

/// `GET /api/uctopic/userlist`: one page of members after `startUuid`.
pub fn members(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let topic_id = topic_header(headers)?;
    let start = id_header(headers, "startUuid")?.unwrap_or(0);
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let page = store.members(caller, topic_id, start)?;
    let app_id = store.app_id_of(topic_id);
    let wire = state.wire;
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
}

/// `GET /api/uctopic/topics`: the caller's groups.
pub fn topics(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let ids = store.topics_of(caller)?;
    let wire = state.wire;
    Ok(Value::Array(
        ids.into_iter().map(|id| wire.number(id, false)).collect(),
    ))
}

/// `GET /api/uctopic/topic`: group info.
pub fn info(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let topic_id = topic_header(headers)?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let TopicView {
        topic_id,
        topic_name,
        owner_uuid,
        owner_account,
        member_num,
        ..
    } = store.info(caller, topic_id)?;
    let wire = state.wire;
    Ok(json!({
        "topicId": wire.number(topic_id, true),
        "topicName": topic_name,
        "ownerUuid": wire.number(owner_uuid, true),
        "ownerAccount": owner_account,
        "memberNum": wire.number(member_num, true),
    }))
}

/// `GET /api/uctopic/onlineinfo`: how many members are online.
pub fn online(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let topic_id = topic_header(headers)?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let count = store.online_count(caller, topic_id)?;
    let wire = state.wire;
    Ok(json!({ "topicId": wire.number(topic_id, true), "userCnt": wire.number(count, true) }))
}

/// `POST /api/uctopic/forbidsendmsg`: mute a member for forbidSeconds (0 lifts it).
pub fn mute(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let body = json_object(&call.request.body, MAX_BODY_BYTES)?;
    let topic_id = id_field(&body, "topicId")?.ok_or_else(|| missing("topicId"))?;
    let user = string_field(&body, "user")?.ok_or_else(|| missing("user"))?;
    let seconds = id_field(&body, "forbidSeconds")?.ok_or_else(|| missing("forbidSeconds"))?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    store.mute(caller, topic_id, &user, seconds)?;
    Ok(Value::String(String::new()))
}

fn topic_header(headers: &HeaderMap) -> ApiResult<u64> {
    id_header(headers, "topicId")?
        .ok_or_else(|| ApiError::bad_request("topicId header is required"))
}

#[cfg(test)]
mod tests {
    use super::ROUTES;
    use mimc_uctopic::core::endpoints::AnyEndpoint;

    #[test]
    fn every_endpoint_the_core_declares_is_routed() {
        for endpoint in AnyEndpoint::all().map(AnyEndpoint::endpoint) {
            let (path, method) = (endpoint.path(), endpoint.method().as_str());
            assert!(
                ROUTES.iter().any(|(p, m, _)| (*p, *m) == (path, method)),
                "{} ({method} {path}) has no route",
                endpoint.name()
            );
        }
    }
}
