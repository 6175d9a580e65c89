//! The token service and who a request's credentials name.

use super::{ApiError, ApiResult, AppCredentials, Caller, IssuedToken, Store};
use rand::Rng;
use serde::{Deserialize, Serialize};

/// A token handed out by the token service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenGrant {
    app: usize,
    uuid: u64,
    expires_at: u64,
}

impl TokenGrant {
    /// The position of its app.
    pub(super) fn app(&self) -> usize {
        self.app
    }

    /// Whether it is still valid at this unix second.
    pub(super) fn live_at(&self, now: u64) -> bool {
        self.expires_at > now
    }
}

/// Expired tokens are purged once the table has doubled since the last purge (and holds at least
/// this many): O(1) amortised per token issued, and never more than about twice the live tokens.
pub(super) const PURGE_FLOOR: usize = 1024;

impl Store {
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
        if !grant.live_at(self.now()) {
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
        if self.tokens.len() >= self.tokens_purge_at {
            self.purge_expired_tokens();
        }
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

    /// Tokens held: the live ones, and expired ones not purged yet.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// Drops every expired token (an expired and an unknown token are both 401, the message
    /// aside: the message is the only thing lost).
    pub(super) fn purge_expired_tokens(&mut self) {
        let now = self.now();
        self.tokens.retain(|_, grant| grant.live_at(now));
        self.tokens_purge_at = (self.tokens.len() * 2).max(PURGE_FLOOR);
    }

    fn random_token(&mut self, bytes: usize) -> String {
        use base64::Engine;
        let mut buf = vec![0u8; bytes];
        self.env.rng.fill(&mut buf[..]);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
    }
}

/// An account is 1 to 1024 bytes.
pub(super) fn check_account(account: &str) -> ApiResult<()> {
    if account.is_empty() || account.len() > 1024 {
        return Err(ApiError::bad_request(
            "an account must be 1 to 1024 bytes long",
        ));
    }
    Ok(())
}
