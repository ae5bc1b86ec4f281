use super::etag::resource_etag;
use crate::clock::format_utc;
use crate::http::envelope::link;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// Subscription `status` (contract §3.5, Appendix B).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionStatus {
    Active,
    Suspended,
    Deleted,
    Expired,
    Pending,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Suspended => "suspended",
            SubscriptionStatus::Deleted => "deleted",
            SubscriptionStatus::Expired => "expired",
            SubscriptionStatus::Pending => "pending",
        }
    }
}

/// Provisioning `status` as SUB-08 reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvisioningStatus {
    Pending,
    Success,
    Failed,
}

impl ProvisioningStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProvisioningStatus::Pending => "pending",
            ProvisioningStatus::Success => "success",
            ProvisioningStatus::Failed => "failed",
        }
    }
}

/// A customer's subscription to an offer.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: Uuid,
    pub offer_id: &'static str,
    pub offer_name: &'static str,
    /// The partner's nickname; `None` means the offer name.
    pub nickname: Option<String>,
    pub quantity: u32,
    /// `Licenses` or `Usage-based`.
    pub unit_type: &'static str,
    pub parent_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub effective_start: OffsetDateTime,
    pub commitment_end: OffsetDateTime,
    pub status: SubscriptionStatus,
    pub auto_renew: bool,
    /// `license` or `usage`.
    pub billing_type: &'static str,
    pub billing_cycle: &'static str,
    /// MPN id of the indirect reseller of record.
    pub partner_id: Option<String>,
    pub order_id: Uuid,
    pub version: u64,
    pub suspension_reasons: Vec<String>,
    pub sku_id: Uuid,
    /// When provisioning finishes, and how it ends then.
    pub provisioned_at: OffsetDateTime,
    pub provisioning_outcome: ProvisioningStatus,
    /// Periods in which the subscription was suspended or deleted: no usage accrues then.
    pub inactive_periods: Vec<(OffsetDateTime, Option<OffsetDateTime>)>,
    /// Relative size of the Azure workload behind a usage-based subscription.
    pub usage_factor: f64,
    /// Usage exists from here on: the effective start, or the beginning of the simulated usage
    /// history (`--usage-days`) for older subscriptions.
    pub usage_since: OffsetDateTime,
}

impl Subscription {
    /// The nickname, or the offer name when there is none.
    pub fn friendly_name(&self) -> &str {
        self.nickname.as_deref().unwrap_or(self.offer_name)
    }

    pub fn is_azure(&self) -> bool {
        self.billing_type == "usage"
    }

    pub fn etag(&self) -> String {
        resource_etag(self.id, self.version)
    }

    /// Provisioning status at `now`: pending until `provisioned_at`, then its outcome.
    pub fn provisioning_status(&self, now: OffsetDateTime) -> ProvisioningStatus {
        if now < self.provisioned_at {
            ProvisioningStatus::Pending
        } else {
            self.provisioning_outcome
        }
    }

    /// The wire form (SUB-02) for a customer's subscription, offer links in `country`.
    pub fn to_json(&self, customer_id: Uuid, country: &str) -> Value {
        let mut links = json!({
            "offer": link(&format!("/offers/{}?country={country}", self.offer_id)),
            "entitlement": link(&format!("/customers/{customer_id}/entitlements/{}", self.sku_id)),
            "self": link(&format!("/customers/{customer_id}/subscriptions/{}", self.id)),
        });
        let mut value = json!({
            "id": self.id.to_string().to_uppercase(),
            "offerId": self.offer_id,
            "offerName": self.offer_name,
            "entitlementId": self.sku_id,
            "friendlyName": self.friendly_name(),
            "quantity": self.quantity,
            "unitType": self.unit_type,
            "creationDate": format_utc(self.created_at),
            "effectiveStartDate": format_utc(self.effective_start),
            "commitmentEndDate": format_utc(self.commitment_end),
            "status": self.status.as_str(),
            "autoRenewEnabled": self.auto_renew,
            "isTrial": false,
            "billingType": self.billing_type,
            "billingCycle": self.billing_cycle,
            "contractType": "subscription",
            "orderId": self.order_id.to_string().to_uppercase(),
            "attributes": { "etag": self.etag(), "objectType": "Subscription" },
        });
        if let Some(parent) = self.parent_id {
            let parent = parent.to_string().to_uppercase();
            links["parentSubscription"] = link(&format!("/customers/{customer_id}/subscriptions/{parent}"));
            value["parentSubscriptionId"] = json!(parent);
        }
        if let Some(partner) = &self.partner_id {
            value["partnerId"] = json!(partner);
        }
        if !self.suspension_reasons.is_empty() {
            value["suspensionReasons"] = json!(self.suspension_reasons);
        }
        value["links"] = links;
        value
    }

    /// SUB-08's body.
    pub fn provisioning_json(&self, now: OffsetDateTime) -> Value {
        json!({
            "skuId": self.sku_id.to_string().to_uppercase(),
            "status": self.provisioning_status(now).as_str(),
            "quantity": self.quantity,
            "endDate": format_utc(self.commitment_end),
            "attributes": { "objectType": "SubscriptionProvisioningStatus" },
        })
    }
}
