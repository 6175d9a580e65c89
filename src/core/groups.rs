//! Groups: create, update, delete, info, "my groups", online count, mute and unmute. Each
//! endpoint's input (which is also its request body), its request and its answer.

use serde::Serialize;
use tsify::Tsify;

use super::error::Result;
use super::http::{Endpoint, HttpRequest};
use super::json::Node;
use super::shape::{Kind, Mismatch, Place, Read};
use super::validate;
use super::wire::{Count, Extra, Id, Text};
use crate::shape;

crate::endpoints! {
    /// The group calls.
    pub enum Groups {
        /// Create a group.
        CreateTopic("createTopic", Post, "/api/uctopic"),
        /// Rename, transfer or change `extra`.
        UpdateTopic("updateTopic", Post, "/api/uctopic/update"),
        /// Delete a group (`topicId` header).
        DeleteTopic("deleteTopic", Delete, "/api/uctopic"),
        /// A group's info (`topicId` header).
        GetTopic("getTopic", Get, "/api/uctopic/topic"),
        /// The caller's groups.
        ListTopics("listTopics", Get, "/api/uctopic/topics"),
        /// How many members are online (`topicId` header).
        OnlineCount("onlineCount", Get, "/api/uctopic/onlineinfo"),
        /// Mute a member: `forbidSeconds` > 0.
        MuteMember("muteMember", Post, "/api/uctopic/forbidsendmsg"),
        /// Unmute: the same route with `forbidSeconds` 0.
        UnmuteMember("unmuteMember", Post, "/api/uctopic/forbidsendmsg"),
    }
}

shape! { closed;
    /// Input of `createTopic`, and its request body.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
    pub struct CreateTopic {
        /// The group's name; must not be blank.
        pub topic_name: String as "topicName",
        /// Free-form data, at most 10240 bytes of UTF-8.
        #[tsify(optional)]
        pub extra: Option<String> as "extra",
    }
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

shape! { closed;
    /// Input of `updateTopic`, and its request body: the group, and at least one change.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
    pub struct UpdateTopic {
        /// The group to update (sent as a JSON number).
        #[tsify(type = "IdInput")]
        pub topic_id: Id as "topicId",
        /// A new name, if renaming.
        #[tsify(optional)]
        pub topic_name: Option<String> as "topicName",
        /// A new owner's app account, if transferring (they must already be a member).
        #[tsify(optional)]
        pub owner_account: Option<String> as "ownerAccount",
        /// New free-form data, at most 10240 bytes.
        #[tsify(optional)]
        pub extra: Option<String> as "extra",
    }
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

shape! { closed;
    /// Input of `muteMember`.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
    pub struct MuteMember {
        /// The group.
        #[tsify(type = "IdInput")]
        pub topic_id: Id as "topicId",
        /// The member's app account.
        pub user: String as "user",
        /// How long to mute, in seconds: 0 lifts a mute, at most 315360000 (ten years).
        pub seconds: u32 as "seconds",
    }
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

shape! { closed;
    /// The body of mute and unmute: the service calls the length `forbidSeconds`.
    #[derive(Debug, Serialize)]
    pub struct Forbid {
        /// The group.
        pub topic_id: Id as "topicId",
        /// The member's app account.
        pub user: String as "user",
        /// Seconds of silence; 0 lifts a mute.
        pub forbid_seconds: u32 as "forbidSeconds",
    }
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
        user: user.to_owned(),
        forbid_seconds,
    };
    HttpRequest::json(endpoint, &body)
}

shape! { closed;
    /// Input of `unmuteMember`: the same request as a mute of 0 seconds.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
    pub struct UnmuteMember {
        /// The group.
        #[tsify(type = "IdInput")]
        pub topic_id: Id as "topicId",
        /// The member's app account.
        pub user: String as "user",
    }
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

shape! { open;
    /// A group as created (data of create).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
    pub struct Topic {
        /// The new group's id.
        #[tsify(type = "string")]
        pub topic_id: Id as "topicId",
        /// The owner's MIMC uuid.
        #[tsify(type = "string")]
        pub owner_uuid: Id as "ownerUuid",
        /// The group's name.
        #[tsify(type = "string")]
        pub topic_name: Text as "topicName",
        /// The group's free-form data, if any.
        #[tsify(type = "string | null")]
        pub extra: Option<Extra> as "extra",
    }
}

shape! { open;
    /// A group after an update (data of update); the service may leave out all but the ids.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
    pub struct UpdatedTopic {
        /// The group's id.
        #[tsify(type = "string")]
        pub topic_id: Id as "topicId",
        /// The (possibly new) owner's MIMC uuid.
        #[tsify(type = "string")]
        pub owner_uuid: Id as "ownerUuid",
        /// The owner's app account, when the service sends it.
        #[tsify(type = "string | null")]
        pub owner_account: Option<Text> as "ownerAccount",
        /// The group's name, when the service sends it.
        #[tsify(type = "string | null")]
        pub topic_name: Option<Text> as "topicName",
        /// The group's free-form data, if any.
        #[tsify(type = "string | null")]
        pub extra: Option<Extra> as "extra",
    }
}

shape! { open;
    /// A group's details (data of group info).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
    pub struct TopicInfo {
        /// The group's id.
        #[tsify(type = "string")]
        pub topic_id: Id as "topicId" quoted,
        /// The group's name.
        #[tsify(type = "string")]
        pub topic_name: Text as "topicName",
        /// The owner's MIMC uuid.
        #[tsify(type = "string")]
        pub owner_uuid: Id as "ownerUuid" quoted,
        /// The owner's app account.
        #[tsify(type = "string")]
        pub owner_account: Text as "ownerAccount",
        /// How many members the group has.
        #[tsify(type = "number")]
        pub member_num: Count as "memberNum" quoted,
    }
}

shape! { open;
    /// How many members of a group are online (data of online count).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct OnlineInfo {
        /// The group's id.
        pub topic_id: Id as "topicId" quoted,
        /// Members online now.
        pub user_cnt: Count as "userCnt" quoted,
    }
}

/// The ids of the groups the caller belongs to (data of my groups); null reads as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct TopicList(pub Vec<Id>);

impl Read for TopicList {
    const KIND: Kind = Kind::Id;

    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        Vec::read(node, place).map(TopicList)
    }
}

#[cfg(test)]
mod tests;
