//! Normal groups (`/api/topic/{appId}/…`): at most 500 members, who are invited. Create, info,
//! "my groups", invite, kick, quit, update and dismiss: each endpoint's input, request and
//! answer. The app's id travels in every path.

use serde::Serialize;
use tsify::Tsify;

use super::error::{Error, Result};
use super::http::{Endpoint, HttpRequest};
use super::json::{Node, Value};
use super::members::Member;
use super::protocol::MAX_NORMAL_MEMBERS;
use super::shape::{Kind, Mismatch, Place, Read, Write};
use super::validate;
use super::wire::{Extra, Id, Text};
use crate::shape;

crate::endpoints! {
    /// The normal-group calls.
    pub enum NormalGroups {
        /// Create a group with its first invited members.
        CreateGroup("createGroup", Post, "/api/topic/{appId}"),
        /// A group's info and members.
        GetGroup("getGroup", Get, "/api/topic/{appId}/{topicId}"),
        /// The caller's groups.
        ListGroups("listGroups", Get, "/api/topic/{appId}/account"),
        /// Invite members.
        InviteMembers("inviteMembers", Post, "/api/topic/{appId}/{topicId}/accounts"),
        /// Remove members (owner only; `accounts` in the query).
        KickMembers("kickMembers", Delete, "/api/topic/{appId}/{topicId}/accounts"),
        /// The caller leaves (not the owner).
        QuitGroup("quitGroup", Delete, "/api/topic/{appId}/{topicId}/account"),
        /// Rename, transfer, change the bulletin or `extra` (owner only).
        UpdateGroup("updateGroup", Put, "/api/topic/{appId}/{topicId}"),
        /// Delete the group (owner only).
        DismissGroup("dismissGroup", Delete, "/api/topic/{appId}/{topicId}"),
    }
}

/// App accounts: an array in JavaScript, one comma-joined string on the wire (the service's
/// form), so an account must not contain a comma.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Accounts(pub Vec<String>);

impl Read for Accounts {
    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        Vec::read(node, place).map(Accounts)
    }

    /// The service's comma-joined string (an array too).
    fn read_body(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        match &node.value {
            Value::String(joined) => Ok(Accounts(
                joined
                    .split(',')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )),
            _ => Self::read(node, place),
        }
    }
}

impl Write for Accounts {
    fn write(&self, out: &mut String) {
        self.0.join(",").write(out);
    }
}

impl Accounts {
    /// At least one account, none empty or with a comma, and no more than a group can take
    /// besides the member already in it (its owner).
    fn check(&self) -> Result<()> {
        let most = MAX_NORMAL_MEMBERS - 1;
        if self.0.is_empty() || self.0.len() > most {
            return Err(Error::invalid_input(format!(
                "accounts must list from 1 to {most} app accounts (a normal group has at most \
                 {MAX_NORMAL_MEMBERS} members, its owner included); got {}",
                self.0.len()
            )));
        }
        for (i, account) in self.0.iter().enumerate() {
            validate::non_empty("accounts[]", account)?;
            if account.contains(',') {
                return Err(Error::invalid_input(format!(
                    "accounts[{i}] must not contain a comma: the service takes accounts joined by commas"
                )));
            }
        }
        Ok(())
    }
}

/// A group id in an input that the path carries: read as any id, left out of the body, so the
/// input itself is the body (one declaration, one writer less per call); a body read by the
/// service has none (the handler takes the path's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathId(pub Id);

impl Read for PathId {
    const KIND: Kind = Kind::Id;

    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        Id::read(node, place).map(PathId)
    }

    fn absent_in_body() -> Option<Self> {
        Some(PathId::default())
    }
}

impl Write for PathId {
    fn write(&self, _: &mut String) {}

    fn skip(&self) -> bool {
        true
    }
}

/// A request of `endpoint` at `/api/topic/{appId}[/{topicId}]`, once its input passed
/// `checks` (not generic: one copy serves every call).
fn at(
    endpoint: NormalGroups,
    app_id: &str,
    topic_id: Option<Id>,
    checks: Result<()>,
) -> Result<HttpRequest> {
    let endpoint = Endpoint::from(endpoint);
    let topic = topic_id.map(|id| id.to_string()).unwrap_or_default();
    checks.map_err(|e| e.with_endpoint(endpoint.name()))?;
    Ok(HttpRequest::at(endpoint, &[app_id, &topic]))
}

shape! { closed;
    /// Input of `createGroup`, and its request body (`accounts` sent joined by commas).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
    pub struct CreateGroup {
        /// The group's name; must not be blank.
        pub topic_name: String as "topicName",
        /// The app accounts invited at once (the caller is the owner and a member already).
        #[tsify(type = "string[]")]
        pub accounts: Accounts as "accounts",
    }
}

impl CreateGroup {
    /// `POST /api/topic/{appId}`: creates a group owned by the caller, with these members.
    pub fn request(&self, app_id: &str) -> Result<HttpRequest> {
        let checks = validate::topic_name(&self.topic_name).and_then(|()| self.accounts.check());
        let request = at(NormalGroups::CreateGroup, app_id, None, checks)?;
        Ok(request.with_json(self))
    }
}

shape! { closed;
    /// Input of `inviteMembers` and `kickMembers`: the group (in the path) and the accounts
    /// (the invitation's body, which the service reads as this shape too).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
    pub struct GroupMembers {
        /// The group.
        #[tsify(type = "IdInput")]
        pub topic_id: PathId as "topicId",
        /// The app accounts.
        #[tsify(type = "string[]")]
        pub accounts: Accounts as "accounts",
    }
}

impl GroupMembers {
    /// `POST /api/topic/{appId}/{topicId}/accounts`: invites the accounts.
    pub fn invite(&self, app_id: &str) -> Result<HttpRequest> {
        let request = at(
            NormalGroups::InviteMembers,
            app_id,
            Some(self.topic_id.0),
            self.accounts.check(),
        )?;
        Ok(request.with_json(self))
    }

    /// `DELETE /api/topic/{appId}/{topicId}/accounts?accounts=…`: removes them (owner only).
    pub fn kick(&self, app_id: &str) -> Result<HttpRequest> {
        let request = at(
            NormalGroups::KickMembers,
            app_id,
            Some(self.topic_id.0),
            self.accounts.check(),
        )?;
        Ok(request.query("accounts", &self.accounts.0))
    }
}

shape! { closed;
    /// Input of `updateGroup`: the group (in the path), and at least one change (the body,
    /// which the service reads as this shape too).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
    pub struct UpdateGroup {
        /// The group to update.
        #[tsify(type = "IdInput")]
        pub topic_id: PathId as "topicId",
        /// A new name, if renaming.
        #[tsify(optional)]
        pub topic_name: Option<String> as "topicName",
        /// A new owner's app account, if transferring (they must already be a member).
        #[tsify(optional)]
        pub owner_account: Option<String> as "ownerAccount",
        /// A new bulletin (the group's notice).
        #[tsify(optional)]
        pub bulletin: Option<String> as "bulletin",
        /// New free-form data, at most 10240 bytes.
        #[tsify(optional)]
        pub extra: Option<String> as "extra",
    }
}

impl UpdateGroup {
    /// `PUT /api/topic/{appId}/{topicId}`: changes the group (owner only).
    pub fn request(&self, app_id: &str) -> Result<HttpRequest> {
        let request = at(
            NormalGroups::UpdateGroup,
            app_id,
            Some(self.topic_id.0),
            self.check(),
        )?;
        Ok(request.with_json(self))
    }

    /// At least one change, and each as its field requires.
    fn check(&self) -> Result<()> {
        let UpdateGroup {
            topic_name,
            owner_account,
            bulletin,
            extra,
            ..
        } = self;
        if (topic_name, owner_account, bulletin, extra) == (&None, &None, &None, &None) {
            return Err(Error::invalid_input(
                "an update needs at least one of topicName, ownerAccount, bulletin or extra besides topicId",
            ));
        }
        topic_name.as_deref().map_or(Ok(()), validate::topic_name)?;
        owner_account
            .as_deref()
            .map_or(Ok(()), |o| validate::non_empty("ownerAccount", o))?;
        extra.as_deref().map_or(Ok(()), validate::extra)
    }
}

/// A call about one group that takes only its id: `GetGroup` (`GET /api/topic/{appId}/{topicId}`:
/// its info and members), `QuitGroup` (`DELETE …/{topicId}/account`: the caller leaves; an
/// owner cannot) or `DismissGroup` (`DELETE …/{topicId}`: owner only).
pub fn at_group(endpoint: NormalGroups, app_id: &str, topic_id: Id) -> Result<HttpRequest> {
    at(endpoint, app_id, Some(topic_id), Ok(()))
}

/// `GET /api/topic/{appId}/account`: the groups the caller belongs to.
pub fn list_groups(app_id: &str) -> Result<HttpRequest> {
    at(NormalGroups::ListGroups, app_id, None, Ok(()))
}

shape! { open;
    /// A normal group's details (`topicInfo` in the service's answers). No document shows its
    /// JSON: ids are marked quoted as Xiaomi's Flutter SDK treats them (strings).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
    pub struct GroupInfo {
        /// The group's id.
        #[tsify(type = "string")]
        pub topic_id: Id as "topicId" quoted,
        /// The owner's MIMC uuid.
        #[tsify(type = "string")]
        pub owner_uuid: Id as "ownerUuid" quoted,
        /// The owner's app account.
        #[tsify(type = "string")]
        pub owner_account: Text as "ownerAccount",
        /// The group's name.
        #[tsify(type = "string")]
        pub topic_name: Text as "topicName",
        /// The group's bulletin, if any.
        #[tsify(type = "string | null")]
        pub bulletin: Option<Text> as "bulletin",
        /// The group's free-form data, if any.
        #[tsify(type = "string | null")]
        pub extra: Option<Extra> as "extra",
    }
}

shape! { open;
    /// A normal group and its members (data of create, info, invite, kick and update).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
    pub struct Group {
        /// The group.
        pub topic_info: GroupInfo as "topicInfo",
        /// Every member, the owner included (`account` on the wire, `appAccount` here).
        pub members: Vec<Member> as "members",
    }
}

/// The groups the caller belongs to (data of "my groups"); null reads as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct GroupList(pub Vec<GroupInfo>);

impl Read for GroupList {
    const KIND: Kind = GroupInfo::KIND;

    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        Vec::read(node, place).map(GroupList)
    }
}

#[cfg(test)]
mod tests;
