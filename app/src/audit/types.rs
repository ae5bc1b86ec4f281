use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How an audited attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Succeeded,
    Failed,
    Denied,
    Pending,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
            Outcome::Denied => "denied",
            Outcome::Pending => "pending",
        }
    }
}

/// One audit row to write. `action` is dotted lower case: `auth.login`, `subscription.suspend`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditEntry {
    pub staff_id: Option<Uuid>,
    pub staff_name: Option<String>,
    pub account_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
    pub correlation_id: Option<Uuid>,
    pub outcome: Outcome,
    /// What happened, in words (an error message, why a sign-in failed).
    pub detail: Option<String>,
}

impl AuditEntry {
    /// An entry for `action` by `staff` (id and name, if known) with `outcome`.
    pub fn new(action: &str, staff: Option<(Uuid, &str)>, outcome: Outcome) -> AuditEntry {
        AuditEntry {
            staff_id: staff.map(|(id, _)| id),
            staff_name: staff.map(|(_, name)| name.to_owned()),
            account_id: None,
            customer_id: None,
            action: action.to_owned(),
            before: None,
            after: None,
            reason: None,
            correlation_id: None,
            outcome,
            detail: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> AuditEntry {
        self.detail = Some(detail.into());
        self
    }
}

/// One audit row as the admin page and the CSV export show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub staff_name: Option<String>,
    pub account_id: Option<Uuid>,
    pub account_name: Option<String>,
    pub customer_id: Option<Uuid>,
    pub action: String,
    pub outcome: String,
    pub detail: Option<String>,
    pub reason: Option<String>,
    /// The JSON documents, as text.
    pub before: Option<String>,
    pub after: Option<String>,
    pub correlation_id: Option<Uuid>,
}

/// One page of the audit log, newest first, and where the next (older) page starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub older: Option<i64>,
}
