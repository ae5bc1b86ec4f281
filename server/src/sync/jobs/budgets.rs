//! Monthly Azure spending budgets, customer by customer (BUD-01). A customer without a budget
//! keeps a row with no amount, so "no budget" and "not read yet" differ.

use super::super::SyncError;
use super::super::changes::budget_changes;
use super::super::fanout::{
    PerCustomer, Selection, gone_as_none, incremental_selection, mark_customers_read, visit,
};
use super::super::staging::{StagedRow, kind};
use super::{JobContext, is_full, watermark_of};
use crate::partner_center::PcError;
use crate::partner_center::operations::budget;
use crate::partner_center::wire::SpendingBudget;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

struct Budgets;

impl PerCustomer for Budgets {
    type Item = SpendingBudget;

    async fn fetch(&self, ctx: &JobContext, customer: Uuid) -> Result<Option<SpendingBudget>, PcError> {
        gone_as_none(ctx.client().fetch(&budget(customer), Some(&ctx.stats)).await)
    }

    fn rows(&self, customer: Uuid, item: SpendingBudget, read_at: OffsetDateTime) -> Vec<StagedRow> {
        let row = BudgetRow {
            customer_id: customer,
            amount: item.amount.filter(|amount| amount.is_finite() && *amount >= 0.0),
            synced_at: read_at,
        };
        vec![StagedRow::new(kind::BUDGET, customer.to_string(), &row)]
    }
}

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    let selection = if is_full(&ctx.run) {
        Selection::All
    } else {
        incremental_selection(ctx, budget_changes).await?
    };
    visit(ctx, &Budgets, selection).await?;
    let (account, run) = (ctx.account_id(), ctx.run.id);
    let mut tx = ctx.begin_merge().await?;
    mark_customers_read(&mut tx, ctx).await?;
    sqlx::query!(
        "INSERT INTO budgets (account_id, customer_id, amount, synced_at)
         SELECT $1, r.customer_id, r.amount, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::budgets, s.payload) AS r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.budget_synced_at = r.synced_at
         WHERE s.run_id = $2 AND s.kind = 'budget'
         ON CONFLICT (account_id, customer_id) DO UPDATE SET amount = EXCLUDED.amount, synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM budgets WHERE account_id = $1 AND amount IS NOT NULL"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, watermark_of(&ctx.run)).await
}

#[derive(Debug, Serialize)]
struct BudgetRow {
    customer_id: Uuid,
    amount: Option<f64>,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}
