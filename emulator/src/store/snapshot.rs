//! The saved form of the state (`--state`, `snapshot()`).

use super::{App, AppCredentials, Env, NormalGroup, Store, TokenGrant, Topic};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

impl Store {
    /// Everything, for `--state`.
    pub fn snapshot(&self) -> Snapshot {
        let now = self.now();
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
            normal_groups: self.normal.values().cloned().collect(),
            // Expired tokens answer as unknown ones do: not worth saving.
            tokens: self
                .tokens
                .iter()
                .filter(|(_, grant)| grant.live_at(now))
                .map(|(token, grant)| (token.clone(), grant.clone()))
                .collect(),
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
        store.normal = snapshot
            .normal_groups
            .into_iter()
            .filter(|g| g.in_apps(store.apps.len()))
            .map(|g| (g.id(), g))
            .collect();
        // A token of an app no longer listed would name no app (a hand-edited file): dropped.
        let apps = store.apps.len();
        store.tokens = snapshot.tokens;
        store.tokens.retain(|_, grant| grant.app() < apps);
        store.clock_offset_secs = snapshot.clock_offset_secs;
        // A file saved by an older build may hold expired ones.
        store.purge_expired_tokens();
        store
    }
}

impl App {
    pub(super) fn credentials(&self) -> AppCredentials {
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
    /// Absent from files saved before normal groups: none.
    #[serde(default)]
    normal_groups: Vec<NormalGroup>,
    tokens: HashMap<String, TokenGrant>,
    clock_offset_secs: u64,
}

#[derive(Serialize, Deserialize)]
struct SnapshotApp {
    credentials: AppCredentials,
    accounts: Vec<String>,
}
