//! What every handler can reach: Leptos options, the pool, and process facts for health checks.

use crate::accounts::Registry;
use crate::auth::Auth;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Shared application state (cheap to clone).
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub lifecycle: Lifecycle,
    /// The accounts this instance serves, with their clients.
    pub registry: Arc<Registry>,
    /// Whether the accounts are the embedded simulator's (demo mode).
    pub demo: bool,
    /// Staff sign-in.
    pub auth: Arc<Auth>,
}

/// When the process started and whether it is draining for shutdown.
#[derive(Clone)]
pub struct Lifecycle {
    started_at: Instant,
    draining: Arc<AtomicBool>,
}

impl Lifecycle {
    pub fn new() -> Self {
        Lifecycle {
            started_at: Instant::now(),
            draining: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn uptime_seconds(&self) -> u64 {
        self.started_at.elapsed().as_secs()
    }

    /// Marks the process as shutting down: `/readyz` answers 503 from now on.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self::new()
    }
}
