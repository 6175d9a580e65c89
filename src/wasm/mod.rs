//! The only Rust that touches JavaScript: the exported surface and the fetch transport.

pub mod client;
pub mod convert;
pub mod cursor;
pub mod fetch;
pub mod glue;
pub mod normal;
pub mod options;
pub mod transport;
