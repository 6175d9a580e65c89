//! The MIMC uctopic endpoints: read the request, call the store, shape the answer. Routes,
//! bodies and answers are the client core's declarations (`endpoints!`, `shape!`), read
//! liberally (`handler::body`) and written in the chosen wire format (`WireFormat::answer`);
//! the golden fixtures from the service's document keep both sides honest.

use crate::auth::{self, id_header};
use crate::exchange::MAX_BODY_BYTES;
use crate::handler::{body, route, Incoming, Route};
use crate::state::State;
use crate::store::{ApiError, ApiResult, AppCredentials, TopicView};
use http::HeaderMap;
use mimc_uctopic::core::groups::{
    CreateTopic, Forbid, Groups, OnlineInfo, Topic, TopicInfo, TopicList, UpdateTopic, UpdatedTopic,
};
use mimc_uctopic::core::members::{Member, Members, RawMemberPage};
use mimc_uctopic::core::token::{Token, TokenInfo, TokenRequest};
use mimc_uctopic::core::wire::{Count, Extra, Flag, Id, Text};
use serde_json::Value;

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

/// `POST /api/account/token`: the token service.
pub fn token(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    // The client's input: its own options (baseUrl, fetch, …) never travel.
    let body: TokenRequest = body(&call.request.body, MAX_BODY_BYTES)?;
    let creds = AppCredentials {
        id: body.app_id,
        key: body.app_key,
        secret: body.app_secret,
    };
    let issued = state.store.issue_token(&creds, &body.app_account)?;
    Ok(state.wire.answer(&TokenInfo {
        app_id: Some(Text(issued.app_id)),
        app_package: Some(Text("com.xiaomi.mimc.emulator".into())),
        app_account: Some(Text(issued.account)),
        mi_chid: Some(Count(9)),
        mi_user_id: Some(Text(issued.uuid.to_string())),
        mi_user_security_key: Some(Text(issued.security_key)),
        token: Text(issued.token),
    }))
}

/// `POST /api/uctopic`: create a group.
pub fn create(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let body: CreateTopic = body(&call.request.body, MAX_BODY_BYTES)?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let view = store.create(caller, &body.topic_name, body.extra)?;
    Ok(state.wire.answer(&Topic {
        topic_id: Id(view.topic_id),
        owner_uuid: Id(view.owner_uuid),
        topic_name: Text(view.topic_name),
        extra: view.extra.map(Extra),
    }))
}

/// `POST /api/uctopic/update`: rename, change extra or transfer ownership.
pub fn update(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let body: UpdateTopic = body(&call.request.body, MAX_BODY_BYTES)?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let view = store.update(
        caller,
        body.topic_id.0,
        body.topic_name.as_deref(),
        body.owner_account.as_deref(),
        body.extra,
    )?;
    Ok(state.wire.answer(&UpdatedTopic {
        topic_id: Id(view.topic_id),
        owner_uuid: Id(view.owner_uuid),
        owner_account: Some(Text(view.owner_account)),
        topic_name: Some(Text(view.topic_name)),
        extra: view.extra.map(Extra),
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
    let members: Vec<Member> = page
        .members
        .into_iter()
        .map(|m| Member {
            app_account: m.account,
            uuid: Id(m.uuid),
            app_id: app_id.clone(),
        })
        .collect();
    let wire = state.wire;
    let mut answer = wire.answer(&RawMemberPage {
        count: Some(Count(members.len() as u64)),
        members,
        is_end: Flag(page.is_end),
    });
    // The document spells a member's account `appAccout`.
    for member in crate::wire::members_mut(&mut answer) {
        if let Some(account) = member.shift_remove("appAccount") {
            member.shift_insert(0, wire.account_field().into(), account);
        }
    }
    Ok(answer)
}

/// `GET /api/uctopic/topics`: the caller's groups.
pub fn topics(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let ids = store.topics_of(caller)?;
    Ok(state
        .wire
        .answer(&TopicList(ids.into_iter().map(Id).collect())))
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
    Ok(state.wire.answer(&TopicInfo {
        topic_id: Id(topic_id),
        topic_name: Text(topic_name),
        owner_uuid: Id(owner_uuid),
        owner_account: Text(owner_account),
        member_num: Count(member_num),
    }))
}

/// `GET /api/uctopic/onlineinfo`: how many members are online.
pub fn online(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let topic_id = topic_header(headers)?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    let count = store.online_count(caller, topic_id)?;
    Ok(state.wire.answer(&OnlineInfo {
        topic_id: Id(topic_id),
        user_cnt: Count(count),
    }))
}

/// `POST /api/uctopic/forbidsendmsg`: mute a member for forbidSeconds (0 lifts it).
pub fn mute(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let headers = &call.request.headers;
    let body: Forbid = body(&call.request.body, MAX_BODY_BYTES)?;
    let store = &mut state.store;
    let caller = auth::caller(store, headers)?;
    store.mute(
        caller,
        body.topic_id.0,
        &body.user,
        body.forbid_seconds.into(),
    )?;
    Ok(Value::String(String::new()))
}

fn topic_header(headers: &HeaderMap) -> ApiResult<u64> {
    id_header(headers, "topicId")?
        .ok_or_else(|| ApiError::bad_request("topicId header is required"))
}
