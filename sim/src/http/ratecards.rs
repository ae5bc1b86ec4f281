//! The Azure rate card (PRICE-01): the meters simulated usage consumes, priced in the
//! requested currency (default: the partner's), so a client can turn utilization records
//! (USE-01) into estimated cost as the contract describes.

use super::Ctx;
use super::body::QueryParams;
use super::envelope::ok;
use super::error::{PcError, PcResult};
use crate::clock::format_utc;
use crate::cloud::Capability;
use crate::model::catalog::exchange_rate;
use crate::usage::{METERS, start_of_day};
use axum::extract::RawQuery;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};

/// Currencies the simulated price list is published in.
const CURRENCIES: [&str; 5] = ["USD", "EUR", "GBP", "CAD", "CNY"];

pub async fn azure(ctx: Ctx, RawQuery(raw): RawQuery, headers: HeaderMap) -> PcResult<Response> {
    ctx.require(Capability::AzureSubscriptions)?;
    let query = QueryParams::new(raw.as_deref());
    let info = ctx.info();
    let currency = match query.get("currency") {
        None => info.currency.to_owned(),
        Some(text) => {
            let currency = text.trim().to_uppercase();
            if !CURRENCIES.contains(&currency.as_str()) {
                return Err(PcError::invalid(format!(
                    "The currency '{}' is not supported; use one of {}.",
                    text.chars().take(16).collect::<String>(),
                    CURRENCIES.join(", ")
                )));
            }
            currency
        }
    };
    // One price list serves every market: the region is checked, not used.
    if let Some(text) = query.get("region")
        && !(text.len() == 2 && text.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Err(PcError::invalid(format!(
            "The region '{}' is not a two-letter country code.",
            text.chars().take(16).collect::<String>()
        )));
    }
    let locale = headers
        .get("x-locale")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("en-US");
    let rate = exchange_rate(&currency);
    let month_start = start_of_day(ctx.now())
        .replace_day(1)
        .expect("every month has a first day");
    let meters: Vec<Value> = METERS
        .iter()
        .map(|meter| {
            json!({
                "id": meter.id,
                "name": meter.name,
                "rates": { "0": meter.usd_rate * rate },
                "tags": [],
                "category": meter.category,
                "subcategory": meter.subcategory,
                "region": meter.region,
                "unit": meter.unit,
                "includedQuantity": 0.0,
                "effectiveDate": format_utc(month_start),
            })
        })
        .collect();
    Ok(ok(json!({
        "locale": locale,
        "currency": currency,
        "isTaxIncluded": false,
        "meters": meters,
        // No discount in the simulated program; the term is there so clients handle the shape.
        "offerTerms": [{
            "name": "Overage discount",
            "discount": 0.0,
            "excludedMeterIds": [METERS[1].id, METERS[2].id],
            "effectiveDate": format_utc(month_start).trim_end_matches('Z'),
        }],
        "attributes": { "objectType": "AzureRateCard" },
    })))
}
