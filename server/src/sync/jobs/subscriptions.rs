//! Subscriptions, customer by customer (SUB-01). For every customer a run read completely,
//! the cached subscriptions become exactly what Partner Center listed: new ones added,
//! changed ones updated, missing ones deleted. Provisioning status is the provisioning job's.

use super::super::SyncError;
use super::super::changes::subscription_changes;
use super::super::fanout::{
    PerCustomer, Selection, gone_as_none, incremental_selection, mark_customers_read, visit,
};
use super::super::staging::{StagedRow, kind};
use super::{JobContext, is_full, watermark_of};
use crate::partner_center::PcError;
use crate::partner_center::operations::subscriptions;
use crate::partner_center::wire::{Subscription, Timestamp, normalize_id};
use serde::Serialize;
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
            .map(|subscription| {
                let row = SubscriptionRow::of(customer, subscription, read_at);
                StagedRow::new(kind::SUBSCRIPTION, subscription.id.to_string(), &row)
            })
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
           AND NOT EXISTS (SELECT 1 FROM sync_staging k WHERE k.run_id = $2 AND k.kind = 'subscription' AND k.key::uuid = t.id)",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO subscriptions (account_id, customer_id, id, offer_id, offer_name, friendly_name, quantity, unit_type,
                status, billing_type, billing_cycle, contract_type, is_trial, created_on, effective_start_date,
                commitment_end_date, auto_renew, parent_subscription_id, order_id, partner_id, entitlement_id,
                suspension_reasons, etag, synced_at)
         SELECT $1, r.customer_id, r.id, r.offer_id, r.offer_name, r.friendly_name, r.quantity, r.unit_type,
                r.status, r.billing_type, r.billing_cycle, r.contract_type, r.is_trial, r.created_on, r.effective_start_date,
                r.commitment_end_date, r.auto_renew, r.parent_subscription_id, r.order_id, r.partner_id, r.entitlement_id,
                coalesce(r.suspension_reasons, '{}'), r.etag, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::subscriptions, s.payload) AS r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.subscriptions_synced_at = r.synced_at
         WHERE s.run_id = $2 AND s.kind = 'subscription'
         ON CONFLICT (account_id, id) DO UPDATE SET
             customer_id = EXCLUDED.customer_id, offer_id = EXCLUDED.offer_id, offer_name = EXCLUDED.offer_name,
             friendly_name = EXCLUDED.friendly_name, quantity = EXCLUDED.quantity, unit_type = EXCLUDED.unit_type,
             status = EXCLUDED.status, billing_type = EXCLUDED.billing_type, billing_cycle = EXCLUDED.billing_cycle,
             contract_type = EXCLUDED.contract_type, is_trial = EXCLUDED.is_trial, created_on = EXCLUDED.created_on,
             effective_start_date = EXCLUDED.effective_start_date, commitment_end_date = EXCLUDED.commitment_end_date,
             auto_renew = EXCLUDED.auto_renew, parent_subscription_id = EXCLUDED.parent_subscription_id,
             order_id = EXCLUDED.order_id, partner_id = EXCLUDED.partner_id, entitlement_id = EXCLUDED.entitlement_id,
             suspension_reasons = EXCLUDED.suspension_reasons, etag = EXCLUDED.etag, synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM subscriptions WHERE account_id = $1"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, watermark_of(&ctx.run)).await
}

/// A subscription's columns, named as in `subscriptions`.
#[derive(Debug, Serialize)]
struct SubscriptionRow<'a> {
    customer_id: Uuid,
    id: Uuid,
    offer_id: &'a str,
    offer_name: Option<&'a str>,
    friendly_name: Option<&'a str>,
    quantity: i64,
    unit_type: Option<&'a str>,
    status: &'a str,
    billing_type: Option<String>,
    billing_cycle: Option<String>,
    contract_type: Option<&'a str>,
    is_trial: Option<bool>,
    created_on: Option<Timestamp>,
    effective_start_date: Option<Timestamp>,
    commitment_end_date: Option<Timestamp>,
    auto_renew: Option<bool>,
    parent_subscription_id: Option<Uuid>,
    order_id: Option<String>,
    partner_id: Option<&'a str>,
    entitlement_id: Option<&'a str>,
    suspension_reasons: &'a [String],
    etag: Option<&'a str>,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}

impl<'a> SubscriptionRow<'a> {
    fn of(customer: Uuid, subscription: &'a Subscription, read_at: OffsetDateTime) -> SubscriptionRow<'a> {
        let lower = |text: &Option<String>| text.as_deref().map(str::to_ascii_lowercase);
        SubscriptionRow {
            customer_id: customer,
            id: subscription.id,
            offer_id: &subscription.offer_id,
            offer_name: subscription.offer_name.as_deref(),
            friendly_name: subscription.friendly_name.as_deref(),
            quantity: subscription.quantity.clamp(0, i64::from(i32::MAX)),
            unit_type: subscription.unit_type.as_deref(),
            status: subscription.status.as_str(),
            billing_type: lower(&subscription.billing_type),
            billing_cycle: lower(&subscription.billing_cycle),
            contract_type: subscription.contract_type.as_deref(),
            is_trial: subscription.is_trial,
            created_on: subscription.creation_date,
            effective_start_date: subscription.effective_start_date,
            commitment_end_date: subscription.commitment_end_date,
            auto_renew: subscription.auto_renew_enabled,
            parent_subscription_id: subscription.parent_subscription_id,
            order_id: subscription.order_id.as_deref().map(normalize_id),
            partner_id: subscription.partner_id.as_deref(),
            entitlement_id: subscription.entitlement_id.as_deref(),
            suspension_reasons: &subscription.suspension_reasons,
            etag: subscription.etag(),
            synced_at: read_at,
        }
    }
}
