//! Orders and their line items, customer by customer (ORD-03), replaced per customer like
//! subscriptions.

use super::super::SyncError;
use super::super::changes::order_changes;
use super::super::fanout::{
    PerCustomer, Selection, gone_as_none, incremental_selection, mark_customers_read, visit,
};
use super::super::staging::{StagedRow, kind};
use super::{JobContext, is_full, watermark_of};
use crate::partner_center::PcError;
use crate::partner_center::operations::orders;
use crate::partner_center::wire::{Order, Timestamp, normalize_id};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

struct Orders;

impl PerCustomer for Orders {
    type Item = Vec<Order>;

    async fn fetch(&self, ctx: &JobContext, customer: Uuid) -> Result<Option<Vec<Order>>, PcError> {
        gone_as_none(ctx.client().all_pages(orders(customer), Some(&ctx.stats)).await)
    }

    fn rows(&self, customer: Uuid, items: Vec<Order>, read_at: OffsetDateTime) -> Vec<StagedRow> {
        let mut rows = Vec::new();
        for order in &items {
            let id = normalize_id(&order.id);
            let row = OrderRow {
                customer_id: customer,
                id: id.clone(),
                billing_cycle: order.billing_cycle.as_deref().map(str::to_ascii_lowercase),
                status: order.status.as_deref().map(str::to_ascii_lowercase),
                currency_code: order.currency_code.as_deref(),
                created_on: order.creation_date,
                etag: order
                    .attributes
                    .as_ref()
                    .and_then(|attributes| attributes.etag.as_deref()),
                synced_at: read_at,
            };
            rows.push(StagedRow::new(kind::ORDER, format!("{customer}/{id}"), &row));
            for line in &order.line_items {
                let row = LineItemRow {
                    customer_id: customer,
                    order_id: &id,
                    line_item_number: line.line_item_number.clamp(0, i64::from(i32::MAX)),
                    offer_id: &line.offer_id,
                    subscription_id: line.subscription_id,
                    parent_subscription_id: line.parent_subscription_id,
                    friendly_name: line.friendly_name.as_deref(),
                    quantity: line
                        .quantity
                        .map(|quantity| quantity.clamp(0, i64::from(i32::MAX))),
                    partner_id_on_record: line.partner_id_on_record.as_deref(),
                    synced_at: read_at,
                };
                let key = format!("{customer}/{id}/{}", line.line_item_number);
                rows.push(StagedRow::new(kind::LINE_ITEM, key, &row));
            }
        }
        rows
    }
}

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    let selection = if is_full(&ctx.run) {
        Selection::All
    } else {
        incremental_selection(ctx, order_changes).await?
    };
    visit(ctx, &Orders, selection).await?;
    let (account, run) = (ctx.account_id(), ctx.run.id);
    let mut tx = ctx.begin_merge().await?;
    mark_customers_read(&mut tx, ctx).await?;
    sqlx::query!(
        "DELETE FROM orders t USING sync_staging s, customers c
         WHERE s.run_id = $2 AND s.kind = 'scope' AND c.account_id = $1 AND c.id = s.key::uuid
           AND c.orders_synced_at = (s.payload->>'read_at')::timestamptz
           AND t.account_id = $1 AND t.customer_id = c.id
           AND NOT EXISTS (SELECT 1 FROM sync_staging k WHERE k.run_id = $2 AND k.kind = 'order'
                           AND k.key = t.customer_id::text || '/' || t.id)",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO orders (account_id, customer_id, id, billing_cycle, status, currency_code, created_on, etag, synced_at)
         SELECT $1, r.customer_id, r.id, r.billing_cycle, r.status, r.currency_code, r.created_on, r.etag, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::orders, s.payload) AS r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.orders_synced_at = r.synced_at
         WHERE s.run_id = $2 AND s.kind = 'order'
         ON CONFLICT (account_id, customer_id, id) DO UPDATE SET
             billing_cycle = EXCLUDED.billing_cycle, status = EXCLUDED.status, currency_code = EXCLUDED.currency_code,
             created_on = EXCLUDED.created_on, etag = EXCLUDED.etag, synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM order_line_items t USING sync_staging s, customers c
         WHERE s.run_id = $2 AND s.kind = 'scope' AND c.account_id = $1 AND c.id = s.key::uuid
           AND c.orders_synced_at = (s.payload->>'read_at')::timestamptz
           AND t.account_id = $1 AND t.customer_id = c.id
           AND NOT EXISTS (SELECT 1 FROM sync_staging k WHERE k.run_id = $2 AND k.kind = 'line_item'
                           AND k.key = t.customer_id::text || '/' || t.order_id || '/' || t.line_item_number)",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO order_line_items (account_id, customer_id, order_id, line_item_number, offer_id, subscription_id,
                parent_subscription_id, friendly_name, quantity, partner_id_on_record, synced_at)
         SELECT $1, r.customer_id, r.order_id, r.line_item_number, r.offer_id, r.subscription_id,
                r.parent_subscription_id, r.friendly_name, r.quantity, r.partner_id_on_record, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::order_line_items, s.payload) AS r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.orders_synced_at = r.synced_at
         WHERE s.run_id = $2 AND s.kind = 'line_item'
         ON CONFLICT (account_id, customer_id, order_id, line_item_number) DO UPDATE SET
             offer_id = EXCLUDED.offer_id, subscription_id = EXCLUDED.subscription_id,
             parent_subscription_id = EXCLUDED.parent_subscription_id, friendly_name = EXCLUDED.friendly_name,
             quantity = EXCLUDED.quantity, partner_id_on_record = EXCLUDED.partner_id_on_record,
             synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM orders WHERE account_id = $1"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, watermark_of(&ctx.run)).await
}

#[derive(Debug, Serialize)]
struct OrderRow<'a> {
    customer_id: Uuid,
    id: String,
    billing_cycle: Option<String>,
    status: Option<String>,
    currency_code: Option<&'a str>,
    created_on: Option<Timestamp>,
    etag: Option<&'a str>,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}

#[derive(Debug, Serialize)]
struct LineItemRow<'a> {
    customer_id: Uuid,
    order_id: &'a str,
    line_item_number: i64,
    offer_id: &'a str,
    subscription_id: Option<Uuid>,
    parent_subscription_id: Option<Uuid>,
    friendly_name: Option<&'a str>,
    quantity: Option<i64>,
    partner_id_on_record: Option<&'a str>,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}
