//! Customers: create (CUST-01), get (CUST-02), list with seek paging (CUST-03), prefix search
//! (CUST-04), company profile (CUST-07), billing profile with ETag (CUST-08, CUST-09).

use super::body::{Filter, QueryParams, decode_token, encode_token, parse};
use super::envelope::{collection, created, next_link, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param};
use crate::cloud::Capability;
use crate::http::customers_new::{
    BillingProfileRequest, NewCustomerRequest, build_customer, check_address, check_contact, required,
};
use crate::model::etag;
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Default and largest page of CUST-03.
const DEFAULT_PAGE: u64 = 100;
const MAX_PAGE: u64 = 500;

/// Where a customer listing continues.
#[derive(Debug, Serialize, Deserialize)]
struct ListPosition {
    offset: usize,
    size: usize,
    filter: Option<(String, String)>,
}

pub async fn list(ctx: Ctx, RawQuery(query): RawQuery, headers: HeaderMap) -> PcResult<Response> {
    let query = QueryParams::new(query.as_deref());
    let position = if query.get("seekOperation").is_some() {
        if !query
            .get("seekOperation")
            .is_some_and(|seek| seek.eq_ignore_ascii_case("next"))
        {
            return Err(PcError::invalid("Only seekOperation=Next is supported."));
        }
        let token = headers
            .get("ms-continuationtoken")
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| {
                PcError::invalid("seekOperation=Next needs the MS-ContinuationToken header from links.next.")
            })?;
        let position = decode_token::<ListPosition>(token)?;
        if !(1..=MAX_PAGE as usize).contains(&position.size) {
            return Err(PcError::invalid(
                "The continuation token is not valid or has expired.",
            ));
        }
        position
    } else {
        let size = match query.number("size", 0, MAX_PAGE)? {
            None | Some(0) => DEFAULT_PAGE,
            Some(size) => size,
        } as usize;
        let filter = query.get("filter").map(customer_filter).transpose()?;
        ListPosition {
            offset: 0,
            size,
            filter,
        }
    };
    let data = ctx.read();
    let matches = |customer: &&crate::model::Customer| match &position.filter {
        None => true,
        Some((field, value)) => {
            let value = value.to_lowercase();
            match field.as_str() {
                "companyname" => customer.company_name.to_lowercase().starts_with(&value),
                "domain" => customer.domain.to_lowercase().starts_with(&value),
                "indirectreseller" => customer
                    .associated_partner_id
                    .is_some_and(|id| id.to_string().starts_with(&value)),
                _ => false,
            }
        }
    };
    let mut selected = data.customers.iter().filter(matches).skip(position.offset);
    let items: Vec<Value> = selected
        .by_ref()
        .take(position.size)
        .map(|customer| customer.list_item_json())
        .collect();
    let more = selected.next().is_some();
    let next = more.then(|| {
        let token = encode_token(&json!(ListPosition {
            offset: position.offset + items.len(),
            size: position.size,
            filter: position.filter.clone()
        }));
        next_link("/customers?seekOperation=Next", &token)
    });
    Ok(ok(collection(
        items,
        &format!("/customers?size={}", position.size),
        next,
    )))
}

/// Checks a CUST-04 filter; returns (field, value) with the field in lower case.
fn customer_filter(text: &str) -> PcResult<(String, String)> {
    let filter = Filter::parse(text)?;
    let field = filter.field.to_lowercase();
    if ![
        "companyname",
        "domain",
        "indirectreseller",
        "indirectcloudsolutionprovider",
    ]
    .contains(&field.as_str())
    {
        return Err(PcError::invalid(format!(
            "Customers cannot be filtered by '{}'; use CompanyName, Domain, IndirectReseller or IndirectCloudSolutionProvider.",
            filter.field
        )));
    }
    if !filter.operator_is("starts_with") {
        return Err(PcError::invalid(
            "Customer search supports only the starts_with operator. Full search is not supported currently.",
        ));
    }
    let value = filter.value_text();
    if value.trim().is_empty() || value.len() > 256 {
        return Err(PcError::invalid(
            "The filter value must have 1 to 256 characters.",
        ));
    }
    Ok((field, value))
}

pub async fn get(ctx: Ctx, params: Params) -> PcResult<Response> {
    let id = ctx.customer_id(param(&params, "customer_id"))?;
    ctx.with_customer(id, |customer| Ok(ok(customer.detail_json())))
}

pub async fn company_profile(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    let id = ctx.customer_id(param(&params, "customer_id"))?;
    ctx.with_customer(id, |customer| Ok(ok(customer.company_profile_json())))
}

pub async fn billing_profile(ctx: Ctx, params: Params) -> PcResult<Response> {
    let id = ctx.customer_id(param(&params, "customer_id"))?;
    ctx.with_customer(id, |customer| Ok(ok(customer.billing_profile_json())))
}

pub async fn create(ctx: Ctx, body: Bytes) -> PcResult<Response> {
    ctx.require(Capability::NewCustomers)?;
    let request: NewCustomerRequest = parse(&body)?;
    let (customer, password, relationship) = build_customer(&ctx, request)?;
    let mut response = customer.detail_json();
    response["relationshipToPartner"] = json!(relationship);
    response["userCredentials"] = json!({ "userName": "admin", "password": password });
    let mut data = ctx.write();
    if data
        .customers
        .iter()
        .any(|existing| existing.domain.eq_ignore_ascii_case(&customer.domain))
    {
        return Err(PcError::invalid(format!(
            "The domain {} is already in use.",
            customer.domain
        )));
    }
    let audit_target = (customer.id, customer.company_name.clone());
    let new_value = customer.list_item_json();
    let domain = customer.domain.clone();
    data.push_customer(customer);
    ctx.audit(
        &mut data,
        Some(audit_target),
        "add_customer",
        "customer",
        None,
        Some(&new_value),
        vec![("PrimaryDomainName".into(), domain)],
    );
    Ok(created(response))
}

pub async fn update_billing_profile(
    ctx: Ctx,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> PcResult<Response> {
    let id = ctx.customer_id(param(&params, "customer_id"))?;
    let request: BillingProfileRequest = parse(&body)?;
    let email = required(&request.email, "email")?.to_owned();
    let culture = required(&request.culture, "culture")?.to_owned();
    let language = required(&request.language, "language")?.to_owned();
    let company_name = required(&request.companyname, "companyName")?.to_owned();
    let given_etag = headers
        .get("if-match")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            request
                .attributes
                .as_ref()
                .and_then(|attributes| attributes.etag.clone())
        });
    let address = check_address(
        request
            .defaultaddress
            .as_ref()
            .ok_or_else(|| PcError::invalid("defaultAddress is required."))?,
    )?;
    check_contact(&email, &culture, &language, &company_name)?;
    let mut data = ctx.write();
    let customer = data
        .customer_mut(id)
        .ok_or_else(|| PcError::not_found(60_003, format!("Tenant not found: {id}")))?;
    if let Some(given) = given_etag
        && !etag::matches(&given, &customer.billing_etag())
    {
        return Err(PcError::new(
            StatusCode::BAD_REQUEST,
            2055,
            "Etag is no longer valid. Read the billing profile again and retry.",
        ));
    }
    if !address
        .country
        .eq_ignore_ascii_case(&customer.billing.default_address.country)
    {
        return Err(PcError::invalid(
            "The country of the billing address cannot be changed.",
        ));
    }
    let old_value = customer.billing_profile_json();
    let billing = &mut customer.billing;
    billing.first_name = request.firstname.map(Into::into);
    billing.last_name = request.lastname.map(Into::into);
    billing.email = email;
    billing.culture = culture;
    billing.language = language;
    billing.company_name = company_name;
    billing.default_address = address;
    billing.version += 1;
    let new_value = customer.billing_profile_json();
    let target = (customer.id, customer.company_name.clone());
    ctx.audit(
        &mut data,
        Some(target),
        "update_customer_billing_profile",
        "customer",
        Some(&old_value),
        Some(&new_value),
        Vec::new(),
    );
    Ok(ok(new_value))
}
