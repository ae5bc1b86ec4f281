//! Plain axum routes (everything that is not a Leptos page or server function).

pub mod health;
pub mod status;
