//! `GET /healthz` (liveness, always 200 while the process answers) and `GET /readyz`
//! (readiness: 503 while the database is unreachable or the process is draining).
//!
//! `/healthz` is public (load balancers), so per account it says only the id and the state:
//! no names, no counts, no error text.

use crate::accounts::Registry;
use crate::state::{AppState, Lifecycle};
use app::accounts::AccountHealth;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest time a health check waits for the database.
const DATABASE_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The `/healthz` body.
#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub uptime_seconds: u64,
    pub database: DatabaseHealth,
    pub accounts: Vec<AccountStatus>,
}

/// One Partner Center account on `/healthz`.
#[derive(Debug, Serialize)]
pub struct AccountStatus {
    pub id: uuid::Uuid,
    pub status: AccountHealth,
}

/// Whether `SELECT 1` succeeded, and how long it took.
#[derive(Debug, Serialize)]
pub struct DatabaseHealth {
    pub reachable: bool,
    pub latency_ms: Option<f64>,
}

/// The `/readyz` body.
#[derive(Debug, Serialize)]
pub struct Readiness {
    pub ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

pub async fn healthz(
    State(pool): State<PgPool>,
    State(lifecycle): State<Lifecycle>,
    State(registry): State<Arc<Registry>>,
) -> Json<Health> {
    let database = probe_database(&pool).await;
    let accounts = account_statuses(&pool, &registry, database.reachable).await;
    Json(Health {
        status: if database.reachable { "ok" } else { "degraded" },
        version: env!("CARGO_PKG_VERSION"),
        uptime_seconds: lifecycle.uptime_seconds(),
        database,
        accounts,
    })
}

/// What every instance's workers last published to the database; while the database cannot
/// be read, what this instance's own clients observe.
async fn account_statuses(
    pool: &PgPool,
    registry: &Registry,
    database_reachable: bool,
) -> Vec<AccountStatus> {
    if database_reachable {
        let health =
            tokio::time::timeout(DATABASE_PROBE_TIMEOUT, app::sync::queries::account_health(pool)).await;
        if let Ok(Ok(health)) = health {
            return health
                .into_iter()
                .map(|(id, status)| AccountStatus { id, status })
                .collect();
        }
    }
    registry
        .accounts()
        .iter()
        .map(|account| AccountStatus {
            id: account.id,
            status: account.client.health(),
        })
        .collect()
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let reason = if state.lifecycle.is_draining() {
        Some("shutting down")
    } else if !probe_database(&state.pool).await.reachable {
        Some("database unreachable")
    } else {
        None
    };
    let status = if reason.is_some() {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (
        status,
        Json(Readiness {
            ready: reason.is_none(),
            reason,
        }),
    )
}

async fn probe_database(pool: &PgPool) -> DatabaseHealth {
    let started = Instant::now();
    let probe = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(pool);
    match tokio::time::timeout(DATABASE_PROBE_TIMEOUT, probe).await {
        Ok(Ok(_)) => DatabaseHealth {
            reachable: true,
            latency_ms: Some((started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0),
        },
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "health check: database query failed");
            DatabaseHealth {
                reachable: false,
                latency_ms: None,
            }
        }
        Err(_) => {
            tracing::warn!(
                timeout_ms = DATABASE_PROBE_TIMEOUT.as_millis() as u64,
                "health check: database timed out"
            );
            DatabaseHealth {
                reachable: false,
                latency_ms: None,
            }
        }
    }
}
