//! Switchboard's UI, shared domain types and server functions.
//!
//! Compiled twice: natively with `ssr` (server rendering, server functions, SQL) and to
//! WebAssembly with `hydrate` (the same components, made interactive in the browser).

pub mod accounts;
pub mod admin;
pub mod app;
pub mod audit;
pub mod auth;
pub mod components;
pub mod customers;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod database;
pub mod error;
pub mod onboarding;
pub mod query_string;
pub mod subscriptions;
pub mod support;
pub mod sync;

pub use app::{App, shell};
pub use error::AppError;

/// The browser entry point: attaches the server-rendered page to the WebAssembly app.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
