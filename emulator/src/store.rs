//! The service's state and rules, with no HTTP in sight: every endpoint is one method here.

use crate::users::Users;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Bound;

/// At most this many members come back in one page, as the document says.
pub const PAGE_SIZE: usize = 100;
/// The longest mute the service allows: ten years.
pub const MAX_FORBID_SECONDS: u64 = 315_360_000;
/// The largest `extra`: 10 KB.
pub const MAX_EXTRA_BYTES: usize = 10 * 1024;

/// A failure of a call, as the envelope reports it: `code` doubles as the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The envelope's code and the HTTP status.
    pub code: u16,
    /// What went wrong, for the developer.
    pub message: String,
}

impl ApiError {
    /// A malformed request: a missing or invalid header, field or body.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            code: 400,
            message: message.into(),
        }
    }
    /// Missing, unknown or expired credentials.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError {
            code: 401,
            message: message.into(),
        }
    }
    /// The caller may not do this (not the owner).
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError {
            code: 403,
            message: message.into(),
        }
    }
    /// No such group, user or route.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            code: 404,
            message: message.into(),
        }
    }
    /// The request is valid but the state forbids it (a new owner who is not a member).
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError {
            code: 409,
            message: message.into(),
        }
    }
}

/// Result of a store operation.
pub type ApiResult<T> = Result<T, ApiError>;

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
    /// uuid → unix second when the mute ends.
    mutes: HashMap<u64, u64>,
}

/// A group as the create and update calls return it.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicView {
    /// The group's id.
    pub topic_id: u64,
    /// The owner's uuid.
    pub owner_uuid: u64,
    /// The owner's account.
    pub owner_account: String,
    /// The group's name.
    pub topic_name: String,
    /// The custom field.
    pub extra: Option<String>,
    /// How many members it has.
    pub member_num: u64,
}

/// One member in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberView {
    /// The member's account in the app.
    pub account: String,
    /// The member's uuid.
    pub uuid: u64,
}

/// One page of members.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberPage {
    /// The members, ascending by uuid.
    pub members: Vec<MemberView>,
    /// Whether no member follows this page.
    pub is_end: bool,
}

/// A token handed out by the token service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenGrant {
    app: usize,
    uuid: u64,
    expires_at: u64,
}

/// What the token service returns.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The appId.
    pub app_id: String,
    /// The account.
    pub account: String,
    /// The account's uuid.
    pub uuid: u64,
    /// The opaque token.
    pub token: String,
    /// A per-user key (random; the emulator does not use it).
    pub security_key: String,
}

/// One active mute, for the admin API.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MuteView {
    /// The muted account.
    pub account: String,
    /// Its uuid, as a decimal string.
    pub uuid: String,
    /// Unix second when the mute ends.
    pub until: u64,
    /// Seconds left.
    pub remaining_seconds: u64,
}

/// What the store needs from the world, handed in so the core does no I/O of its own: the
/// native server passes the system clock and OS randomness, the wasm build `Date.now()` and a
/// seed from `crypto.getRandomValues` (or the user's, for repeatable ids).
pub struct Env {
    /// The current unix second.
    pub clock: Box<dyn Fn() -> u64 + Send + Sync>,
    /// Where group ids and tokens come from.
    pub rng: StdRng,
}

impl Env {
    /// This clock, and randomness from this seed.
    pub fn new(clock: impl Fn() -> u64 + Send + Sync + 'static, seed: u64) -> Self {
        Env {
            clock: Box::new(clock),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// The system clock and OS randomness.
    #[cfg(feature = "server")]
    pub fn system() -> Self {
        Env {
            clock: Box::new(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0)
            }),
            rng: StdRng::from_os_rng(),
        }
    }
}

/// The whole state of the emulated service.
pub struct Store {
    apps: Vec<App>,
    topics: HashMap<u64, Topic>,
    tokens: HashMap<String, TokenGrant>,
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

    /// How many members a group has (0 when it does not exist).
    pub fn member_count(&self, topic_id: u64) -> u64 {
        self.topics
            .get(&topic_id)
            .map_or(0, |t| t.members.len() as u64)
    }

    /// The app with these credentials.
    pub fn app_by_credentials(&self, id: &str, key: &str, secret: &str) -> ApiResult<usize> {
        self.apps
            .iter()
            .position(|a| a.id == id && a.key == key && a.secret == secret)
            .ok_or_else(|| {
                ApiError::unauthorized("unknown app credentials (appId, appKey, appSecret)")
            })
    }

    /// The user a token stands for, if it is known and not expired.
    pub fn caller_by_token(&self, token: &str) -> ApiResult<Caller> {
        let grant = self
            .tokens
            .get(token)
            .ok_or_else(|| ApiError::unauthorized("unknown token"))?;
        if grant.expires_at <= self.now() {
            return Err(ApiError::unauthorized("token expired: fetch a new one"));
        }
        Ok(Caller::User {
            app: grant.app,
            uuid: grant.uuid,
        })
    }

    /// The user behind an account of an app, created on first sight.
    pub fn user(&mut self, app: usize, account: &str) -> ApiResult<u64> {
        check_account(account)?;
        Ok(self.apps[app].users.uuid_or_create(account))
    }

    /// The token service: a fresh token for an account of the app with these credentials.
    pub fn issue_token(&mut self, creds: &AppCredentials, account: &str) -> ApiResult<IssuedToken> {
        let app = self.app_by_credentials(&creds.id, &creds.key, &creds.secret)?;
        let uuid = self.user(app, account)?;
        let token = self.random_token(48);
        let expires_at = self.now().saturating_add(self.token_ttl_secs);
        self.tokens.insert(
            token.clone(),
            TokenGrant {
                app,
                uuid,
                expires_at,
            },
        );
        Ok(IssuedToken {
            app_id: self.apps[app].id.clone(),
            account: account.to_owned(),
            uuid,
            token,
            security_key: self.random_token(24),
        })
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
    pub fn mutes(&self, topic_id: u64) -> ApiResult<Vec<MuteView>> {
        let topic = self.topic_any(topic_id)?;
        let users = &self.apps[topic.app].users;
        let now = self.now();
        let mut mutes: Vec<MuteView> = topic
            .mutes
            .iter()
            .filter(|(_, &until)| until > now)
            .map(|(&uuid, &until)| MuteView {
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

    /// Everything, for `--state`.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            apps: self
                .apps
                .iter()
                .map(|a| SnapshotApp {
                    credentials: a.credentials(),
                    accounts: a.users.accounts().map(str::to_owned).collect(),
                })
                .collect(),
            topics: self.topics.values().cloned().collect(),
            tokens: self.tokens.clone(),
            clock_offset_secs: self.clock_offset_secs,
        }
    }

    /// Restores a snapshot; apps given now that it lacks are added, and their credentials win.
    pub fn restore(
        snapshot: Snapshot,
        apps: &[AppCredentials],
        token_ttl_secs: u64,
        env: Env,
    ) -> Self {
        let mut store = Store::new(&[], token_ttl_secs, env);
        for saved in snapshot.apps {
            let mut creds = saved.credentials;
            if let Some(now) = apps.iter().find(|a| a.id == creds.id) {
                creds = now.clone();
            }
            let app = store.add_app(creds);
            // uuids derive from creation order, so replaying accounts in order restores them.
            for account in &saved.accounts {
                store.apps[app].users.uuid_or_create(account);
            }
        }
        for app in apps {
            if !store.apps.iter().any(|a| a.id == app.id) {
                store.add_app(app.clone());
            }
        }
        store.topics = snapshot
            .topics
            .into_iter()
            .filter(|t| t.app < store.apps.len())
            .map(|t| (t.id, t))
            .collect();
        store.tokens = snapshot.tokens;
        store.clock_offset_secs = snapshot.clock_offset_secs;
        store
    }
}

impl App {
    fn credentials(&self) -> AppCredentials {
        AppCredentials {
            id: self.id.clone(),
            key: self.key.clone(),
            secret: self.secret.clone(),
        }
    }
}

/// The saved form of the state.
#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    apps: Vec<SnapshotApp>,
    topics: Vec<Topic>,
    tokens: HashMap<String, TokenGrant>,
    clock_offset_secs: u64,
}

#[derive(Serialize, Deserialize)]
struct SnapshotApp {
    credentials: AppCredentials,
    accounts: Vec<String>,
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

fn check_account(account: &str) -> ApiResult<()> {
    if account.is_empty() || account.len() > 1024 {
        return Err(ApiError::bad_request(
            "an account must be 1 to 1024 bytes long",
        ));
    }
    Ok(())
}

impl Store {
    fn random_token(&mut self, bytes: usize) -> String {
        use base64::Engine;
        let mut buf = vec![0u8; bytes];
        self.env.rng.fill(&mut buf[..]);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
    }
}
