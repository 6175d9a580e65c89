//! The clock and the random source, handed in.

use rand::rngs::StdRng;
use rand::SeedableRng;

/// What the store needs from the world, handed in so the core does no I/O of its own: the
/// native server passes the system clock and OS randomness, the wasm build `Date.now()` and a
/// seed from `crypto.getRandomValues` (or the user's, for repeatable ids).
pub struct Env {
    /// The current unix second.
    pub clock: Box<dyn Fn() -> u64 + Send + Sync>,
    /// Where group ids and tokens come from.
    pub rng: StdRng,
}

impl Env {
    /// This clock, and randomness from this seed.
    pub fn new(clock: impl Fn() -> u64 + Send + Sync + 'static, seed: u64) -> Self {
        Env {
            clock: Box::new(clock),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// The system clock and OS randomness.
    #[cfg(feature = "server")]
    pub fn system() -> Self {
        Env {
            clock: Box::new(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0)
            }),
            rng: StdRng::from_os_rng(),
        }
    }
}
