//! The partner's activity log (AUD-01): 90 days kept, 30 by default, filters, seek paging.

use super::Ctx;
use super::body::{Filter, QueryParams, decode_token, encode_token};
use super::envelope::{collection, next_link, ok};
use super::error::{PcError, PcResult};
use crate::model::AuditRecord;
use axum::extract::RawQuery;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, Duration, OffsetDateTime, macros::format_description};

const RETENTION_DAYS: i64 = 90;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AuditPosition {
    start: i64,
    end: i64,
    filter: Option<(String, String)>,
    size: usize,
    offset: usize,
}

pub async fn list(ctx: Ctx, RawQuery(raw): RawQuery, headers: HeaderMap) -> PcResult<Response> {
    let query = QueryParams::new(raw.as_deref());
    let now = ctx.now();
    let position = if query
        .get("seekOperation")
        .is_some_and(|seek| seek.eq_ignore_ascii_case("next"))
    {
        let token = headers
            .get("ms-continuationtoken")
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| PcError::invalid("seekOperation=Next needs the MS-ContinuationToken header."))?;
        let position = decode_token::<AuditPosition>(token)?;
        if !(1..=1000).contains(&position.size) {
            return Err(PcError::invalid(
                "The continuation token is not valid or has expired.",
            ));
        }
        position
    } else {
        let date = |name: &str| -> PcResult<Option<OffsetDateTime>> {
            query
                .get(name)
                .map(|text| {
                    Date::parse(text, format_description!("[year]-[month]-[day]"))
                        .map(|date| date.midnight().assume_utc())
                        .map_err(|_| {
                            PcError::invalid(format!("{name} '{text}' is not a date like 2026-11-01."))
                        })
                })
                .transpose()
        };
        let today = crate::usage::start_of_day(now);
        let start = date("startDate")?.unwrap_or(today - Duration::days(30));
        if start < today - Duration::days(RETENTION_DAYS) {
            return Err(PcError::invalid("startDate must be within the last 90 days."));
        }
        // An exclusive end in whole seconds: include what happened during the current second.
        let end = date("endDate")?
            .map(|end| end + Duration::days(1))
            .unwrap_or(now)
            .min(now)
            + Duration::seconds(1);
        let filter = query.get("filter").map(|text| {
            let filter = Filter::parse(text)?;
            let field = filter.field.to_lowercase();
            let operator_ok = match field.as_str() {
                "companyname" => filter.operator_is("substring"),
                "customerid" | "resourcetype" => filter.operator_is("equals"),
                _ => return Err(PcError::invalid("Audit records can be filtered by CompanyName (substring), CustomerId or ResourceType (equals).")),
            };
            if !operator_ok {
                return Err(PcError::invalid(format!("The operator does not apply to {}.", filter.field)));
            }
            Ok((field, filter.value_text().to_lowercase()))
        }).transpose()?;
        let size = query.number("size", 1, 1000)?.unwrap_or(500) as usize;
        AuditPosition {
            start: start.unix_timestamp(),
            end: end.unix_timestamp(),
            filter,
            size,
            offset: 0,
        }
    };
    let partner_id = ctx.info().mpn_id.clone();
    let data = ctx.read();
    let keep = |record: &&AuditRecord| {
        let at = record.operation_date.unix_timestamp();
        at >= position.start
            && at < position.end
            && match &position.filter {
                None => true,
                Some((field, value)) => match field.as_str() {
                    "companyname" => record
                        .customer_name
                        .as_ref()
                        .is_some_and(|name| name.to_lowercase().contains(value)),
                    "customerid" => record.customer_id.is_some_and(|id| id.to_string() == *value),
                    _ => record.resource_type == value,
                },
            }
    };
    let mut remaining = data.audit.iter().filter(keep).skip(position.offset);
    let items: Vec<_> = remaining
        .by_ref()
        .take(position.size)
        .map(|record| record.to_json(&partner_id, &data))
        .collect();
    let more = remaining.next().is_some();
    let next = more.then(|| {
        let token = encode_token(&json!(AuditPosition {
            offset: position.offset + items.len(),
            ..position.clone()
        }));
        next_link("/auditrecords?seekOperation=Next", &token)
    });
    Ok(ok(collection(items, "/auditrecords", next)))
}
