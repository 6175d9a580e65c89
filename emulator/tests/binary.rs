//! The real `mimc-emulator` binary: its first line, a call, `--state` across a SIGTERM, and the
//! same help and errors as the npm package's command.

mod common;

use common::*;
use mimc_emulator::cli::Cli;
use reqwest::Method;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Starts the binary (or `MIMC_EMULATOR_BIN`) on port 0 and reads its first line.
fn spawn(extra: &[&str]) -> Spawned {
    common::spawn(extra)
}

/// SIGTERM, then wait (at most 20 s) for the exit status.
fn terminate(mut server: Spawned) -> ExitStatus {
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(server.child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
    exit_status(&mut server.child, "after SIGTERM")
}

/// Waits at most 20 s for the child to exit; a child still running then fails the test.
fn exit_status(child: &mut Child, when: &str) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the binary did not exit {when}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn temp_state_file() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "mimc-emulator-state-{}-{nanos}.json",
        std::process::id()
    ))
}

async fn post_json(
    url: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: serde_json::Value,
) -> Reply {
    let mut request = client().post(format!("{url}{path}")).json(&body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    reply(request.send().await.expect("request")).await
}

async fn get(url: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = client().request(Method::GET, format!("{url}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    reply(request.send().await.expect("request")).await
}

async fn token(url: &str, account: &str) -> String {
    let body =
        json!({"appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAccount": account});
    post_json(url, "/api/account/token", &[], body).await.data()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn binary_prints_its_address_and_serves() {
    let server = spawn(&[]);
    let token = token(&server.url, "alice").await;
    let reply = get(&server.url, "/api/uctopic/topics", &[("token", &token)]).await;
    assert_eq!(reply.data(), &json!([]));
    let status = terminate(server);
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn binary_keeps_state_across_sigterm() {
    let path = temp_state_file();
    struct Cleanup<'a>(&'a Path);
    impl Drop for Cleanup<'_> {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(self.0);
        }
    }
    let _cleanup = Cleanup(&path);
    let state = path.to_str().unwrap();

    let server = spawn(&["--state", state]);
    let owner = token(&server.url, "owner").await;
    let reply = post_json(
        &server.url,
        "/api/uctopic",
        &[("token", &owner)],
        json!({"topicName": "persisted", "extra": "x"}),
    )
    .await;
    let topic = id(&reply.data()["topicId"]);
    let t = topic.to_string();
    let join = post_json(
        &server.url,
        &format!("/emulator/topics/{topic}/members"),
        &[],
        json!({"accounts": ["m1", "小米用户", "m3"]}),
    )
    .await;
    assert_eq!(join.data()["memberNum"], json!(4));
    let mute = post_json(
        &server.url,
        "/api/uctopic/forbidsendmsg",
        &[("token", &owner)],
        json!({"topicId": topic, "user": "m1", "forbidSeconds": 3600}),
    )
    .await;
    mute.data();
    let before = get(
        &server.url,
        "/api/uctopic/userlist",
        &[("token", &owner), ("topicId", &t)],
    )
    .await;
    let before_members = before.data()["members"].clone();
    let status = terminate(server);
    assert!(status.success(), "exit status after SIGTERM: {status:?}");
    assert!(path.exists(), "state saved to {}", path.display());

    let server = spawn(&["--state", state]);
    // The same token still works, and finds the same group with the same members.
    let reply = get(&server.url, "/api/uctopic/topics", &[("token", &owner)]).await;
    assert_eq!(
        reply
            .data()
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect::<Vec<_>>(),
        [topic]
    );
    let info = get(
        &server.url,
        "/api/uctopic/topic",
        &[("token", &owner), ("topicId", &t)],
    )
    .await;
    assert_eq!(info.data()["topicName"], json!("persisted"));
    assert_eq!(info.data()["ownerAccount"], json!("owner"));
    assert_eq!(info.data()["memberNum"], json!("4"));
    let after = get(
        &server.url,
        "/api/uctopic/userlist",
        &[("token", &owner), ("topicId", &t)],
    )
    .await;
    assert_eq!(after.data()["members"], before_members);
    // Known accounts keep their uuids; new accounts get new ones.
    let member = token(&server.url, "小米用户").await;
    let reply = get(&server.url, "/api/uctopic/topics", &[("token", &member)]).await;
    assert_eq!(reply.data().as_array().unwrap().len(), 1);
    let mutes = get(&server.url, &format!("/emulator/topics/{topic}/mutes"), &[]).await;
    assert_eq!(mutes.data()["mutes"][0]["account"], json!("m1"));
    // Only the owner may still delete it.
    let mut request = client()
        .delete(format!("{}/api/uctopic", server.url))
        .header("topicId", &t);
    request = request.header("token", &member);
    common::reply(request.send().await.unwrap())
        .await
        .fails(403);
    let status = terminate(server);
    assert!(status.success());
}

/// Runs `bin` with these flags to its exit: the exit code, stdout and stderr.
fn run_to_exit(bin: &str, flags: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(bin)
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{bin} starts: {e}"));
    // The texts are a few KB, well under a pipe's buffer: reading after the exit cannot block.
    exit_status(&mut child, &format!("with {flags:?}"));
    let output = child.wait_with_output().expect("output");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

/// The command line is defined once (`mimc_emulator::cli`): the native binary prints exactly
/// what it renders, and the command under test (with `MIMC_EMULATOR_BIN`, the npm package's)
/// prints exactly what the native binary does, byte for byte, with the same exit code.
#[test]
fn help_version_and_bad_flags_print_the_same_in_both_forms() {
    let native = env!("CARGO_BIN_EXE_mimc-emulator");
    let (bin, _) = command();
    for flags in [
        &["--help"][..],
        &["-h"],
        &["--version"],
        &["--port", "abc"],
        &["--bogus"],
        &["--prot", "1"],
        &["--app", "1:key"],
        &["--host", "localhost"],
        &["--wire-format", "xml"],
        &["--token-ttl", "9007199254740992"],
        &["--port", "1", "--port", "2"],
        &["positional"],
    ] {
        let exit = Cli::parse_args(flags).expect_err("not a command line that starts");
        let (stdout, stderr) = match exit.stderr {
            true => (String::new(), exit.text),
            false => (exit.text, String::new()),
        };
        let expected = (Some(i32::from(exit.code)), stdout, stderr);
        assert_eq!(run_to_exit(native, flags), expected, "native {flags:?}");
        if bin != native {
            assert_eq!(run_to_exit(&bin, flags), expected, "{bin} {flags:?}");
        }
    }
}
