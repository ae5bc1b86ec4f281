use crate::clock::format_utc;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// A note added to a service request.
#[derive(Debug, Clone)]
pub struct ServiceNote {
    pub created_by: String,
    pub created_at: OffsetDateTime,
    pub text: String,
}

/// A Partner Center service request (SUP-04).
#[derive(Debug, Clone)]
pub struct ServiceRequest {
    pub id: String,
    pub title: String,
    pub description: String,
    /// `critical`, `moderate`, `minimal`.
    pub severity: String,
    pub support_topic_id: u64,
    pub support_topic_name: String,
    /// `open`, `closed`, `attention_needed`.
    pub status: String,
    pub customer_id: Option<Uuid>,
    pub contact_name: (String, String),
    pub contact_email: String,
    pub created_at: OffsetDateTime,
    pub modified_at: OffsetDateTime,
    pub closed_at: Option<OffsetDateTime>,
    pub notes: Vec<ServiceNote>,
    pub country: String,
}

impl ServiceRequest {
    /// The wire form, for the partner organization `(id, name)`.
    pub fn to_json(&self, organization: (&str, &str)) -> Value {
        let contact = json!({
            "firstName": self.contact_name.0,
            "lastName": self.contact_name.1,
            "email": self.contact_email,
        });
        let notes: Vec<Value> = self
            .notes
            .iter()
            .map(|note| {
                json!({ "createdByName": note.created_by, "createdDate": format_utc(note.created_at), "text": note.text })
            })
            .collect();
        json!({
            "title": self.title,
            "description": self.description,
            "severity": self.severity,
            "supportTopicId": self.support_topic_id.to_string(),
            "supportTopicName": self.support_topic_name,
            "id": self.id,
            "status": self.status,
            "organization": { "id": organization.0, "name": organization.1 },
            "primaryContact": contact.clone(),
            "lastUpdatedBy": contact,
            "createdDate": format_utc(self.created_at),
            "lastModifiedDate": format_utc(self.modified_at),
            "lastClosedDate": self.closed_at.map(format_utc).unwrap_or_else(|| "0001-01-01T00:00:00".to_owned()),
            "fileLinks": [],
            "notes": notes,
            "countryCode": self.country,
            "attributes": { "objectType": "ServiceRequest" },
        })
    }
}
