//! `mimc-emulator`: serve the MIMC uctopic API locally.

use clap::Parser;
use mimc_emulator::store::{AppCredentials, Env, Snapshot, Store};
use mimc_emulator::wire::WireFormat;
use mimc_emulator::{default_app, Emulator};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A faithful local server of Xiaomi MIMC's unlimited-group (uctopic) REST API.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one (the first line printed says which).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// An app as ID:KEY:SECRET (repeatable); replaces the default app.
    #[arg(long = "app", value_parser = parse_app)]
    apps: Vec<AppCredentials>,
    /// Lifetime of issued tokens, in seconds.
    #[arg(long, default_value_t = 86_400)]
    token_ttl: u64,
    /// The JSON forms of ids, counts and isEnd in answers.
    #[arg(long, value_enum, default_value_t = WireFormat::Documented)]
    wire_format: WireFormat,
    /// Load state from this JSON file at start and save it there on shutdown.
    #[arg(long)]
    state: Option<PathBuf>,
}

fn parse_app(text: &str) -> Result<AppCredentials, String> {
    match text.splitn(3, ':').collect::<Vec<_>>()[..] {
        [id, key, secret] if !id.is_empty() && !key.is_empty() && !secret.is_empty() => {
            Ok(AppCredentials {
                id: id.into(),
                key: key.into(),
                secret: secret.into(),
            })
        }
        _ => Err("expected ID:KEY:SECRET".into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("mimc-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let apps = if cli.apps.is_empty() {
        vec![default_app()]
    } else {
        cli.apps
    };
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
    // Tests parse this first line: keep it exactly so.
    println!("mimc-emulator listening on {}", running.url());
    for app in emulator.store().apps() {
        println!(
            "app: appId={} appKey={} appSecret={}",
            app.id, app.key, app.secret
        );
    }
    println!("wire format: {:?}; press Ctrl-C to stop", cli.wire_format);
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
