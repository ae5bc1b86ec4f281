//! CUST-01's request and every check it makes before a customer exists: contact, address by
//! market rules, domain form and availability, markets the partner may sell in, and the
//! registration-number rules of eleven countries.

pub use super::address::{AddressRequest, check_address};
use super::context::CallContext;
use super::error::{PcError, PcResult};
use crate::countries::REGISTRATION_NUMBER_COUNTRIES;
use crate::model::{BillingProfile, Customer, CustomerUser, UserState};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

/// `attributes` of a request resource.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    pub objecttype: Option<String>,
    pub etag: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingProfileRequest {
    pub id: Option<Value>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub email: Option<String>,
    pub culture: Option<String>,
    pub language: Option<String>,
    pub companyname: Option<String>,
    pub defaultaddress: Option<AddressRequest>,
    pub links: Option<Value>,
    pub attributes: Option<Attributes>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyProfileRequest {
    pub tenantid: Option<Value>,
    pub domain: Option<String>,
    pub companyname: Option<String>,
    pub organizationregistrationnumber: Option<String>,
    pub address: Option<Value>,
    pub email: Option<String>,
    pub links: Option<Value>,
    pub attributes: Option<Attributes>,
}

/// The CUST-01 body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCustomerRequest {
    pub id: Option<Value>,
    pub commerceid: Option<Value>,
    pub companyprofile: Option<CompanyProfileRequest>,
    pub billingprofile: Option<BillingProfileRequest>,
    pub relationshiptopartner: Option<String>,
    pub allowdelegatedaccess: Option<Value>,
    pub usercredentials: Option<Value>,
    pub customdomains: Option<Value>,
    pub associatedpartnerid: Option<String>,
    pub links: Option<Value>,
    pub attributes: Option<Attributes>,
}

/// A present, non-blank text field, or 400 naming it.
pub fn required<'a>(value: &'a Option<String>, name: &str) -> PcResult<&'a str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .ok_or_else(|| PcError::invalid(format!("{name} is required.")))
}

/// Checks the contact fields of a billing profile.
pub fn check_contact(email: &str, culture: &str, language: &str, company_name: &str) -> PcResult<()> {
    let email_ok = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if !email_ok {
        return Err(PcError::invalid(format!(
            "'{email}' is not a valid e-mail address."
        )));
    }
    if culture.len() < 2 || language.len() != 2 {
        return Err(PcError::invalid(
            "culture must look like en-US and language like en.",
        ));
    }
    if company_name.trim().is_empty() || company_name.chars().count() > 255 {
        return Err(PcError::invalid("companyName must have 1 to 255 characters."));
    }
    Ok(())
}

/// Validates CUST-01 and builds the new customer; returns it, its admin's one-time password and
/// the relationship to echo.
pub fn build_customer(
    ctx: &CallContext,
    request: NewCustomerRequest,
) -> PcResult<(Customer, String, String)> {
    let info = ctx.info();
    let billing = request
        .billingprofile
        .ok_or_else(|| PcError::invalid("billingProfile is required."))?;
    let company = request
        .companyprofile
        .ok_or_else(|| PcError::invalid("companyProfile is required."))?;
    let email = required(&billing.email, "billingProfile.email")?.to_owned();
    let culture = required(&billing.culture, "billingProfile.culture")?.to_owned();
    let language = required(&billing.language, "billingProfile.language")?.to_owned();
    let company_name = required(&billing.companyname, "billingProfile.companyName")?.to_owned();
    check_contact(&email, &culture, &language, &company_name)?;
    let address = check_address(
        billing
            .defaultaddress
            .as_ref()
            .ok_or_else(|| PcError::invalid("billingProfile.defaultAddress is required."))?,
    )?;
    if !info
        .markets
        .iter()
        .any(|market| market.eq_ignore_ascii_case(&address.country))
    {
        return Err(PcError::new(
            StatusCode::FORBIDDEN,
            2030,
            format!("Partner is not onboarded to sell in country {}.", address.country),
        ));
    }
    let registration = company
        .organizationregistrationnumber
        .as_deref()
        .filter(|number| !number.trim().is_empty());
    if REGISTRATION_NUMBER_COUNTRIES.contains(&address.country.as_ref()) {
        let number = registration.ok_or_else(|| {
            PcError::invalid("organizationRegistrationNumber is required for this country.")
                .with_code(600_049)
        })?;
        if !number.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(
                PcError::invalid("organizationRegistrationNumber has an invalid format.").with_code(600_050),
            );
        }
        if address.phone_number.is_none() {
            return Err(PcError::invalid("A phone number is required for this country.").with_code(600_051));
        }
    } else if registration.is_some() {
        return Err(
            PcError::invalid("organizationRegistrationNumber is not supported for this country.")
                .with_code(600_002),
        );
    }
    let domain = required(&company.domain, "companyProfile.domain")?.to_lowercase();
    let suffix = info.cloud.initial_domain_suffix();
    let prefix = domain.strip_suffix(&format!(".{suffix}")).ok_or_else(|| {
        PcError::invalid(format!(
            "The domain must be an initial domain like contoso.{suffix}."
        ))
    })?;
    if prefix.is_empty() || prefix.len() > 27 || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(PcError::invalid(
            "The domain prefix must have 1 to 27 letters or digits.",
        ));
    }
    if domain_taken(ctx, &domain) {
        return Err(PcError::invalid(format!(
            "The domain {domain} is already in use."
        )));
    }
    let associated = match request
        .associatedpartnerid
        .as_deref()
        .filter(|id| !id.trim().is_empty())
    {
        None => None,
        Some(text) => {
            let id = super::guid("associatedPartnerId", text)?;
            if !ctx
                .read()
                .resellers
                .iter()
                .any(|reseller| reseller.tenant_id == id)
            {
                return Err(PcError::invalid(format!(
                    "{id} is not an indirect reseller of this partner."
                )));
            }
            Some(id)
        }
    };
    let now = ctx.now();
    let password = format!(
        "Sw{}!{}",
        &Uuid::new_v4().simple().to_string()[..10],
        now.second()
    );
    let customer = Customer {
        id: Uuid::new_v4(),
        commerce_id: Uuid::new_v4(),
        company_name: company_name.clone(),
        domain: domain.clone(),
        company_address: None,
        company_email: email.clone(),
        billing: BillingProfile {
            id: Uuid::new_v4(),
            first_name: billing.firstname.map(Into::into),
            last_name: billing.lastname.map(Into::into),
            email,
            culture,
            language,
            company_name,
            default_address: address.clone(),
            version: 1,
        },
        relationship: "reseller",
        allow_delegated_access: true,
        associated_partner_id: associated,
        created_at: now,
        subscriptions: Vec::new(),
        orders: Vec::new(),
        users: vec![CustomerUser {
            id: Uuid::new_v4(),
            user_principal_name: format!("admin@{domain}"),
            first_name: "Admin".into(),
            last_name: "Account".into(),
            display_name: "Admin Account".into(),
            usage_location: address.country,
            phone_number: None,
            state: UserState::Active,
            soft_deleted_at: None,
        }],
        budget: None,
    };
    let relationship = request
        .relationshiptopartner
        .unwrap_or_else(|| "reseller".to_owned());
    Ok((customer, password, relationship))
}

/// Whether any customer in the same cloud already has `domain` (Entra domains are cloud-wide).
pub fn domain_taken(ctx: &CallContext, domain: &str) -> bool {
    let cloud = ctx.info().cloud;
    ctx.sim
        .accounts
        .iter()
        .filter(|account| account.info.cloud == cloud)
        .any(|account| {
            account.info.domain.eq_ignore_ascii_case(domain)
                || account
                    .data
                    .read()
                    .expect("account data lock is never poisoned")
                    .customers
                    .iter()
                    .any(|customer| customer.domain.eq_ignore_ascii_case(domain))
        })
}

impl PcError {
    /// The same error with another Partner Center code.
    pub fn with_code(mut self, code: i64) -> PcError {
        self.code = code;
        self
    }
}
