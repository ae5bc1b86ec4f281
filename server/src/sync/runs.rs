//! A run's life in `sync_runs`: started (or a previous full run resumed), checkpointed page by
//! page, then succeeded, interrupted (resumable) or failed. Every write after the start is
//! fenced by the owner, so an instance that lost its lock cannot write over its successor.

use super::{SyncError, staging};
use crate::partner_center::CallCounts;
use app::sync::Dataset;
use serde_json::Value;
use sqlx::{PgConnection, PgPool};
use std::sync::Arc;
use time::OffsetDateTime;
use uuid::Uuid;

/// A full run reads everything and detects deletions; an incremental one reads what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Full,
    Incremental,
}

impl RunKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Full => "full",
            RunKind::Incremental => "incremental",
        }
    }
}

/// Interrupted full runs younger than this are resumed; older ones start over (continuation
/// tokens and staged rows would be too old).
const RESUME_WITHIN_HOURS: i32 = 24;

#[derive(Debug, Clone)]
pub struct Run {
    pub id: Uuid,
    pub account_id: Uuid,
    pub dataset: Dataset,
    pub kind: RunKind,
    pub owner: Arc<str>,
    /// When the run first started (a resumed run keeps it: its first pages are that old).
    pub started_at: OffsetDateTime,
    /// When this attempt started (a "Sync now" made before it is answered by it).
    pub attempt_started_at: OffsetDateTime,
    /// Where a resumed run continues (`{}` for a new run).
    pub checkpoint: Value,
    /// Calls, 429s and retries of earlier attempts of a resumed run.
    pub earlier: CallCounts,
    pub attempts: i32,
}

/// Starts a run of `dataset`, resuming a recent interrupted full run if there is one. The
/// caller holds the account's lock, so a run still marked running has lost its owner.
pub async fn begin(
    pool: &PgPool,
    account_id: Uuid,
    dataset: Dataset,
    kind: RunKind,
    owner: &Arc<str>,
) -> Result<Run, SyncError> {
    let mut tx = pool.begin().await?;
    let attempt_started_at = sqlx::query_scalar!(r#"SELECT now() AS "now!""#)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE sync_runs SET state = 'interrupted', finished_at = now(),
                error = coalesce(error, 'the instance running it stopped')
         WHERE account_id = $1 AND dataset = $2 AND state = 'running'",
        account_id,
        dataset.as_str()
    )
    .execute(&mut *tx)
    .await?;
    let resumed = if kind == RunKind::Full {
        sqlx::query!(
            r#"UPDATE sync_runs SET state = 'running', owner = $3, attempts = attempts + 1,
                      heartbeat_at = now(), finished_at = NULL, error = NULL
               WHERE id = (SELECT id FROM sync_runs
                           WHERE account_id = $1 AND dataset = $2 AND kind = 'full' AND state = 'interrupted'
                             AND started_at > now() - make_interval(hours => $4)
                           ORDER BY started_at DESC LIMIT 1)
               RETURNING id, started_at, checkpoint, attempts, calls, throttled, retries"#,
            account_id,
            dataset.as_str(),
            owner.as_ref(),
            RESUME_WITHIN_HOURS,
        )
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| {
            (
                row.id,
                row.started_at,
                row.checkpoint,
                row.attempts,
                CallCounts {
                    calls: row.calls as u64,
                    throttled: row.throttled as u64,
                    retries: row.retries as u64,
                    ..CallCounts::default()
                },
            )
        })
    } else {
        None
    };
    // Whatever else was left interrupted is given up, with its staged rows.
    let abandoned = sqlx::query_scalar!(
        "UPDATE sync_runs SET state = 'failed', error = coalesce(error, 'abandoned')
         WHERE account_id = $1 AND dataset = $2 AND state = 'interrupted'
         RETURNING id",
        account_id,
        dataset.as_str()
    )
    .fetch_all(&mut *tx)
    .await?;
    staging::discard(&mut tx, &abandoned).await?;
    let (id, started_at, checkpoint, attempts, earlier) = match resumed {
        Some(resumed) => resumed,
        None => {
            let row = sqlx::query!(
                "INSERT INTO sync_runs (account_id, dataset, kind, state, owner)
                 VALUES ($1, $2, $3, 'running', $4) RETURNING id, started_at",
                account_id,
                dataset.as_str(),
                kind.as_str(),
                owner.as_ref()
            )
            .fetch_one(&mut *tx)
            .await?;
            (
                row.id,
                row.started_at,
                Value::Object(Default::default()),
                1,
                CallCounts::default(),
            )
        }
    };
    tx.commit().await?;
    Ok(Run {
        id,
        account_id,
        dataset,
        kind,
        attempt_started_at,
        owner: Arc::clone(owner),
        started_at,
        checkpoint,
        earlier,
        attempts,
    })
}

/// Progress of a run as the Sync page shows it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub pages: i32,
    pub items: i32,
    pub done: i32,
    pub total: Option<i32>,
}

/// Records a committed page: checkpoint, progress and call counters, in the caller's
/// transaction (the one that staged the page's rows).
pub async fn save_page(
    connection: &mut PgConnection,
    run: &Run,
    checkpoint: &Value,
    progress: Progress,
    counts: CallCounts,
) -> Result<(), SyncError> {
    let counts = total(run, counts);
    let updated = sqlx::query!(
        "UPDATE sync_runs SET checkpoint = $3, pages = pages + $4, items = items + $5, progress_done = $6,
                progress_total = $7, calls = $8, throttled = $9, retries = $10, heartbeat_at = now()
         WHERE id = $1 AND owner = $2 AND state = 'running'",
        run.id,
        run.owner.as_ref(),
        checkpoint,
        progress.pages,
        progress.items,
        progress.done,
        progress.total,
        counts.calls as i32,
        counts.throttled as i32,
        counts.retries as i32,
    )
    .execute(connection)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(SyncError::Fenced);
    }
    Ok(())
}

/// Marks the run succeeded (in the merge transaction) and drops its staged rows.
pub async fn succeed(
    connection: &mut PgConnection,
    run: &Run,
    counts: CallCounts,
    write_time: std::time::Duration,
    merge_time: std::time::Duration,
) -> Result<(), SyncError> {
    let counts = total(run, counts);
    let updated = sqlx::query!(
        "UPDATE sync_runs SET state = 'succeeded', finished_at = now(), heartbeat_at = now(),
                calls = $3, throttled = $4, retries = $5, progress_done = coalesce(progress_total, progress_done),
                write_ms = write_ms + $6, merge_ms = merge_ms + $7
         WHERE id = $1 AND owner = $2 AND state = 'running'",
        run.id,
        run.owner.as_ref(),
        counts.calls as i32,
        counts.throttled as i32,
        counts.retries as i32,
        write_time.as_millis() as i64,
        merge_time.as_millis() as i64,
    )
    .execute(&mut *connection)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(SyncError::Fenced);
    }
    staging::discard(connection, &[run.id]).await?;
    Ok(())
}

/// Marks the run stopped: a full run stays resumable (its staged rows kept); an incremental
/// one is dropped (the next one starts from the same watermark).
pub async fn stop(pool: &PgPool, run: &Run, error: &str, counts: CallCounts) -> Result<(), sqlx::Error> {
    let counts = total(run, counts);
    let state = match run.kind {
        RunKind::Full => "interrupted",
        RunKind::Incremental => "failed",
    };
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE sync_runs SET state = $3, finished_at = now(), error = $4, calls = $5, throttled = $6, retries = $7
         WHERE id = $1 AND owner = $2 AND state = 'running'",
        run.id,
        run.owner.as_ref(),
        state,
        error,
        counts.calls as i32,
        counts.throttled as i32,
        counts.retries as i32,
    )
    .execute(&mut *tx)
    .await?;
    if run.kind == RunKind::Incremental {
        staging::discard(&mut tx, &[run.id]).await?;
    }
    tx.commit().await
}

fn total(run: &Run, now: CallCounts) -> CallCounts {
    CallCounts {
        calls: run.earlier.calls + now.calls,
        throttled: run.earlier.throttled + now.throttled,
        retries: run.earlier.retries + now.retries,
        failed: now.failed,
        decode_errors: now.decode_errors,
    }
}
