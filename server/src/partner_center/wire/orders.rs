//! Orders and their line items (ORD-03, ORD-04).

use super::envelope::Attributes;
use super::lenient::{Timestamp, integer, optional_integer};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// Opaque: GUIDs in the seed, other shapes in newer commerce.
    pub id: String,
    pub reference_customer_id: Option<Uuid>,
    pub billing_cycle: Option<String>,
    #[serde(default)]
    pub line_items: Vec<OrderLineItem>,
    pub creation_date: Option<Timestamp>,
    /// `completed`, `pending`, `cancelled` (older examples: `none`).
    pub status: Option<String>,
    pub currency_code: Option<String>,
    pub attributes: Option<Attributes>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLineItem {
    #[serde(deserialize_with = "integer")]
    pub line_item_number: i64,
    pub offer_id: String,
    pub subscription_id: Option<Uuid>,
    pub parent_subscription_id: Option<Uuid>,
    pub friendly_name: Option<String>,
    #[serde(default, deserialize_with = "optional_integer")]
    pub quantity: Option<i64>,
    pub partner_id_on_record: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::wire::from_slice;

    #[test]
    fn the_seed_order_example_parses() {
        let body = br#"{"id":"074bd849-9106-405c-9923-fa061839d487","referenceCustomerId":"4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04",
          "billingCycle":"monthly","lineItems":[{"lineItemNumber":0,"offerId":"84A03D81-6B37-4D66-8D4A-FAEA24541538",
          "subscriptionId":"1DA3295E-C59A-476C-A7E7-D7E981FE79BE","friendlyName":"new offer purchase","quantity":5}],
          "creationDate":"2017-03-30T10:43:07.157-07:00","attributes":{"etag":"eyJ","objectType":"Order"}}"#;
        let order: Order = from_slice(body).unwrap();
        assert_eq!(order.line_items.len(), 1);
        assert_eq!(order.line_items[0].quantity, Some(5));
        assert_eq!(order.status, None);
    }
}
