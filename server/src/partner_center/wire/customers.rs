//! Customers (CUST-02, CUST-03, CUST-04): the list item and the full resource share one type;
//! a list item simply lacks the billing profile, address and delegated-access flag.

use super::envelope::Attributes;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// The customer id, which is also its tenant id.
    pub id: Uuid,
    pub commerce_id: Option<Uuid>,
    pub company_profile: Option<CompanyProfile>,
    pub billing_profile: Option<BillingProfile>,
    /// `none`, `reseller`, `advisor`, `syndication`, `microsoft_support`.
    pub relationship_to_partner: Option<String>,
    /// Only a get by id carries it.
    pub allow_delegated_access: Option<bool>,
    #[serde(default)]
    pub custom_domains: Vec<String>,
    /// The indirect reseller associated with the customer.
    pub associated_partner_id: Option<String>,
}

impl Customer {
    pub fn company_name(&self) -> Option<&str> {
        self.company_profile.as_ref()?.company_name.as_deref()
    }

    pub fn domain(&self) -> Option<&str> {
        self.company_profile.as_ref()?.domain.as_deref()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProfile {
    pub tenant_id: Option<Uuid>,
    pub domain: Option<String>,
    pub company_name: Option<String>,
    pub address: Option<Address>,
    pub email: Option<String>,
    pub organization_registration_number: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingProfile {
    pub id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub culture: Option<String>,
    pub language: Option<String>,
    pub company_name: Option<String>,
    pub default_address: Option<Address>,
    pub attributes: Option<Attributes>,
}

/// A postal address (contract CUST-01 `Address`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub address_line3: Option<String>,
    pub postal_code: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::wire::from_slice;

    #[test]
    fn the_documented_customer_example_parses() {
        // Contract CUST-02 example, abridged.
        let body = br#"{
          "id": "eebd1b55-5360-4438-a11d-5c06918c3014",
          "commerceId": "99e6a635-48e7-424d-9059-c9db944e3c54",
          "companyProfile": { "tenantId": "eebd1b55-5360-4438-a11d-5c06918c3014", "domain": "abcdefgh1234.ccsctp.net",
            "companyName": "1kl as kjk", "address": { "country": "US", "region": "wa", "city": "redmond",
            "addressLine1": "1 ms way", "postalCode": "98052", "phoneNumber": "1234567890" }, "email": "a@a.com",
            "attributes": { "objectType": "CustomerCompanyProfile" } },
          "billingProfile": { "id": "eeada110-69d6-4cc9-b093-75feb7ca9d3f", "email": "a@a.com", "culture": "en-US",
            "language": "en", "companyName": "x", "defaultAddress": { "country": "US", "city": "redmond", "state": "WA" },
            "attributes": { "etag": "-4242348048554929329", "objectType": "CustomerBillingProfile" } },
          "relationshipToPartner": "reseller",
          "allowDelegatedAccess": true,
          "customDomains": [ "abcdefgh1234.ccsctp.net" ],
          "attributes": { "objectType": "Customer" }
        }"#;
        let customer: Customer = from_slice(body).unwrap();
        assert_eq!(customer.company_name(), Some("1kl as kjk"));
        assert_eq!(customer.domain(), Some("abcdefgh1234.ccsctp.net"));
        let billing = customer.billing_profile.unwrap();
        assert_eq!(
            billing.attributes.unwrap().etag.as_deref(),
            Some("-4242348048554929329")
        );
        assert_eq!(customer.allow_delegated_access, Some(true));
        assert_eq!(
            customer
                .company_profile
                .unwrap()
                .address
                .unwrap()
                .postal_code
                .as_deref(),
            Some("98052")
        );
    }
}
