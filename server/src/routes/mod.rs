//! Plain axum routes (everything that is not a Leptos page or server function).

pub mod account_consent;
pub mod audit_export;
mod csv;
pub mod customers_export;
pub mod health;
pub mod status;
