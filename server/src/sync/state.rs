//! `sync_state`: per account and dataset, what is complete ("as of"), what failed, and when the
//! next full or incremental run is due.

use super::runs::{Run, RunKind};
use crate::config::{Schedule, Schedules};
use app::accounts::Cloud;
use app::sync::Dataset;
use sqlx::{PgConnection, PgPool};
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

/// Creates the state rows of every dataset the account's cloud offers.
pub async fn register(pool: &PgPool, account_id: Uuid, cloud: Cloud) -> Result<(), sqlx::Error> {
    let datasets: Vec<&str> = Dataset::ALL
        .into_iter()
        .filter(|dataset| dataset.available_in(cloud))
        .map(Dataset::as_str)
        .collect();
    sqlx::query!(
        "INSERT INTO sync_state (account_id, dataset) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
        account_id,
        &datasets as &[&str]
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub fn schedule(schedules: &Schedules, dataset: Dataset) -> Schedule {
    match dataset {
        Dataset::Customers => schedules.customers,
        Dataset::Profiles => schedules.profiles,
        Dataset::Subscriptions => schedules.subscriptions,
        Dataset::Orders => schedules.orders,
        Dataset::Provisioning => schedules.provisioning,
        Dataset::Offers => schedules.offers,
        Dataset::Budgets => schedules.budgets,
        Dataset::Spend => schedules.spend,
        Dataset::Users => schedules.users,
    }
}

/// The accounts among `accounts` with a run due now (dependencies aside).
pub async fn accounts_due(pool: &PgPool, accounts: &[Uuid]) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT DISTINCT account_id AS "account_id!" FROM sync_state
           WHERE account_id = ANY($1)
             AND (next_full_at <= now() OR next_incremental_at <= now() OR requested_at IS NOT NULL)"#,
        accounts
    )
    .fetch_all(pool)
    .await
}

/// The runs due for an account now, skipping `busy` datasets and those whose prerequisite has
/// never completed. Failed runs wait for their backoff (`next_*_at`) unless "Sync now" asks.
pub async fn due(
    pool: &PgPool,
    account_id: Uuid,
    busy: &[Dataset],
) -> Result<Vec<(Dataset, RunKind)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT s.dataset, s.next_full_at <= now() AS "full_due!", s.next_incremental_at <= now() AS "incremental_due",
                  s.requested_at IS NOT NULL AS "requested!", s.last_full_success_at IS NOT NULL AS "completed!",
                  EXISTS (SELECT 1 FROM sync_runs r WHERE r.account_id = s.account_id AND r.dataset = s.dataset
                          AND r.kind = 'full' AND r.state = 'interrupted') AS "interrupted!"
           FROM sync_state s WHERE s.account_id = $1"#,
        account_id
    )
    .fetch_all(pool)
    .await?;
    let completed = |dataset: Dataset| {
        rows.iter()
            .any(|row| row.dataset == dataset.as_str() && row.completed)
    };
    Ok(rows
        .iter()
        .filter_map(|row| {
            let dataset = Dataset::parse(&row.dataset)?;
            if busy.contains(&dataset) || dataset.requires().is_some_and(|required| !completed(required)) {
                return None;
            }
            // Until a full run completes (or while one waits to be resumed), every run is full.
            let full_needed = !row.completed || row.interrupted;
            if row.requested || row.full_due {
                Some((dataset, RunKind::Full))
            } else if row.incremental_due == Some(true) {
                Some((
                    dataset,
                    if full_needed {
                        RunKind::Full
                    } else {
                        RunKind::Incremental
                    },
                ))
            } else {
                None
            }
        })
        .collect())
}

/// How long until the account's next run is due (`None`: nothing scheduled).
pub async fn next_due_in(pool: &PgPool, account_id: Uuid) -> Result<Option<Duration>, sqlx::Error> {
    let seconds = sqlx::query_scalar!(
        r#"SELECT extract(epoch FROM min(least(next_full_at, coalesce(next_incremental_at, next_full_at)) - now()))::float8
           FROM sync_state WHERE account_id = $1"#,
        account_id
    )
    .fetch_one(pool)
    .await?;
    Ok(seconds.map(|seconds| Duration::from_secs_f64(seconds.max(0.0))))
}

/// Records a completed run in the merge transaction: a full run makes the data complete as
/// of its start; an incremental one advances that only past data already complete. A "Sync now"
/// made before this attempt started is answered.
pub async fn succeed(
    connection: &mut PgConnection,
    run: &Run,
    schedule: Schedule,
    items: i64,
    watermark: Option<OffsetDateTime>,
) -> Result<(), sqlx::Error> {
    let full = run.kind == RunKind::Full;
    sqlx::query!(
        "UPDATE sync_state SET
             as_of = CASE WHEN $3 OR as_of IS NOT NULL THEN greatest(as_of, $4) END,
             last_success_at = now(),
             last_full_success_at = CASE WHEN $3 THEN now() ELSE last_full_success_at END,
             last_error = NULL, last_error_at = NULL, failures = 0,
             next_full_at = CASE WHEN $3 THEN now() + make_interval(mins => $5) ELSE next_full_at END,
             next_incremental_at = CASE WHEN $6::float8 > 0 THEN now() + make_interval(secs => $6::float8) END,
             requested_at = CASE WHEN requested_at <= $9 THEN NULL ELSE requested_at END,
             watermark = greatest(watermark, $7),
             items = $8
         WHERE account_id = $1 AND dataset = $2",
        run.account_id,
        run.dataset.as_str(),
        full,
        run.started_at,
        schedule.full_minutes as i32,
        f64::from(schedule.incremental_seconds),
        watermark,
        items as i32,
        run.attempt_started_at,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Records a failed run and when to try again: one minute, doubling per consecutive failure,
/// at most half an hour. A "Sync now" answered by this attempt is cleared, so a failing
/// account is not retried in a tight loop. A run refused by the account's open circuit
/// breaker (`retry_in`) is not the dataset's failure: it stays requested, is not counted, and
/// is due again when the circuit lets calls through.
pub async fn fail(
    pool: &PgPool,
    run: &Run,
    message: &str,
    retry_in: Option<std::time::Duration>,
) -> Result<(), sqlx::Error> {
    let counted = retry_in.is_none();
    let retry_seconds = retry_in.map(|wait| wait.as_secs_f64());
    sqlx::query!(
        "UPDATE sync_state SET
             last_error = $3, last_error_at = now(), failures = failures + $6::int,
             next_full_at = CASE WHEN $4 THEN coalesce(now() + make_interval(secs => $7::float8), now() + least(interval '30 minutes', interval '1 minute' * power(2, failures))) ELSE next_full_at END,
             next_incremental_at = CASE WHEN NOT $4 THEN coalesce(now() + make_interval(secs => $7::float8), now() + least(interval '30 minutes', interval '1 minute' * power(2, failures))) ELSE next_incremental_at END,
             requested_at = CASE WHEN $6::int = 1 AND requested_at <= $5 THEN NULL ELSE requested_at END
         WHERE account_id = $1 AND dataset = $2",
        run.account_id,
        run.dataset.as_str(),
        message,
        run.kind == RunKind::Full,
        run.attempt_started_at,
        i32::from(counted),
        retry_seconds,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The watermark of the activity log: incremental runs read changes from here on.
pub async fn watermark(
    pool: &PgPool,
    account_id: Uuid,
    dataset: Dataset,
) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT watermark FROM sync_state WHERE account_id = $1 AND dataset = $2",
        account_id,
        dataset.as_str()
    )
    .fetch_one(pool)
    .await
}
