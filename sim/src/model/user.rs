use super::Text;
use crate::clock::format_utc;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// Active, or soft-deleted and restorable for 30 days (contract USR-05).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserState {
    Active,
    Inactive,
}

/// Days a deleted user stays restorable before it is purged.
pub const PURGE_AFTER_DAYS: i64 = 30;

/// A user in a customer's directory (`CustomerUser`).
#[derive(Debug, Clone)]
pub struct CustomerUser {
    pub id: Uuid,
    pub user_principal_name: String,
    pub first_name: Text,
    pub last_name: Text,
    pub display_name: String,
    pub usage_location: Text,
    pub phone_number: Option<String>,
    pub state: UserState,
    pub soft_deleted_at: Option<OffsetDateTime>,
}

impl CustomerUser {
    /// Whether a soft-deleted user has passed its 30 days and is gone for good.
    pub fn is_purged(&self, now: OffsetDateTime) -> bool {
        self.soft_deleted_at
            .is_some_and(|at| now - at > time::Duration::days(PURGE_AFTER_DAYS))
    }

    /// The wire form (USR-03), `links.self` under `customer_id`.
    pub fn to_json(&self, customer_id: Uuid) -> Value {
        let mut value = json!({
            "usageLocation": self.usage_location.as_ref(),
            "id": self.id,
            "userPrincipalName": self.user_principal_name,
            "firstName": self.first_name.as_ref(),
            "lastName": self.last_name.as_ref(),
            "displayName": self.display_name,
            "userDomainType": "none",
            "state": match self.state { UserState::Active => "active", UserState::Inactive => "inactive" },
            "links": { "self": crate::http::envelope::link(&format!("/customers/{customer_id}/users/{}", self.id)) },
            "attributes": { "objectType": "CustomerUser" },
        });
        if let Some(phone) = &self.phone_number {
            value["phoneNumber"] = json!(phone);
        }
        if let Some(at) = self.soft_deleted_at {
            value["softDeletionTime"] = json!(format_utc(at));
        }
        value
    }
}
