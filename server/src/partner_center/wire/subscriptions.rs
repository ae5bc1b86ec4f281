//! Subscriptions (SUB-01, SUB-02) and their provisioning status (SUB-08).

use super::envelope::{Attributes, wire_enum};
use super::lenient::{Timestamp, integer};
use serde::Deserialize;
use uuid::Uuid;

wire_enum!(
    /// Subscription `status` (contract §3.5; the SDK adds `expired` and `disabled`).
    SubscriptionStatus {
        Active = "active",
        Suspended = "suspended",
        Deleted = "deleted",
        Pending = "pending",
        Expired = "expired",
        Disabled = "disabled",
        None = "none",
    }
);

wire_enum!(
    /// SUB-08 `status`.
    ProvisioningState {
        Success = "success",
        Pending = "pending",
        Failed = "failed",
        None = "none",
    }
);

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub id: Uuid,
    pub offer_id: String,
    pub offer_name: Option<String>,
    pub entitlement_id: Option<String>,
    pub friendly_name: Option<String>,
    #[serde(default, deserialize_with = "integer")]
    pub quantity: i64,
    /// `Usage-based`, `Licenses`, `none`.
    pub unit_type: Option<String>,
    pub parent_subscription_id: Option<Uuid>,
    pub creation_date: Option<Timestamp>,
    pub effective_start_date: Option<Timestamp>,
    /// The renewal date; far in the future for subscriptions that do not renew.
    pub commitment_end_date: Option<Timestamp>,
    pub status: SubscriptionStatus,
    pub auto_renew_enabled: Option<bool>,
    /// `none`, `usage`, `license`.
    pub billing_type: Option<String>,
    pub billing_cycle: Option<String>,
    pub is_trial: Option<bool>,
    /// MPN id of the reseller of record.
    pub partner_id: Option<String>,
    pub contract_type: Option<String>,
    #[serde(default)]
    pub suspension_reasons: Vec<String>,
    pub order_id: Option<String>,
    pub attributes: Option<Attributes>,
}

impl Subscription {
    pub fn etag(&self) -> Option<&str> {
        self.attributes.as_ref()?.etag.as_deref()
    }

    /// Azure (usage-based) subscriptions have utilization records.
    pub fn is_usage_based(&self) -> bool {
        self.billing_type
            .as_deref()
            .is_some_and(|billing| billing.eq_ignore_ascii_case("usage"))
    }
}

/// SUB-08's body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningStatus {
    pub sku_id: Option<String>,
    pub status: ProvisioningState,
    #[serde(default, deserialize_with = "super::lenient::optional_integer")]
    pub quantity: Option<i64>,
    pub end_date: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::wire::from_slice;

    #[test]
    fn the_seed_azure_example_and_a_pascal_case_patch_response_both_parse() {
        let azure = br#"{"id":"A356AC8C-E310-44F4-BF85-C7F29044AF99","offerId":"MS-AZR-0145P","offerName":"Microsoft Azure",
          "friendlyName":"Microsoft Azure","quantity":1,"unitType":"Usage-based","creationDate":"2016-05-10T07:30:05.427Z",
          "effectiveStartDate":"2016-05-10T00:00:00Z","commitmentEndDate":"9999-12-10T00:00:00Z","status":"active",
          "autoRenewEnabled":false,"billingType":"usage","contractType":"subscription",
          "orderId":"B23FDEDD-D6BD-415A-8B71-3624C81C9644","attributes":{"etag":"eyJpZCI6","objectType":"Subscription"}}"#;
        let subscription: Subscription = from_slice(azure).unwrap();
        assert!(subscription.is_usage_based());
        assert_eq!(subscription.status, SubscriptionStatus::Active);
        assert_eq!(subscription.etag(), Some("eyJpZCI6"));

        // SUB-06's documented response is a PascalCase copy of the request (contract §1.5).
        let pascal =
            br#"{"Id":"A356AC8C-E310-44F4-BF85-C7F29044AF99","OfferId":"X","Quantity":2,"Status":"Suspended",
          "ParentSubscriptionId":null,"Attributes":{"Etag":"e2","ObjectType":"Subscription"}}"#;
        let subscription: Subscription = from_slice(pascal).unwrap();
        assert_eq!(subscription.status, SubscriptionStatus::Suspended);
        assert_eq!(subscription.quantity, 2);
        assert_eq!(subscription.etag(), Some("e2"));
    }

    #[test]
    fn the_seed_provisioning_example_parses() {
        let body = br#"{"skuId":"6FD2C87F-B296-42F0-B197-1E91E994B900","status":"success","quantity":5,
          "endDate":"2018-05-10T00:00:00Z","attributes":{"objectType":"SubscriptionProvisioningStatus"}}"#;
        let status: ProvisioningStatus = from_slice(body).unwrap();
        assert_eq!(status.status, ProvisioningState::Success);
        assert_eq!(status.quantity, Some(5));
    }
}
