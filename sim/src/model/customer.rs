use super::etag::profile_etag;
use super::{Address, CustomerUser, Order, Subscription};
use crate::http::envelope::link;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// Who the partner bills for a customer, and how (`CustomerBillingProfile`).
#[derive(Debug, Clone)]
pub struct BillingProfile {
    pub id: Uuid,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: String,
    pub culture: String,
    pub language: String,
    pub company_name: String,
    pub default_address: Address,
    pub version: u64,
}

/// A customer tenant and everything the partner holds for it.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The customer id, which is also its Entra tenant id.
    pub id: Uuid,
    pub commerce_id: Uuid,
    pub company_name: String,
    pub domain: String,
    pub company_address: Address,
    pub company_email: String,
    pub billing: BillingProfile,
    pub relationship: &'static str,
    pub allow_delegated_access: bool,
    /// The indirect reseller's tenant id, when the customer buys through one.
    pub associated_partner_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub subscriptions: Vec<Subscription>,
    pub orders: Vec<Order>,
    pub users: Vec<CustomerUser>,
    /// Monthly Azure spending budget in the account's currency; `None` = no budget.
    pub budget: Option<f64>,
}

impl Customer {
    /// The billing profile's current etag.
    pub fn billing_etag(&self) -> String {
        profile_etag(self.billing.id, self.billing.version)
    }

    /// `companyProfile` as a list item carries it (CUST-03).
    fn company_profile_brief(&self) -> Value {
        json!({
            "tenantId": self.id,
            "domain": self.domain,
            "companyName": self.company_name,
            "attributes": { "objectType": "CustomerCompanyProfile" },
        })
    }

    /// The full company profile (CUST-07).
    pub fn company_profile_json(&self) -> Value {
        json!({
            "tenantId": self.id,
            "domain": self.domain,
            "companyName": self.company_name,
            "address": self.company_address.to_json(),
            "email": self.company_email,
            "links": { "self": link(&format!("/customers/{}/profiles/company", self.id)) },
            "attributes": { "objectType": "CustomerCompanyProfile" },
        })
    }

    /// The billing profile (CUST-08).
    pub fn billing_profile_json(&self) -> Value {
        let billing = &self.billing;
        let mut value = json!({
            "id": billing.id,
            "email": billing.email,
            "culture": billing.culture,
            "language": billing.language,
            "companyName": billing.company_name,
            "defaultAddress": billing.default_address.to_json(),
            "links": { "self": link(&format!("/customers/{}/profiles/billing", self.id)) },
            "attributes": { "etag": self.billing_etag(), "objectType": "CustomerBillingProfile" },
        });
        if let Some(first) = &billing.first_name {
            value["firstName"] = json!(first);
        }
        if let Some(last) = &billing.last_name {
            value["lastName"] = json!(last);
        }
        value
    }

    /// The customer as a list or search returns it (CUST-03, CUST-04).
    pub fn list_item_json(&self) -> Value {
        let mut profile = self.company_profile_brief();
        profile["links"] = json!({ "self": link(&format!("/customers/{}/profiles/company", self.id)) });
        let mut value = json!({
            "id": self.id,
            "commerceId": self.commerce_id,
            "companyProfile": profile,
            "relationshipToPartner": self.relationship,
            "links": { "self": link(&format!("/customers/{}", self.id)) },
            "attributes": { "objectType": "Customer" },
        });
        if let Some(reseller) = self.associated_partner_id {
            value["associatedPartnerId"] = json!(reseller);
        }
        value
    }

    /// The customer by id (CUST-02): both profiles, delegated access and custom domains.
    pub fn detail_json(&self) -> Value {
        let mut value = json!({
            "id": self.id,
            "commerceId": self.commerce_id,
            "companyProfile": self.company_profile_json(),
            "billingProfile": self.billing_profile_json(),
            "relationshipToPartner": self.relationship,
            "allowDelegatedAccess": self.allow_delegated_access,
            "customDomains": [self.domain],
            "links": { "self": link(&format!("/customers/{}", self.id)) },
            "attributes": { "objectType": "Customer" },
        });
        if let Some(reseller) = self.associated_partner_id {
            value["associatedPartnerId"] = json!(reseller);
        }
        value
    }

    pub fn subscription(&self, id: Uuid) -> Option<&Subscription> {
        self.subscriptions
            .iter()
            .find(|subscription| subscription.id == id)
    }

    pub fn subscription_mut(&mut self, id: Uuid) -> Option<&mut Subscription> {
        self.subscriptions
            .iter_mut()
            .find(|subscription| subscription.id == id)
    }
}
