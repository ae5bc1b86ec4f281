//! One job per dataset. Each reads Partner Center into `sync_staging` and ends with one
//! transaction that merges the staged rows into the live tables, marks the run succeeded and
//! moves the dataset's "as of" forward.

mod budgets;
mod customer_details;
mod customers;
mod offers;
mod orders;
mod provisioning;
mod spend;
mod subscriptions;
mod users;

use super::lock::lock_merges;
use super::runs::{self, Progress, Run, RunKind};
use super::staging::{self, StagedRow, stage};
use super::{SyncError, state};
use crate::accounts::Account;
use crate::config::SyncSettings;
use crate::partner_center::{CallStats, PartnerCenter};
use app::sync::Dataset;
use serde_json::Value;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::sync::watch;
use uuid::Uuid;

/// What a running job can reach.
pub struct JobContext {
    pub pool: PgPool,
    pub account: Arc<Account>,
    pub run: Run,
    /// This run's calls (the account's client counts them too).
    pub stats: CallStats,
    pub settings: Arc<SyncSettings>,
    shutdown: watch::Receiver<bool>,
    /// Time spent writing this attempt's pages, and when its merge began.
    write_time: Mutex<Duration>,
    merge_started: Mutex<Option<Instant>>,
}

impl JobContext {
    pub fn client(&self) -> &PartnerCenter {
        &self.account.client
    }

    pub fn account_id(&self) -> Uuid {
        self.account.id
    }

    /// Stops a run at a page boundary when the instance is shutting down.
    pub fn check_shutdown(&self) -> Result<(), SyncError> {
        if *self.shutdown.borrow() {
            Err(SyncError::Interrupted)
        } else {
            Ok(())
        }
    }

    /// Records a committed page in the caller's transaction.
    pub async fn save_page(
        &self,
        connection: &mut PgConnection,
        checkpoint: &Value,
        progress: Progress,
    ) -> Result<(), SyncError> {
        runs::save_page(connection, &self.run, checkpoint, progress, self.stats.snapshot()).await
    }

    /// Stages a page's rows and records its checkpoint and progress in one transaction.
    pub async fn commit_page(
        &self,
        rows: &[StagedRow],
        checkpoint: &impl serde::Serialize,
        done: i32,
        total: Option<i32>,
    ) -> Result<(), SyncError> {
        let started = Instant::now();
        let mut tx = self.pool.begin().await?;
        // A page does not wait for its commit to reach the disk: a page a database crash loses
        // is lost together with its checkpoint (same transaction), so the run reads it again.
        sqlx::query!("SET LOCAL synchronous_commit = off")
            .execute(&mut *tx)
            .await?;
        let staged = stage(&mut tx, &self.run, rows).await?;
        let progress = Progress {
            pages: 1,
            items: staged as i32,
            done,
            total,
        };
        let position = serde_json::to_value(checkpoint).expect("checkpoints serialise");
        self.save_page(&mut tx, &position, progress).await?;
        tx.commit().await?;
        *self.write_time.lock().expect("write time") += started.elapsed();
        Ok(())
    }

    /// Begins the transaction that merges the staged rows into the live tables.
    pub async fn begin_merge(&self) -> Result<Transaction<'static, Postgres>, SyncError> {
        *self.merge_started.lock().expect("merge start") = Some(Instant::now());
        let full = is_full(&self.run);
        if full {
            // The run has just staged up to hundreds of thousands of rows the planner has no
            // statistics for (analysed outside the merge, so its lock is not held through it).
            // Incremental runs stage a few rows and skip this.
            staging::analyze(&mut *self.pool.acquire().await?, self.run.dataset).await?;
        }
        let mut tx = self.pool.begin().await?;
        lock_merges(&mut tx, self.account_id()).await?;
        // A merge's time goes to index upkeep, which compiled expressions do not speed up, and
        // its estimates can pass JIT's threshold (more so with nested loops disabled below, whose
        // penalty counts as cost): compiling then took 150-250 ms per statement, triggers' too.
        sqlx::query!("SET LOCAL jit = off").execute(&mut *tx).await?;
        // Room for the hash joins over whole datasets and the statement triggers' copies of the
        // rows written (transition tables), which spill to temporary files beyond work_mem.
        sqlx::query!("SET LOCAL work_mem = '64MB'")
            .execute(&mut *tx)
            .await?;
        if full {
            // A full merge joins whole datasets. Statistics of the live tables can be stale
            // (read before the previous run marked its customers), and a nested loop chosen on
            // an estimate of one row turned a one-second merge into minutes (measured: 572 s for
            // 40,000 subscriptions). Hash joins are right at every size here.
            sqlx::query!("SET LOCAL enable_nestloop = off")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    /// Ends the run in `tx` (which holds the merge): run succeeded, dataset complete.
    pub async fn complete(
        &self,
        mut tx: Transaction<'_, Postgres>,
        items: i64,
        watermark: Option<OffsetDateTime>,
    ) -> Result<(), SyncError> {
        let schedule = state::schedule(&self.settings.schedule, self.run.dataset);
        state::succeed(&mut tx, &self.run, schedule, items, watermark).await?;
        let merge = self
            .merge_started
            .lock()
            .expect("merge start")
            .map(|started| started.elapsed())
            .unwrap_or_default();
        // The commit is part of the write; it is estimated by the merge so far.
        let write_time = *self.write_time.lock().expect("write time") + merge;
        runs::succeed(&mut tx, &self.run, self.stats.snapshot(), write_time, merge).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The activity-log position incremental runs of this dataset start from.
    pub async fn watermark(&self) -> Result<OffsetDateTime, SyncError> {
        state::watermark(&self.pool, self.account_id(), self.run.dataset)
            .await?
            .ok_or_else(|| SyncError::Invalid("no complete full run to continue from".into()))
    }
}

/// Everything a run needs besides its dataset and kind.
#[derive(Clone)]
pub struct JobEnvironment {
    pub pool: PgPool,
    pub settings: Arc<SyncSettings>,
    pub owner: Arc<str>,
    pub shutdown: watch::Receiver<bool>,
}

/// Runs `dataset` for `account` once, recording success or failure.
pub async fn execute(
    environment: &JobEnvironment,
    account: Arc<Account>,
    dataset: Dataset,
    kind: RunKind,
) -> Result<(), SyncError> {
    let pool = environment.pool.clone();
    let run = runs::begin(&pool, account.id, dataset, kind, &environment.owner).await?;
    tracing::info!(account = %account.name, dataset = dataset.as_str(), kind = kind.as_str(), run = %run.id, attempt = run.attempts, "sync run started");
    let ctx = JobContext {
        pool,
        account,
        run,
        stats: CallStats::default(),
        settings: Arc::clone(&environment.settings),
        shutdown: environment.shutdown.clone(),
        write_time: Mutex::new(Duration::ZERO),
        merge_started: Mutex::new(None),
    };
    let result = match dataset {
        Dataset::Customers => customers::run(&ctx).await,
        Dataset::Profiles => customer_details::run_profiles(&ctx).await,
        Dataset::Subscriptions => subscriptions::run(&ctx).await,
        Dataset::Orders => orders::run(&ctx).await,
        Dataset::Provisioning => provisioning::run(&ctx).await,
        Dataset::Offers => offers::run(&ctx).await,
        Dataset::Budgets => budgets::run(&ctx).await,
        Dataset::Spend => spend::run(&ctx).await,
        Dataset::Users => users::run(&ctx).await,
    };
    let counts = ctx.stats.snapshot();
    match &result {
        Ok(()) => {
            tracing::info!(account = %ctx.account.name, dataset = dataset.as_str(), run = %ctx.run.id, calls = counts.calls, throttled = counts.throttled, "sync run succeeded");
        }
        Err(error) => {
            let message = error.message();
            runs::stop(&ctx.pool, &ctx.run, &message, counts).await?;
            if !matches!(error, SyncError::Interrupted | SyncError::Fenced) {
                state::fail(&ctx.pool, &ctx.run, &message, error.circuit_wait()).await?;
            }
            tracing::warn!(account = %ctx.account.name, dataset = dataset.as_str(), run = %ctx.run.id, calls = counts.calls, error = %message, "sync run stopped");
        }
    }
    result
}

/// The watermark a completed run leaves: changes after its start are for the next run.
fn watermark_of(run: &Run) -> Option<OffsetDateTime> {
    Some(run.started_at)
}

/// Whether the run reads everything.
fn is_full(run: &Run) -> bool {
    run.kind == RunKind::Full
}
