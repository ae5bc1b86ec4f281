use super::Grants;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who is signed in: the server puts this on every request it lets through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// The user's object id at the staff authority.
    pub id: Uuid,
    pub name: String,
    /// The sign-in name (UPN).
    pub username: String,
    /// App roles from the ID token (turned into grants at sign-in by the configured mapping).
    pub roles: Vec<String>,
}

/// The signed-in person with their grants, so the browser can show what they may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccess {
    pub staff: Staff,
    pub grants: Grants,
}

/// The signed-in request's sign-in (the server puts it on every request with a session), to
/// tell a person's own session apart in the list of sessions. Not a secret: it names the
/// sign-in, it does not open the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInId(pub Uuid);
