//! The customer list (CUST-03, seek-paged). A full run reads every page into staging, the
//! continuation link stored with each page, then replaces the account's customer list in one
//! transaction: new ones added, changed ones updated, missing ones deleted (with everything
//! cached about them); an account's first fill only inserts. Incremental runs re-read the
//! customers the activity log names.

use super::super::SyncError;
use super::super::staging::{StagedCustomer, StagedRow, read_time};
use super::{JobContext, customer_details, is_full, watermark_of};
use crate::partner_center::operations::list_customers;
use crate::partner_center::wire::Customer;
use crate::partner_center::{ApiErrorKind, Cursor, Request};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    if !is_full(&ctx.run) {
        return customer_details::run_changes(ctx).await;
    }
    read_all_pages(ctx).await?;
    let mut tx = ctx.begin_merge().await?;
    if has_customers(&mut tx, ctx.account_id()).await? {
        merge_list(&mut tx, ctx).await?;
    } else {
        fill_list(&mut tx, ctx).await?;
    }
    sqlx::query!(
        "DELETE FROM customers c WHERE c.account_id = $1 AND c.synced_at < $3
           AND NOT EXISTS (SELECT 1 FROM sync_staging_customers s WHERE s.run_id = $2 AND s.id = c.id)",
        ctx.account_id(),
        ctx.run.id,
        ctx.run.started_at
    )
    .execute(&mut *tx)
    .await?;
    let items = count(&mut tx, ctx.account_id()).await?;
    ctx.complete(tx, items, watermark_of(&ctx.run)).await?;
    flush_search_index(ctx).await;
    Ok(())
}

/// Moves the search index's pending entries (names and domains just written) into its tree.
/// GIN queues new entries in a pending list that every search reads through, up to 4 MB, until
/// autovacuum gets to it: a fragment search took 3-7 ms instead of 0.6 ms over 375 pending
/// pages. After a merge of 10,000 new customers the flush takes 20-40 ms. Done after the merge
/// commits, and only best effort: Postgres lets only the index's owner flush it, and a failure
/// just leaves the list to autovacuum.
pub async fn flush_search_index(ctx: &JobContext) {
    let flushed = sqlx::query_scalar!("SELECT gin_clean_pending_list('customers_search_trgm'::regclass)")
        .fetch_one(&ctx.pool)
        .await;
    if let Err(error) = flushed {
        tracing::warn!(account = %ctx.account.name, %error, "search index pending list not flushed; autovacuum will");
    }
}

/// Where the listing continues: the next page's link, or done.
#[derive(Debug, Default, Serialize, Deserialize)]
struct ListCheckpoint {
    next: Option<Cursor>,
    done: i32,
    finished: bool,
}

async fn read_all_pages(ctx: &JobContext) -> Result<(), SyncError> {
    let mut checkpoint: ListCheckpoint =
        serde_json::from_value(ctx.run.checkpoint.clone()).unwrap_or_default();
    let estimate = previous_count(ctx).await?;
    let first = || list_customers(ctx.settings.list_page_size);
    let mut request = match &checkpoint.next {
        Some(cursor) => Request::follow("CUST-03", cursor),
        None => first(),
    };
    let mut resuming = checkpoint.next.is_some();
    while !checkpoint.finished {
        ctx.check_shutdown()?;
        let page = match ctx.client().page::<Customer>(&request, Some(&ctx.stats)).await {
            Ok(page) => page,
            Err(error) if resuming && error.api_kind() == Some(ApiErrorKind::BadRequest) => {
                // The stored continuation token has expired: list again from the start. Pages
                // read before are replaced in staging, not duplicated.
                tracing::info!(account = %ctx.account.name, "continuation token refused on resume; listing customers from the start");
                checkpoint = ListCheckpoint::default();
                request = first();
                resuming = false;
                continue;
            }
            Err(error) => return Err(error.into()),
        };
        resuming = false;
        let read_at = read_time();
        let rows: Vec<StagedRow> = page
            .items
            .iter()
            .map(|customer| StagedRow::Customer(staged_customer(customer, read_at)))
            .collect();
        checkpoint.done += rows.len() as i32;
        checkpoint.finished = page.next.is_none();
        checkpoint.next = page.next;
        let total = estimate.max(checkpoint.done);
        ctx.commit_page(&rows, &checkpoint, checkpoint.done, Some(total))
            .await?;
        if let Some(cursor) = &checkpoint.next {
            request = Request::follow("CUST-03", cursor);
        }
    }
    Ok(())
}

/// The list columns of a customer as staged.
pub fn staged_customer(customer: &Customer, read_at: OffsetDateTime) -> StagedCustomer {
    StagedCustomer {
        id: customer.id,
        commerce_id: customer.commerce_id,
        company_name: customer.company_name().unwrap_or_default().to_owned(),
        domain: customer.domain().unwrap_or_default().to_owned(),
        relationship: customer
            .relationship_to_partner
            .as_deref()
            .map(str::to_ascii_lowercase),
        reseller_id: customer.associated_partner_id.clone(),
        synced_at: read_at,
    }
}

/// Upserts the staged customers, never over a newer copy.
pub async fn merge_list(connection: &mut sqlx::PgConnection, ctx: &JobContext) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO customers (account_id, id, commerce_id, company_name, domain, relationship, reseller_id, synced_at)
         SELECT $1, r.id, r.commerce_id, r.company_name, r.domain, r.relationship, r.reseller_id, r.synced_at
         FROM sync_staging_customers r WHERE r.run_id = $2
         ON CONFLICT (account_id, id) DO UPDATE SET
             commerce_id = EXCLUDED.commerce_id, company_name = EXCLUDED.company_name, domain = EXCLUDED.domain,
             relationship = EXCLUDED.relationship, reseller_id = EXCLUDED.reseller_id, synced_at = EXCLUDED.synced_at
         WHERE customers.synced_at <= EXCLUDED.synced_at",
        ctx.account_id(),
        ctx.run.id
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// An account's first fill (no customer cached; the sync's merges of an account take turns, and
/// any other insert in between fails this run on the key, so its retry merges): plain INSERTs,
/// and the names' words copied from staging, where they were split (the words trigger stands
/// aside for the customers' statement).
async fn fill_list(connection: &mut sqlx::PgConnection, ctx: &JobContext) -> Result<(), sqlx::Error> {
    words_written(connection, true).await?;
    sqlx::query!(
        "INSERT INTO customers (account_id, id, commerce_id, company_name, domain, relationship, reseller_id, synced_at)
         SELECT $1, r.id, r.commerce_id, r.company_name, r.domain, r.relationship, r.reseller_id, r.synced_at
         FROM sync_staging_customers r WHERE r.run_id = $2",
        ctx.account_id(),
        ctx.run.id
    )
    .execute(&mut *connection)
    .await?;
    words_written(connection, false).await?;
    sqlx::query!(
        "WITH added AS (
             INSERT INTO customer_words (word, account_id, customer_id)
             SELECT w.word, $1, r.id FROM sync_staging_customers r CROSS JOIN LATERAL unnest(r.words) AS w (word)
             WHERE r.run_id = $2
             RETURNING word, account_id
         )
         INSERT INTO search_words (account_id, word) SELECT DISTINCT account_id, word FROM added
         ON CONFLICT DO NOTHING",
        ctx.account_id(),
        ctx.run.id
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Whether this transaction's writes of customers leave the words to the writer (the trigger
/// `customers_named` reads it).
async fn words_written(connection: &mut sqlx::PgConnection, written: bool) -> Result<(), sqlx::Error> {
    let setting = if written { "on" } else { "off" };
    sqlx::query_scalar!(
        r#"SELECT set_config('switchboard.words_written', $1, true) AS "setting!""#,
        setting
    )
    .fetch_one(connection)
    .await?;
    Ok(())
}

async fn has_customers(connection: &mut sqlx::PgConnection, account: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM customers WHERE account_id = $1) AS "cached!""#,
        account
    )
    .fetch_one(connection)
    .await
}

async fn count(connection: &mut sqlx::PgConnection, account: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM customers WHERE account_id = $1"#,
        account
    )
    .fetch_one(connection)
    .await
}

async fn previous_count(ctx: &JobContext) -> Result<i32, sqlx::Error> {
    let items = sqlx::query_scalar!(
        "SELECT items FROM sync_state WHERE account_id = $1 AND dataset = 'customers'",
        ctx.account_id()
    )
    .fetch_one(&ctx.pool)
    .await?;
    Ok(items.unwrap_or(0))
}
