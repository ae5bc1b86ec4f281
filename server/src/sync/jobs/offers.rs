//! Offers of each market the account sells in (OFFR-02, index-paged): the configured markets,
//! or the countries of the account's customers.

use super::super::SyncError;
use super::super::fanout::Scope;
use super::super::staging::{StagedRow, kind, read_time};
use super::JobContext;
use crate::partner_center::ApiErrorKind;
use crate::partner_center::operations::offers_path;
use crate::partner_center::wire::Offer;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

const OFFER_PAGE: usize = 100;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Checkpoint {
    done: Vec<String>,
}

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    let account = ctx.account_id();
    let markets = if ctx.account.markets.is_empty() {
        sqlx::query_scalar!(
            r#"SELECT DISTINCT country AS "country!" FROM customers WHERE account_id = $1 AND country IS NOT NULL ORDER BY 1"#,
            account
        )
        .fetch_all(&ctx.pool)
        .await?
    } else {
        ctx.account.markets.clone()
    };
    let mut checkpoint: Checkpoint = serde_json::from_value(ctx.run.checkpoint.clone()).unwrap_or_default();
    for country in &markets {
        if checkpoint.done.contains(country) {
            continue;
        }
        ctx.check_shutdown()?;
        let read_at = read_time();
        let offers: Vec<Offer> = match ctx
            .client()
            .all_indexed("OFFR-02", &offers_path(country), OFFER_PAGE, Some(&ctx.stats))
            .await
        {
            Ok(offers) => offers,
            // Not a market of this partner (800070): nothing to cache there.
            Err(error) if error.api_kind() == Some(ApiErrorKind::BadRequest) => {
                tracing::info!(account = %ctx.account.name, country, error = %error, "no offers for market");
                Vec::new()
            }
            Err(error) => return Err(error.into()),
        };
        let mut rows: Vec<StagedRow> = offers
            .iter()
            .map(|offer| {
                let row = OfferRow::of(country, offer, read_at);
                StagedRow::new(kind::OFFER, format!("{country}/{}", offer.id), &row)
            })
            .collect();
        rows.push(StagedRow::new(kind::SCOPE, country.clone(), &Scope { read_at }));
        checkpoint.done.push(country.clone());
        let done = checkpoint.done.len() as i32;
        ctx.commit_page(&rows, &checkpoint, done, Some(markets.len() as i32))
            .await?;
    }
    let run = ctx.run.id;
    let mut tx = ctx.begin_merge().await?;
    sqlx::query!(
        "DELETE FROM offers t USING sync_staging s
         WHERE s.run_id = $2 AND s.kind = 'scope' AND t.account_id = $1 AND t.country = s.key
           AND NOT EXISTS (SELECT 1 FROM sync_staging k WHERE k.run_id = $2 AND k.kind = 'offer'
                           AND k.key = t.country || '/' || t.id)",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO offers (account_id, country, id, name, description, category, minimum_quantity, maximum_quantity,
                is_add_on, prerequisite_offers, billing, unit_type, is_auto_renewable, is_available_for_purchase,
                is_trial, supported_billing_cycles, synced_at)
         SELECT $1, r.country, r.id, r.name, r.description, r.category, r.minimum_quantity, r.maximum_quantity,
                r.is_add_on, coalesce(r.prerequisite_offers, '{}'), r.billing, r.unit_type, r.is_auto_renewable,
                r.is_available_for_purchase, r.is_trial, coalesce(r.supported_billing_cycles, '{}'), r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::offers, s.payload) AS r
         WHERE s.run_id = $2 AND s.kind = 'offer'
         ON CONFLICT (account_id, country, id) DO UPDATE SET
             name = EXCLUDED.name, description = EXCLUDED.description, category = EXCLUDED.category,
             minimum_quantity = EXCLUDED.minimum_quantity, maximum_quantity = EXCLUDED.maximum_quantity,
             is_add_on = EXCLUDED.is_add_on, prerequisite_offers = EXCLUDED.prerequisite_offers,
             billing = EXCLUDED.billing, unit_type = EXCLUDED.unit_type, is_auto_renewable = EXCLUDED.is_auto_renewable,
             is_available_for_purchase = EXCLUDED.is_available_for_purchase, is_trial = EXCLUDED.is_trial,
             supported_billing_cycles = EXCLUDED.supported_billing_cycles, synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM offers WHERE account_id = $1"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, None).await
}

#[derive(Debug, Serialize)]
struct OfferRow<'a> {
    country: &'a str,
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    category: Option<&'a str>,
    minimum_quantity: Option<i64>,
    maximum_quantity: Option<i64>,
    is_add_on: bool,
    prerequisite_offers: &'a [String],
    billing: Option<String>,
    unit_type: Option<&'a str>,
    is_auto_renewable: Option<bool>,
    is_available_for_purchase: Option<bool>,
    is_trial: Option<bool>,
    supported_billing_cycles: &'a [String],
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}

impl<'a> OfferRow<'a> {
    fn of(country: &'a str, offer: &'a Offer, read_at: OffsetDateTime) -> OfferRow<'a> {
        let clamp = |value: Option<i64>| value.map(|value| value.clamp(0, i64::from(i32::MAX)));
        OfferRow {
            country,
            id: &offer.id,
            name: &offer.name,
            description: offer.description.as_deref(),
            category: offer
                .category
                .as_ref()
                .and_then(|category| category.name.as_deref()),
            minimum_quantity: clamp(offer.minimum_quantity),
            maximum_quantity: clamp(offer.maximum_quantity),
            is_add_on: offer.is_add_on,
            prerequisite_offers: &offer.prerequisite_offers,
            billing: offer.billing.as_deref().map(str::to_ascii_lowercase),
            unit_type: offer.unit_type.as_deref(),
            is_auto_renewable: offer.is_auto_renewable,
            is_available_for_purchase: offer.is_available_for_purchase,
            is_trial: offer.is_trial,
            supported_billing_cycles: &offer.supported_billing_cycles,
            synced_at: read_at,
        }
    }
}
