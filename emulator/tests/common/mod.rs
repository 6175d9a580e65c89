//! Shared helpers: each test starts its own emulator on 127.0.0.1:0 and talks real HTTP to it.
//!
//! The same tests check every form of the emulator (the fidelity suite): in-process by default,
//! or, with `MIMC_EMULATOR_BIN` naming a command (such as the npm package's `mimc-emulator`), a
//! server of that command per test, started as the native binary is.
#![allow(dead_code)]

pub mod normal;

use mimc_emulator::store::{Env, Store};
use mimc_emulator::wire::WireFormat;
use mimc_emulator::{default_app, Emulator, Running, DEFAULT_APP};
use reqwest::header::HeaderMap;
use reqwest::{Client, Method};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
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

/// An emulator in this process, or a server process.
pub enum Server {
    InProcess(Running),
    Spawned(Spawned),
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        match self {
            Server::InProcess(running) => running.addr,
            Server::Spawned(spawned) => spawned.addr,
        }
    }
}

/// A server process; killed on drop if a test fails before it stops it.
pub struct Spawned {
    pub child: Child,
    pub addr: SocketAddr,
    pub url: String,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The command under test: `MIMC_EMULATOR_BIN` if set, else this crate's binary.
pub fn command() -> (String, bool) {
    match std::env::var("MIMC_EMULATOR_BIN") {
        Ok(bin) if !bin.is_empty() => (bin, true),
        _ => (env!("CARGO_BIN_EXE_mimc-emulator").to_owned(), false),
    }
}

/// Starts the command on port 0 with these flags and checks its first line.
pub fn spawn(flags: &[&str]) -> Spawned {
    let (bin, _) = command();
    let mut child = Command::new(&bin)
        .args(["--port", "0"])
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{bin} starts: {e}"));
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next();
        let _ = tx.send(first);
        // Keep draining so the child never blocks on a full pipe.
        for _ in lines {}
    });
    let first = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Some(Ok(line))) => line,
        other => {
            let _ = child.kill();
            panic!("no first line from {bin}: {other:?}");
        }
    };
    let port = first
        .strip_prefix("mimc-emulator listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    let port: u16 = port
        .parse()
        .unwrap_or_else(|_| panic!("first line must end in the port: {first:?}"));
    assert_ne!(port, 0);
    assert_eq!(
        first,
        format!("mimc-emulator listening on http://127.0.0.1:{port}")
    );
    Spawned {
        child,
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
        url: format!("http://127.0.0.1:{port}"),
    }
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

/// An answer: status, headers, raw text and the parsed envelope (Null when not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    /// The envelope's code (a JSON number).
    pub fn code(&self) -> u64 {
        self.json["code"]
            .as_u64()
            .unwrap_or_else(|| panic!("no numeric code in {:?}", self.text))
    }

    /// Asserts success (HTTP 200, code 200, message "success") and returns data.
    #[track_caller]
    pub fn data(&self) -> &Value {
        assert_eq!(self.status, 200, "HTTP status of {}", self.text);
        assert_eq!(self.json["code"], json!(200), "code of {}", self.text);
        assert_eq!(self.json["message"], json!("success"), "{}", self.text);
        &self.json["data"]
    }

    /// Asserts a failure envelope with this code (also the HTTP status) and `data: null`.
    #[track_caller]
    pub fn fails(&self, code: u16) -> &Self {
        assert_eq!(self.status, code, "HTTP status of {}", self.text);
        assert_eq!(self.json["code"], json!(code), "code of {}", self.text);
        assert!(
            self.json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "message of {}",
            self.text
        );
        assert!(
            self.json
                .as_object()
                .is_some_and(|o| o.contains_key("data"))
                && self.json["data"].is_null(),
            "data must be null in {}",
            self.text
        );
        self
    }

    /// The web server's own 404 for a path no handler has: plain text, no envelope.
    pub fn no_route(&self) -> &Self {
        assert_eq!(self.status, 404, "HTTP status of {}", self.text);
        assert!(
            self.text.starts_with("404 Not Found: no route for "),
            "{}",
            self.text
        );
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
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

/// Reads an answer into a [`Reply`].
pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("answer body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        text,
        json,
    }
}

/// An id as the emulator may send it: a JSON number or a string of digits, never via f64.
#[track_caller]
pub fn id(value: &Value) -> u64 {
    match value {
        Value::Number(n) => n.as_u64().unwrap_or_else(|| panic!("{n} is not a u64")),
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("{s:?} is not a u64")),
        other => panic!("{other} is not an id"),
    }
}

/// isEnd as either wire format sends it.
#[track_caller]
pub fn flag(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) if s == "true" => true,
        Value::String(s) if s == "false" => false,
        other => panic!("{other} is not a flag"),
    }
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

    /// An admin call.
    pub async fn admin(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        self.call(method, path, Auth::None, &[], body).await
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

    /// Accounts join through the admin API; returns the answer's data.
    pub async fn join(&self, topic: u64, accounts: &[String]) -> Value {
        self.admin(
            Method::POST,
            &format!("/emulator/topics/{topic}/members"),
            Some(&json!({ "accounts": accounts })),
        )
        .await
        .data()
        .clone()
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

    /// Switches the wire format.
    pub async fn set_wire(&self, format: &str) {
        let reply = self
            .admin(
                Method::PUT,
                "/emulator/config",
                Some(&json!({ "wireFormat": format })),
            )
            .await;
        assert_eq!(reply.data()["wireFormat"], json!(format));
    }
}

/// Sends raw bytes over a fresh TCP connection (`Connection: close` expected in `request`) and
/// returns (status, body): for header spellings reqwest would normalise.
pub async fn raw_http(addr: std::net::SocketAddr, request: &[u8]) -> (u16, Value) {
    use std::io::{Read, Write};
    let request = request.to_vec();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        stream.write_all(&request).expect("write");
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .expect("read the whole answer");
        answer
    })
    .await
    .expect("raw HTTP task");
    let text = String::from_utf8(answer).expect("UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, serde_json::from_str(body).expect("JSON body"))
}
