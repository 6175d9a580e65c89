//! The plain-Rust core: requests, validation, decoding and paging, with no JavaScript in sight.

/// Credentials and the headers that carry them.
pub mod auth;
/// Response envelopes and data models.
pub mod decode;
/// Request builders, one per endpoint.
pub mod endpoint;
/// The library's error type.
pub mod error;
/// 64-bit ids and lenient serde helpers.
pub mod ids;
/// JSON text for results and request bodies.
pub mod json;
/// The member-listing state machine.
pub mod paging;
/// Which failures are retried, and the wait before each retry.
pub mod retry;
/// Input rules checked before sending.
pub mod validate;

pub use error::{Error, ErrorKind, Result};
