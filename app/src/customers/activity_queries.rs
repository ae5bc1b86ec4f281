//! SQL for the customer page: orders, Azure spend and the customer's audit trail.

use super::types::{OrderRow, Spend};
use crate::audit::AuditRow;
use crate::audit::queries::AuditRecord;
use crate::auth::access::Authorized;
use sqlx::PgPool;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// How many of the newest orders and audit entries the page shows.
const RECENT: i64 = 20;

/// The newest orders, with their line items' offers.
pub async fn orders(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT o.id, o.status, o.billing_cycle, o.created_on, count(l.line_item_number) AS "line_items!",
                  coalesce(array_agg(DISTINCT l.offer_id) FILTER (WHERE l.offer_id IS NOT NULL), '{}') AS "offers!"
           FROM orders o
           LEFT JOIN order_line_items l ON l.account_id = o.account_id AND l.customer_id = o.customer_id AND l.order_id = o.id
           WHERE o.account_id = $1 AND o.customer_id = $2
           GROUP BY o.account_id, o.customer_id, o.id
           ORDER BY o.created_on DESC NULLS LAST, o.id
           LIMIT $3"#,
        authorized.account(),
        customer,
        RECENT
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| OrderRow {
            id: row.id,
            status: row.status,
            billing_cycle: row.billing_cycle,
            created_on: row.created_on.and_then(|at| at.format(&Rfc3339).ok()),
            line_items: row.line_items,
            offers: row.offers,
        })
        .collect())
}

/// Azure spend of the last 30 days (UTC), day by day, this month so far, and the budget.
pub async fn spend(pool: &PgPool, authorized: &Authorized, customer: Uuid) -> Result<Spend, sqlx::Error> {
    let days = sqlx::query!(
        r#"SELECT d.day::text AS "day!", coalesce(sum(s.amount), 0)::float8 AS "amount!",
                  min(s.currency) AS currency
           FROM generate_series((now() AT TIME ZONE 'UTC')::date - 29, (now() AT TIME ZONE 'UTC')::date, '1 day') AS d (day)
           LEFT JOIN daily_spend s ON s.account_id = $1 AND s.customer_id = $2 AND s.day = d.day::date
           GROUP BY d.day ORDER BY d.day"#,
        authorized.account(),
        customer
    )
    .fetch_all(pool)
    .await?;
    let month_to_date = sqlx::query_scalar!(
        r#"SELECT coalesce(sum(amount), 0)::float8 AS "amount!" FROM daily_spend
           WHERE account_id = $1 AND customer_id = $2
             AND day >= date_trunc('month', now() AT TIME ZONE 'UTC')::date"#,
        authorized.account(),
        customer
    )
    .fetch_one(pool)
    .await?;
    let budget = sqlx::query_scalar!(
        r#"SELECT amount::float8 FROM budgets WHERE account_id = $1 AND customer_id = $2"#,
        authorized.account(),
        customer
    )
    .fetch_optional(pool)
    .await?
    .flatten();
    Ok(Spend {
        currency: days.iter().find_map(|day| day.currency.clone()),
        month_to_date,
        last_30_days: days.iter().map(|day| day.amount).sum(),
        daily: days.into_iter().map(|day| (day.day, day.amount)).collect(),
        budget,
    })
}

/// The newest audit entries about this customer.
pub async fn audit_trail(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    let rows = sqlx::query_as!(
        AuditRecord,
        r#"SELECT l.id, l.at, l.staff_name, l.account_id, a.name AS "account_name?", l.customer_id, l.action,
                  l.outcome, l.detail, l.reason, l.before::text AS before, l.after::text AS after, l.correlation_id
           FROM audit_log l LEFT JOIN partner_accounts a ON a.id = l.account_id
           WHERE l.account_id = $1 AND l.customer_id = $2
           ORDER BY l.at DESC, l.id DESC LIMIT $3"#,
        authorized.account(),
        customer,
        RECENT
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(AuditRecord::into_row).collect())
}
