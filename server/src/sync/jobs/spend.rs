//! Daily Azure spend per subscription: utilization records (USE-01, daily, seek-paged) priced
//! by the rate card (PRICE-01), as the contract suggests. Full runs cover `sync.spend_days`
//! days, incremental ones the last three (usage arrives up to 48 hours late).

use super::super::SyncError;
use super::super::fanout::gone_as_none;
use super::super::staging::{StagedRow, kind, read_time, stage};
use super::{JobContext, is_full};
use crate::partner_center::operations::{rate_card, utilization};
use crate::partner_center::wire::{RateCard, UtilizationRecord};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use time::{Date, Duration, OffsetDateTime, Time};
use uuid::Uuid;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Days an incremental run re-reads.
const LATE_USAGE_DAYS: i64 = 3;

#[derive(Debug, Serialize, Deserialize)]
struct Checkpoint {
    after: Option<Uuid>,
    done: i32,
    #[serde(with = "iso_date")]
    from: Date,
}

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    let account = ctx.account_id();
    let card: RateCard = ctx.client().fetch(&rate_card(), Some(&ctx.stats)).await?;
    let prices = prices(&card);
    let today = OffsetDateTime::now_utc().date();
    let days = if is_full(&ctx.run) {
        i64::from(ctx.settings.spend_days)
    } else {
        LATE_USAGE_DAYS
    };
    let mut checkpoint = serde_json::from_value(ctx.run.checkpoint.clone()).unwrap_or(Checkpoint {
        after: None,
        done: 0,
        from: today - Duration::days(days - 1),
    });
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM subscriptions WHERE account_id = $1 AND billing_type = 'usage'"#,
        account
    )
    .fetch_one(&ctx.pool)
    .await?;
    let read_at = read_time();
    let mut rates: Vec<StagedRow> = card
        .meters
        .iter()
        .map(|meter| {
            let row = RateRow {
                meter_id: &meter.id,
                name: meter.name.as_deref(),
                category: meter.category.as_deref(),
                unit: meter.unit.as_deref(),
                currency: &card.currency,
                unit_price: first_tier(&meter.rates),
                included_quantity: meter.included_quantity,
                discount: 1.0 - prices.get(&meter.id).map_or(1.0, |(_, factor)| *factor),
                synced_at: read_at,
            };
            StagedRow::new(kind::RATE, meter.id.clone(), &row)
        })
        .collect();
    loop {
        ctx.check_shutdown()?;
        let page = sqlx::query!(
            "SELECT id, customer_id FROM subscriptions
             WHERE account_id = $1 AND billing_type = 'usage' AND ($2::uuid IS NULL OR id > $2)
             ORDER BY id LIMIT $3",
            account,
            checkpoint.after,
            ctx.settings.customers_per_page as i64
        )
        .fetch_all(&ctx.pool)
        .await?;
        let Some(last) = page.last().map(|row| row.id) else {
            break;
        };
        let start = checkpoint.from.with_time(Time::MIDNIGHT).assume_utc();
        let end = OffsetDateTime::now_utc();
        let read_at = read_time();
        let targets: Vec<(Uuid, Uuid)> = page.iter().map(|row| (row.customer_id, row.id)).collect();
        let usage: Vec<(Uuid, Uuid, Option<Vec<UtilizationRecord>>)> = stream::iter(targets)
            .map(|(customer, subscription)| async move {
                let request = utilization(customer, subscription, start, end);
                gone_as_none(ctx.client().all_pages(request, Some(&ctx.stats)).await)
                    .map(|records| (customer, subscription, records))
            })
            .buffer_unordered(ctx.settings.concurrency)
            .try_collect()
            .await?;
        let mut rows = std::mem::take(&mut rates);
        for (customer, subscription, records) in usage {
            let Some(records) = records else { continue };
            for (day, amount) in daily_amounts(&records, &prices) {
                let row = SpendRow {
                    customer_id: customer,
                    subscription_id: subscription,
                    day,
                    amount,
                    currency: &card.currency,
                    synced_at: read_at,
                };
                rows.push(StagedRow::new(kind::SPEND, format!("{subscription}/{day}"), &row));
            }
            let scope = SpendScope {
                read_at,
                from: checkpoint.from,
                to: end.date(),
            };
            rows.push(StagedRow::new(kind::SCOPE, subscription.to_string(), &scope));
        }
        checkpoint.after = Some(last);
        checkpoint.done += page.len() as i32;
        ctx.commit_page(&rows, &checkpoint, checkpoint.done, Some(total as i32))
            .await?;
    }
    let mut tx = ctx.begin_merge().await?;
    if !rates.is_empty() {
        stage(&mut tx, &ctx.run, &rates).await?;
    }
    merge(&mut tx, ctx, &card.currency).await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM daily_spend WHERE account_id = $1"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, None).await
}

async fn merge(
    connection: &mut sqlx::PgConnection,
    ctx: &JobContext,
    currency: &str,
) -> Result<(), SyncError> {
    let (account, run) = (ctx.account_id(), ctx.run.id);
    sqlx::query!(
        "INSERT INTO meter_rates (account_id, meter_id, name, category, unit, currency, unit_price, included_quantity, discount, synced_at)
         SELECT $1, r.meter_id, r.name, r.category, r.unit, r.currency, r.unit_price, r.included_quantity, r.discount, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::meter_rates, s.payload) AS r
         WHERE s.run_id = $2 AND s.kind = 'rate'
         ON CONFLICT (account_id, meter_id) DO UPDATE SET
             name = EXCLUDED.name, category = EXCLUDED.category, unit = EXCLUDED.unit, currency = EXCLUDED.currency,
             unit_price = EXCLUDED.unit_price, included_quantity = EXCLUDED.included_quantity,
             discount = EXCLUDED.discount, synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *connection)
    .await?;
    sqlx::query!(
        "DELETE FROM daily_spend t USING sync_staging s
         WHERE s.run_id = $2 AND s.kind = 'scope' AND t.account_id = $1 AND t.subscription_id = s.key::uuid
           AND t.day BETWEEN (s.payload->>'from')::date AND (s.payload->>'to')::date
           AND NOT EXISTS (SELECT 1 FROM sync_staging k WHERE k.run_id = $2 AND k.kind = 'spend'
                           AND k.key = t.subscription_id::text || '/' || to_char(t.day, 'YYYY-MM-DD'))",
        account,
        run
    )
    .execute(&mut *connection)
    .await?;
    sqlx::query!(
        "INSERT INTO daily_spend (account_id, customer_id, subscription_id, day, amount, currency, synced_at)
         SELECT $1, r.customer_id, r.subscription_id, r.day, r.amount, r.currency, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::daily_spend, s.payload) AS r
         JOIN subscriptions t ON t.account_id = $1 AND t.id = r.subscription_id
         WHERE s.run_id = $2 AND s.kind = 'spend'
         ON CONFLICT (account_id, subscription_id, day) DO UPDATE SET
             amount = EXCLUDED.amount, currency = EXCLUDED.currency, synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *connection)
    .await?;
    if is_full(&ctx.run) {
        sqlx::query!(
            "DELETE FROM daily_spend WHERE account_id = $1 AND day < current_date - $2::int",
            account,
            ctx.settings.spend_days as i32
        )
        .execute(&mut *connection)
        .await?;
    }
    sqlx::query!(
        "UPDATE partner_accounts SET currency = $2 WHERE id = $1",
        account,
        currency
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Meter id → (price from the first unit, factor left after offer-term discounts).
fn prices(card: &RateCard) -> HashMap<String, (f64, f64)> {
    card.meters
        .iter()
        .map(|meter| {
            let factor = card
                .offer_terms
                .iter()
                .filter(|term| {
                    !term
                        .excluded_meter_ids
                        .iter()
                        .any(|id| id.eq_ignore_ascii_case(&meter.id))
                })
                .map(|term| 1.0 - term.discount.clamp(0.0, 1.0))
                .product::<f64>();
            (meter.id.to_ascii_lowercase(), (first_tier(&meter.rates), factor))
        })
        .collect()
}

/// The unit price of the lowest quantity threshold (tiers beyond it are not modelled).
fn first_tier(rates: &BTreeMap<String, f64>) -> f64 {
    rates
        .iter()
        .filter_map(|(threshold, price)| Some((threshold.parse::<f64>().ok()?, *price)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(0.0, |(_, price)| price)
}

/// Cost per UTC day of `records`; meters missing from the rate card cost nothing (logged).
fn daily_amounts(records: &[UtilizationRecord], prices: &HashMap<String, (f64, f64)>) -> BTreeMap<Date, f64> {
    let mut days = BTreeMap::new();
    for record in records {
        let day = record.usage_start_time.0.date();
        let cost = match prices.get(&record.resource.id.to_ascii_lowercase()) {
            Some((price, factor)) => record.quantity * price * factor,
            None => {
                tracing::warn!(meter = %record.resource.id, "a utilization record's meter is not on the rate card; priced at zero");
                0.0
            }
        };
        *days.entry(day).or_insert(0.0) += cost;
    }
    days
}

#[derive(Debug, Serialize)]
struct RateRow<'a> {
    meter_id: &'a str,
    name: Option<&'a str>,
    category: Option<&'a str>,
    unit: Option<&'a str>,
    currency: &'a str,
    unit_price: f64,
    included_quantity: f64,
    discount: f64,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}

#[derive(Debug, Serialize)]
struct SpendRow<'a> {
    customer_id: Uuid,
    subscription_id: Uuid,
    #[serde(with = "iso_date")]
    day: Date,
    amount: f64,
    currency: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}

#[derive(Debug, Serialize)]
struct SpendScope {
    #[serde(with = "time::serde::rfc3339")]
    read_at: OffsetDateTime,
    #[serde(with = "iso_date")]
    from: Date,
    #[serde(with = "iso_date")]
    to: Date,
}
