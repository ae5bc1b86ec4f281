//! Switchboard's server: configuration, telemetry, database, HTTP routes and the Leptos app.

pub mod config;
pub mod database;
pub mod middleware;
pub mod routes;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod telemetry;
