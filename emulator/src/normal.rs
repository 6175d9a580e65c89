//! The normal-group endpoints (`/api/topic/{appId}/…`): read the request, call the store, shape
//! the answer, as `api` does for unlimited groups. The app's id and the group's travel in the
//! path; the callers are the same two kinds (`auth::caller_of_app`).

use crate::auth;
use crate::exchange::MAX_BODY_BYTES;
use crate::handler::{body, route, Incoming, Route};
use crate::state::State;
use crate::store::{ApiError, ApiResult, Caller, MemberView, NormalInfo, NormalView};
use crate::wire::{self, WireFormat};
use mimc_uctopic::core::members::Member;
use mimc_uctopic::core::normal::{
    CreateGroup, Group, GroupInfo, GroupList, GroupMembers, NormalGroups, UpdateGroup,
};
use mimc_uctopic::core::wire::{Extra, Id, Text};
use serde_json::Value;

/// The normal-group routes: one line per endpoint.
pub const ROUTES: &[Route] = &[
    route(NormalGroups::CreateGroup.endpoint(), create),
    route(NormalGroups::GetGroup.endpoint(), get),
    route(NormalGroups::ListGroups.endpoint(), list),
    route(NormalGroups::InviteMembers.endpoint(), invite),
    route(NormalGroups::KickMembers.endpoint(), kick),
    route(NormalGroups::QuitGroup.endpoint(), quit),
    route(NormalGroups::UpdateGroup.endpoint(), update),
    route(NormalGroups::DismissGroup.endpoint(), dismiss),
];

/// The manual's message for a dismissed group: a full-width exclamation mark (U+FF01).
pub const DISMISSED: &str = "success！";

/// `POST /api/topic/{appId}`: create a group; the caller is its owner and first member.
pub fn create(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let body: CreateGroup = body(&call.request.body, MAX_BODY_BYTES)?;
    let caller = caller(state, call)?;
    let view = state
        .store
        .create_normal(caller, &body.topic_name, &body.accounts.0)?;
    Ok(group(state.wire, view))
}

/// `GET /api/topic/{appId}/{topicId}`: a group and its members.
pub fn get(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = topic(call)?;
    let caller = caller(state, call)?;
    let view = state.store.normal_group(caller, topic_id)?;
    Ok(group(state.wire, view))
}

/// `GET /api/topic/{appId}/account`: the caller's groups.
pub fn list(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let caller = caller(state, call)?;
    let groups = state.store.normal_groups_of(caller)?;
    Ok(state
        .wire
        .answer(&GroupList(groups.into_iter().map(info).collect())))
}

/// `POST /api/topic/{appId}/{topicId}/accounts`: invite members.
pub fn invite(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = topic(call)?;
    // The body is the client's input without the group, which the path carries.
    let body: GroupMembers = body(&call.request.body, MAX_BODY_BYTES)?;
    let caller = caller(state, call)?;
    let view = state.store.invite(caller, topic_id, &body.accounts.0)?;
    Ok(group(state.wire, view))
}

/// `DELETE /api/topic/{appId}/{topicId}/accounts?accounts=a,b`: remove members (owner only).
pub fn kick(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = topic(call)?;
    let accounts = query_accounts(call)?;
    let caller = caller(state, call)?;
    let view = state.store.kick(caller, topic_id, &accounts)?;
    Ok(group(state.wire, view))
}

/// `DELETE /api/topic/{appId}/{topicId}/account`: the caller leaves.
pub fn quit(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = topic(call)?;
    let caller = caller(state, call)?;
    state.store.quit_normal(caller, topic_id)?;
    Ok(Value::Null)
}

/// `PUT /api/topic/{appId}/{topicId}`: rename, transfer, change the bulletin or extra.
pub fn update(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = topic(call)?;
    let changes: UpdateGroup = body(&call.request.body, MAX_BODY_BYTES)?;
    let caller = caller(state, call)?;
    let view = state.store.update_normal(caller, topic_id, changes)?;
    Ok(group(state.wire, view))
}

/// `DELETE /api/topic/{appId}/{topicId}`: delete the group (owner only).
pub fn dismiss(state: &mut State, call: &Incoming) -> ApiResult<Value> {
    let topic_id = topic(call)?;
    let caller = caller(state, call)?;
    state.store.dismiss(caller, topic_id)?;
    // In the same lock, so no request counts under the group in between.
    state.counts.forget_group(topic_id);
    call.say(DISMISSED);
    Ok(Value::Null)
}

fn caller(state: &mut State, call: &Incoming) -> ApiResult<Caller> {
    auth::caller_of_app(&mut state.store, &call.request.headers, call.param("appId"))
}

/// The path's `{topicId}`: decimal digits.
fn topic(call: &Incoming) -> ApiResult<u64> {
    let text = call.param("topicId");
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
        .ok_or_else(|| {
            ApiError::bad_request(format!("topicId must be a decimal 64-bit id; got {text:?}"))
        })
}

/// The kick's `?accounts=a,b` (percent-decoded; repeated, its lists are joined).
fn query_accounts(call: &Incoming) -> ApiResult<Vec<String>> {
    let query = call.request.query.as_deref().unwrap_or("");
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|e| ApiError::bad_request(format!("malformed query string: {e}")))?;
    let lists: Vec<String> = pairs
        .into_iter()
        .filter(|(name, _)| name == "accounts")
        .map(|(_, list)| list)
        .collect();
    if lists.is_empty() {
        return Err(ApiError::bad_request(
            "accounts is required in the query: ?accounts=a,b",
        ));
    }
    Ok(lists
        .iter()
        .flat_map(|list| list.split(','))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect())
}

fn info(view: NormalInfo) -> GroupInfo {
    GroupInfo {
        topic_id: Id(view.topic_id),
        owner_uuid: Id(view.owner_uuid),
        owner_account: Text(view.owner_account),
        topic_name: Text(view.topic_name),
        bulletin: view.bulletin.map(Text),
        extra: view.extra.map(Extra),
    }
}

/// A group and its members, each `{uuid, account}` as the service spells normal groups'.
fn group(wire: WireFormat, view: NormalView) -> Value {
    let members = view
        .members
        .into_iter()
        .map(|MemberView { account, uuid }| Member {
            app_account: account,
            uuid: Id(uuid),
            app_id: String::new(),
        })
        .collect();
    let mut answer = wire.answer(&Group {
        topic_info: info(view.info),
        members,
    });
    for member in wire::members_mut(&mut answer) {
        member.shift_remove("appId");
        if let Some(account) = member.shift_remove("appAccount") {
            member.insert("account".into(), account);
        }
    }
    answer
}
