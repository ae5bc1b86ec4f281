//! Azure usage: utilization records (USE-01), a customer's usage summary (USE-03) and every
//! customer's month so far (USE-06). All derived from `crate::usage`.

use super::body::{QueryParams, decode_token, encode_token};
use super::envelope::{collection, link, next_link, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param};
use crate::clock::format_utc;
use crate::cloud::Capability;
use crate::model::{AccountInfo, Customer};
use crate::usage::{METERS, billing_period, cost_between, hourly_quantity, quantity_between, start_of_day};
use axum::extract::RawQuery;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// Largest (and default) page of utilization records (contract USE-01).
const MAX_RECORDS: u64 = 1000;

/// Where a utilization listing continues.
#[derive(Debug, Serialize, Deserialize)]
struct UtilizationPosition {
    start: i64,
    end: i64,
    hourly: bool,
    details: bool,
    size: usize,
    offset: usize,
}

pub async fn utilization(
    ctx: Ctx,
    params: Params,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> PcResult<Response> {
    ctx.require(Capability::AzureSubscriptions)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let subscription_id = super::guid("subscription id", param(&params, "subscription_id"))?;
    let query = QueryParams::new(raw.as_deref());
    let position = if query
        .get("seekOperation")
        .is_some_and(|seek| seek.eq_ignore_ascii_case("next"))
    {
        let token = headers
            .get("ms-continuationtoken")
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| {
                PcError::invalid("seek_operation=Next needs the MS-ContinuationToken header from links.next.")
            })?;
        decode_token::<UtilizationPosition>(token)?.checked()?
    } else {
        first_position(&query)?
    };
    let seed = ctx.sim.config.seed;
    let now = ctx.now();
    ctx.with_customer(customer_id, |customer| {
        let subscription = customer.subscription(subscription_id).ok_or_else(|| {
            PcError::not_found(
                20_003,
                format!("Subscription with id {subscription_id} not found."),
            )
        })?;
        if !subscription.is_azure() {
            return Err(PcError::invalid(
                "Utilization records exist only for usage-based (Azure) subscriptions.",
            ));
        }
        let (start, end) = position.range()?;
        let end = end.min(now);
        let step = if position.hourly {
            Duration::hours(1)
        } else {
            Duration::days(1)
        };
        let first_bucket = if position.hourly {
            crate::usage::hours(start, start + Duration::hours(1))
                .next()
                .unwrap_or(start)
        } else {
            start_of_day(start)
        };
        let records = std::iter::successors(Some(first_bucket), |bucket| Some(*bucket + step))
            .take_while(|bucket| *bucket < end)
            .flat_map(|bucket| (0..METERS.len()).map(move |meter| (bucket, meter)))
            .filter_map(|(bucket, meter)| {
                let (from, to) = (bucket.max(start), (bucket + step).min(end));
                let quantity = if position.hourly {
                    hourly_quantity(seed, subscription, meter, bucket)
                } else {
                    quantity_between(seed, subscription, meter, from, to)
                };
                (quantity > 0.0).then(|| {
                    record(
                        meter,
                        bucket,
                        bucket + step,
                        quantity,
                        position.details,
                        subscription.id,
                    )
                })
            });
        let mut remaining = records.skip(position.offset);
        let items: Vec<Value> = remaining.by_ref().take(position.size).collect();
        let more = remaining.next().is_some();
        let base = format!("customers/{customer_id}/subscriptions/{subscription_id}/utilizations/azure");
        let next = more.then(|| {
            let token = encode_token(&json!(UtilizationPosition {
                offset: position.offset + items.len(),
                ..position
            }));
            next_link(&format!("{base}?seek_operation=Next"), &token)
        });
        let self_uri = format!(
            "{base}?start_time={}&end_time={}&granularity={}&show_details={}&size={}",
            format_utc(start),
            format_utc(end),
            if position.hourly { "Hourly" } else { "Daily" },
            position.details,
            position.size
        );
        Ok(ok(collection(items, &self_uri, next)))
    })
}

impl UtilizationPosition {
    /// The range as times; a token whose times do not exist is refused.
    fn range(&self) -> PcResult<(OffsetDateTime, OffsetDateTime)> {
        let time = |seconds| OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| bad_token());
        Ok((time(self.start)?, time(self.end)?))
    }

    /// Refuses a continuation token whose contents a client has changed beyond the limits.
    fn checked(self) -> PcResult<UtilizationPosition> {
        let (start, end) = self.range()?;
        let sane = end > start
            && end - start <= Duration::days(366)
            && (1..=MAX_RECORDS as usize).contains(&self.size);
        if sane { Ok(self) } else { Err(bad_token()) }
    }
}

fn bad_token() -> PcError {
    PcError::invalid("The continuation token is not valid or has expired.")
}

fn first_position(query: &QueryParams) -> PcResult<UtilizationPosition> {
    let time = |name: &str| -> PcResult<OffsetDateTime> {
        let text = query
            .get(name)
            .ok_or_else(|| PcError::invalid(format!("{name} is required.")))?;
        OffsetDateTime::parse(text, &Rfc3339).map_err(|_| {
            PcError::invalid(format!(
                "{name} '{text}' is not an ISO 8601 date and time such as 2026-11-01T00:00:00Z."
            ))
        })
    };
    let (start, end) = (time("start_time")?, time("end_time")?);
    if end <= start {
        return Err(PcError::invalid("end_time must be after start_time."));
    }
    if end - start > Duration::days(366) {
        return Err(PcError::invalid(
            "The range from start_time to end_time may span at most one year.",
        ));
    }
    let hourly = match query.get("granularity").map(str::to_lowercase).as_deref() {
        None | Some("daily") => false,
        Some("hourly") => true,
        Some(other) => {
            return Err(PcError::invalid(format!(
                "granularity '{other}' is not daily or hourly."
            )));
        }
    };
    Ok(UtilizationPosition {
        start: start.unix_timestamp(),
        end: end.unix_timestamp(),
        hourly,
        details: query.boolean("show_details")?.unwrap_or(true),
        size: query.number("size", 1, MAX_RECORDS)?.unwrap_or(MAX_RECORDS) as usize,
        offset: 0,
    })
}

fn record(
    meter: usize,
    from: OffsetDateTime,
    to: OffsetDateTime,
    quantity: f64,
    details: bool,
    subscription: uuid::Uuid,
) -> Value {
    let meter_info = &METERS[meter];
    let mut value = json!({
        "usageStartTime": format_utc(from),
        "usageEndTime": format_utc(to),
        "resource": { "id": meter_info.id, "name": meter_info.name, "category": meter_info.category, "subcategory": meter_info.subcategory, "region": meter_info.region },
        "quantity": quantity,
        "unit": meter_info.unit,
        "infoFields": { "meteredRegion": meter_info.region, "meteredService": meter_info.category, "meteredServiceType": meter_info.subcategory, "project": format!("rg-{}", &subscription.simple().to_string()[..8]) },
        "attributes": { "objectType": "AzureUtilizationRecord" },
    });
    if details {
        value["instanceData"] = json!({
            "resourceUri": format!("/subscriptions/{subscription}/resourceGroups/rg-{}/providers/{}", &subscription.simple().to_string()[..8], meter_info.category.replace(' ', "")),
            "location": meter_info.region.to_lowercase().replace(' ', ""),
            "partNumber": format!("N7H-{:05}", meter * 1291),
            "orderNumber": subscription.to_string(),
        });
    }
    value
}

/// Month-to-date estimated Azure cost of `customer` in the partner's current billing period.
pub fn month_to_date(
    seed: u64,
    info: &AccountInfo,
    customer: &Customer,
    now: OffsetDateTime,
) -> (OffsetDateTime, OffsetDateTime, f64) {
    let (start, end) = billing_period(now, info.billing_day);
    let total = customer
        .subscriptions
        .iter()
        .map(|subscription| cost_between(seed, subscription, start, now, info.currency))
        .sum::<f64>();
    (start, end, (total * 100.0).round() / 100.0)
}

fn culture_of(info: &AccountInfo) -> &'static str {
    match info.currency {
        "EUR" => "de-DE",
        "CNY" => "zh-CN",
        "GBP" => "en-GB",
        _ => "en-US",
    }
}

fn budget_json(amount: Option<f64>) -> Value {
    json!({ "amount": amount, "attributes": { "objectType": "SpendingBudget" } })
}

pub async fn customer_summary(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::AzureSubscriptions)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let (seed, now) = (ctx.sim.config.seed, ctx.now());
    let info = ctx.info().clone();
    ctx.with_customer(customer_id, |customer| {
        let (start, end, total) = month_to_date(seed, &info, customer, now);
        Ok(ok(json!({
            "budget": budget_json(customer.budget),
            "resourceId": customer.id, "id": customer.id,
            "resourceName": customer.company_name, "name": customer.company_name,
            "billingStartDate": format_utc(start), "billingEndDate": format_utc(end - Duration::seconds(1)),
            "totalCost": total, "currencyLocale": culture_of(&info), "currencyCode": info.currency,
            "lastModifiedDate": format_utc(start_of_day(now)),
            "links": { "self": link(&format!("/customers/{customer_id}/usagesummary")) },
            "attributes": { "objectType": "CustomerUsageSummary" },
        })))
    })
}

pub async fn all_customers(ctx: Ctx) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::AzureSubscriptions)?;
    let (seed, now) = (ctx.sim.config.seed, ctx.now());
    let info = ctx.info().clone();
    let data = ctx.read();
    let items = data.customers.iter()
        .filter(|customer| customer.subscriptions.iter().any(|subscription| subscription.is_azure()))
        .map(|customer| {
            let (_, _, total) = month_to_date(seed, &info, customer, now);
            let percent = customer.budget.filter(|budget| *budget > 0.0).map_or(0.0, |budget| (total / budget * 10_000.0).round() / 100.0);
            json!({
                "budget": budget_json(customer.budget), "percentUsed": percent,
                "resourceId": customer.id, "id": customer.id, "resourceName": customer.company_name, "name": customer.company_name,
                "totalCost": total, "currencyLocale": culture_of(&info), "currencyCode": info.currency, "isUpgraded": false,
                "lastModifiedDate": format_utc(start_of_day(now)),
                "attributes": { "objectType": "CustomerMonthlyUsageRecord" },
            })
        })
        .collect();
    Ok(ok(collection(items, "/customers/usagerecords", None)))
}
