//! Customers written straight to the cache, shaped to test search ranking, role scoping and
//! the customer page without a sync.

use sqlx::PgPool;
use uuid::Uuid;

/// One cached customer to insert.
pub struct Customer<'a> {
    pub account: Uuid,
    pub id: Uuid,
    pub name: &'a str,
    pub domain: &'a str,
    pub other_domains: &'a [&'a str],
    pub reseller: Option<Uuid>,
    /// (subscription id, status, MPN id of the reseller of record)
    pub subscriptions: &'a [(Uuid, &'a str, Option<&'a str>)],
}

impl Customer<'_> {
    pub async fn insert(&self, pool: &PgPool) {
        sqlx::query(
            "INSERT INTO customers (account_id, id, company_name, domain, relationship, reseller_id, synced_at,
                                    profile_synced_at, subscriptions_synced_at)
             VALUES ($1, $2, $3, $4, 'reseller', $5, now() - interval '3 minutes', now(), now())",
        )
        .bind(self.account)
        .bind(self.id)
        .bind(self.name)
        .bind(self.domain)
        .bind(self.reseller.map(|reseller| reseller.to_string()))
        .execute(pool)
        .await
        .unwrap();
        for domain in self.other_domains.iter().chain([&self.domain]) {
            sqlx::query("INSERT INTO customer_domains (account_id, customer_id, domain, synced_at) VALUES ($1, $2, $3, now())")
                .bind(self.account)
                .bind(self.id)
                .bind(domain)
                .execute(pool)
                .await
                .unwrap();
        }
        for (subscription, status, mpn) in self.subscriptions {
            sqlx::query(
                "INSERT INTO subscriptions (account_id, customer_id, id, offer_id, offer_name, quantity, status,
                                            partner_id, billing_type, synced_at)
                 VALUES ($1, $2, $3, 'MS-AZR-0145P', 'Azure plan', 1, $4, $5, 'usage', now())",
            )
            .bind(self.account)
            .bind(self.id)
            .bind(subscription)
            .bind(status)
            .bind(mpn)
            .execute(pool)
            .await
            .unwrap();
        }
    }
}

/// A fixed id, readable in failures: `id(7)` is `00000000-0000-0000-0000-000000000007`.
pub const fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}
