//! Helpers for the normal-group suites: calls under `/api/topic/{appId}`, what their answers
//! hold, and stopping a spawned server so it saves its `--state`.

use super::{id, Auth, Emu, Reply, Spawned, APP_ID, APP_KEY, APP_SECRET};
use reqwest::Method;
use serde_json::{json, Value};
use std::process::Command;
use std::time::{Duration, Instant};

/// `/api/topic/{APP_ID}` followed by `rest`.
pub fn topic_path(rest: &str) -> String {
    format!("/api/topic/{APP_ID}{rest}")
}

/// The manual's app-credential headers: no `appId` header, the path names the app.
pub fn manual_headers(account: &str) -> [(&str, &str); 3] {
    [
        ("appKey", APP_KEY),
        ("appSecret", APP_SECRET),
        ("appAccount", account),
    ]
}

/// A group answer's topicId.
#[track_caller]
pub fn topic_of(data: &Value) -> u64 {
    id(&data["topicInfo"]["topicId"])
}

/// A group answer's member accounts, in order.
#[track_caller]
pub fn accounts_of(data: &Value) -> Vec<String> {
    data["members"]
        .as_array()
        .unwrap_or_else(|| panic!("members in {data}"))
        .iter()
        .map(|m| m["account"].as_str().expect("account").to_owned())
        .collect()
}

impl Emu {
    /// A call to `/api/topic/{APP_ID}{rest}`.
    pub async fn normal(
        &self,
        method: Method,
        rest: &str,
        auth: Auth<'_>,
        body: Option<&Value>,
    ) -> Reply {
        self.call(method, &topic_path(rest), auth, &[], body).await
    }

    /// Creates a normal group named "g" with these accounts; returns its topicId.
    pub async fn normal_group(&self, auth: Auth<'_>, accounts: &str) -> u64 {
        let body = json!({ "topicName": "g", "accounts": accounts });
        topic_of(
            self.normal(Method::POST, "", auth, Some(&body))
                .await
                .data(),
        )
    }

    /// A normal group's answer data.
    pub async fn normal_info(&self, auth: Auth<'_>, topic: u64) -> Value {
        let path = format!("/{topic}");
        self.normal(Method::GET, &path, auth, None)
            .await
            .data()
            .clone()
    }

    /// `account` signed in the `mode`-th way: a token, app credentials (with an appId header),
    /// or the manual's app credentials (without: the path names the app).
    pub async fn user(&self, account: &str, mode: usize) -> User {
        match mode {
            0 => User::Token(self.token(account).await),
            1 => User::App(account.to_owned()),
            _ => User::Manual(account.to_owned()),
        }
    }

    /// A call to `/api/topic/{APP_ID}{rest}` as `user`.
    pub async fn normal_as(
        &self,
        user: &User,
        method: Method,
        rest: &str,
        body: Option<&Value>,
    ) -> Reply {
        match user {
            User::Token(token) => self.normal(method, rest, Auth::Token(token), body).await,
            User::App(account) => {
                self.normal(method, rest, Auth::App(Some(account)), body)
                    .await
            }
            User::Manual(account) => {
                let headers = manual_headers(account);
                let path = topic_path(rest);
                self.call(method, &path, Auth::None, &headers, body).await
            }
        }
    }
}

/// A user in one of the two auth modes.
pub enum User {
    /// By token.
    Token(String),
    /// By app credentials and appAccount, with an appId header.
    App(String),
    /// By app credentials and appAccount, without an appId header.
    Manual(String),
}

/// SIGTERM, then wait (at most 20 s) for a clean exit: the server saves its `--state` then.
pub fn terminate(mut server: Spawned) {
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status();
    assert!(sent.expect("kill runs").success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            assert!(status.success(), "exit status after SIGTERM: {status:?}");
            return;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}
