//! Offers of the partner's cloud for a market (OFFR-01, OFFR-02).

use super::body::QueryParams;
use super::envelope::{collection, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param};
use axum::extract::RawQuery;
use axum::response::Response;

fn country(ctx: &Ctx, query: &QueryParams) -> PcResult<String> {
    let country = query
        .get("country")
        .map(str::to_uppercase)
        .ok_or_else(|| PcError::invalid("The country query parameter is required."))?;
    if !ctx.info().markets.iter().any(|market| *market == country) {
        return Err(PcError::invalid(format!(
            "Offer is not available in the specified country {country}."
        ))
        .with_code(800_070));
    }
    Ok(country)
}

pub async fn list(ctx: Ctx, RawQuery(query): RawQuery) -> PcResult<Response> {
    let query = QueryParams::new(query.as_deref());
    let country = country(&ctx, &query)?;
    let offset = query.number("offset", 0, u64::from(u32::MAX))?.unwrap_or(0) as usize;
    let size = query.number("size", 1, 1000)?.unwrap_or(1000) as usize;
    let items = ctx
        .sim
        .catalog
        .offers(ctx.info().cloud)
        .enumerate()
        .skip(offset)
        .take(size)
        .map(|(rank, offer)| offer.to_json(&country, rank + 1))
        .collect();
    Ok(ok(collection(items, &format!("/offers?country={country}"), None)))
}

pub async fn get(ctx: Ctx, params: Params, RawQuery(query): RawQuery) -> PcResult<Response> {
    let query = QueryParams::new(query.as_deref());
    let country = country(&ctx, &query)?;
    let id = param(&params, "offer_id");
    let (rank, offer) = ctx
        .sim
        .catalog
        .offers(ctx.info().cloud)
        .enumerate()
        .find(|(_, offer)| offer.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| PcError::not_found(1000, format!("Offer {id} was not found.")))?;
    Ok(ok(offer.to_json(&country, rank + 1)))
}
