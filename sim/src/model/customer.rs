use super::etag::profile_etag;
use super::{Address, CustomerUser, Order, OrderLineItem, Subscription, Text};
use crate::http::envelope::link;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// Who the partner bills for a customer, and how (`CustomerBillingProfile`).
#[derive(Debug, Clone)]
pub struct BillingProfile {
    pub id: Uuid,
    pub first_name: Option<Text>,
    pub last_name: Option<Text>,
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
    /// The legal (company) address, when it differs from the billing address.
    pub company_address: Option<Box<Address>>,
    pub company_email: String,
    pub billing: BillingProfile,
    pub relationship: &'static str,
    pub allow_delegated_access: bool,
    /// The indirect reseller's tenant id, when the customer buys through one.
    pub associated_partner_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub subscriptions: Vec<Subscription>,
    /// Orders placed through the API. A generated subscription's one-line order is not stored:
    /// `orders()` derives it from the subscription.
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

    /// The company address: its own, or the billing address without the contact's name.
    fn company_address_json(&self) -> Value {
        match &self.company_address {
            Some(address) => address.to_json(),
            None => {
                let mut value = self.billing.default_address.to_json();
                if let Some(fields) = value.as_object_mut() {
                    fields.remove("firstName");
                    fields.remove("lastName");
                }
                value
            }
        }
    }

    /// The full company profile (CUST-07).
    pub fn company_profile_json(&self) -> Value {
        json!({
            "tenantId": self.id,
            "domain": self.domain,
            "companyName": self.company_name,
            "address": self.company_address_json(),
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
        if let Some(first) = billing.first_name.as_deref() {
            value["firstName"] = json!(first);
        }
        if let Some(last) = billing.last_name.as_deref() {
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

    /// Every order of the customer: those placed through the API, then the one-line orders
    /// behind generated subscriptions, oldest first.
    pub fn orders(&self) -> Vec<Order> {
        let mut orders = self.orders.clone();
        for subscription in &self.subscriptions {
            if !orders.iter().any(|order| order.id == subscription.order_id) {
                orders.push(Order {
                    id: subscription.order_id,
                    created_at: subscription.created_at,
                    billing_cycle: subscription.billing_cycle,
                    line_items: vec![OrderLineItem {
                        number: 0,
                        offer_id: subscription.offer_id,
                        subscription_id: subscription.id,
                        friendly_name: subscription.friendly_name().to_owned(),
                        quantity: subscription.quantity,
                        partner_id_on_record: subscription.partner_id.clone(),
                    }],
                    version: 1,
                });
            }
        }
        orders.sort_by_key(|order| order.created_at);
        orders
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
