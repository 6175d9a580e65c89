//! The service's state and rules, with no HTTP in sight: every endpoint is one method here.

use crate::users::Users;
use rand::Rng;
use serde::{Deserialize, Serialize};

mod admin;
mod env;
mod error;
mod groups;
mod normal;
mod snapshot;
mod tokens;
use tokens::check_account;
mod views;
use std::collections::{BTreeSet, HashMap, HashSet};

pub use mimc_uctopic::core::protocol::{MAX_EXTRA_BYTES, MAX_FORBID_SECONDS, PAGE_SIZE};

pub use env::Env;
pub use error::{ApiError, ApiResult};
pub use normal::{NormalGroup, MAX_BULLETIN_BYTES};
pub use snapshot::Snapshot;
pub use tokens::TokenGrant;
pub use views::{IssuedToken, MemberPage, MemberView, Mute, NormalInfo, NormalView, TopicView};

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
    /// The position of the caller's app.
    pub fn app(self) -> usize {
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
    /// Normal groups, by id: ids never collide with `topics`'.
    normal: HashMap<u64, NormalGroup>,
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
            normal: HashMap::new(),
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

    /// Whether a group of either kind with this id exists (in any app).
    pub fn has_topic(&self, topic_id: u64) -> bool {
        self.topics.contains_key(&topic_id) || self.normal.contains_key(&topic_id)
    }

    /// A new group id, of either kind: not taken by a group of either.
    fn new_group_id(&mut self) -> u64 {
        loop {
            // Far above 2^53, like the real ids, so JS numbers visibly corrupt them.
            let id = self.env.rng.random_range(1u64 << 60..1u64 << 63);
            if !self.has_topic(id) {
                return id;
            }
        }
    }

    /// How many members a group has (0 when it does not exist).
    pub fn member_count(&self, topic_id: u64) -> u64 {
        self.topics
            .get(&topic_id)
            .map_or(0, |t| t.members.len() as u64)
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
