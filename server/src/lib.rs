//! Switchboard's server: configuration, telemetry, database, HTTP routes and the Leptos app.

pub mod accounts;
pub mod auth;
pub mod background;
pub mod commands;
pub mod config;
pub mod database;
pub mod middleware;
pub mod partner_center;
pub mod router;
pub mod routes;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod sync;
pub mod telemetry;
