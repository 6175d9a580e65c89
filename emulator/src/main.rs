//! `mimc-emulator`: serve the MIMC uctopic API locally.

use mimc_emulator::cli::{self, Cli};
use mimc_emulator::store::{Env, Snapshot, Store};
use mimc_emulator::Emulator;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::parse_args(std::env::args_os().skip(1)) {
        Ok(cli) => cli,
        Err(exit) => {
            let _ = match exit.stderr {
                true => std::io::stderr().write_all(exit.text.as_bytes()),
                false => std::io::stdout().write_all(exit.text.as_bytes()),
            };
            return ExitCode::from(exit.code);
        }
    };
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("mimc-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let apps = cli.apps();
    let store = match &cli.state {
        Some(path) if path.exists() => {
            let snapshot = load(path)?;
            Store::restore(snapshot, &apps, cli.token_ttl, Env::system())
        }
        _ => Store::new(&apps, cli.token_ttl, Env::system()),
    };
    let emulator = Emulator::new(store, cli.wire_format);
    let running = mimc_emulator::start(SocketAddr::new(cli.host, cli.port), emulator.clone())
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", cli.host, cli.port))?;
    print!("{}", cli::banner(&running.url(), &emulator));
    shutdown_signal().await;
    running
        .stop()
        .await
        .map_err(|e| format!("server error: {e}"))?;
    if let Some(path) = &cli.state {
        save(path, &emulator.store().snapshot())?;
        eprintln!("mimc-emulator: state saved to {}", path.display());
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

fn load(path: &Path) -> Result<Snapshot, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&text).map_err(|e| format!("{} is not a snapshot: {e}", path.display()))
}

/// Writes to a temporary file beside the target, then renames: a crash never leaves half a file.
fn save(path: &Path, snapshot: &Snapshot) -> Result<(), String> {
    let json = serde_json::to_vec(snapshot).map_err(|e| format!("cannot serialise state: {e}"))?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, json).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {}: {e}", path.display()))
}
