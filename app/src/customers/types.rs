//! What the customer page shows, as the server sends it.

use crate::accounts::{AccountHealth, Cloud};
use crate::audit::AuditRow;
use crate::subscriptions::{ChangeRights, CommandView};
use crate::sync::Moment;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Everything the customer page shows, read from the cache in one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerView {
    pub account: AccountBrief,
    pub profile: CustomerProfile,
    pub domains: Vec<String>,
    pub subscriptions: Vec<SubscriptionRow>,
    pub users: Vec<CustomerUserRow>,
    /// The latest changes asked for, newest first.
    pub commands: Vec<CommandView>,
    /// What the person may change on this account.
    pub rights: ChangeRights,
    pub orders: Vec<OrderRow>,
    pub spend: Spend,
    pub audit: Vec<AuditRow>,
    pub freshness: Freshness,
}

/// The owning account, and how its Partner Center answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountBrief {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub health: AccountHealth,
    pub health_detail: Option<String>,
}

/// The customer (CUST-03) with its company and billing profiles (CUST-02), once read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub id: Uuid,
    pub commerce_id: Option<Uuid>,
    pub company_name: String,
    pub domain: String,
    pub relationship: Option<String>,
    pub reseller_id: Option<String>,
    pub allow_delegated_access: Option<bool>,
    pub email: Option<String>,
    pub country: Option<String>,
    pub address: Vec<String>,
    pub billing: Option<BillingProfile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingProfile {
    pub contact: String,
    pub email: Option<String>,
    pub company_name: Option<String>,
    pub culture: Option<String>,
    pub language: Option<String>,
    pub address: Vec<String>,
}

/// One subscription as the cache holds it (SUB-01, SUB-08).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionRow {
    pub id: Uuid,
    pub offer_id: String,
    pub offer_name: Option<String>,
    pub nickname: Option<String>,
    pub quantity: i32,
    pub unit_type: Option<String>,
    pub status: String,
    pub billing_type: Option<String>,
    pub billing_cycle: Option<String>,
    pub is_trial: bool,
    pub auto_renew: Option<bool>,
    /// The end of the current term, when it renews or expires.
    pub term_end: Option<String>,
    pub provisioning_status: Option<String>,
    pub suspension_reasons: Vec<String>,
    pub parent_id: Option<Uuid>,
    /// The parent's status, for an add-on (an add-on cannot be reactivated under an inactive one).
    pub parent_status: Option<String>,
    /// Sent back as If-Match with a change, so a change to a stale copy is refused.
    pub etag: Option<String>,
    /// Who suspended it through Switchboard, why and since when (while it is suspended).
    pub suspension: Option<SuspensionNote>,
    pub synced: Moment,
}

/// A suspension made through Switchboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspensionNote {
    pub by: String,
    pub reason: String,
    pub since: Moment,
}

/// One order (ORD-03) and how many line items it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: String,
    pub status: Option<String>,
    pub billing_cycle: Option<String>,
    pub created_on: Option<String>,
    pub line_items: i64,
    pub offers: Vec<String>,
}

/// Azure spend: this month so far, the last 30 days, and each of those days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spend {
    pub currency: Option<String>,
    pub month_to_date: f64,
    pub last_30_days: f64,
    /// (UTC date, amount) for each of the last 30 days, oldest first, zero where none.
    pub daily: Vec<(String, f64)>,
    pub budget: Option<f64>,
}

/// When each part of the customer was last read from Partner Center.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Freshness {
    pub customer: Moment,
    pub profile: Option<Moment>,
    pub subscriptions: Option<Moment>,
    pub orders: Option<Moment>,
    pub users: Option<Moment>,
}

/// One of the customer's (active) users as the cache holds it (USR-02).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerUserRow {
    pub id: Uuid,
    pub display_name: String,
    pub user_principal_name: String,
    pub usage_location: Option<String>,
    /// `none`, `managed` or `federated`.
    pub user_domain_type: Option<String>,
    /// When Azure AD Connect last synchronised the user, if it does.
    pub last_directory_sync: Option<Moment>,
}

/// The customer in the Partner Center portal of its cloud.
pub fn portal_url(cloud: Cloud, customer: Uuid) -> String {
    let host = match cloud {
        Cloud::Global | Cloud::UsGov => "https://partner.microsoft.com",
        Cloud::China => "https://partner.partnercenter.microsoftonline.cn",
        Cloud::Germany => "https://partner.microsoftonline.de",
    };
    format!("{host}/dashboard/commerce2/customers/{customer}/account")
}
