use super::AccountData;
use crate::clock::format_utc;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// The resource an activity record is about: stored as text when an API call made it, or as a
/// reference to the generated resource, rendered when the log is read (a large world would
/// otherwise keep tens of megabytes of JSON text).
#[derive(Debug, Clone)]
pub enum AuditValue {
    Text(String),
    Customer(Uuid),
    Order { customer: Uuid, order: Uuid },
    Subscription { customer: Uuid, subscription: Uuid },
}

impl AuditValue {
    /// `customizedData` of a generated record, derived from the resource it names.
    fn customized_data(&self, data: &AccountData) -> Vec<(String, String)> {
        match self {
            AuditValue::Text(_) => Vec::new(),
            AuditValue::Customer(id) => data
                .customer(*id)
                .map(|customer| vec![("PrimaryDomainName".into(), customer.domain.clone())])
                .unwrap_or_default(),
            AuditValue::Order { customer, order } => data
                .customer(*customer)
                .and_then(|customer| {
                    customer
                        .subscriptions
                        .iter()
                        .find(|subscription| subscription.order_id == *order)
                })
                .map(|subscription| {
                    vec![
                        ("OrderId".into(), order.to_string()),
                        ("SubscriptionId-0".into(), subscription.id.to_string()),
                        ("Quantity-0".into(), subscription.quantity.to_string()),
                    ]
                })
                .unwrap_or_default(),
            AuditValue::Subscription {
                customer,
                subscription,
            } => data
                .customer(*customer)
                .and_then(|customer| customer.subscription(*subscription))
                .map(|subscription| {
                    vec![
                        ("SubscriptionId".into(), subscription.id.to_string()),
                        ("Status".into(), subscription.status.as_str().to_owned()),
                    ]
                })
                .unwrap_or_default(),
        }
    }

    fn render(&self, data: &AccountData) -> Option<String> {
        let value = match self {
            AuditValue::Text(text) => return Some(text.clone()),
            AuditValue::Customer(id) => data.customer(*id)?.list_item_json(),
            AuditValue::Order { customer, order } => {
                let customer = data.customer(*customer)?;
                customer
                    .orders()
                    .into_iter()
                    .find(|candidate| candidate.id == *order)?
                    .to_json(customer.id)
            }
            AuditValue::Subscription {
                customer,
                subscription,
            } => {
                let customer = data.customer(*customer)?;
                customer
                    .subscription(*subscription)?
                    .to_json(customer.id, &customer.billing.default_address.country)
            }
        };
        Some(pascal_case_json(&value))
    }
}

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
    pub new_value: Option<AuditValue>,
    /// `add_customer`, `update_subscription`, `create_order`, ...
    pub operation_type: &'static str,
    pub operation_date: OffsetDateTime,
    pub correlation_id: Uuid,
    pub customized_data: Vec<(String, String)>,
}

impl AuditRecord {
    /// The wire form, for the partner with MPN id `partner_id` (generated values render from `data`).
    pub fn to_json(&self, partner_id: &str, data: &AccountData) -> Value {
        let derived;
        let pairs = if self.customized_data.is_empty() {
            derived = self
                .new_value
                .as_ref()
                .map(|value| value.customized_data(data))
                .unwrap_or_default();
            &derived
        } else {
            &self.customized_data
        };
        let customized: Vec<Value> = pairs
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
            (
                "customerName",
                self.customer_name.clone().or_else(|| {
                    self.customer_id
                        .and_then(|id| data.customer(id))
                        .map(|customer| customer.company_name.clone())
                }),
            ),
            ("resourceOldValue", self.old_value.clone()),
            (
                "resourceNewValue",
                self.new_value.as_ref().and_then(|value| value.render(data)),
            ),
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
