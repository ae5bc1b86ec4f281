//! Invoices (INV-01, INV-02), their line items (INV-03) and the account balance (INV-04).

use super::body::QueryParams;
use super::envelope::{collection, link, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param};
use crate::billing::{Period, license_charges, usage_charges};
use crate::clock::format_utc;
use crate::model::catalog::currency_symbol;
use axum::extract::RawQuery;
use axum::response::Response;
use serde_json::{Value, json};

pub async fn list(ctx: Ctx, RawQuery(raw): RawQuery) -> PcResult<Response> {
    let query = QueryParams::new(raw.as_deref());
    let offset = query.number("offset", 0, 100_000)?.unwrap_or(0) as usize;
    let size = query.number("size", 1, 1000)?.unwrap_or(1000) as usize;
    let data = ctx.read();
    let items = data
        .invoices
        .iter()
        .rev()
        .skip(offset)
        .take(size)
        .map(|invoice| invoice.to_json(false))
        .collect();
    Ok(ok(collection(items, "/invoices", None)))
}

pub async fn get(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    let id = param(&params, "invoice_id");
    let data = ctx.read();
    let invoice = data
        .invoices
        .iter()
        .find(|invoice| invoice.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| PcError::not_found(1000, format!("Invoice {id} was not found.")))?;
    Ok(ok(invoice.to_json(true)))
}

pub async fn summary(ctx: Ctx) -> PcResult<Response> {
    let info = ctx.info().clone();
    let data = ctx.read();
    let balance: f64 = data
        .invoices
        .iter()
        .map(|invoice| invoice.total_charges() + invoice.paid_amount)
        .sum();
    let first = data
        .invoices
        .first()
        .map(|invoice| format_utc(invoice.period_end));
    let latest = data.invoices.last().map(|invoice| format_utc(invoice.period_end));
    Ok(ok(json!({
        "balanceAmount": (balance * 100.0).round() / 100.0,
        "currencyCode": info.currency,
        "currencySymbol": currency_symbol(info.currency),
        "accountingDate": format_utc(crate::usage::start_of_day(ctx.now())),
        "firstInvoiceCreationDate": first,
        "latestInvoiceDate": latest,
        "links": { "self": link("/invoices/summary") },
        "attributes": { "objectType": "InvoiceSummary" },
    })))
}

pub async fn line_items(ctx: Ctx, params: Params, RawQuery(raw): RawQuery) -> PcResult<Response> {
    let query = QueryParams::new(raw.as_deref());
    let provider = param(&params, "provider").to_lowercase().replace('_', "");
    let item_type = param(&params, "item_type").to_lowercase().replace('_', "");
    if !["office", "azure"].contains(&provider.as_str())
        || !["billinglineitems", "usagelineitems"].contains(&item_type.as_str())
    {
        return Err(PcError::invalid(
            "Line items exist for billing provider office or azure and type billing_line_items or usage_line_items.",
        ));
    }
    let offset = query.number("offset", 0, u64::from(u32::MAX))?.unwrap_or(0) as usize;
    let size = query.number("size", 1, 2000)?.unwrap_or(2000) as usize;
    let id = param(&params, "invoice_id").to_owned();
    let info = ctx.info().clone();
    let seed = ctx.sim.config.seed;
    let data = ctx.read();
    let invoice = data
        .invoices
        .iter()
        .find(|invoice| invoice.id.eq_ignore_ascii_case(&id))
        .ok_or_else(|| PcError::not_found(1000, format!("Invoice {id} was not found.")))?;
    let period = Period {
        start: invoice.period_start,
        end: invoice.period_end,
    };
    let all: Box<dyn Iterator<Item = Value>> = match (provider.as_str(), item_type.as_str()) {
        ("office", "billinglineitems") => Box::new(
            license_charges(&ctx.sim.catalog, &info, &data, period)
                .map(|charge| charge.to_json(&info, period)),
        ),
        ("azure", "usagelineitems") => Box::new(
            usage_charges(seed, &info, &data, period)
                .map(|charge| charge.to_json(&info, &invoice.id, period)),
        ),
        _ => Box::new(std::iter::empty()),
    };
    let mut remaining = all.skip(offset);
    let items: Vec<Value> = remaining.by_ref().take(size).collect();
    let more = remaining.next().is_some();
    let base = format!(
        "/invoices/{}/lineitems/{}/{}",
        invoice.id,
        param(&params, "provider"),
        param(&params, "item_type")
    );
    let next = more.then(|| link(&format!("{base}?size={size}&offset={}", offset + items.len())));
    Ok(ok(collection(
        items,
        &format!("{base}?size={size}&offset={offset}"),
        next,
    )))
}
