//! The plain-Rust core: requests, validation, decoding and paging, with no JavaScript in sight.
//! One module per resource (its inputs, requests, answers and tests), and small shared ones.

/// Credentials and the headers that carry them.
pub mod auth;
/// Every endpoint of every resource, for tests to enumerate.
pub mod endpoints;
/// The `{code, message, data}` envelope and the error each failure is.
pub mod envelope;
/// The library's error type.
pub mod error;
/// Groups: create, update, delete, info, my groups, online count, mute.
pub mod groups;
/// The calls and the transport-neutral requests they become.
pub mod http;
/// JSON text: a parser that keeps numbers exact, and the writing of bodies.
pub mod json;
/// Members: one page, and the walk over all of them.
pub mod members;
/// Normal groups: create, info, my groups, invite, kick, quit, update, dismiss.
pub mod normal;
/// Routes and documented limits, shared with the emulator.
pub mod protocol;
/// Which failures are retried, and the wait before each retry.
pub mod retry;
/// The declared shapes: their keys, readers and writers.
pub mod shape;
/// The token service.
pub mod token;
/// Input rules checked before sending.
pub mod validate;
/// Wire forms: ids, counts, flags and text, read leniently and written exactly.
pub mod wire;

pub use error::{Error, ErrorKind, Result};
