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
    /// App roles from the ID token (mapped to Switchboard grants by issue 5's next part).
    pub roles: Vec<String>,
}
