//! The service's state and rules, with no HTTP in sight: every endpoint is one method here.

use crate::users::Users;
use rand::Rng;
use serde::{Deserialize, Serialize};

mod admin;
mod env;
mod error;
mod snapshot;
mod tokens;
use tokens::check_account;
mod views;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Bound;

/// At most this many members come back in one page, as the document says.
pub const PAGE_SIZE: usize = 100;
/// The longest mute the service allows: ten years.
pub const MAX_FORBID_SECONDS: u64 = 315_360_000;
/// The largest `extra`: 10 KB.
pub const MAX_EXTRA_BYTES: usize = 10 * 1024;

pub use env::Env;
pub use error::{ApiError, ApiResult};
pub use snapshot::Snapshot;
pub use tokens::TokenGrant;
pub use views::{IssuedToken, MemberPage, MemberView, Mute, TopicView};

/// Who makes a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// A user: by token, or by app credentials with an `appAccount`.
    User {
        /// Position of the app in the app list.
        app: usize,
        /// The user's uuid.
        uuid: u64,
    },
    /// App credentials without `appAccount`: the app's server, which may act on any of its groups.
    App {
        /// Position of the app in the app list.
        app: usize,
    },
}

impl Caller {
    fn app(self) -> usize {
        match self {
            Caller::User { app, .. } | Caller::App { app } => app,
        }
    }
}

/// An app registered with the emulator.
pub struct App {
    /// The appId, a decimal string.
    pub id: String,
    /// The appKey.
    pub key: String,
    /// The appSecret.
    pub secret: String,
    /// The app's accounts.
    pub users: Users,
}

/// App credentials as given on the command line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppCredentials {
    /// The appId.
    pub id: String,
    /// The appKey.
    pub key: String,
    /// The appSecret.
    pub secret: String,
}

/// An unlimited group.
#[derive(Clone, Serialize, Deserialize)]
pub struct Topic {
    id: u64,
    app: usize,
    name: String,
    extra: Option<String>,
    owner: u64,
    /// Ordered by uuid, so a page is a range scan: O(log n + page).
    members: BTreeSet<u64>,
    online: HashSet<u64>,
    /// uuid → unix second when the mute ends. Expired ones stay (they are read as lifted): at
    /// most one per member, and quitting drops it.
    mutes: HashMap<u64, u64>,
}

/// The whole state of the emulated service.
pub struct Store {
    apps: Vec<App>,
    topics: HashMap<u64, Topic>,
    tokens: HashMap<String, TokenGrant>,
    /// Expired tokens are purged when `tokens` reaches this size (`tokens.rs`).
    tokens_purge_at: usize,
    token_ttl_secs: u64,
    /// Added to the wall clock, so tests can expire tokens and mutes without waiting.
    clock_offset_secs: u64,
    env: Env,
}

impl Store {
    /// A store with these apps and no groups.
    pub fn new(apps: &[AppCredentials], token_ttl_secs: u64, env: Env) -> Self {
        let mut store = Store {
            apps: Vec::new(),
            topics: HashMap::new(),
            tokens: HashMap::new(),
            tokens_purge_at: tokens::PURGE_FLOOR,
            token_ttl_secs,
            clock_offset_secs: 0,
            env,
        };
        for app in apps {
            store.add_app(app.clone());
        }
        store
    }

    fn add_app(&mut self, creds: AppCredentials) -> usize {
        let position = self.apps.len();
        self.apps.push(App {
            id: creds.id,
            key: creds.key,
            secret: creds.secret,
            users: Users::new(position as u16),
        });
        position
    }

    /// Clears every group, user and token; the apps stay.
    pub fn reset(&mut self) {
        let apps: Vec<AppCredentials> = self.apps.iter().map(App::credentials).collect();
        // The clock and the random source are the world's, not state: they carry over.
        let env = std::mem::replace(&mut self.env, Env::new(|| 0, 0));
        *self = Store::new(&apps, self.token_ttl_secs, env);
    }

    /// The current unix second as the emulator sees it.
    pub fn now(&self) -> u64 {
        (self.env.clock)().saturating_add(self.clock_offset_secs)
    }

    /// Moves the emulator's clock forward.
    pub fn advance_clock(&mut self, seconds: u64) {
        self.clock_offset_secs = self.clock_offset_secs.saturating_add(seconds);
    }

    /// The registered apps.
    pub fn apps(&self) -> &[App] {
        &self.apps
    }

    /// The appId of the app a group belongs to.
    pub fn app_id_of(&self, topic_id: u64) -> String {
        self.topics
            .get(&topic_id)
            .map(|t| self.apps[t.app].id.clone())
            .unwrap_or_default()
    }

    /// Whether a group with this id exists (in any app).
    pub fn has_topic(&self, topic_id: u64) -> bool {
        self.topics.contains_key(&topic_id)
    }

    /// How many members a group has (0 when it does not exist).
    pub fn member_count(&self, topic_id: u64) -> u64 {
        self.topics
            .get(&topic_id)
            .map_or(0, |t| t.members.len() as u64)
    }

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
        let id = loop {
            // Far above 2^53, like the real ids, so JS numbers visibly corrupt them.
            let id = self.env.rng.random_range(1u64 << 60..1u64 << 63);
            if !self.topics.contains_key(&id) {
                break id;
            }
        };
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
        if seconds > MAX_FORBID_SECONDS {
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

    fn topic_any(&self, topic_id: u64) -> ApiResult<&Topic> {
        self.topics
            .get(&topic_id)
            .ok_or_else(|| ApiError::not_found(format!("no group with topicId {topic_id}")))
    }

    /// The group, if it exists in the caller's app (another app's groups do not exist for it).
    fn topic(&self, caller: Caller, topic_id: u64) -> ApiResult<&Topic> {
        self.topic_any(topic_id)
            .ok()
            .filter(|t| t.app == caller.app())
            .ok_or_else(|| ApiError::not_found(format!("no group with topicId {topic_id}")))
    }

    /// The group's app, if the caller may change the group.
    fn owned_topic(&self, caller: Caller, topic_id: u64, what: &str) -> ApiResult<usize> {
        let topic = self.topic(caller, topic_id)?;
        match caller {
            Caller::User { uuid, .. } if uuid != topic.owner => Err(ApiError::forbidden(format!(
                "only the owner of group {topic_id} may {what} it"
            ))),
            _ => Ok(topic.app),
        }
    }

    fn view(&self, topic_id: u64) -> ApiResult<TopicView> {
        let topic = self.topic_any(topic_id)?;
        let users = &self.apps[topic.app].users;
        Ok(TopicView {
            topic_id,
            owner_uuid: topic.owner,
            owner_account: users.account(topic.owner).unwrap_or_default().to_owned(),
            topic_name: topic.name.clone(),
            extra: topic.extra.clone(),
            member_num: topic.members.len() as u64,
        })
    }
}

fn check_name(name: &str) -> ApiResult<()> {
    if name.trim().is_empty() {
        return Err(ApiError::bad_request(
            "topicName is required and must not be empty",
        ));
    }
    Ok(())
}

fn check_extra(extra: Option<&str>) -> ApiResult<()> {
    match extra {
        Some(e) if e.len() > MAX_EXTRA_BYTES => Err(ApiError::bad_request(format!(
            "extra is at most {MAX_EXTRA_BYTES} bytes; got {}",
            e.len()
        ))),
        _ => Ok(()),
    }
}
