use super::etag::resource_etag;
use crate::clock::format_utc;
use crate::http::envelope::link;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// One line of an order: one subscription to one offer.
#[derive(Debug, Clone)]
pub struct OrderLineItem {
    pub number: u32,
    pub offer_id: &'static str,
    pub subscription_id: Uuid,
    pub friendly_name: String,
    pub quantity: u32,
    pub partner_id_on_record: Option<String>,
}

/// An order that added subscriptions to a customer (ORD-01).
#[derive(Debug, Clone)]
pub struct Order {
    pub id: Uuid,
    pub created_at: OffsetDateTime,
    pub billing_cycle: &'static str,
    pub line_items: Vec<OrderLineItem>,
    pub version: u64,
}

impl Order {
    /// The wire form (ORD-01 response, ORD-03 item, ORD-04).
    pub fn to_json(&self, customer_id: Uuid) -> Value {
        let line_items: Vec<Value> = self
            .line_items
            .iter()
            .map(|item| {
                let subscription = item.subscription_id.to_string().to_uppercase();
                let mut value = json!({
                    "lineItemNumber": item.number,
                    "offerId": item.offer_id,
                    "subscriptionId": subscription,
                    "friendlyName": item.friendly_name,
                    "quantity": item.quantity,
                    "links": { "subscription": link(&format!("/customers/{customer_id}/subscriptions/{subscription}")) },
                });
                if let Some(partner) = &item.partner_id_on_record {
                    value["partnerIdOnRecord"] = json!(partner);
                }
                value
            })
            .collect();
        json!({
            "id": self.id,
            "referenceCustomerId": customer_id,
            "billingCycle": self.billing_cycle,
            "lineItems": line_items,
            "creationDate": format_utc(self.created_at),
            "status": "completed",
            "links": { "self": link(&format!("/customers/{customer_id}/orders/{}", self.id)) },
            "attributes": { "etag": resource_etag(self.id, self.version), "objectType": "Order" },
        })
    }
}
