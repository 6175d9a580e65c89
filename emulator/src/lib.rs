//! A faithful local server of Xiaomi MIMC's unlimited-group ("uctopic") REST API, for offline
//! development and for tests. See the README for the admin API under `/emulator/`.

//!
//! The core is sans-IO: [`Emulator::receive`] and [`Emulator::respond`] turn a
//! [`exchange::Request`] into an [`exchange::Response`], with the clock and the random source
//! handed in ([`store::Env`]). The `server` feature (on by default) adds the axum server and the
//! binary; the npm package's wasm build uses the core alone.

pub mod admin;
pub mod api;
pub mod auth;
#[cfg(feature = "cli")]
pub mod cli;
pub mod counts;
pub mod exchange;
pub mod faults;
pub mod journal;
pub mod router;
#[cfg(feature = "server")]
pub mod server;
pub mod store;
pub mod users;
pub mod wire;

#[cfg(feature = "server")]
pub use server::{service, start, Running};

use std::sync::{Arc, Mutex, MutexGuard};
use store::{AppCredentials, Store};
use wire::WireFormat;

/// The default app, so nobody needs to configure one to start.
pub const DEFAULT_APP: (&str, &str, &str) =
    ("2882303761517000001", "emulator-key", "emulator-secret");

/// The emulator's shared state.
pub struct Emulator {
    store: Mutex<Store>,
    pub(crate) wire: Mutex<WireFormat>,
    pub(crate) faults: Mutex<Vec<faults::Fault>>,
    pub(crate) requests: Mutex<counts::Counter>,
    pub(crate) journal: Mutex<journal::Journal>,
}

impl Emulator {
    /// An emulator over this store, answering in this wire format.
    pub fn new(store: Store, wire: WireFormat) -> Arc<Self> {
        Arc::new(Emulator {
            store: Mutex::new(store),
            wire: Mutex::new(wire),
            faults: Mutex::default(),
            requests: Mutex::new(counts::Counter::new(journal::CAPACITY)),
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
    /// the oldest, and counts for at most this many routes and topic ids that are not the API's
    /// or a group's: tests of the caps need not send ten thousand requests.
    pub fn set_journal_capacity(&self, capacity: usize) {
        // In the router's order.
        let mut counts = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        let mut journal = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        counts.set_capacity(capacity);
        journal.set_capacity(capacity);
    }

    /// How many journal entries are kept.
    pub fn journal_capacity(&self) -> usize {
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .capacity()
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
