//! The shape shared by the per-customer datasets (profiles, subscriptions, orders, budgets,
//! users):
//! visit customers in pages, read each one's data with a few calls in flight, and commit each
//! page's rows with the checkpoint in one transaction. A crash loses at most the page being
//! read; the resumed run continues after the last committed customer.

use super::SyncError;
use super::changes::changed_customers;
use super::jobs::JobContext;
use super::staging::{StagedRow, kind, read_time};
use crate::partner_center::wire::AuditRecord;
use crate::partner_center::{ApiErrorKind, PcError};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

/// A dataset read customer by customer.
pub trait PerCustomer: Sync {
    type Item: Send;

    /// Reads one customer's data; `None` when Partner Center no longer has the customer.
    fn fetch(
        &self,
        ctx: &JobContext,
        customer: Uuid,
    ) -> impl Future<Output = Result<Option<Self::Item>, PcError>> + Send;

    /// The rows to stage for one customer's data, read at `read_at`.
    fn rows(&self, customer: Uuid, item: Self::Item, read_at: OffsetDateTime) -> Vec<StagedRow>;
}

/// Which customers a run visits.
#[derive(Debug, Clone)]
pub enum Selection {
    /// Every cached customer of the account (full runs).
    All,
    /// These customers (incremental runs).
    Only(Vec<Uuid>),
}

/// Where a run continues: after this customer (customers are visited in id order).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Checkpoint {
    after: Option<Uuid>,
    done: i32,
}

/// A customer whose data a run read completely, and when.
#[derive(Debug, Serialize)]
pub struct Scope {
    #[serde(with = "time::serde::rfc3339")]
    pub read_at: OffsetDateTime,
}

/// `Ok(None)` for the answers that mean "no such customer any more": 404, or 403 when the
/// partner has no relationship with the customer (code 20002).
pub fn gone_as_none<T>(result: Result<T, PcError>) -> Result<Option<T>, PcError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error)
            if error.api_kind() == Some(ApiErrorKind::NotFound)
                || (error.api_kind() == Some(ApiErrorKind::Forbidden) && error.code() == Some(20_002)) =>
        {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Visits `selection` page by page and stages every customer's rows plus a `scope` row (or a
/// `gone` row), committing each page with the checkpoint.
pub async fn visit<D: PerCustomer>(
    ctx: &JobContext,
    dataset: &D,
    selection: Selection,
) -> Result<(), SyncError> {
    let mut checkpoint: Checkpoint = serde_json::from_value(ctx.run.checkpoint.clone()).unwrap_or_default();
    let mut selected = match selection {
        Selection::All => None,
        Selection::Only(mut ids) => {
            ids.sort();
            ids.dedup();
            Some(ids)
        }
    };
    let total = match &selected {
        Some(ids) => ids.len() as i64,
        None => count_customers(ctx).await?,
    };
    let page_size = ctx.settings.customers_per_page;
    loop {
        ctx.check_shutdown()?;
        let page: Vec<Uuid> = match selected.as_mut() {
            Some(ids) => ids
                .iter()
                .copied()
                .filter(|id| checkpoint.after.is_none_or(|after| *id > after))
                .take(page_size)
                .collect(),
            None => next_customers(ctx, checkpoint.after, page_size).await?,
        };
        let Some(last) = page.last().copied() else {
            return Ok(());
        };
        let read_at = read_time();
        let results: Vec<(Uuid, Option<D::Item>)> = stream::iter(page.iter().copied())
            .map(|customer| async move { dataset.fetch(ctx, customer).await.map(|item| (customer, item)) })
            .buffer_unordered(ctx.settings.concurrency)
            .try_collect()
            .await?;
        let mut rows = Vec::new();
        for (customer, item) in results {
            let scope = Scope { read_at };
            match item {
                Some(item) => {
                    rows.extend(dataset.rows(customer, item, read_at));
                    rows.push(StagedRow::new(kind::SCOPE, customer.to_string(), &scope));
                }
                None => rows.push(StagedRow::new(kind::GONE, customer.to_string(), &scope)),
            }
        }
        checkpoint.after = Some(last);
        checkpoint.done += page.len() as i32;
        ctx.commit_page(&rows, &checkpoint, checkpoint.done, Some(total as i32))
            .await?;
    }
}

/// An incremental run's customers: those the activity log names since the watermark (as
/// `relevant` selects records), and those this dataset has never read.
pub async fn incremental_selection(
    ctx: &JobContext,
    relevant: impl Fn(&AuditRecord) -> bool,
) -> Result<Selection, SyncError> {
    let since = ctx.watermark().await?;
    let mut customers = changed_customers(ctx, since, relevant).await?;
    customers.extend(
        sqlx::query_scalar!(
            "SELECT id FROM customers WHERE account_id = $1 AND CASE $2
                 WHEN 'subscriptions' THEN subscriptions_synced_at IS NULL
                 WHEN 'orders' THEN orders_synced_at IS NULL
                 WHEN 'budgets' THEN budget_synced_at IS NULL
                 WHEN 'users' THEN users_synced_at IS NULL
                 ELSE profile_synced_at IS NULL END",
            ctx.account_id(),
            ctx.run.dataset.as_str()
        )
        .fetch_all(&ctx.pool)
        .await?,
    );
    Ok(Selection::Only(customers.into_iter().collect()))
}

/// Marks the customers this run read completely with when it read them, unless a newer read
/// (an incremental run's, during a resumed full run) is already recorded. Merges then replace
/// the data of exactly the customers whose mark equals this run's read time.
pub async fn mark_customers_read(connection: &mut PgConnection, ctx: &JobContext) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE customers c SET
             subscriptions_synced_at = CASE WHEN $3 = 'subscriptions' THEN r.read_at ELSE c.subscriptions_synced_at END,
             orders_synced_at = CASE WHEN $3 = 'orders' THEN r.read_at ELSE c.orders_synced_at END,
             budget_synced_at = CASE WHEN $3 = 'budgets' THEN r.read_at ELSE c.budget_synced_at END,
             users_synced_at = CASE WHEN $3 = 'users' THEN r.read_at ELSE c.users_synced_at END
         FROM (SELECT key::uuid AS id, (payload->>'read_at')::timestamptz AS read_at
               FROM sync_staging WHERE run_id = $2 AND kind = 'scope') AS r
         WHERE c.account_id = $1 AND c.id = r.id
           AND coalesce(CASE $3 WHEN 'subscriptions' THEN c.subscriptions_synced_at
                                WHEN 'orders' THEN c.orders_synced_at
                                WHEN 'budgets' THEN c.budget_synced_at
                                WHEN 'users' THEN c.users_synced_at END, '-infinity') <= r.read_at",
        ctx.account_id(),
        ctx.run.id,
        ctx.run.dataset.as_str()
    )
    .execute(connection)
    .await?;
    Ok(())
}

async fn count_customers(ctx: &JobContext) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM customers WHERE account_id = $1"#,
        ctx.account_id()
    )
    .fetch_one(&ctx.pool)
    .await
}

async fn next_customers(
    ctx: &JobContext,
    after: Option<Uuid>,
    limit: usize,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM customers WHERE account_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3",
        ctx.account_id(),
        after,
        limit as i64
    )
    .fetch_all(&ctx.pool)
    .await
}
