//! Customer users (USR-02, USR-03): the `CustomerUser` resource as listed.

use super::lenient::Timestamp;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUser {
    /// The user's object id.
    pub id: Uuid,
    pub user_principal_name: String,
    pub display_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub usage_location: Option<String>,
    /// `none`, `managed`, `federated`.
    pub user_domain_type: Option<String>,
    /// `active`, or `inactive` (deleted).
    pub state: Option<String>,
    /// Only when Azure AD Connect synchronises the directory.
    pub last_directory_sync_time: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::wire::from_slice;

    #[test]
    fn the_contract_example_parses_in_any_case() {
        let user: CustomerUser = from_slice(
            br#"{"usageLocation":"US","id":"a9ef48bb-8758-4590-a312-d4a47bfaded4",
                 "userPrincipalName":"Daniel@dtdemocspcustomer005.onmicrosoft.com","firstName":"Daniel",
                 "lastName":"Tsai","displayName":"Daniel Tsai","userDomainType":"none","state":"active",
                 "LastDirectorySyncTime":null,"attributes":{"objectType":"CustomerUser"}}"#,
        )
        .unwrap();
        assert_eq!(user.display_name.as_deref(), Some("Daniel Tsai"));
        assert_eq!(user.usage_location.as_deref(), Some("US"));
        assert_eq!(user.state.as_deref(), Some("active"));
        assert!(user.last_directory_sync_time.is_none());
    }
}
