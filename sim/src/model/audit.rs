use crate::clock::format_utc;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// One entry of the partner's activity log (AUD-01).
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub id: Uuid,
    pub customer_id: Option<Uuid>,
    pub customer_name: Option<String>,
    pub user_principal_name: String,
    pub application_id: String,
    /// `customer`, `subscription`, `order`, `customer_user`, ...
    pub resource_type: &'static str,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// `add_customer`, `update_subscription`, `create_order`, ...
    pub operation_type: &'static str,
    pub operation_date: OffsetDateTime,
    pub correlation_id: Uuid,
    pub customized_data: Vec<(String, String)>,
}

impl AuditRecord {
    /// The wire form, for the partner with MPN id `partner_id`.
    pub fn to_json(&self, partner_id: &str) -> Value {
        let customized: Vec<Value> = self
            .customized_data
            .iter()
            .map(|(key, value)| json!({ "key": key, "value": value }))
            .collect();
        let mut value = json!({
            "id": self.id,
            "partnerId": partner_id,
            "userPrincipalName": self.user_principal_name,
            "applicationId": self.application_id,
            "resourceType": self.resource_type,
            "operationType": self.operation_type,
            "operationDate": format_utc(self.operation_date),
            "operationStatus": "succeeded",
            "originalCorrelationId": self.correlation_id,
            "sessionId": self.correlation_id,
            "customizedData": customized,
            "attributes": { "objectType": "AuditRecord" },
        });
        let optional = [
            ("customerId", self.customer_id.map(|id| id.to_string())),
            ("customerName", self.customer_name.clone()),
            ("resourceOldValue", self.old_value.clone()),
            ("resourceNewValue", self.new_value.clone()),
        ];
        for (key, field) in optional {
            if let Some(text) = field {
                value[key] = json!(text);
            }
        }
        value
    }
}

/// A resource as the activity log stores it: JSON text with PascalCase property names.
pub fn pascal_case_json(value: &Value) -> String {
    fn convert(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, value)| {
                        let mut characters = key.chars();
                        let pascal = characters
                            .next()
                            .map(|first| first.to_uppercase().collect::<String>() + characters.as_str());
                        (pascal.unwrap_or_default(), convert(value))
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
            other => other.clone(),
        }
    }
    convert(value).to_string()
}
