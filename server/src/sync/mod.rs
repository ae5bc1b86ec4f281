//! The sync worker: copies every account's customers, subscriptions, orders, offers, budgets
//! and spend from Partner Center into Postgres, one job per dataset.
//!
//! - Full runs read everything, stage it page by page with a checkpoint (a crash resumes from
//!   the last committed page), then merge it into the live tables in one transaction, deleting
//!   what Partner Center no longer has. Readers see the previous complete data or the new one.
//! - Incremental runs re-read only the customers the activity log (AUD-01) names since the
//!   last run, through the same staging and merge, limited to those customers.
//! - Any number of instances may run workers: an instance holds a Postgres advisory lock on an
//!   account while it syncs it, and every run write is fenced by the run's owner.

mod changes;
mod fanout;
mod health;
mod jobs;
mod lock;
mod runs;
mod staging;
mod state;
mod worker;

pub use crate::background::WorkerHandle;
pub use runs::RunKind;
pub use worker::Worker;

use crate::accounts::{Account, Registry};
use crate::config::SyncSettings;
use crate::partner_center::PcError;
use app::sync::Dataset;
use sqlx::PgPool;
use std::sync::Arc;

/// Serves the accounts as stored now (added, changed, disabled in the portal, by any instance)
/// and creates the sync state of the new ones, so the worker schedules their first runs.
pub async fn refresh_accounts(pool: &PgPool, registry: &Registry) -> Result<(), sqlx::Error> {
    let fresh = registry.refresh().await?;
    register_accounts(pool, &fresh).await;
    Ok(())
}

/// Creates the sync state of `accounts`. Failures are logged; the next start-up retries.
pub(crate) async fn register_accounts(pool: &PgPool, accounts: &[Arc<Account>]) {
    for account in accounts {
        if let Err(error) = state::register(pool, account.id, account.cloud).await {
            tracing::error!(account = %account.name, error = %error, "cannot register the account's datasets");
        }
    }
}

/// Runs a full sync of one dataset of one account now, outside the worker's schedule (the
/// sync benchmark, one-off tools). Takes the account's lock like a worker would, so it never
/// overlaps a worker's runs; fails if an instance is syncing the account.
pub async fn run_now(
    pool: &PgPool,
    account: Arc<Account>,
    dataset: Dataset,
    settings: SyncSettings,
) -> Result<(), SyncError> {
    state::register(pool, account.id, account.cloud).await?;
    let Some(lock) = lock::AccountLock::try_acquire(pool, account.id).await? else {
        return Err(SyncError::Invalid(format!(
            "another instance is syncing {} right now",
            account.name
        )));
    };
    let (_keep_running, shutdown) = tokio::sync::watch::channel(false);
    let environment = jobs::JobEnvironment {
        pool: pool.clone(),
        settings: Arc::new(settings),
        owner: format!("run-now-{}", uuid::Uuid::new_v4().simple()).into(),
        shutdown,
    };
    let result = jobs::execute(&environment, account, dataset, RunKind::Full).await;
    lock.release().await;
    result
}

/// Why a run stopped before completing.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    PartnerCenter(#[from] PcError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Another instance took the run over (this one lost its lock).
    #[error("another instance now owns this run")]
    Fenced,
    /// The instance is shutting down; the run resumes elsewhere or after restart.
    #[error("interrupted by shutdown")]
    Interrupted,
    #[error("{0}")]
    Invalid(String),
}

impl SyncError {
    /// How long the account's circuit breaker refuses calls, when that is why the run stopped.
    pub fn circuit_wait(&self) -> Option<std::time::Duration> {
        match self {
            SyncError::PartnerCenter(PcError::CircuitOpen { retry_in }) => Some(*retry_in),
            _ => None,
        }
    }

    /// What the Sync page shows: the cause, without internals.
    pub fn message(&self) -> String {
        match self {
            SyncError::PartnerCenter(error) => error.to_string(),
            SyncError::Database(error) => format!("database error: {error}"),
            other => other.to_string(),
        }
    }
}
