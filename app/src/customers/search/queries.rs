//! The search box's SQL: exact ids, name and domain prefixes and fragments, resellers, and
//! (only when those find nothing) names close to the text, over the visible accounts.

use super::types::{CustomerHit, MatchKind, SearchTerm, StatusCount};
use crate::accounts::Cloud;
use crate::auth::access::Visible;
use crate::sync::Moment;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Candidates each way of matching may contribute before ranking.
const CANDIDATES: i64 = 50;

/// A customer found, before its details are read.
struct Key {
    account_id: Uuid,
    customer_id: Uuid,
    rank: i32,
    domain: Option<String>,
}

/// Up to `limit` customers matching `term` on the visible accounts, best first.
#[tracing::instrument(skip_all)]
pub async fn search(
    pool: &PgPool,
    visible: &Visible,
    term: &SearchTerm,
    limit: i64,
) -> Result<Vec<CustomerHit>, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    // Planned for the actual values every time: a plan made once for any pattern reads the
    // whole table for a LIKE under a LIMIT, where the pattern's own plan takes a name prefix
    // from the B-tree and a fragment from the trigram index.
    sqlx::query!("SET LOCAL plan_cache_mode = force_custom_plan")
        .execute(&mut *transaction)
        .await?;
    // Every way of matching has its index; a sequential scan under a LIMIT looks cheap to the
    // planner when a word is common, and reads 10,000 rows to find 100 (13 ms instead of 2).
    sqlx::query!("SET LOCAL enable_seqscan = off")
        .execute(&mut *transaction)
        .await?;
    let mut keys = match term {
        SearchTerm::Id(id) => by_id(&mut transaction, visible, *id, limit).await?,
        SearchTerm::Text(text) => by_text(&mut transaction, visible, text, limit).await?,
    };
    // Typos only when nothing matches as typed: a close name is noise next to a real match.
    if let SearchTerm::Text(text) = term
        && keys.is_empty()
        && text.chars().count() >= 3
    {
        keys = similar(&mut transaction, visible, text, limit).await?;
    }
    let hits = details(&mut transaction, keys).await?;
    transaction.commit().await?;
    Ok(hits)
}

/// A customer (tenant), subscription or indirect reseller id.
async fn by_id(
    connection: &mut PgConnection,
    visible: &Visible,
    id: Uuid,
    limit: i64,
) -> Result<Vec<Key>, sqlx::Error> {
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
    .fetch_all(connection)
    .await
}

/// Name and domain prefixes; then, only if those do not fill the list, fragments (3 letters or
/// more) and an MPN id of record, which rank below them.
async fn by_text(
    connection: &mut PgConnection,
    visible: &Visible,
    text: &str,
    limit: i64,
) -> Result<Vec<Key>, sqlx::Error> {
    use crate::database::escape_like;
    let prefix = format!("{}%", escape_like(text));
    let mut keys = sqlx::query_as!(
        Key,
        r#"WITH hits AS (
               (SELECT c.account_id, c.id AS customer_id, 2 AS rank, NULL::text AS domain FROM customers c
                WHERE lower(c.company_name) COLLATE "C" LIKE $2 AND ($1::uuid[] IS NULL OR c.account_id = ANY($1))
                ORDER BY lower(c.company_name) COLLATE "C" LIMIT $3)
               UNION ALL
               (SELECT c.account_id, c.id, 3, c.domain FROM customers c
                WHERE lower(c.domain) COLLATE "C" LIKE $2 AND ($1::uuid[] IS NULL OR c.account_id = ANY($1))
                ORDER BY lower(c.domain) COLLATE "C" LIMIT $3)
               UNION ALL
               (SELECT d.account_id, d.customer_id, 3, d.domain FROM customer_domains d
                WHERE lower(d.domain) COLLATE "C" LIKE $2 AND ($1::uuid[] IS NULL OR d.account_id = ANY($1))
                ORDER BY lower(d.domain) COLLATE "C" LIMIT $3)
           ), best AS (
               SELECT DISTINCT ON (account_id, customer_id) account_id, customer_id, rank, domain
               FROM hits ORDER BY account_id, customer_id, rank
           )
           SELECT b.account_id AS "account_id!", b.customer_id AS "customer_id!", b.rank AS "rank!", b.domain
           FROM best b JOIN customers c ON c.account_id = b.account_id AND c.id = b.customer_id
           ORDER BY b.rank, similarity(lower(c.company_name), $4) DESC, lower(c.company_name), c.id
           LIMIT $5"#,
        visible.ids(),
        prefix,
        CANDIDATES,
        text,
        limit,
    )
    .fetch_all(&mut *connection)
    .await?;
    let mpn = text.bytes().all(|byte| byte.is_ascii_digit()).then_some(text);
    // One or two letters match too many names anywhere in them: prefixes only.
    if (keys.len() as i64) < limit && (text.chars().count() >= 3 || mpn.is_some()) {
        for key in fragments(connection, visible, text, mpn, limit).await? {
            let known = keys
                .iter()
                .any(|seen| (seen.account_id, seen.customer_id) == (key.account_id, key.customer_id));
            if !known && (keys.len() as i64) < limit {
                keys.push(key);
            }
        }
    }
    Ok(keys)
}

/// Names and domains containing `text`, and customers with an MPN id of record.
async fn fragments(
    connection: &mut PgConnection,
    visible: &Visible,
    text: &str,
    mpn: Option<&str>,
    limit: i64,
) -> Result<Vec<Key>, sqlx::Error> {
    let fragment = (text.chars().count() >= 3).then(|| format!("%{}%", crate::database::escape_like(text)));
    sqlx::query_as!(
        Key,
        r#"WITH hits AS (
               (SELECT c.account_id, c.id AS customer_id, 4 AS rank, NULL::text AS domain FROM customers c
                WHERE lower(c.company_name) LIKE $2 AND ($1::uuid[] IS NULL OR c.account_id = ANY($1)) LIMIT $4)
               UNION ALL
               (SELECT c.account_id, c.id, 5, c.domain FROM customers c
                WHERE lower(c.domain) LIKE $2 AND ($1::uuid[] IS NULL OR c.account_id = ANY($1)) LIMIT $4)
               UNION ALL
               (SELECT d.account_id, d.customer_id, 5, d.domain FROM customer_domains d
                WHERE lower(d.domain) LIKE $2 AND ($1::uuid[] IS NULL OR d.account_id = ANY($1)) LIMIT $4)
               UNION ALL
               (SELECT DISTINCT s.account_id, s.customer_id, 6, NULL::text FROM subscriptions s
                WHERE s.partner_id = $3 AND ($1::uuid[] IS NULL OR s.account_id = ANY($1)) LIMIT $4)
           ), best AS (
               SELECT DISTINCT ON (account_id, customer_id) account_id, customer_id, rank, domain
               FROM hits ORDER BY account_id, customer_id, rank
           )
           SELECT b.account_id AS "account_id!", b.customer_id AS "customer_id!", b.rank AS "rank!", b.domain
           FROM best b JOIN customers c ON c.account_id = b.account_id AND c.id = b.customer_id
           ORDER BY b.rank, similarity(lower(c.company_name), $5) DESC, lower(c.company_name), c.id
           LIMIT $6"#,
        visible.ids(),
        fragment,
        mpn,
        CANDIDATES,
        text,
        limit,
    )
    .fetch_all(connection)
    .await
}

/// Names close to `text` (a letter wrong, missing or swapped), by trigram word similarity.
async fn similar(
    connection: &mut PgConnection,
    visible: &Visible,
    text: &str,
    limit: i64,
) -> Result<Vec<Key>, sqlx::Error> {
    // pg_trgm's default (0.6) misses swapped letters in short names ("contsoo" is 0.5 of
    // "contoso"); the GIN index still narrows the candidates at this threshold.
    sqlx::query!("SET LOCAL pg_trgm.word_similarity_threshold = 0.45")
        .execute(&mut *connection)
        .await?;
    sqlx::query_as!(
        Key,
        r#"SELECT c.account_id, c.id AS customer_id, 7 AS "rank!", NULL::text AS domain
           FROM customers c
           WHERE $2 <% lower(c.company_name) AND ($1::uuid[] IS NULL OR c.account_id = ANY($1))
           ORDER BY $2 <<-> lower(c.company_name), lower(c.company_name), c.id
           LIMIT $3"#,
        visible.ids(),
        text,
        limit,
    )
    .fetch_all(connection)
    .await
}

/// What a result shows of each customer found, in the order found.
async fn details(connection: &mut PgConnection, keys: Vec<Key>) -> Result<Vec<CustomerHit>, sqlx::Error> {
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
           LEFT JOIN LATERAL (
               SELECT array_agg(g.status ORDER BY g.status) AS statuses, array_agg(g.n ORDER BY g.status) AS counts
               FROM (SELECT s.status, count(*) AS n FROM subscriptions s
                     WHERE s.account_id = c.account_id AND s.customer_id = c.id GROUP BY s.status) g
           ) subs ON true
           ORDER BY k.ordinality"#,
        &accounts,
        &customers,
        &domains as &[Option<String>],
    )
    .fetch_all(connection)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let rank = keys[(row.position - 1) as usize].rank;
            let subscriptions = row
                .statuses
                .unwrap_or_default()
                .into_iter()
                .zip(row.counts.unwrap_or_default())
                .map(|(status, count)| StatusCount { status, count })
                .collect();
            CustomerHit {
                account_id: row.account_id,
                account_name: row.account_name,
                cloud: row.cloud,
                customer_id: row.customer_id,
                company_name: row.company_name,
                domain: row.domain,
                matched: MatchKind::from_rank(rank),
                reseller: row.reseller_id,
                subscriptions,
                synced: Moment::at(row.synced_at, row.now),
            }
        })
        .collect())
}
