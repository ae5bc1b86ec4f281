//! The search box's SQL: exact ids, or text (see `text_queries`), then what each result shows.
//! No transaction and no session settings: one statement finds the customers and one reads their
//! details, each planned once per connection (every way of matching is an index range or an
//! index scan that a generic plan keeps).

use super::text_queries::{Looking, by_text, similar};
use super::types::{CustomerHit, CustomerSummary, MatchKind, SearchTerm, StatusCount};
use crate::accounts::Cloud;
use crate::auth::access::Visible;
use crate::sync::Moment;
use sqlx::PgPool;
use uuid::Uuid;

/// A customer found, before its details are read.
pub(super) struct Key {
    pub account_id: Uuid,
    pub customer_id: Uuid,
    pub rank: i32,
    pub domain: Option<String>,
}

/// Up to `limit` customers matching `term` on the visible accounts, best first.
#[tracing::instrument(skip_all)]
pub async fn search(
    pool: &PgPool,
    visible: &Visible,
    term: &SearchTerm,
    limit: i64,
) -> Result<Vec<CustomerHit>, sqlx::Error> {
    let keys = match term {
        SearchTerm::Id(id) => by_id(pool, visible, *id, limit).await?,
        SearchTerm::Text(text) => {
            let keys = by_text(pool, visible, text, Looking::Everywhere, limit).await?;
            // Typos only when nothing matches as typed: a close name is noise next to a real match.
            if keys.is_empty() && text.chars().count() >= 3 {
                similar(pool, visible, text, limit).await?
            } else {
                keys
            }
        }
    };
    details(pool, keys).await
}

/// A customer (tenant), subscription or indirect reseller id, each through an index on the id
/// alone (across every account at once).
async fn by_id(pool: &PgPool, visible: &Visible, id: Uuid, limit: i64) -> Result<Vec<Key>, sqlx::Error> {
    sqlx::query_as!(
        Key,
        r#"WITH hits AS (
               SELECT c.account_id, c.id AS customer_id, 0 AS rank
               FROM customers c WHERE c.id = $2 AND ($1::uuid[] IS NULL OR c.account_id = ANY($1))
               UNION ALL
               SELECT s.account_id, s.customer_id, 1
               FROM subscriptions s WHERE s.id = $2 AND ($1::uuid[] IS NULL OR s.account_id = ANY($1))
               UNION ALL
               (SELECT c.account_id, c.id, 6 FROM customers c
                WHERE lower(c.reseller_id) = $2::text AND c.reseller_id IS NOT NULL
                  AND ($1::uuid[] IS NULL OR c.account_id = ANY($1)) LIMIT $3)
           ), best AS (
               SELECT DISTINCT ON (account_id, customer_id) account_id, customer_id, rank
               FROM hits ORDER BY account_id, customer_id, rank
           )
           SELECT b.account_id AS "account_id!", b.customer_id AS "customer_id!", b.rank AS "rank!",
                  NULL::text AS domain
           FROM best b JOIN customers c ON c.account_id = b.account_id AND c.id = b.customer_id
           ORDER BY b.rank, lower(c.company_name), c.id
           LIMIT $3"#,
        visible.ids(),
        id,
        limit,
    )
    .fetch_all(pool)
    .await
}

/// What a result shows of each customer found, in the order found.
async fn details(pool: &PgPool, keys: Vec<Key>) -> Result<Vec<CustomerHit>, sqlx::Error> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let accounts: Vec<Uuid> = keys.iter().map(|key| key.account_id).collect();
    let customers: Vec<Uuid> = keys.iter().map(|key| key.customer_id).collect();
    let domains: Vec<Option<String>> = keys.iter().map(|key| key.domain.clone()).collect();
    let rows = sqlx::query!(
        r#"SELECT k.ordinality AS "position!", c.account_id, a.name AS account_name, a.cloud AS "cloud: Cloud",
                  c.id AS customer_id, c.company_name, coalesce(k.domain, c.domain) AS "domain!",
                  c.reseller_id, c.synced_at, now() AS "now!",
                  subs.statuses AS "statuses: Vec<String>", subs.counts AS "counts: Vec<i64>"
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS k (account_id, customer_id, domain)
           JOIN customers c ON c.account_id = k.account_id AND c.id = k.customer_id
           JOIN partner_accounts a ON a.id = c.account_id
           LEFT JOIN LATERAL subscription_status_counts(c.account_id, c.id) subs ON true
           ORDER BY k.ordinality"#,
        &accounts,
        &customers,
        &domains as &[Option<String>],
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let rank = keys[(row.position - 1) as usize].rank;
            let subscriptions = StatusCount::zip(row.statuses, row.counts);
            CustomerHit {
                customer: CustomerSummary {
                    account_id: row.account_id,
                    account_name: row.account_name,
                    cloud: row.cloud,
                    customer_id: row.customer_id,
                    company_name: row.company_name,
                    domain: row.domain,
                    reseller: row.reseller_id,
                    subscriptions,
                    synced: Moment::at(row.synced_at, row.now),
                },
                matched: MatchKind::from_rank(rank),
            }
        })
        .collect())
}
