//! The partner's activity log (AUD-01): what changed, for which customer, when.

use super::lenient::Timestamp;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub id: Option<String>,
    pub customer_id: Option<Uuid>,
    pub customer_name: Option<String>,
    /// `customer`, `subscription`, `order`, `customer_user`, …
    pub resource_type: String,
    /// `add_customer`, `update_subscription`, `create_order`, …
    pub operation_type: String,
    pub operation_date: Timestamp,
    pub operation_status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::wire::from_slice;

    #[test]
    fn an_activity_record_parses() {
        let body = br#"{"partnerId":"3b33e682-00c3-41ee-9dd2-a548adf56438","customerId":"0c39d6d5-c70d-4c55-bc02-f620844f3fd1",
          "customerName":"LinkedInForGirish","userPrincipalName":"admin@TVTest.onmicrosoft.com","resourceType":"order",
          "operationType":"create_order","originalCorrelationId":"ec8f62e5-1d92-47e9-8d5d-1924af105f2c",
          "operationStatus":"succeeded","operationDate":"2017-05-08T22:53:44.46Z","attributes":{"objectType":"AuditRecord"}}"#;
        let record: AuditRecord = from_slice(body).unwrap();
        assert_eq!(record.operation_type, "create_order");
        assert!(record.customer_id.is_some());
    }
}
