use serde_json::{Value, json};
use std::borrow::Cow;

/// Text that generated data borrows from static tables and API input owns.
pub type Text = Cow<'static, str>;

/// A postal address as Partner Center carries it (`Address`, contract CUST-01).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Address {
    pub country: Text,
    pub region: Option<Text>,
    pub city: Text,
    pub state: Option<Text>,
    pub address_line1: String,
    pub address_line2: Option<String>,
    pub postal_code: Text,
    pub first_name: Option<Text>,
    pub last_name: Option<Text>,
    pub phone_number: Option<String>,
}

impl Address {
    /// The wire form: camelCase, absent values omitted (contract §1.5).
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "country": self.country.as_ref(),
            "city": self.city.as_ref(),
            "addressLine1": self.address_line1,
            "postalCode": self.postal_code.as_ref(),
        });
        let optional = [
            ("region", self.region.as_deref()),
            ("state", self.state.as_deref()),
            ("addressLine2", self.address_line2.as_deref()),
            ("firstName", self.first_name.as_deref()),
            ("lastName", self.last_name.as_deref()),
            ("phoneNumber", self.phone_number.as_deref()),
        ];
        for (key, field) in optional {
            if let Some(text) = field {
                value[key] = json!(text);
            }
        }
        value
    }
}
