//! Customers and subscriptions staged as typed columns (`sync_staging_customers`,
//! `sync_staging_subscriptions`), so their merges copy columns instead of parsing JSON. A
//! customer's name is split into its words as it is staged, while the reads wait on the throttle
//! (a first fill's merge copies them).

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// The list columns of a customer (CUST-02/03), named as in `customers`.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedCustomer {
    pub id: Uuid,
    pub commerce_id: Option<Uuid>,
    pub company_name: String,
    pub domain: String,
    pub relationship: Option<String>,
    pub reseller_id: Option<String>,
    pub synced_at: OffsetDateTime,
}

/// A subscription's columns (SUB-01), named as in `subscriptions`.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedSubscription {
    pub customer_id: Uuid,
    pub id: Uuid,
    pub offer_id: String,
    pub offer_name: Option<String>,
    pub friendly_name: Option<String>,
    pub quantity: i32,
    pub unit_type: Option<String>,
    pub status: String,
    pub billing_type: Option<String>,
    pub billing_cycle: Option<String>,
    pub contract_type: Option<String>,
    pub is_trial: Option<bool>,
    pub created_on: Option<OffsetDateTime>,
    pub effective_start_date: Option<OffsetDateTime>,
    pub commitment_end_date: Option<OffsetDateTime>,
    pub auto_renew: Option<bool>,
    pub parent_subscription_id: Option<Uuid>,
    pub order_id: Option<String>,
    pub partner_id: Option<String>,
    pub entitlement_id: Option<String>,
    pub suspension_reasons: Vec<String>,
    pub etag: Option<String>,
    pub synced_at: OffsetDateTime,
}

/// One column of `rows`, as the array UNNEST takes.
fn column<'a, T, C>(rows: &[&'a T], value: impl Fn(&'a T) -> C) -> Vec<C> {
    rows.iter().map(|row| value(*row)).collect()
}

pub async fn stage_customers(
    connection: &mut PgConnection,
    run: Uuid,
    rows: Vec<&StagedCustomer>,
) -> Result<u64, sqlx::Error> {
    if rows.is_empty() {
        return Ok(0);
    }
    let ids = column(&rows, |row| row.id);
    let result = sqlx::query!(
        "INSERT INTO sync_staging_customers (run_id, id, commerce_id, company_name, domain, relationship, reseller_id, synced_at, words)
         SELECT $1, t.*, ARRAY(SELECT DISTINCT w.word FROM company_name_words(t.company_name) AS w (word))
         FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
              AS t (id, commerce_id, company_name, domain, relationship, reseller_id, synced_at)
         -- A page read again (after a resume) replaces its earlier copy.
         ON CONFLICT (run_id, id) DO UPDATE SET
             commerce_id = EXCLUDED.commerce_id, company_name = EXCLUDED.company_name, domain = EXCLUDED.domain,
             relationship = EXCLUDED.relationship, reseller_id = EXCLUDED.reseller_id, synced_at = EXCLUDED.synced_at,
             words = EXCLUDED.words",
        run,
        &ids,
        &column(&rows, |row| row.commerce_id) as &[Option<Uuid>],
        &column(&rows, |row| row.company_name.as_str()) as &[&str],
        &column(&rows, |row| row.domain.as_str()) as &[&str],
        &column(&rows, |row| row.relationship.as_deref()) as &[Option<&str>],
        &column(&rows, |row| row.reseller_id.as_deref()) as &[Option<&str>],
        &column(&rows, |row| row.synced_at),
    )
    .execute(connection)
    .await?;
    Ok(result.rows_affected())
}

pub async fn stage_subscriptions(
    connection: &mut PgConnection,
    run: Uuid,
    rows: Vec<&StagedSubscription>,
) -> Result<u64, sqlx::Error> {
    if rows.is_empty() {
        return Ok(0);
    }
    let ids = column(&rows, |row| row.id);
    // Reasons are a list per row, and UNNEST cannot take a ragged two-dimensional array: each
    // row's list travels as a JSON array and becomes text[] here.
    let reasons = column(&rows, |row| {
        serde_json::Value::from(row.suspension_reasons.clone())
    });
    let text =
        |value: fn(&StagedSubscription) -> &Option<String>| column(&rows, move |row| value(row).as_deref());
    let result = sqlx::query!(
        "INSERT INTO sync_staging_subscriptions (run_id, id, customer_id, offer_id, offer_name, friendly_name, quantity,
                unit_type, status, billing_type, billing_cycle, contract_type, is_trial, created_on, effective_start_date,
                commitment_end_date, auto_renew, parent_subscription_id, order_id, partner_id, entitlement_id,
                suspension_reasons, etag, synced_at)
         SELECT $1, t.id, t.customer_id, t.offer_id, t.offer_name, t.friendly_name, t.quantity, t.unit_type, t.status,
                t.billing_type, t.billing_cycle, t.contract_type, t.is_trial, t.created_on, t.effective_start_date,
                t.commitment_end_date, t.auto_renew, t.parent_subscription_id, t.order_id, t.partner_id, t.entitlement_id,
                ARRAY(SELECT jsonb_array_elements_text(t.reasons)), t.etag, t.synced_at
         FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int4[], $8::text[], $9::text[],
                     $10::text[], $11::text[], $12::text[], $13::bool[], $14::timestamptz[], $15::timestamptz[],
                     $16::timestamptz[], $17::bool[], $18::uuid[], $19::text[], $20::text[], $21::text[], $22::jsonb[],
                     $23::text[], $24::timestamptz[])
              AS t(id, customer_id, offer_id, offer_name, friendly_name, quantity, unit_type, status, billing_type,
                   billing_cycle, contract_type, is_trial, created_on, effective_start_date, commitment_end_date,
                   auto_renew, parent_subscription_id, order_id, partner_id, entitlement_id, reasons, etag, synced_at)
         -- A page read again (after a resume) replaces its earlier copy.
         ON CONFLICT (run_id, id) DO UPDATE SET
             customer_id = EXCLUDED.customer_id, offer_id = EXCLUDED.offer_id, offer_name = EXCLUDED.offer_name,
             friendly_name = EXCLUDED.friendly_name, quantity = EXCLUDED.quantity, unit_type = EXCLUDED.unit_type,
             status = EXCLUDED.status, billing_type = EXCLUDED.billing_type, billing_cycle = EXCLUDED.billing_cycle,
             contract_type = EXCLUDED.contract_type, is_trial = EXCLUDED.is_trial, created_on = EXCLUDED.created_on,
             effective_start_date = EXCLUDED.effective_start_date, commitment_end_date = EXCLUDED.commitment_end_date,
             auto_renew = EXCLUDED.auto_renew, parent_subscription_id = EXCLUDED.parent_subscription_id,
             order_id = EXCLUDED.order_id, partner_id = EXCLUDED.partner_id, entitlement_id = EXCLUDED.entitlement_id,
             suspension_reasons = EXCLUDED.suspension_reasons, etag = EXCLUDED.etag, synced_at = EXCLUDED.synced_at",
        run,
        &ids,
        &column(&rows, |row| row.customer_id),
        &column(&rows, |row| row.offer_id.as_str()) as &[&str],
        &text(|row| &row.offer_name) as &[Option<&str>],
        &text(|row| &row.friendly_name) as &[Option<&str>],
        &column(&rows, |row| row.quantity),
        &text(|row| &row.unit_type) as &[Option<&str>],
        &column(&rows, |row| row.status.as_str()) as &[&str],
        &text(|row| &row.billing_type) as &[Option<&str>],
        &text(|row| &row.billing_cycle) as &[Option<&str>],
        &text(|row| &row.contract_type) as &[Option<&str>],
        &column(&rows, |row| row.is_trial) as &[Option<bool>],
        &column(&rows, |row| row.created_on) as &[Option<OffsetDateTime>],
        &column(&rows, |row| row.effective_start_date) as &[Option<OffsetDateTime>],
        &column(&rows, |row| row.commitment_end_date) as &[Option<OffsetDateTime>],
        &column(&rows, |row| row.auto_renew) as &[Option<bool>],
        &column(&rows, |row| row.parent_subscription_id) as &[Option<Uuid>],
        &text(|row| &row.order_id) as &[Option<&str>],
        &text(|row| &row.partner_id) as &[Option<&str>],
        &text(|row| &row.entitlement_id) as &[Option<&str>],
        &reasons,
        &text(|row| &row.etag) as &[Option<&str>],
        &column(&rows, |row| row.synced_at),
    )
    .execute(connection)
    .await?;
    Ok(result.rows_affected())
}
