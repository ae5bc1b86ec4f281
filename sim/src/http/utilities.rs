//! Market rules (UTIL-01), address validation (UTIL-02, current and 2017 behaviour) and
//! domain availability (UTIL-03).

use super::body::parse;
use super::customers_new::{AddressRequest, check_address, domain_taken};
use super::envelope::{empty, json_response, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param};
use crate::countries::rules;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

pub async fn country_rules(_ctx: Ctx, params: Params) -> PcResult<Response> {
    let code = param(&params, "country");
    if code.len() != 2 {
        return Err(PcError::invalid(format!(
            "'{code}' is not a two-letter ISO country code."
        )));
    }
    let rules = rules(code)
        .ok_or_else(|| PcError::not_found(1000, format!("No validation rules for country '{code}'.")))?;
    Ok(ok(rules.to_json()))
}

/// Current behaviour: 200 with `originalAddress`, `suggestedAddresses`, `status` and
/// `validationMessage`. Legacy (2017): empty 200 when valid, 400 / 2007 when not.
pub async fn validate_address(ctx: Ctx, body: Bytes) -> PcResult<Response> {
    let request: AddressRequest = parse(&body)?;
    let original = json!({
        "addressLine1": request.addressline1, "addressLine2": request.addressline2, "city": request.city,
        "state": request.state, "postalCode": request.postalcode, "country": request.country, "region": request.region,
    });
    let checked = check_address(&request);
    let suggestion = checked.as_ref().ok().and_then(|address| {
        let places = crate::generate::places_of(&address.country);
        let by_postal_code = places.iter().find(|place| place.2 == address.postal_code)?;
        (!by_postal_code.0.eq_ignore_ascii_case(&address.city)).then_some(by_postal_code)
    });
    if ctx.sim.config.legacy_address_validation {
        return match (&checked, suggestion) {
            (Ok(_), None) => Ok(empty(StatusCode::OK)),
            (Ok(address), Some(place)) => Err(legacy_error(&format!(
                "{{'code':'60071','reason':'ZipCityInvalid - Details: Field - 'City' is corrected from OldValue: '{}' to NewValue: '{}','corrected_address':{{'country':'{}','city':'{}','address_line1':'{}','postal_code':'{}'}}}},'object_type':'AddressValidation','resource_status':'Active'}}",
                address.city,
                place.0.to_uppercase(),
                address.country,
                place.0.to_uppercase(),
                address.address_line1,
                address.postal_code
            ))),
            (Err(error), _) => Err(legacy_error(&format!(
                "{{'code':'60070','reason':'{}','object_type':'AddressValidation'}}",
                error.description.replace('\'', "")
            ))),
        };
    }
    let (status, message, suggested) = match (&checked, suggestion) {
        (Ok(_), None) => ("Verified", "The address is valid.".to_owned(), Vec::new()),
        (Ok(address), Some(place)) => {
            let mut corrected = original.clone();
            corrected["city"] = json!(place.0);
            corrected["state"] = json!(place.1.or(address.state.as_deref()));
            (
                "VerifiedWithChanges",
                format!(
                    "City corrected from '{}' to '{}' for postal code {}.",
                    address.city, place.0, address.postal_code
                ),
                vec![corrected],
            )
        }
        (Err(error), _) => ("NotValidated", error.description.clone(), Vec::new()),
    };
    Ok(ok(json!({
        "originalAddress": original,
        "suggestedAddresses": suggested,
        "status": status,
        "validationMessage": message,
        "attributes": { "objectType": "AddressValidationResponse" },
    })))
}

fn legacy_error(description: &str) -> PcError {
    PcError::new(StatusCode::BAD_REQUEST, 2007, description)
}

/// `HEAD /domains/{domain}`: 200 if the domain exists (taken), 404 if it is available.
pub async fn domain_exists(ctx: Ctx, params: Params) -> PcResult<Response> {
    let domain = param(&params, "domain").trim().to_lowercase();
    if domain.is_empty() || domain.len() > 253 || !domain.contains('.') {
        return Ok(json_response(StatusCode::BAD_REQUEST, &json!({})));
    }
    Ok(empty(if domain_taken(&ctx, &domain) {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    }))
}
