//! SQL for the Sync page, `/api/status`, `/healthz` and the shell's health lights.

use super::types::{AccountLight, AccountSyncStatus, Dataset, DatasetStatus, Moment, RunState, RunSummary};
use crate::accounts::{AccountHealth, Cloud};
use crate::auth::access::{Authorized, Visible};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// Every enabled account with its health, cached counts and datasets. The counts are those
/// each dataset's last complete run recorded (no table scans on a page refreshed every 2 s).
#[tracing::instrument(skip_all)]
pub async fn sync_status(pool: &PgPool, visible: &Visible) -> Result<Vec<AccountSyncStatus>, sqlx::Error> {
    let now = OffsetDateTime::now_utc();
    let ids = visible.ids();
    let accounts = sqlx::query!(
        r#"SELECT a.id, a.name, a.cloud AS "cloud: Cloud", a.health AS "health: AccountHealth", a.health_detail, a.demo,
                  coalesce((SELECT items FROM sync_state s WHERE s.account_id = a.id AND s.dataset = 'customers'), 0)::bigint AS "customers!",
                  coalesce((SELECT items FROM sync_state s WHERE s.account_id = a.id AND s.dataset = 'subscriptions'), 0)::bigint AS "subscriptions!"
           FROM partner_accounts a WHERE a.enabled AND ($1::uuid[] IS NULL OR a.id = ANY($1)) ORDER BY a.name"#,
        ids
    )
    .fetch_all(pool)
    .await?;
    let rows = sqlx::query!(
        r#"SELECT s.account_id, s.dataset, s.items, s.as_of, s.last_success_at, s.last_error, s.last_error_at,
                  least(s.next_full_at, s.next_incremental_at) AS next_run_at, s.requested_at IS NOT NULL AS "requested!",
                  r.kind AS "kind?", r.state AS "state?", r.started_at AS "started_at?", r.finished_at,
                  r.progress_done AS "progress_done?", r.progress_total, r.calls AS "calls?",
                  r.throttled AS "throttled?", r.attempts AS "attempts?"
           FROM sync_state s JOIN partner_accounts a ON a.id = s.account_id AND a.enabled
           LEFT JOIN LATERAL (SELECT * FROM sync_runs r WHERE r.account_id = s.account_id AND r.dataset = s.dataset
                              ORDER BY r.started_at DESC LIMIT 1) r ON true
           WHERE $1::uuid[] IS NULL OR s.account_id = ANY($1)"#,
        ids
    )
    .fetch_all(pool)
    .await?;
    let mut statuses: Vec<AccountSyncStatus> = accounts
        .into_iter()
        .map(|account| AccountSyncStatus {
            id: account.id,
            name: account.name,
            cloud: account.cloud,
            health: account.health,
            health_detail: account.health_detail,
            demo: account.demo,
            customers: account.customers,
            subscriptions: account.subscriptions,
            as_of: None,
            datasets: Vec::new(),
        })
        .collect();
    for row in rows {
        let (Some(account), Some(dataset)) = (
            statuses.iter_mut().find(|account| account.id == row.account_id),
            Dataset::parse(&row.dataset),
        ) else {
            continue;
        };
        let latest_run = match (
            row.kind,
            row.state.as_deref().and_then(RunState::parse),
            row.started_at,
        ) {
            (Some(kind), Some(state), Some(started_at)) => Some(RunSummary {
                full: kind == "full",
                state,
                started_at: Moment::at(started_at, now),
                finished_at: row.finished_at.map(|at| Moment::at(at, now)),
                progress_done: row.progress_done.unwrap_or_default(),
                progress_total: row.progress_total,
                calls: row.calls.unwrap_or_default(),
                throttled: row.throttled.unwrap_or_default(),
                attempts: row.attempts.unwrap_or(1),
            }),
            _ => None,
        };
        account.datasets.push(DatasetStatus {
            dataset,
            items: row.items,
            as_of: row.as_of.map(|at| Moment::at(at, now)),
            last_success_at: row.last_success_at.map(|at| Moment::at(at, now)),
            last_error: row.last_error,
            last_error_at: row.last_error_at.map(|at| Moment::at(at, now)),
            next_run_at: row.next_run_at.map(|at| Moment::at(at, now)),
            requested: row.requested,
            latest_run,
        });
    }
    for account in &mut statuses {
        account.datasets.sort_by_key(|status| status.dataset);
        let complete =
            !account.datasets.is_empty() && account.datasets.iter().all(|status| status.as_of.is_some());
        account.as_of = account
            .datasets
            .iter()
            .filter_map(|status| status.as_of.clone())
            .min_by_key(|as_of| as_of.relative_seconds)
            .filter(|_| complete);
    }
    Ok(statuses)
}

/// The health of every enabled account the person may see, for the shell's lights.
#[tracing::instrument(skip_all)]
pub async fn account_lights(pool: &PgPool, visible: &Visible) -> Result<Vec<AccountLight>, sqlx::Error> {
    sqlx::query_as!(
        AccountLight,
        r#"SELECT id, name, cloud AS "cloud: Cloud", health AS "health: AccountHealth", health_detail
           FROM partner_accounts WHERE enabled AND ($1::uuid[] IS NULL OR id = ANY($1)) ORDER BY name"#,
        visible.ids()
    )
    .fetch_all(pool)
    .await
}

/// The health of every enabled account by id only, for the public `/healthz`.
#[tracing::instrument(skip_all)]
pub async fn account_health(pool: &PgPool) -> Result<Vec<(Uuid, AccountHealth)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT id, health AS "health: AccountHealth" FROM partner_accounts WHERE enabled ORDER BY id"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.id, row.health)).collect())
}

/// "Sync now": full runs of the account's datasets (or one dataset) at the worker's next
/// tick. Returns how many datasets were asked for.
#[tracing::instrument(skip(pool))]
pub async fn request_sync(
    pool: &PgPool,
    authorized: &Authorized,
    dataset: Option<Dataset>,
) -> Result<u64, sqlx::Error> {
    let requested = sqlx::query!(
        "UPDATE sync_state s SET requested_at = now()
         FROM partner_accounts a
         WHERE a.id = s.account_id AND a.enabled AND s.account_id = $1 AND ($2::text IS NULL OR s.dataset = $2)",
        authorized.account(),
        dataset.map(Dataset::as_str)
    )
    .execute(pool)
    .await?;
    Ok(requested.rows_affected())
}
