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

#[tokio::test]
async fn binary_prints_its_address_and_serves() {
    let server = Emu::over(spawn(&[]));
    let token = server.token("alice").await;
    let reply = server
        .call(
            Method::GET,
            "/api/uctopic/topics",
            Auth::Token(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(reply.data(), &json!([]));
    let status = terminate(server.into_spawned());
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

    let server = Emu::over(spawn(&["--state", state]));
    let owner = server.token("owner").await;
    let reply = server
        .call(
            Method::POST,
            "/api/uctopic",
            Auth::Token(&owner),
            &[],
            Some(&json!({"topicName": "persisted", "extra": "x"})),
        )
        .await;
    let topic = id(&reply.data()["topicId"]);
    let t = topic.to_string();
    let join = server
        .join(topic, &["m1".into(), "小米用户".into(), "m3".into()])
        .await;
    assert_eq!(join["memberNum"], json!(4));
    let mute = server
        .call(
            Method::POST,
            "/api/uctopic/forbidsendmsg",
            Auth::Token(&owner),
            &[],
            Some(&json!({"topicId": topic, "user": "m1", "forbidSeconds": 3600})),
        )
        .await;
    mute.data();
    let before = server
        .get_topic("/api/uctopic/userlist", Auth::Token(&owner), topic)
        .await;
    let before_members = before.data()["members"].clone();
    let status = terminate(server.into_spawned());
    assert!(status.success(), "exit status after SIGTERM: {status:?}");
    assert!(path.exists(), "state saved to {}", path.display());

    let server = Emu::over(spawn(&["--state", state]));
    // The same token still works, and finds the same group with the same members.
    let reply = server
        .call(
            Method::GET,
            "/api/uctopic/topics",
            Auth::Token(&owner),
            &[],
            None,
        )
        .await;
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
    let info = server
        .get_topic("/api/uctopic/topic", Auth::Token(&owner), topic)
        .await;
    assert_eq!(info.data()["topicName"], json!("persisted"));
    assert_eq!(info.data()["ownerAccount"], json!("owner"));
    assert_eq!(info.data()["memberNum"], json!("4"));
    let after = server
        .get_topic("/api/uctopic/userlist", Auth::Token(&owner), topic)
        .await;
    assert_eq!(after.data()["members"], before_members);
    // Known accounts keep their uuids; new accounts get new ones.
    let member = server.token("小米用户").await;
    let reply = server
        .call(
            Method::GET,
            "/api/uctopic/topics",
            Auth::Token(&member),
            &[],
            None,
        )
        .await;
    assert_eq!(reply.data().as_array().unwrap().len(), 1);
    let mutes = server
        .admin(
            Method::GET,
            &format!("/emulator/topics/{topic}/mutes"),
            None,
        )
        .await;
    assert_eq!(mutes.data()["mutes"][0]["account"], json!("m1"));
    // Only the owner may still delete it.
    server
        .call(
            Method::DELETE,
            "/api/uctopic",
            Auth::Token(&member),
            &[("topicId", &t)],
            None,
        )
        .await
        .fails(403);
    let status = terminate(server.into_spawned());
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
