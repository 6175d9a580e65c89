//! Client for Xiaomi MIMC's unlimited-group ("uctopic") REST API: a plain-Rust core and a thin wasm surface.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// A panic traps the wasm module and every call after it fails: data never unwraps or indexes.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
pub mod core;
#[cfg(all(target_arch = "wasm32", feature = "bindings"))]
pub mod wasm;

#[cfg(all(target_arch = "wasm32", feature = "bindings"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
