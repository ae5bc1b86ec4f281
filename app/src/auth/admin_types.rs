//! What the admin pages for grants and sessions show.

use super::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A person known from a sign-in, with their active grants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonGrants {
    pub staff_id: Uuid,
    pub name: String,
    pub username: String,
    /// RFC 3339.
    pub last_sign_in_at: String,
    pub grants: Vec<GrantRow>,
}

/// One active grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrantRow {
    pub id: Uuid,
    pub role: Role,
    /// `None`: every account.
    pub account_id: Option<Uuid>,
    pub account_name: Option<String>,
    /// `sign-in` (from the token's app roles or groups) or `admin`.
    pub source: String,
    pub granted_by: Option<String>,
    /// RFC 3339.
    pub granted_at: String,
}

/// A signed-in session that has not ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActiveSession {
    /// The sign-in's id (never the session's secret id).
    pub id: Uuid,
    pub staff_id: Uuid,
    pub name: String,
    pub username: String,
    /// RFC 3339.
    pub signed_in_at: String,
    /// RFC 3339, to the minute.
    pub last_seen_at: String,
    pub user_agent: Option<String>,
    /// The session of the person looking at the list.
    pub current: bool,
}

/// How long sessions last (the server's configuration), for lists of active sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPolicy {
    pub idle_timeout_minutes: i64,
    pub absolute_lifetime_hours: i64,
}
