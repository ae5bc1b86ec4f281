//! The customers list's SQL: the visible accounts' customers through the filters, in the chosen
//! order, one keyset page at a time (the CSV export reads every page the same way).

use super::filter::{CustomerFilter, Relationship};
use super::types::CustomerRow;
use crate::accounts::Cloud;
use crate::auth::access::Visible;
use crate::customers::search::{CustomerSummary, StatusCount};
use crate::sync::Moment;
use sqlx::PgPool;
use uuid::Uuid;

/// Up to `limit` customers after `filter.after`, in the filter's order, and how many the
/// filters select in all.
#[tracing::instrument(skip_all)]
pub async fn page(
    pool: &PgPool,
    visible: &Visible,
    filter: &CustomerFilter,
    limit: i64,
) -> Result<(Vec<CustomerRow>, i64), sqlx::Error> {
    let relationship = filter
        .relationship
        .map(|relationship| relationship == Relationship::Direct);
    let after = filter.after.as_ref();
    let rows = sqlx::query!(
        r#"WITH filtered AS (
               SELECT c.account_id, c.id, k.key
               FROM customers c
               JOIN partner_accounts a ON a.id = c.account_id
               CROSS JOIN LATERAL (SELECT (CASE $7
                   WHEN 'account' THEN lower(a.name) || E'\x01' || lower(c.company_name)
                   WHEN 'synced' THEN to_char(c.synced_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS')
                   ELSE lower(c.company_name) END) COLLATE "C" AS key) k
               WHERE ($1::uuid[] IS NULL OR c.account_id = ANY($1))
                 AND ($2::uuid IS NULL OR c.account_id = $2)
                 AND ($3::text IS NULL OR a.cloud = $3)
                 AND ($4::bool IS NULL OR $4 = (c.reseller_id IS NULL))
                 AND (NOT $5 OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = c.account_id
                                        AND s.customer_id = c.id AND s.status = 'suspended'))
                 AND (NOT $6 OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = c.account_id
                                        AND s.customer_id = c.id AND s.provisioning_status = 'pending'))
           ), page AS (
               SELECT f.account_id, f.id, f.key FROM filtered f
               WHERE $9::text IS NULL OR CASE WHEN $8 THEN (f.key, f.account_id, f.id) < ($9 COLLATE "C", $10, $11)
                                              ELSE (f.key, f.account_id, f.id) > ($9 COLLATE "C", $10, $11) END
               ORDER BY CASE WHEN $8 THEN f.key END DESC, CASE WHEN $8 THEN f.account_id END DESC,
                        CASE WHEN $8 THEN f.id END DESC, f.key, f.account_id, f.id
               LIMIT $12
           )
           SELECT c.account_id, a.name AS account_name, a.cloud AS "cloud: Cloud", c.id AS customer_id,
                  c.company_name, c.domain, c.reseller_id, c.synced_at, now() AS "now!", p.key AS "key!",
                  (SELECT count(*) FROM filtered) AS "total!",
                  subs.statuses AS "statuses: Vec<String>", subs.counts AS "counts: Vec<i64>",
                  (SELECT count(*) FROM subscriptions s WHERE s.account_id = c.account_id AND s.customer_id = c.id
                     AND s.provisioning_status = 'pending') AS "pending!"
           FROM page p
           JOIN customers c ON c.account_id = p.account_id AND c.id = p.id
           JOIN partner_accounts a ON a.id = c.account_id
           LEFT JOIN LATERAL subscription_status_counts(c.account_id, c.id) subs ON true
           ORDER BY CASE WHEN $8 THEN p.key END DESC, CASE WHEN $8 THEN p.account_id END DESC,
                    CASE WHEN $8 THEN p.id END DESC, p.key, p.account_id, p.id"#,
        visible.ids(),
        filter.account,
        filter.cloud.map(Cloud::as_str),
        relationship,
        filter.has_suspended,
        filter.pending_provisioning,
        filter.sort.as_str(),
        filter.descending,
        after.map(|cursor| cursor.key.as_str()),
        after.map(|cursor| cursor.account) as Option<Uuid>,
        after.map(|cursor| cursor.customer) as Option<Uuid>,
        limit,
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |row| row.total);
    let rows = rows
        .into_iter()
        .map(|row| CustomerRow {
            customer: CustomerSummary {
                account_id: row.account_id,
                account_name: row.account_name,
                cloud: row.cloud,
                customer_id: row.customer_id,
                company_name: row.company_name,
                domain: row.domain,
                reseller: row.reseller_id,
                subscriptions: StatusCount::zip(row.statuses, row.counts),
                synced: Moment::at(row.synced_at, row.now),
            },
            pending_provisioning: row.pending,
            key: row.key,
        })
        .collect();
    Ok((rows, total))
}
