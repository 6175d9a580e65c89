//! Normal groups (`/api/topic`): at most 500 members, who are invited; the owner kicks, updates
//! and dismisses. Each endpoint is one method. Users and ids are the unlimited groups' (one
//! user table per app, one id space), and the app's server (app credentials without
//! `appAccount`) may act on any group of its app, as there, but is nobody's member.

use super::groups::{check_extra, check_name};
use super::{
    check_account, ApiError, ApiResult, Caller, MemberView, NormalInfo, NormalView, Store,
};
use mimc_uctopic::core::normal::UpdateGroup;
use mimc_uctopic::core::protocol::{MAX_EXTRA_BYTES, MAX_NORMAL_MEMBERS};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Longest bulletin: the manual gives none; decided as `extra`'s 10240 bytes.
pub const MAX_BULLETIN_BYTES: usize = MAX_EXTRA_BYTES;

/// A normal group.
#[derive(Clone, Serialize, Deserialize)]
pub struct NormalGroup {
    id: u64,
    app: usize,
    name: String,
    bulletin: Option<String>,
    extra: Option<String>,
    owner: u64,
    /// In join order, the creator first: at most [`MAX_NORMAL_MEMBERS`], so a scan is cheap.
    members: Vec<u64>,
}

impl NormalGroup {
    /// Whether its app is one of the first `apps` (a restored snapshot's apps).
    pub(super) fn in_apps(&self, apps: usize) -> bool {
        self.app < apps
    }

    /// Its id.
    pub(super) fn id(&self) -> u64 {
        self.id
    }
}

impl Store {
    /// Creates a normal group owned by the caller, its first member, with these invited after.
    pub fn create_normal(
        &mut self,
        caller: Caller,
        name: &str,
        accounts: &[String],
    ) -> ApiResult<NormalView> {
        let Caller::User { app, uuid } = caller else {
            return Err(ApiError::bad_request(
                "creating a group needs a user: send a token or an appAccount header",
            ));
        };
        check_name(name)?;
        let users = &mut self.apps[app].users;
        let owner = users.account(uuid).unwrap_or_default();
        let invited: Vec<&str> = distinct(accounts)?
            .into_iter()
            .filter(|&a| a != owner)
            .collect();
        if invited.len() >= MAX_NORMAL_MEMBERS {
            return Err(too_many(invited.len() + 1));
        }
        let mut members = vec![uuid];
        members.extend(invited.iter().map(|a| users.uuid_or_create(a)));
        let id = self.new_group_id();
        let group = NormalGroup {
            id,
            app,
            name: name.to_owned(),
            bulletin: None,
            extra: None,
            owner: uuid,
            members,
        };
        self.normal.insert(id, group);
        Ok(self.normal_view(id))
    }

    /// A group and its members; any caller of its app may read it.
    pub fn normal_group(&self, caller: Caller, topic_id: u64) -> ApiResult<NormalView> {
        self.normal_of(caller, topic_id)?;
        Ok(self.normal_view(topic_id))
    }

    /// The normal groups the calling user belongs to, ascending by id.
    pub fn normal_groups_of(&self, caller: Caller) -> ApiResult<Vec<NormalInfo>> {
        let Caller::User { app, uuid } = caller else {
            return Err(ApiError::bad_request(
                "listing groups needs a user: send a token or an appAccount header",
            ));
        };
        let mut ids: Vec<u64> = self
            .normal
            .values()
            .filter(|g| g.app == app && g.members.contains(&uuid))
            .map(|g| g.id)
            .collect();
        ids.sort_unstable();
        Ok(ids.into_iter().map(|id| self.normal_info(id)).collect())
    }

    /// Invites accounts (created as needed); any member (or the app's server) may. Members
    /// invited again, and repeated accounts, are taken once.
    pub fn invite(
        &mut self,
        caller: Caller,
        topic_id: u64,
        accounts: &[String],
    ) -> ApiResult<NormalView> {
        let accounts = distinct(accounts)?;
        let group = self.normal_of(caller, topic_id)?;
        if let Caller::User { uuid, .. } = caller {
            if !group.members.contains(&uuid) {
                return Err(ApiError::forbidden(format!(
                    "only members of group {topic_id} may invite to it"
                )));
            }
        }
        let (app, members) = (group.app, group.members.clone());
        let users = &mut self.apps[app].users;
        let new: Vec<&str> = accounts
            .into_iter()
            .filter(|a| users.uuid(a).is_none_or(|u| !members.contains(&u)))
            .collect();
        if members.len() + new.len() > MAX_NORMAL_MEMBERS {
            return Err(too_many(members.len() + new.len()));
        }
        let uuids: Vec<u64> = new.iter().map(|a| users.uuid_or_create(a)).collect();
        let group = self.normal.get_mut(&topic_id).expect("checked above");
        group.members.extend(uuids);
        Ok(self.normal_view(topic_id))
    }

    /// Removes members; only the owner (or the app's server) may, and the owner stays.
    /// Accounts that are not members are ignored.
    pub fn kick(
        &mut self,
        caller: Caller,
        topic_id: u64,
        accounts: &[String],
    ) -> ApiResult<NormalView> {
        let accounts = distinct(accounts)?;
        let group = self.owned_normal(caller, topic_id, "kick members of")?;
        let users = &self.apps[group.app].users;
        let uuids: HashSet<u64> = accounts.iter().filter_map(|a| users.uuid(a)).collect();
        if uuids.contains(&group.owner) {
            return Err(ApiError::bad_request(
                "the owner cannot be kicked: transfer ownership first",
            ));
        }
        let group = self.normal.get_mut(&topic_id).expect("checked above");
        group.members.retain(|m| !uuids.contains(m));
        Ok(self.normal_view(topic_id))
    }

    /// The calling user leaves; the owner cannot (the manual's 500 "quit topic fail").
    pub fn quit_normal(&mut self, caller: Caller, topic_id: u64) -> ApiResult<()> {
        let Caller::User { uuid, .. } = caller else {
            return Err(ApiError::bad_request(
                "quitting a group needs a user: send a token or an appAccount header",
            ));
        };
        let group = self.normal_of(caller, topic_id)?;
        if group.owner == uuid {
            // The manual's answer, word for word.
            return Err(ApiError {
                code: 500,
                message: "quit topic fail".into(),
            });
        }
        if !group.members.contains(&uuid) {
            return Err(ApiError::forbidden(format!(
                "the caller is not a member of group {topic_id}"
            )));
        }
        let group = self.normal.get_mut(&topic_id).expect("checked above");
        group.members.retain(|&m| m != uuid);
        Ok(())
    }

    /// Renames, transfers (to a member), or changes the bulletin or `extra`; only the owner (or
    /// the app's server) may.
    pub fn update_normal(
        &mut self,
        caller: Caller,
        topic_id: u64,
        changes: UpdateGroup,
    ) -> ApiResult<NormalView> {
        // The body's group id is none: the path's `topic_id` names the group.
        let UpdateGroup {
            owner_account,
            topic_name,
            bulletin,
            extra,
            ..
        } = changes;
        if (&owner_account, &topic_name, &bulletin, &extra) == (&None, &None, &None, &None) {
            return Err(ApiError::bad_request(
                "update needs at least one of ownerAccount, topicName, bulletin, extra",
            ));
        }
        topic_name.as_deref().map_or(Ok(()), check_name)?;
        check_extra(extra.as_deref())?;
        if let Some(b) = bulletin.as_ref().filter(|b| b.len() > MAX_BULLETIN_BYTES) {
            return Err(ApiError::bad_request(format!(
                "bulletin is at most {MAX_BULLETIN_BYTES} bytes; got {}",
                b.len()
            )));
        }
        let group = self.owned_normal(caller, topic_id, "update")?;
        let new_owner = match owner_account {
            Some(account) => match self.apps[group.app].users.uuid(&account) {
                Some(uuid) if group.members.contains(&uuid) => Some(uuid),
                _ => {
                    return Err(ApiError::conflict(format!(
                    "ownership can only move to a member: {account:?} is not in group {topic_id}"
                )))
                }
            },
            None => None,
        };
        let group = self.normal.get_mut(&topic_id).expect("checked above");
        group.owner = new_owner.unwrap_or(group.owner);
        group.name = topic_name.unwrap_or(std::mem::take(&mut group.name));
        group.bulletin = bulletin.or(group.bulletin.take());
        group.extra = extra.or(group.extra.take());
        Ok(self.normal_view(topic_id))
    }

    /// Deletes a group; only the owner (or the app's server) may.
    pub fn dismiss(&mut self, caller: Caller, topic_id: u64) -> ApiResult<()> {
        self.owned_normal(caller, topic_id, "dismiss")?;
        self.normal.remove(&topic_id);
        Ok(())
    }

    /// The group, if it exists in the caller's app (another app's groups, and unlimited
    /// groups, do not exist here).
    fn normal_of(&self, caller: Caller, topic_id: u64) -> ApiResult<&NormalGroup> {
        self.normal
            .get(&topic_id)
            .filter(|g| g.app == caller.app())
            .ok_or_else(|| ApiError::not_found(format!("no normal group with topicId {topic_id}")))
    }

    /// The group, if the caller may change it: its owner or the app's server.
    fn owned_normal(&self, caller: Caller, topic_id: u64, what: &str) -> ApiResult<&NormalGroup> {
        let group = self.normal_of(caller, topic_id)?;
        match caller {
            Caller::User { uuid, .. } if uuid != group.owner => Err(ApiError::forbidden(format!(
                "only the owner of group {topic_id} may {what} it"
            ))),
            _ => Ok(group),
        }
    }

    fn normal_info(&self, topic_id: u64) -> NormalInfo {
        let group = &self.normal[&topic_id];
        let users = &self.apps[group.app].users;
        NormalInfo {
            topic_id,
            owner_uuid: group.owner,
            owner_account: users.account(group.owner).unwrap_or_default().to_owned(),
            topic_name: group.name.clone(),
            bulletin: group.bulletin.clone(),
            extra: group.extra.clone(),
        }
    }

    fn normal_view(&self, topic_id: u64) -> NormalView {
        let group = &self.normal[&topic_id];
        let users = &self.apps[group.app].users;
        let members = group
            .members
            .iter()
            .map(|&uuid| MemberView {
                account: users.account(uuid).unwrap_or_default().to_owned(),
                uuid,
            })
            .collect();
        NormalView {
            info: self.normal_info(topic_id),
            members,
        }
    }
}

/// The accounts, each once in their first order: at least one, each 1 to 1024 bytes.
fn distinct(accounts: &[String]) -> ApiResult<Vec<&str>> {
    if accounts.is_empty() {
        return Err(ApiError::bad_request(
            "accounts must name at least one app account",
        ));
    }
    let mut seen = HashSet::with_capacity(accounts.len());
    let mut distinct = Vec::with_capacity(accounts.len());
    for account in accounts {
        check_account(account)?;
        if seen.insert(account.as_str()) {
            distinct.push(account.as_str());
        }
    }
    Ok(distinct)
}

fn too_many(members: usize) -> ApiError {
    ApiError::bad_request(format!(
        "a normal group has at most {MAX_NORMAL_MEMBERS} members, its owner included; this \
         would make {members}"
    ))
}
