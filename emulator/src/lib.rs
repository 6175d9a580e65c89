//! A faithful local server of Xiaomi MIMC's group REST API, unlimited ("uctopic") and normal
//! (`/api/topic`) groups, for offline development and for tests. See the README for the admin API under `/emulator/`.

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
pub mod handler;
pub mod journal;
pub mod normal;
pub mod pipeline;
pub mod router;
#[cfg(feature = "server")]
pub mod server;
pub mod shapes;
pub mod state;
pub mod store;
pub mod users;
pub mod wire;

#[cfg(feature = "server")]
pub use server::{service, start, Running};

pub use state::{Emulator, State};
use store::AppCredentials;

/// The default app, so nobody needs to configure one to start.
pub const DEFAULT_APP: (&str, &str, &str) =
    ("2882303761517000001", "emulator-key", "emulator-secret");

/// The default app's credentials.
pub fn default_app() -> AppCredentials {
    AppCredentials {
        id: DEFAULT_APP.0.into(),
        key: DEFAULT_APP.1.into(),
        secret: DEFAULT_APP.2.into(),
    }
}
