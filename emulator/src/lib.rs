//! A faithful local server of Xiaomi MIMC's unlimited-group ("uctopic") REST API, for offline
//! development and for tests. See the README for the admin API under `/emulator/`.

pub mod admin;
pub mod api;
pub mod auth;
pub mod faults;
pub mod journal;
pub mod store;
pub mod users;
pub mod wire;

use axum::Router;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use store::{AppCredentials, Store};
use tower::Layer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::normalize_path::NormalizePathLayer;
use wire::WireFormat;

/// The default app, so nobody needs to configure one to start.
pub const DEFAULT_APP: (&str, &str, &str) =
    ("2882303761517000001", "emulator-key", "emulator-secret");

/// The emulator's shared state.
pub struct Emulator {
    store: Mutex<Store>,
    wire: Mutex<WireFormat>,
    faults: Mutex<Vec<faults::Fault>>,
    requests: Mutex<faults::RequestCounts>,
    journal: Mutex<journal::Journal>,
}

impl Emulator {
    /// An emulator over this store, answering in this wire format.
    pub fn new(store: Store, wire: WireFormat) -> Arc<Self> {
        Arc::new(Emulator {
            store: Mutex::new(store),
            wire: Mutex::new(wire),
            faults: Mutex::default(),
            requests: Mutex::default(),
            journal: Mutex::default(),
        })
    }

    /// The store, locked: one lock makes every request atomic, so no update is lost.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        // A panicking handler cannot leave the store half-changed (each operation checks before
        // it writes), so a poisoned lock is still safe to use.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps at most this many journal entries ([`journal::CAPACITY`] unless changed), dropping
    /// the oldest: tests of the cap need not send ten thousand requests.
    pub fn set_journal_capacity(&self, capacity: usize) {
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .set_capacity(capacity);
    }

    /// The wire format answers use now.
    pub fn wire(&self) -> WireFormat {
        *self.wire.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The default app's credentials.
pub fn default_app() -> AppCredentials {
    AppCredentials {
        id: DEFAULT_APP.0.into(),
        key: DEFAULT_APP.1.into(),
        secret: DEFAULT_APP.2.into(),
    }
}

/// The HTTP service: the API, the admin API, CORS and trailing-slash tolerance.
pub fn service(
    emu: Arc<Emulator>,
) -> axum::routing::IntoMakeService<tower_http::normalize_path::NormalizePath<Router>> {
    let api = api::routes().layer(axum::middleware::from_fn_with_state(
        emu.clone(),
        faults::middleware,
    ));
    let admin = admin::routes();
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any)
        .expose_headers(Any)
        .max_age(std::time::Duration::from_secs(600));
    let router = Router::new()
        .merge(admin)
        .merge(api)
        .layer(cors)
        .with_state(emu);
    // Trailing slashes are trimmed before routing: real clients send both forms.
    axum::ServiceExt::<axum::extract::Request>::into_make_service(
        NormalizePathLayer::trim_trailing_slash().layer(router),
    )
}

/// A running emulator.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state, for tests and for saving on shutdown.
    pub emulator: Arc<Emulator>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The base URL, `http://HOST:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Binds and serves in the background.
pub async fn start(addr: SocketAddr, emulator: Arc<Emulator>) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let service = service(emulator.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    Ok(Running {
        addr,
        emulator,
        shutdown: Some(tx),
        task,
    })
}
