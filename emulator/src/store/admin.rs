//! What the admin API does that the service does over its socket or not at all: joining,
//! quitting, presence, the list of mutes, and the memory estimate of the benchmark.

use super::{check_account, ApiError, ApiResult, Mute, Store};
use std::collections::HashSet;

impl Store {
    /// Admin: these accounts join the group (created as needed); returns how many were new.
    pub fn join(&mut self, topic_id: u64, accounts: &[String]) -> ApiResult<u64> {
        let app = self.topic_any(topic_id)?.app;
        for account in accounts {
            check_account(account)?;
        }
        let users = &mut self.apps[app].users;
        let topic = self.topics.get_mut(&topic_id).expect("checked above");
        let mut added = 0;
        for account in accounts {
            added += u64::from(topic.members.insert(users.uuid_or_create(account)));
        }
        Ok(added)
    }

    /// Admin: these accounts quit the group; returns how many were members. The owner stays.
    pub fn quit(&mut self, topic_id: u64, accounts: &[String]) -> ApiResult<u64> {
        let app = self.topic_any(topic_id)?.app;
        let users = &self.apps[app].users;
        let topic = self.topics.get_mut(&topic_id).expect("checked above");
        let mut removed = 0;
        for uuid in accounts.iter().filter_map(|a| users.uuid(a)) {
            if uuid == topic.owner {
                return Err(ApiError::conflict(
                    "the owner cannot quit: transfer ownership first",
                ));
            }
            if topic.members.remove(&uuid) {
                topic.online.remove(&uuid);
                topic.mutes.remove(&uuid);
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Admin: exactly these members are online now; returns the online count.
    pub fn set_online(&mut self, topic_id: u64, accounts: &[String]) -> ApiResult<u64> {
        let app = self.topic_any(topic_id)?.app;
        let users = &self.apps[app].users;
        let topic = &self.topics[&topic_id];
        let mut online = HashSet::new();
        for account in accounts {
            match users.uuid(account).filter(|u| topic.members.contains(u)) {
                Some(uuid) => online.insert(uuid),
                None => {
                    return Err(ApiError::not_found(format!(
                        "{account:?} is not a member of group {topic_id}"
                    )))
                }
            };
        }
        let count = online.len() as u64;
        self.topics
            .get_mut(&topic_id)
            .expect("checked above")
            .online = online;
        Ok(count)
    }

    /// Admin: the group's active mutes.
    pub fn mutes(&self, topic_id: u64) -> ApiResult<Vec<Mute>> {
        let topic = self.topic_any(topic_id)?;
        let users = &self.apps[topic.app].users;
        let now = self.now();
        let mut mutes: Vec<Mute> = topic
            .mutes
            .iter()
            .filter(|(_, &until)| until > now)
            .map(|(&uuid, &until)| Mute {
                account: users.account(uuid).unwrap_or_default().to_owned(),
                uuid: uuid.to_string(),
                until,
                remaining_seconds: until - now,
            })
            .collect();
        mutes.sort_by(|a, b| a.account.cmp(&b.account));
        Ok(mutes)
    }

    /// Bytes held by members and accounts, for the memory benchmark (an estimate from capacities).
    pub fn member_heap_bytes(&self) -> usize {
        let users: usize = self.apps.iter().map(|a| a.users.heap_bytes()).sum();
        // A B-tree leaf holds up to 11 keys in about 100 bytes; nodes are 2/3 full on average.
        let members: usize = self
            .topics
            .values()
            .map(|t| t.members.len() * 8 * 3 / 2 + t.members.len() / 11 * 16)
            .sum();
        users + members
    }
}
