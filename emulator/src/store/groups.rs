//! The endpoints' rules on groups: create, update, delete, members, my groups, info, online
//! count and mute, each one method of the store.

use super::{
    ApiError, ApiResult, Caller, MemberPage, MemberView, Store, Topic, TopicView, MAX_EXTRA_BYTES,
    MAX_FORBID_SECONDS, PAGE_SIZE,
};

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Bound;

impl Store {
    /// Creates a group owned by the caller, who is its first member.
    pub fn create(
        &mut self,
        caller: Caller,
        name: &str,
        extra: Option<String>,
    ) -> ApiResult<TopicView> {
        let Caller::User { app, uuid } = caller else {
            return Err(ApiError::bad_request(
                "creating a group needs a user: send a token or an appAccount header",
            ));
        };
        check_name(name)?;
        check_extra(extra.as_deref())?;
        let id = self.new_group_id();
        let topic = Topic {
            id,
            app,
            name: name.to_owned(),
            extra,
            owner: uuid,
            members: BTreeSet::from([uuid]),
            online: HashSet::new(),
            mutes: HashMap::new(),
        };
        self.topics.insert(id, topic);
        self.view(id)
    }

    /// Updates name, extra or owner; only the owner (or the app's server) may.
    pub fn update(
        &mut self,
        caller: Caller,
        topic_id: u64,
        name: Option<&str>,
        owner_account: Option<&str>,
        extra: Option<String>,
    ) -> ApiResult<TopicView> {
        if name.is_none() && owner_account.is_none() && extra.is_none() {
            return Err(ApiError::bad_request(
                "update needs at least one of topicName, ownerAccount, extra",
            ));
        }
        if let Some(name) = name {
            check_name(name)?;
        }
        check_extra(extra.as_deref())?;
        self.owned_topic(caller, topic_id, "update")?;
        let new_owner = match owner_account {
            Some(account) => {
                let app = caller.app();
                let uuid = self.apps[app].users.uuid(account);
                let topic = &self.topics[&topic_id];
                match uuid {
                    Some(uuid) if topic.members.contains(&uuid) => Some(uuid),
                    _ => {
                        return Err(ApiError::conflict(format!(
                            "ownership can only move to a member: {account:?} is not in group {topic_id}"
                        )))
                    }
                }
            }
            None => None,
        };
        let topic = self.topics.get_mut(&topic_id).expect("checked above");
        if let Some(name) = name {
            topic.name = name.to_owned();
        }
        if extra.is_some() {
            topic.extra = extra;
        }
        if let Some(owner) = new_owner {
            topic.owner = owner;
        }
        self.view(topic_id)
    }

    /// Deletes a group everywhere; only the owner (or the app's server) may.
    pub fn delete(&mut self, caller: Caller, topic_id: u64) -> ApiResult<()> {
        self.owned_topic(caller, topic_id, "delete")?;
        self.topics.remove(&topic_id);
        Ok(())
    }

    /// Members with uuid above `start`, ascending, at most [`PAGE_SIZE`].
    pub fn members(&self, caller: Caller, topic_id: u64, start: u64) -> ApiResult<MemberPage> {
        let topic = self.topic(caller, topic_id)?;
        let users = &self.apps[topic.app].users;
        let mut range = topic
            .members
            .range((Bound::Excluded(start), Bound::Unbounded));
        let members = range
            .by_ref()
            .take(PAGE_SIZE)
            .map(|&uuid| MemberView {
                account: users.account(uuid).unwrap_or_default().to_owned(),
                uuid,
            })
            .collect();
        let is_end = range.next().is_none();
        Ok(MemberPage { members, is_end })
    }

    /// The groups the calling user belongs to, ascending by id.
    pub fn topics_of(&self, caller: Caller) -> ApiResult<Vec<u64>> {
        let Caller::User { app, uuid } = caller else {
            return Err(ApiError::bad_request(
                "listing groups needs a user: send a token or an appAccount header",
            ));
        };
        // A scan of the groups instead of a per-user index keeps memory per member small.
        let mut ids: Vec<u64> = self
            .topics
            .values()
            .filter(|t| t.app == app && t.members.contains(&uuid))
            .map(|t| t.id)
            .collect();
        ids.sort_unstable();
        Ok(ids)
    }

    /// Group info; any caller of the app may read it.
    pub fn info(&self, caller: Caller, topic_id: u64) -> ApiResult<TopicView> {
        self.topic(caller, topic_id)?;
        self.view(topic_id)
    }

    /// How many members are online; any caller of the app may ask.
    pub fn online_count(&self, caller: Caller, topic_id: u64) -> ApiResult<u64> {
        let topic = self.topic(caller, topic_id)?;
        Ok(topic.online.len() as u64)
    }

    /// Mutes a member for `seconds` (0 lifts the mute); only the owner (or the app's server) may.
    pub fn mute(
        &mut self,
        caller: Caller,
        topic_id: u64,
        account: &str,
        seconds: u64,
    ) -> ApiResult<()> {
        if seconds > u64::from(MAX_FORBID_SECONDS) {
            return Err(ApiError::bad_request(format!(
                "forbidSeconds must be 0..={MAX_FORBID_SECONDS}; got {seconds}"
            )));
        }
        let app = self.owned_topic(caller, topic_id, "mute members of")?;
        let uuid = self.apps[app]
            .users
            .uuid(account)
            .filter(|uuid| self.topics[&topic_id].members.contains(uuid))
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "user {account:?} is not a member of group {topic_id}"
                ))
            })?;
        let until = self.now() + seconds;
        let topic = self.topics.get_mut(&topic_id).expect("checked above");
        if seconds == 0 {
            topic.mutes.remove(&uuid);
        } else {
            topic.mutes.insert(uuid, until);
        }
        Ok(())
    }
}

pub(super) fn check_name(name: &str) -> ApiResult<()> {
    if name.trim().is_empty() {
        return Err(ApiError::bad_request(
            "topicName is required and must not be empty",
        ));
    }
    Ok(())
}

pub(super) fn check_extra(extra: Option<&str>) -> ApiResult<()> {
    match extra {
        Some(e) if e.len() > MAX_EXTRA_BYTES => Err(ApiError::bad_request(format!(
            "extra is at most {MAX_EXTRA_BYTES} bytes; got {}",
            e.len()
        ))),
        _ => Ok(()),
    }
}
