//! The load: a seeded picker, the few API calls of the setup, page queries at a concurrency, and
//! the store's own page calls.

use mimc_emulator::store::{Caller, Store};
use mimc_emulator::DEFAULT_APP;
use reqwest::Client;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A small, fast, seedable generator (xorshift64*): no dependency, same picks every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as usize % n
    }
}

pub async fn post(client: &Client, url: String, body: &Value) -> Value {
    let response = client.post(url).json(body).send().await.expect("request");
    let value: Value = response.json().await.expect("JSON answer");
    assert_eq!(value["code"], json!(200), "{value}");
    value["data"].clone()
}

pub async fn token(client: &Client, base: &str, account: &str) -> String {
    let data = post(
        client,
        format!("{base}/api/account/token"),
        &json!({"appId": DEFAULT_APP.0, "appKey": DEFAULT_APP.1, "appSecret": DEFAULT_APP.2,
                "appAccount": account}),
    )
    .await;
    data["token"].as_str().expect("token").to_owned()
}

pub async fn create(client: &Client, base: &str, token: &str, name: &str) -> u64 {
    let response = client
        .post(format!("{base}/api/uctopic"))
        .header("token", token)
        .json(&json!({ "topicName": name }))
        .send()
        .await
        .expect("create");
    let value: Value = response.json().await.expect("JSON answer");
    value["data"]["topicId"].as_u64().expect("topicId")
}

/// Every member uuid of a group, ascending, read straight from the store.
pub fn member_uuids(store: &Store, topic: u64) -> Vec<u64> {
    let caller = Caller::App { app: 0 };
    let mut all = Vec::new();
    let mut start = 0;
    loop {
        let page = store.members(caller, topic, start).expect("members");
        all.extend(page.members.iter().map(|m| m.uuid));
        match page.members.last() {
            Some(last) if !page.is_end => start = last.uuid,
            _ => return all,
        }
    }
}

pub struct Level {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Level {
    pub fn rps(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
    pub fn percentile(&self, q: f64) -> Duration {
        let n = self.latencies.len();
        if n == 0 {
            return Duration::ZERO;
        }
        let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
        self.latencies[rank - 1]
    }
}

/// `total` page queries at `concurrency`, each from a start picked from `starts`.
pub async fn measure(
    client: &Client,
    base: &str,
    token: &str,
    topic: u64,
    starts: Arc<Vec<u64>>,
    concurrency: usize,
    total: usize,
) -> Level {
    let url = Arc::new(format!("{base}/api/uctopic/userlist"));
    let token = Arc::new(token.to_owned());
    let topic = Arc::new(topic.to_string());
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (client, url, token, topic, next, starts) = (
            client.clone(),
            url.clone(),
            token.clone(),
            topic.clone(),
            next.clone(),
            starts.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((worker as u64 + 1) * 0x1000_0001));
            let mut latencies = Vec::with_capacity(total / concurrency + 1);
            let mut errors = 0;
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let start = starts[rng.below(starts.len())];
                let sent = Instant::now();
                let result = client
                    .get(url.as_str())
                    .header("token", token.as_str())
                    .header("topicId", topic.as_str())
                    .header("startUuid", start.to_string())
                    .send()
                    .await;
                let ok = match result {
                    Ok(response) => {
                        let ok = response.status().is_success();
                        response.bytes().await.is_ok() && ok
                    }
                    Err(_) => false,
                };
                latencies.push(sent.elapsed());
                errors += usize::from(!ok);
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("worker");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Level {
        requests: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Nanoseconds per in-process `Store::members` call (no HTTP), over `calls` random starts.
pub fn store_page_ns(store: &Store, topic: u64, starts: &[u64], calls: usize) -> f64 {
    let caller = Caller::App { app: 0 };
    let mut rng = Rng(42);
    let started = Instant::now();
    let mut sink = 0usize;
    for _ in 0..calls {
        let start = starts[rng.below(starts.len())];
        sink += store
            .members(caller, topic, start)
            .expect("page")
            .members
            .len();
    }
    let ns = started.elapsed().as_nanos() as f64 / calls as f64;
    std::hint::black_box(sink);
    ns
}
