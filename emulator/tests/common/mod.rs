//! Shared helpers: each test starts its own emulator on 127.0.0.1:0 and talks real HTTP to it.
//!
//! The same tests check every form of the emulator (the fidelity suite): in-process by default,
//! or, with `MIMC_EMULATOR_BIN` naming a command (such as the npm package's `mimc-emulator`), a
//! server of that command per test, started as the native binary is.
#![allow(dead_code)]

mod admin;
pub mod normal;
mod reply;
mod server;

// Each test binary uses its own subset.
#[allow(unused_imports)]
pub use self::{admin::*, reply::*, server::*};

use mimc_emulator::store::{Env, Store};
use mimc_emulator::wire::WireFormat;
use mimc_emulator::{default_app, Emulator, DEFAULT_APP};
use reqwest::{Client, Method};
use serde_json::{json, Value};
use std::time::Duration;

pub const APP_ID: &str = DEFAULT_APP.0;

pub const APP_KEY: &str = DEFAULT_APP.1;

pub const APP_SECRET: &str = DEFAULT_APP.2;

/// 2^53: JavaScript numbers are exact only below it.
pub const JS_SAFE: u64 = 1 << 53;

/// One emulator and a client with a timeout, so no test can hang.
pub struct Emu {
    pub server: Server,
    pub client: Client,
}

/// Who a call authenticates as.
#[derive(Clone, Copy, Debug)]
pub enum Auth<'a> {
    /// No credentials at all.
    None,
    /// `token: …`.
    Token(&'a str),
    /// appId/appKey/appSecret with this appAccount (or, with `None`, as the app's server).
    App(Option<&'a str>),
}

/// A client that never waits more than 20 s and never goes through a proxy.
pub fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(20))
        .no_proxy()
        .build()
        .expect("client")
}

/// An emulator with the default app, token ttl 86400 and the documented wire format.
pub async fn start() -> Emu {
    start_with(86_400, WireFormat::Documented).await
}

pub async fn start_with(token_ttl: u64, wire: WireFormat) -> Emu {
    let server = match command() {
        (_, true) => {
            let wire = match wire {
                WireFormat::Documented => "documented",
                WireFormat::Native => "native",
            };
            let ttl = token_ttl.to_string();
            Server::Spawned(spawn(&["--token-ttl", &ttl, "--wire-format", wire]))
        }
        (_, false) => {
            let store = Store::new(&[default_app()], token_ttl, Env::system());
            let running = mimc_emulator::start(
                "127.0.0.1:0".parse().expect("addr"),
                Emulator::new(store, wire),
            )
            .await
            .expect("emulator starts");
            Server::InProcess(running)
        }
    };
    Emu {
        server,
        client: client(),
    }
}

/// Adds the auth headers to a request.
pub fn authorize(mut request: reqwest::RequestBuilder, auth: Auth<'_>) -> reqwest::RequestBuilder {
    match auth {
        Auth::None => {}
        Auth::Token(token) => request = request.header("token", token),
        Auth::App(account) => {
            request = request
                .header("appId", APP_ID)
                .header("appKey", APP_KEY)
                .header("appSecret", APP_SECRET);
            if let Some(account) = account {
                request = request.header("appAccount", account);
            }
        }
    }
    request
}

/// One page of members.
#[derive(Debug)]
pub struct Page {
    pub count: u64,
    pub uuids: Vec<u64>,
    pub accounts: Vec<String>,
    pub is_end: bool,
}

/// `n` distinct accounts with this prefix.
pub fn accounts(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}-{i}")).collect()
}

impl Emu {
    /// The emulator of a server process already started (binary.rs stops it itself).
    pub fn over(spawned: Spawned) -> Emu {
        Emu {
            server: Server::Spawned(spawned),
            client: client(),
        }
    }

    /// The server process, to stop it.
    pub fn into_spawned(self) -> Spawned {
        match self.server {
            Server::Spawned(spawned) => spawned,
            Server::InProcess(_) => panic!("an emulator in this process has no process to stop"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr())
    }

    /// Any call: method, path, auth, extra headers, optional JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        let mut request = authorize(self.client.request(method, self.url(path)), auth);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        reply(request.send().await.expect("request")).await
    }

    /// A call with a raw body (bytes sent as they are).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        headers: &[(&str, &str)],
        body: impl Into<reqwest::Body>,
    ) -> Reply {
        let mut request = authorize(self.client.request(method, self.url(path)), auth)
            .header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        reply(request.body(body).send().await.expect("request")).await
    }

    /// GET with a topicId header.
    pub async fn get_topic(&self, path: &str, auth: Auth<'_>, topic: u64) -> Reply {
        self.call(
            Method::GET,
            path,
            auth,
            &[("topicId", &topic.to_string())],
            None,
        )
        .await
    }

    /// The token service's whole answer.
    pub async fn token_reply(&self, account: &str) -> Reply {
        let body = json!({
            "appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAccount": account
        });
        self.call(
            Method::POST,
            "/api/account/token",
            Auth::None,
            &[],
            Some(&body),
        )
        .await
    }

    /// A fresh token for an account.
    pub async fn token(&self, account: &str) -> String {
        let reply = self.token_reply(account).await;
        reply.data()["token"]
            .as_str()
            .expect("token is a string")
            .to_owned()
    }

    /// An account's uuid, from the token service's miUserId.
    pub async fn uuid(&self, account: &str) -> u64 {
        id(&self.token_reply(account).await.data()["miUserId"])
    }

    /// Creates a group; returns its topicId.
    pub async fn create(&self, auth: Auth<'_>, name: &str) -> u64 {
        let reply = self
            .call(
                Method::POST,
                "/api/uctopic",
                auth,
                &[],
                Some(&json!({ "topicName": name })),
            )
            .await;
        id(&reply.data()["topicId"])
    }

    /// Creates a group owned by a fresh token of `owner`; returns (topicId, token).
    pub async fn group(&self, owner: &str, name: &str) -> (u64, String) {
        let token = self.token(owner).await;
        let topic = self.create(Auth::Token(&token), name).await;
        (topic, token)
    }

    /// One member page; `start` None sends no startUuid header.
    pub async fn page(&self, auth: Auth<'_>, topic: u64, start: Option<u64>) -> Page {
        let topic = topic.to_string();
        let start = start.map(|s| s.to_string());
        let mut headers = vec![("topicId", topic.as_str())];
        if let Some(start) = &start {
            headers.push(("startUuid", start.as_str()));
        }
        let reply = self
            .call(Method::GET, "/api/uctopic/userlist", auth, &headers, None)
            .await;
        let data = reply.data();
        let members = data["members"].as_array().expect("members array");
        Page {
            count: id(&data["count"]),
            uuids: members.iter().map(|m| id(&m["uuid"])).collect(),
            accounts: members
                .iter()
                .map(|m| {
                    m.get("appAccout")
                        .or_else(|| m.get("appAccount"))
                        .and_then(Value::as_str)
                        .expect("member account")
                        .to_owned()
                })
                .collect(),
            is_end: flag(&data["isEnd"]),
        }
    }

    /// Walks every page from startUuid 0; returns the pages.
    pub async fn all_pages(&self, auth: Auth<'_>, topic: u64) -> Vec<Page> {
        let mut pages = Vec::new();
        let mut start = 0;
        loop {
            let page = self.page(auth, topic, Some(start)).await;
            let done = page.is_end;
            if let Some(&last) = page.uuids.last() {
                start = last;
            }
            pages.push(page);
            if done {
                return pages;
            }
            assert!(pages.len() < 10_000, "paging never ends");
        }
    }

    /// The caller's groups.
    pub async fn my_groups(&self, auth: Auth<'_>) -> Vec<u64> {
        let reply = self
            .call(Method::GET, "/api/uctopic/topics", auth, &[], None)
            .await;
        reply
            .data()
            .as_array()
            .expect("array of ids")
            .iter()
            .map(id)
            .collect()
    }

    /// Group info's data.
    pub async fn info(&self, auth: Auth<'_>, topic: u64) -> Value {
        self.get_topic("/api/uctopic/topic", auth, topic)
            .await
            .data()
            .clone()
    }
}
