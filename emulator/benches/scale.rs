//! Scale benchmark: one group of a million members (BENCH_MEMBERS overrides), joined through the
//! admin API, then member-page queries over real HTTP at concurrency 1, 8 and 64, against a
//! baseline group of 100 members measured in the same run. Prints tables; asserts nothing.
//!
//! `cargo bench -p mimc-emulator --bench scale`
//! Env: BENCH_MEMBERS (default 1000000), BENCH_REQUESTS per level (default 3000),
//! BENCH_BATCH accounts per join call (default 100000).

#[path = "scale/load.rs"]
mod load;
#[path = "scale/process.rs"]
mod process;

use load::{create, measure, member_uuids, ms, post, store_page_ns, token};
use mimc_emulator::store::{Env, Store};
use mimc_emulator::wire::WireFormat;
use mimc_emulator::{default_app, Emulator};
use process::{env_usize, mib, rss_bytes, trim_heap};
use reqwest::Client;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PAGE: usize = 100;

#[tokio::main]
async fn main() {
    let members = env_usize("BENCH_MEMBERS", 1_000_000).max(PAGE + 1);
    let per_level = env_usize("BENCH_REQUESTS", 3_000).max(1);
    let batch = env_usize("BENCH_BATCH", 100_000).max(1);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!("mimc-emulator scale benchmark");
    println!(
        "members {members}, {per_level} page queries per level, join batches of {batch}, \
         {workers} CPU(s), client and server in one process"
    );
    let rss_start = rss_bytes();
    let store = Store::new(&[default_app()], 86_400, Env::system());
    let running = mimc_emulator::start(
        "127.0.0.1:0".parse().expect("addr"),
        Emulator::new(store, WireFormat::Documented),
    )
    .await
    .expect("emulator starts");
    let base = running.url();
    let client = Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(120))
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");

    let owner = token(&client, &base, "bench-owner").await;
    let small = create(&client, &base, &owner, "baseline-100").await;
    post(
        &client,
        format!("{base}/emulator/topics/{small}/members"),
        &json!({ "accounts": (1..PAGE).map(|i| format!("small{i}")).collect::<Vec<_>>() }),
    )
    .await;
    let big = create(&client, &base, &owner, "scale").await;

    // --- Join ---------------------------------------------------------------------------------
    let heap_before = running.emulator.store().member_heap_bytes();
    let rss_before = rss_bytes();
    println!();
    println!("join through POST /emulator/topics/{{id}}/members");
    println!(
        "{:>7} {:>10} {:>12} {:>9} {:>14}",
        "batch", "accounts", "memberNum", "seconds", "members/s"
    );
    let join_started = Instant::now();
    let mut joined = 0;
    let mut batch_no = 0;
    while joined < members {
        let n = batch.min(members - joined);
        let accounts: Vec<String> = (joined..joined + n).map(|i| format!("user{i}")).collect();
        let body = json!({ "accounts": accounts });
        drop(accounts);
        let started = Instant::now();
        let data = post(
            &client,
            format!("{base}/emulator/topics/{big}/members"),
            &body,
        )
        .await;
        let took = started.elapsed();
        drop(body);
        batch_no += 1;
        joined += n;
        println!(
            "{:>7} {:>10} {:>12} {:>9.3} {:>14.0}",
            batch_no,
            data["added"].as_u64().unwrap_or(0),
            data["memberNum"].as_u64().unwrap_or(0),
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64()
        );
    }
    let join_time = join_started.elapsed();
    let rss_after = rss_bytes();
    let trimmed = trim_heap();
    let rss_trimmed = rss_bytes();
    let heap_after = running.emulator.store().member_heap_bytes();
    println!(
        "{:>7} {:>10} {:>12} {:>9.3} {:>14.0}",
        "total",
        members,
        members + 1,
        join_time.as_secs_f64(),
        members as f64 / join_time.as_secs_f64()
    );
    println!("(seconds per batch include building and sending the JSON body on the client side)");

    println!();
    println!("memory");
    println!(
        "  VmRSS at start {:.1} MiB, before the join {:.1} MiB, after {:.1} MiB",
        mib(rss_start),
        mib(rss_before),
        mib(rss_after)
    );
    let per_member = |bytes: u64| bytes as f64 / members as f64;
    println!(
        "  {:<44} {:>7.1} bytes  (upper bound: includes freed request buffers the allocator keeps)",
        "VmRSS growth / member:",
        per_member(rss_after.saturating_sub(rss_before))
    );
    if trimmed {
        println!(
            "  {:<44} {:>7.1} bytes  (VmRSS {:.1} MiB once freed buffers are returned)",
            "VmRSS growth / member after malloc_trim(0):",
            per_member(rss_trimmed.saturating_sub(rss_before)),
            mib(rss_trimmed)
        );
    }
    println!(
        "  {:<44} {:>7.1} bytes  (estimate from capacities: account arena, index, member B-tree)",
        "Store::member_heap_bytes() / member:",
        per_member(heap_after.saturating_sub(heap_before) as u64)
    );

    // --- Starts -------------------------------------------------------------------------------
    let (big_starts, small_uuids) = {
        let store = running.emulator.store();
        let all = member_uuids(&store, big);
        let small_uuids = member_uuids(&store, small);
        // Leave out the last page so every query returns a full page of 100, like the baseline.
        let starts: Vec<u64> = all[..all.len() - PAGE].to_vec();
        (starts, small_uuids)
    };
    assert_eq!(small_uuids.len(), PAGE);
    // The baseline group has exactly 100 members: startUuid 0 returns all of them, a full page.
    let small_starts = Arc::new(vec![0u64]);
    let big_starts = Arc::new(big_starts);

    // --- In-process store call (no HTTP) -------------------------------------------------------
    {
        let store = running.emulator.store();
        let calls = 100_000;
        // Warm up both.
        store_page_ns(&store, big, &big_starts, 10_000);
        store_page_ns(&store, small, &small_starts, 10_000);
        let big_ns = store_page_ns(&store, big, &big_starts, calls);
        let small_ns = store_page_ns(&store, small, &small_starts, calls);
        println!();
        println!("Store::members, in process, random start, full page of 100 ({calls} calls each)");
        println!("  {members} members: {big_ns:>8.0} ns/page");
        println!("  100 members (baseline): {small_ns:>8.0} ns/page");
        println!("  ratio: {:.2}", big_ns / small_ns);
    }

    // --- HTTP page queries --------------------------------------------------------------------
    // Warm up connections and code paths.
    measure(&client, &base, &owner, big, big_starts.clone(), 64, 640).await;
    measure(&client, &base, &owner, small, small_starts.clone(), 64, 640).await;
    println!();
    println!(
        "GET /api/uctopic/userlist (token auth, random startUuid from the member list, 100 members a page)"
    );
    println!(
        "{:>5} {:>16} {:>6} {:>7} {:>10} {:>9} {:>9} {:>9} {:>10}",
        "conc", "group", "reqs", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "p50 ratio"
    );
    for concurrency in [1, 8, 64] {
        let small_level = measure(
            &client,
            &base,
            &owner,
            small,
            small_starts.clone(),
            concurrency,
            per_level,
        )
        .await;
        let big_level = measure(
            &client,
            &base,
            &owner,
            big,
            big_starts.clone(),
            concurrency,
            per_level,
        )
        .await;
        for (name, level) in [("100 (baseline)", &small_level), ("scale", &big_level)] {
            let name = if name == "scale" {
                format!("{members}")
            } else {
                name.to_owned()
            };
            let ratio = if std::ptr::eq(level, &big_level) {
                format!(
                    "{:.2}",
                    ms(big_level.percentile(0.5)) / ms(small_level.percentile(0.5))
                )
            } else {
                String::new()
            };
            println!(
                "{:>5} {:>16} {:>6} {:>7} {:>10.0} {:>9.3} {:>9.3} {:>9.3} {:>10}",
                concurrency,
                name,
                level.requests,
                level.errors,
                level.rps(),
                ms(level.percentile(0.50)),
                ms(level.percentile(0.95)),
                ms(level.percentile(0.99)),
                ratio
            );
        }
    }
    println!();
    println!(
        "p50 ratio = {members}-member p50 / 100-member p50 at the same concurrency: near 1 means the \
         page cost hardly grows with the group (O(log n) B-tree range scan)."
    );
    running.stop().await.expect("stop");
}
