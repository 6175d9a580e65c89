//! The server under test: in this process, or a process of the command under test.

use mimc_emulator::Running;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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
