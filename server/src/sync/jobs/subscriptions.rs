//! Subscriptions, customer by customer (SUB-01). For every customer a run read completely,
//! the cached subscriptions become exactly what Partner Center listed: new ones added,
//! changed ones updated, missing ones deleted (an account's first fill only inserts).
//! Provisioning status is the provisioning job's.

use super::super::SyncError;
use super::super::changes::subscription_changes;
use super::super::fanout::{
    PerCustomer, Selection, gone_as_none, incremental_selection, mark_customers_read, visit,
};
use super::super::staging::{StagedRow, StagedSubscription};
use super::{JobContext, is_full, watermark_of};
use crate::partner_center::PcError;
use crate::partner_center::operations::subscriptions;
use crate::partner_center::wire::{Subscription, normalize_id};
use time::OffsetDateTime;
use uuid::Uuid;

struct Subscriptions;

impl PerCustomer for Subscriptions {
    type Item = Vec<Subscription>;

    async fn fetch(&self, ctx: &JobContext, customer: Uuid) -> Result<Option<Vec<Subscription>>, PcError> {
        gone_as_none(
            ctx.client()
                .all_pages(subscriptions(customer), Some(&ctx.stats))
                .await,
        )
    }

    fn rows(&self, customer: Uuid, items: Vec<Subscription>, read_at: OffsetDateTime) -> Vec<StagedRow> {
        items
            .iter()
            .map(|subscription| StagedRow::Subscription(Box::new(staged(customer, subscription, read_at))))
            .collect()
    }
}

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    let selection = if is_full(&ctx.run) {
        Selection::All
    } else {
        incremental_selection(ctx, subscription_changes).await?
    };
    visit(ctx, &Subscriptions, selection).await?;
    let (account, run) = (ctx.account_id(), ctx.run.id);
    let mut tx = ctx.begin_merge().await?;
    // Customers whose subscriptions this run read after any copy already cached.
    mark_customers_read(&mut tx, ctx).await?;
    // Staged keys compared as uuids: one hash anti join instead of an index probe per row.
    sqlx::query!(
        "DELETE FROM subscriptions t USING sync_staging s, customers c
         WHERE s.run_id = $2 AND s.kind = 'scope' AND c.account_id = $1 AND c.id = s.key::uuid
           AND c.subscriptions_synced_at = (s.payload->>'read_at')::timestamptz
           AND t.account_id = $1 AND t.customer_id = c.id
           AND NOT EXISTS (SELECT 1 FROM sync_staging_subscriptions k WHERE k.run_id = $2 AND k.id = t.id)",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    if has_subscriptions(&mut tx, account).await? {
        upsert_staged(&mut tx, ctx).await?;
    } else {
        insert_staged(&mut tx, ctx).await?;
    }
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM subscriptions WHERE account_id = $1"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, watermark_of(&ctx.run)).await
}

/// Writes the staged subscriptions of the customers this run marked, never over a newer copy.
async fn upsert_staged(connection: &mut sqlx::PgConnection, ctx: &JobContext) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO subscriptions (account_id, customer_id, id, offer_id, offer_name, friendly_name, quantity, unit_type,
                status, billing_type, billing_cycle, contract_type, is_trial, created_on, effective_start_date,
                commitment_end_date, auto_renew, parent_subscription_id, order_id, partner_id, entitlement_id,
                suspension_reasons, etag, synced_at)
         SELECT $1, r.customer_id, r.id, r.offer_id, r.offer_name, r.friendly_name, r.quantity, r.unit_type,
                r.status, r.billing_type, r.billing_cycle, r.contract_type, r.is_trial, r.created_on, r.effective_start_date,
                r.commitment_end_date, r.auto_renew, r.parent_subscription_id, r.order_id, r.partner_id, r.entitlement_id,
                r.suspension_reasons, r.etag, r.synced_at
         FROM sync_staging_subscriptions r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.subscriptions_synced_at = r.synced_at
         WHERE r.run_id = $2
         ON CONFLICT (account_id, id) DO UPDATE SET
             customer_id = EXCLUDED.customer_id, offer_id = EXCLUDED.offer_id, offer_name = EXCLUDED.offer_name,
             friendly_name = EXCLUDED.friendly_name, quantity = EXCLUDED.quantity, unit_type = EXCLUDED.unit_type,
             status = EXCLUDED.status, billing_type = EXCLUDED.billing_type, billing_cycle = EXCLUDED.billing_cycle,
             contract_type = EXCLUDED.contract_type, is_trial = EXCLUDED.is_trial, created_on = EXCLUDED.created_on,
             effective_start_date = EXCLUDED.effective_start_date, commitment_end_date = EXCLUDED.commitment_end_date,
             auto_renew = EXCLUDED.auto_renew, parent_subscription_id = EXCLUDED.parent_subscription_id,
             order_id = EXCLUDED.order_id, partner_id = EXCLUDED.partner_id, entitlement_id = EXCLUDED.entitlement_id,
             suspension_reasons = EXCLUDED.suspension_reasons, etag = EXCLUDED.etag, synced_at = EXCLUDED.synced_at
         -- A copy written back by a command after this run read the subscription is newer.
         WHERE subscriptions.synced_at <= EXCLUDED.synced_at",
        ctx.account_id(),
        ctx.run.id
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// An account's first fill (no subscription cached; the sync's merges of an account take turns,
/// and any other insert in between fails this run on the key, so its retry upserts): the rows
/// as a plain INSERT, which skips the upsert's conflict probe and confirmation per row.
async fn insert_staged(connection: &mut sqlx::PgConnection, ctx: &JobContext) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO subscriptions (account_id, customer_id, id, offer_id, offer_name, friendly_name, quantity, unit_type,
                status, billing_type, billing_cycle, contract_type, is_trial, created_on, effective_start_date,
                commitment_end_date, auto_renew, parent_subscription_id, order_id, partner_id, entitlement_id,
                suspension_reasons, etag, synced_at)
         SELECT $1, r.customer_id, r.id, r.offer_id, r.offer_name, r.friendly_name, r.quantity, r.unit_type,
                r.status, r.billing_type, r.billing_cycle, r.contract_type, r.is_trial, r.created_on, r.effective_start_date,
                r.commitment_end_date, r.auto_renew, r.parent_subscription_id, r.order_id, r.partner_id, r.entitlement_id,
                r.suspension_reasons, r.etag, r.synced_at
         FROM sync_staging_subscriptions r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.subscriptions_synced_at = r.synced_at
         WHERE r.run_id = $2",
        ctx.account_id(),
        ctx.run.id
    )
    .execute(connection)
    .await?;
    Ok(())
}

async fn has_subscriptions(connection: &mut sqlx::PgConnection, account: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM subscriptions WHERE account_id = $1) AS "cached!""#,
        account
    )
    .fetch_one(connection)
    .await
}

/// A subscription's columns as staged.
fn staged(customer: Uuid, subscription: &Subscription, read_at: OffsetDateTime) -> StagedSubscription {
    let lower = |text: &Option<String>| text.as_deref().map(str::to_ascii_lowercase);
    StagedSubscription {
        customer_id: customer,
        id: subscription.id,
        offer_id: subscription.offer_id.clone(),
        offer_name: subscription.offer_name.clone(),
        friendly_name: subscription.friendly_name.clone(),
        quantity: subscription.quantity.clamp(0, i64::from(i32::MAX)) as i32,
        unit_type: subscription.unit_type.clone(),
        status: subscription.status.as_str().to_owned(),
        billing_type: lower(&subscription.billing_type),
        billing_cycle: lower(&subscription.billing_cycle),
        contract_type: subscription.contract_type.clone(),
        is_trial: subscription.is_trial,
        created_on: subscription.creation_date.map(|at| at.0),
        effective_start_date: subscription.effective_start_date.map(|at| at.0),
        commitment_end_date: subscription.commitment_end_date.map(|at| at.0),
        auto_renew: subscription.auto_renew_enabled,
        parent_subscription_id: subscription.parent_subscription_id,
        order_id: subscription.order_id.as_deref().map(normalize_id),
        partner_id: subscription.partner_id.clone(),
        entitlement_id: subscription.entitlement_id.clone(),
        suspension_reasons: subscription.suspension_reasons.clone(),
        etag: subscription.etag().map(str::to_owned),
        synced_at: read_at,
    }
}
