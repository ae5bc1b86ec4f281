//! Addresses in requests (CUST-01, CUST-09, UTIL-02), checked against the market's rules (UTIL-01).

use super::customers_new::required;
use super::error::{PcError, PcResult};
use crate::countries::rules;
use crate::model::Address;
use serde::Deserialize;
use serde_json::Value;

/// An `Address` as requests carry it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressRequest {
    pub id: Option<Value>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub district: Option<String>,
    pub addressline1: Option<String>,
    pub addressline2: Option<String>,
    pub addressline3: Option<String>,
    pub postalcode: Option<String>,
    pub firstname: Option<String>,
    pub middlename: Option<String>,
    pub lastname: Option<String>,
    pub phonenumber: Option<String>,
    pub emailaddress: Option<String>,
}

/// Checks an address against its market's rules and returns it in model form.
pub fn check_address(request: &AddressRequest) -> PcResult<Address> {
    let country = required(&request.country, "Address country")?.to_uppercase();
    let rules = rules(&country)
        .ok_or_else(|| PcError::invalid(format!("The country '{country}' is not supported.")))?;
    let city = required(&request.city, "Address city")?;
    let line1 = required(&request.addressline1, "Address addressLine1")?;
    let postal_code = required(&request.postalcode, "Address postalCode")?;
    if line1.chars().count() > 200
        || request
            .addressline2
            .as_ref()
            .is_some_and(|line| line.chars().count() > 200)
    {
        return Err(PcError::invalid(
            "Address lines must have at most 200 characters.",
        ));
    }
    if !rules.postal_code_ok(postal_code) {
        return Err(PcError::invalid(format!(
            "The postal code '{postal_code}' is not valid for {country}."
        )));
    }
    let state = request
        .state
        .as_deref()
        .map(str::trim)
        .filter(|state| !state.is_empty())
        .map(str::to_uppercase);
    if rules.state_required() {
        let state = state
            .as_deref()
            .ok_or_else(|| PcError::invalid(format!("Address state is required for {country}.")))?;
        if !rules.states.contains(&state) {
            return Err(PcError::invalid(format!(
                "'{state}' is not a state of {country}."
            )));
        }
    }
    if let Some(phone) = request
        .phonenumber
        .as_deref()
        .filter(|phone| !phone.trim().is_empty())
        && !rules.phone_ok(phone)
    {
        return Err(PcError::invalid(format!(
            "The phone number '{phone}' is not valid for {country}."
        )));
    }
    Ok(Address {
        country: rules.iso2.into(),
        region: request.region.clone().map(Into::into),
        city: city.to_owned().into(),
        state: state.map(Into::into),
        address_line1: line1.to_owned(),
        address_line2: request
            .addressline2
            .clone()
            .filter(|line| !line.trim().is_empty()),
        postal_code: postal_code.to_owned().into(),
        first_name: request.firstname.clone().map(Into::into),
        last_name: request.lastname.clone().map(Into::into),
        phone_number: request
            .phonenumber
            .clone()
            .filter(|phone| !phone.trim().is_empty()),
    })
}
