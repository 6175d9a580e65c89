//! Groups: create, update, delete, info, "my groups", online count, mute and unmute. Each
//! endpoint's input (which is also its request body), its request and its answer.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::error::Result;
use super::http::{Call, Endpoint, HttpRequest};
use super::validate;
use super::wire::{self, Count, Extra, Id, Text};

/// The group calls, each with its name, method and path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Groups {
    /// `POST /api/uctopic`: create a group.
    CreateTopic,
    /// `POST /api/uctopic/update`: rename, transfer or change `extra`.
    UpdateTopic,
    /// `DELETE /api/uctopic`: delete a group.
    DeleteTopic,
    /// `GET /api/uctopic/topic`: a group's info.
    GetTopic,
    /// `GET /api/uctopic/topics`: the caller's groups.
    ListTopics,
    /// `GET /api/uctopic/onlineinfo`: how many members are online.
    OnlineCount,
    /// `forbidsendmsg` with seconds > 0.
    MuteMember,
    /// `forbidsendmsg` with 0 seconds.
    UnmuteMember,
}

impl From<Groups> for Endpoint {
    fn from(call: Groups) -> Endpoint {
        use super::http::Method::{Delete, Get, Post};
        Endpoint::of(match call {
            Groups::CreateTopic => const { &Call::new("createTopic", Post, "/api/uctopic") },
            Groups::UpdateTopic => const { &Call::new("updateTopic", Post, "/api/uctopic/update") },
            Groups::DeleteTopic => const { &Call::new("deleteTopic", Delete, "/api/uctopic") },
            Groups::GetTopic => const { &Call::new("getTopic", Get, "/api/uctopic/topic") },
            Groups::ListTopics => const { &Call::new("listTopics", Get, "/api/uctopic/topics") },
            Groups::OnlineCount => {
                const { &Call::new("onlineCount", Get, "/api/uctopic/onlineinfo") }
            }
            Groups::MuteMember => const { &Call::new("muteMember", Post, FORBID) },
            Groups::UnmuteMember => const { &Call::new("unmuteMember", Post, FORBID) },
        })
    }
}

const FORBID: &str = "/api/uctopic/forbidsendmsg";

/// Input of `createTopic`, and its request body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTopic {
    /// The group's name; must not be blank.
    pub topic_name: String,
    /// Free-form data, at most 10240 bytes of UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub extra: Option<String>,
}

impl CreateTopic {
    /// `POST /api/uctopic`: creates a group owned by the caller.
    pub fn request(&self) -> Result<HttpRequest> {
        let endpoint = Endpoint::from(Groups::CreateTopic);
        validate::topic_name(&self.topic_name)
            .and_then(|()| self.extra.as_deref().map_or(Ok(()), validate::extra))
            .map_err(|e| e.with_endpoint(endpoint.name()))?;
        HttpRequest::json(endpoint, self)
    }
}

/// Input of `updateTopic`, and its request body: the group, and at least one change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTopic {
    /// The group to update.
    #[serde(serialize_with = "wire::id_as_number")]
    #[tsify(type = "IdInput")]
    pub topic_id: Id,
    /// A new name, if renaming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub topic_name: Option<String>,
    /// A new owner's app account, if transferring (they must already be a member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub owner_account: Option<String>,
    /// New free-form data, at most 10240 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub extra: Option<String>,
}

impl UpdateTopic {
    /// `POST /api/uctopic/update`: renames, transfers or changes `extra` (owner only).
    pub fn request(&self) -> Result<HttpRequest> {
        let endpoint = Endpoint::from(Groups::UpdateTopic);
        let checks = || -> Result<()> {
            validate::update_has_change(
                self.topic_name.as_deref(),
                self.owner_account.as_deref(),
                self.extra.as_deref(),
            )?;
            if let Some(name) = &self.topic_name {
                validate::topic_name(name)?;
            }
            if let Some(owner) = &self.owner_account {
                validate::non_empty("ownerAccount", owner)?;
            }
            self.extra.as_deref().map_or(Ok(()), validate::extra)
        };
        checks().map_err(|e| e.with_endpoint(endpoint.name()))?;
        HttpRequest::json(endpoint, self)
    }
}

/// Input of `muteMember`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MuteMember {
    /// The group.
    #[tsify(type = "IdInput")]
    pub topic_id: Id,
    /// The member's app account.
    pub user: String,
    /// How long to mute, in seconds: 0 lifts a mute, at most 315360000 (ten years).
    pub seconds: u32,
}

impl MuteMember {
    /// `POST /api/uctopic/forbidsendmsg`: mutes a member for `seconds` (owner only).
    pub fn request(&self) -> Result<HttpRequest> {
        forbid(
            Groups::MuteMember.into(),
            self.topic_id,
            &self.user,
            self.seconds,
        )
    }
}

/// The body of mute and unmute: the service calls the length `forbidSeconds`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Forbid<'a> {
    #[serde(serialize_with = "wire::id_as_number")]
    topic_id: Id,
    user: &'a str,
    forbid_seconds: u32,
}

fn forbid(
    endpoint: Endpoint,
    topic_id: Id,
    user: &str,
    forbid_seconds: u32,
) -> Result<HttpRequest> {
    validate::non_empty("user", user)
        .and_then(|()| validate::forbid_seconds(forbid_seconds).map(drop))
        .map_err(|e| e.with_endpoint(endpoint.name()))?;
    let body = Forbid {
        topic_id,
        user,
        forbid_seconds,
    };
    HttpRequest::json(endpoint, &body)
}

/// Input of `unmuteMember`: the same request as a mute of 0 seconds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnmuteMember {
    /// The group.
    #[tsify(type = "IdInput")]
    pub topic_id: Id,
    /// The member's app account.
    pub user: String,
}

impl UnmuteMember {
    /// `POST /api/uctopic/forbidsendmsg` with `forbidSeconds: 0` (owner only).
    pub fn request(&self) -> Result<HttpRequest> {
        forbid(Groups::UnmuteMember.into(), self.topic_id, &self.user, 0)
    }
}

/// `DELETE /api/uctopic`: deletes a group (owner only).
pub fn delete_topic(topic_id: Id) -> HttpRequest {
    HttpRequest::about(Groups::DeleteTopic.into(), topic_id)
}

/// `GET /api/uctopic/topic`: a group's name, owner and member count.
pub fn get_topic(topic_id: Id) -> HttpRequest {
    HttpRequest::about(Groups::GetTopic.into(), topic_id)
}

/// `GET /api/uctopic/onlineinfo`: how many members are online.
pub fn online_count(topic_id: Id) -> HttpRequest {
    HttpRequest::about(Groups::OnlineCount.into(), topic_id)
}

/// `GET /api/uctopic/topics`: the ids of the groups the caller belongs to.
pub fn list_topics() -> HttpRequest {
    HttpRequest::new(Groups::ListTopics.into())
}

/// A group as created (data of create).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    /// The new group's id.
    #[tsify(type = "string")]
    pub topic_id: Id,
    /// The owner's MIMC uuid.
    #[tsify(type = "string")]
    pub owner_uuid: Id,
    /// The group's name.
    #[tsify(type = "string")]
    pub topic_name: Text,
    /// The group's free-form data, if any.
    #[tsify(type = "string | null")]
    pub extra: Option<Extra>,
}

/// A group after an update (data of update); the service may leave out all but the ids.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedTopic {
    /// The group's id.
    #[tsify(type = "string")]
    pub topic_id: Id,
    /// The (possibly new) owner's MIMC uuid.
    #[tsify(type = "string")]
    pub owner_uuid: Id,
    /// The owner's app account, when the service sends it.
    #[tsify(type = "string | null")]
    pub owner_account: Option<Text>,
    /// The group's name, when the service sends it.
    #[tsify(type = "string | null")]
    pub topic_name: Option<Text>,
    /// The group's free-form data, if any.
    #[tsify(type = "string | null")]
    pub extra: Option<Extra>,
}

/// A group's details (data of group info).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TopicInfo {
    /// The group's id.
    #[tsify(type = "string")]
    pub topic_id: Id,
    /// The group's name.
    #[tsify(type = "string")]
    pub topic_name: Text,
    /// The owner's MIMC uuid.
    #[tsify(type = "string")]
    pub owner_uuid: Id,
    /// The owner's app account.
    #[tsify(type = "string")]
    pub owner_account: Text,
    /// How many members the group has.
    #[tsify(type = "number")]
    pub member_num: Count,
}

/// How many members of a group are online (data of online count).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnlineInfo {
    /// The group's id.
    pub topic_id: Id,
    /// Members online now.
    pub user_cnt: Count,
}

/// The ids of the groups the caller belongs to (data of my groups); null reads as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(transparent)]
pub struct TopicList(#[serde(deserialize_with = "wire::null_as_empty")] pub Vec<Id>);

#[cfg(test)]
mod tests;
