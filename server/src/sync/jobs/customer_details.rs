//! Customers read one by one (CUST-02): the company and billing profiles, delegated access and
//! custom domains a list does not carry. The profiles dataset reads every customer (full) or
//! the new ones (incremental); incremental customer runs read those the activity log names.

use super::super::SyncError;
use super::super::changes::{changed_customers, customer_changes};
use super::super::fanout::{PerCustomer, Selection, gone_as_none, visit};
use super::super::staging::{StagedRow, kind};
use super::customers::{flush_search_index, merge_list, staged_customer};
use super::{JobContext, is_full, watermark_of};
use crate::partner_center::PcError;
use crate::partner_center::operations::customer;
use crate::partner_center::wire::{Address, Customer};
use serde::Serialize;
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

struct Details;

impl PerCustomer for Details {
    type Item = Customer;

    async fn fetch(&self, ctx: &JobContext, id: Uuid) -> Result<Option<Customer>, PcError> {
        gone_as_none(ctx.client().fetch(&customer(id), Some(&ctx.stats)).await)
    }

    fn rows(&self, id: Uuid, customer: Customer, read_at: OffsetDateTime) -> Vec<StagedRow> {
        let mut rows = vec![
            StagedRow::Customer(staged_customer(&customer, read_at)),
            StagedRow::new(kind::PROFILE, id.to_string(), &ProfileRow::of(&customer, read_at)),
        ];
        let mut domains: Vec<String> = customer
            .custom_domains
            .iter()
            .chain(customer.domain().map(str::to_owned).as_ref())
            .map(|domain| domain.trim().to_ascii_lowercase())
            .filter(|domain| !domain.is_empty())
            .collect();
        domains.sort();
        domains.dedup();
        rows.extend(domains.into_iter().map(|domain| {
            let row = DomainRow {
                customer_id: id,
                domain: domain.clone(),
                synced_at: read_at,
            };
            StagedRow::new(kind::DOMAIN, format!("{id}/{domain}"), &row)
        }));
        rows
    }
}

/// The profiles dataset: every customer's details (full), or those never read (incremental).
pub async fn run_profiles(ctx: &JobContext) -> Result<(), SyncError> {
    let selection = if is_full(&ctx.run) {
        Selection::All
    } else {
        Selection::Only(
            sqlx::query_scalar!(
                "SELECT id FROM customers WHERE account_id = $1 AND profile_synced_at IS NULL",
                ctx.account_id()
            )
            .fetch_all(&ctx.pool)
            .await?,
        )
    };
    visit(ctx, &Details, selection).await?;
    let mut tx = ctx.begin_merge().await?;
    merge(&mut tx, ctx).await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM customers WHERE account_id = $1 AND profile_synced_at IS NOT NULL"#,
        ctx.account_id()
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, None).await?;
    flush_search_index(ctx).await;
    Ok(())
}

/// Incremental customer runs: re-read the customers the activity log names since the last run.
pub async fn run_changes(ctx: &JobContext) -> Result<(), SyncError> {
    let since = ctx.watermark().await?;
    let changed = changed_customers(ctx, since, customer_changes).await?;
    visit(ctx, &Details, Selection::Only(changed.into_iter().collect())).await?;
    let mut tx = ctx.begin_merge().await?;
    merge(&mut tx, ctx).await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM customers WHERE account_id = $1"#,
        ctx.account_id()
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, watermark_of(&ctx.run)).await?;
    flush_search_index(ctx).await;
    Ok(())
}

/// Merges staged details: list columns, profiles and domains (never over newer copies), and
/// deletes customers Partner Center no longer has.
async fn merge(connection: &mut PgConnection, ctx: &JobContext) -> Result<(), SyncError> {
    let (account, run) = (ctx.account_id(), ctx.run.id);
    merge_list(&mut *connection, ctx).await?;
    sqlx::query!(
        "UPDATE customers c SET
             allow_delegated_access = r.allow_delegated_access, email = r.email, company_address = r.company_address,
             country = r.country, billing_profile_id = r.billing_profile_id, billing_first_name = r.billing_first_name,
             billing_last_name = r.billing_last_name, billing_email = r.billing_email, billing_culture = r.billing_culture,
             billing_language = r.billing_language, billing_company_name = r.billing_company_name,
             billing_address = r.billing_address, billing_etag = r.billing_etag, profile_synced_at = r.profile_synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::customers, s.payload) AS r
         WHERE s.run_id = $2 AND s.kind = 'profile' AND c.account_id = $1 AND c.id = r.id
           AND (c.profile_synced_at IS NULL OR c.profile_synced_at <= r.profile_synced_at)",
        account,
        run
    )
    .execute(&mut *connection)
    .await?;
    // Domains of the customers whose profile this run just wrote.
    sqlx::query!(
        "DELETE FROM customer_domains d USING sync_staging s, customers c
         WHERE s.run_id = $2 AND s.kind = 'scope' AND c.account_id = $1 AND c.id = s.key::uuid
           AND c.profile_synced_at = (s.payload->>'read_at')::timestamptz
           AND d.account_id = $1 AND d.customer_id = c.id
           AND NOT EXISTS (SELECT 1 FROM sync_staging k WHERE k.run_id = $2 AND k.kind = 'domain'
                           AND k.key = d.customer_id::text || '/' || d.domain)",
        account,
        run
    )
    .execute(&mut *connection)
    .await?;
    sqlx::query!(
        "INSERT INTO customer_domains (account_id, customer_id, domain, synced_at)
         SELECT $1, r.customer_id, r.domain, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::customer_domains, s.payload) AS r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.profile_synced_at = r.synced_at
         WHERE s.run_id = $2 AND s.kind = 'domain'
         ON CONFLICT (account_id, customer_id, domain) DO UPDATE SET synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *connection)
    .await?;
    sqlx::query!(
        "DELETE FROM customers c USING sync_staging s
         WHERE s.run_id = $2 AND s.kind = 'gone' AND c.account_id = $1 AND c.id = s.key::uuid
           AND c.synced_at < (s.payload->>'read_at')::timestamptz",
        account,
        run
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

#[derive(Debug, Serialize)]
struct ProfileRow<'a> {
    id: Uuid,
    allow_delegated_access: Option<bool>,
    email: Option<&'a str>,
    company_address: Option<&'a Address>,
    country: Option<String>,
    billing_profile_id: Option<&'a str>,
    billing_first_name: Option<&'a str>,
    billing_last_name: Option<&'a str>,
    billing_email: Option<&'a str>,
    billing_culture: Option<&'a str>,
    billing_language: Option<&'a str>,
    billing_company_name: Option<&'a str>,
    billing_address: Option<&'a Address>,
    billing_etag: Option<&'a str>,
    #[serde(with = "time::serde::rfc3339")]
    profile_synced_at: OffsetDateTime,
}

impl<'a> ProfileRow<'a> {
    fn of(customer: &'a Customer, read_at: OffsetDateTime) -> ProfileRow<'a> {
        let company = customer.company_profile.as_ref();
        let billing = customer.billing_profile.as_ref();
        let company_address = company.and_then(|profile| profile.address.as_ref());
        let billing_address = billing.and_then(|profile| profile.default_address.as_ref());
        let country = company_address
            .or(billing_address)
            .and_then(|address| address.country.as_deref())
            .map(|country| country.trim().to_ascii_uppercase())
            .filter(|country| country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()));
        ProfileRow {
            id: customer.id,
            allow_delegated_access: customer.allow_delegated_access,
            email: company.and_then(|profile| profile.email.as_deref()),
            company_address,
            country,
            billing_profile_id: billing.and_then(|profile| profile.id.as_deref()),
            billing_first_name: billing.and_then(|profile| profile.first_name.as_deref()),
            billing_last_name: billing.and_then(|profile| profile.last_name.as_deref()),
            billing_email: billing.and_then(|profile| profile.email.as_deref()),
            billing_culture: billing.and_then(|profile| profile.culture.as_deref()),
            billing_language: billing.and_then(|profile| profile.language.as_deref()),
            billing_company_name: billing.and_then(|profile| profile.company_name.as_deref()),
            billing_address,
            billing_etag: billing
                .and_then(|profile| profile.attributes.as_ref())
                .and_then(|attributes| attributes.etag.as_deref()),
            profile_synced_at: read_at,
        }
    }
}

#[derive(Debug, Serialize)]
struct DomainRow {
    customer_id: Uuid,
    domain: String,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}
