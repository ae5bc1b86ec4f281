use serde_json::{Value, json};

/// A postal address as Partner Center carries it (`Address`, contract CUST-01).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Address {
    pub country: String,
    pub region: Option<String>,
    pub city: String,
    pub state: Option<String>,
    pub address_line1: String,
    pub address_line2: Option<String>,
    pub postal_code: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
}

impl Address {
    /// The wire form: camelCase, absent values omitted (contract §1.5).
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "country": self.country,
            "city": self.city,
            "addressLine1": self.address_line1,
            "postalCode": self.postal_code,
        });
        let optional = [
            ("region", &self.region),
            ("state", &self.state),
            ("addressLine2", &self.address_line2),
            ("firstName", &self.first_name),
            ("lastName", &self.last_name),
            ("phoneNumber", &self.phone_number),
        ];
        for (key, field) in optional {
            if let Some(text) = field {
                value[key] = json!(text);
            }
        }
        value
    }
}
