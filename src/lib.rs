//! Client for Xiaomi MIMC's unlimited-group ("uctopic") REST API: a plain-Rust core and a thin wasm surface.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
pub mod core;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
