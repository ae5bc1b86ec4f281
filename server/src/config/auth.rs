//! Staff sign-in: the one Entra ID authority staff sign in at, and how long a session lasts.

use super::SecretRef;
use app::auth::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// The staff tenant's issuer, e.g. `https://login.microsoftonline.com/{tenant-id}/v2.0`.
    /// Not needed in demo mode: staff then sign in at the embedded simulator.
    #[serde(default)]
    pub issuer_url: Option<String>,
    /// The staff portal's app registration in that tenant.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<SecretRef>,
    /// The address staff open the portal at; the app registration must list
    /// `{public_url}/auth/callback`. Default: `http://{http.address}`.
    #[serde(default)]
    pub public_url: Option<String>,
    /// A session unused this long ends.
    pub idle_timeout_minutes: u64,
    /// A session ends this long after sign-in, however busy.
    pub absolute_lifetime_hours: u64,
    /// Send the session cookie over HTTPS only (browsers also accept it from http://localhost
    /// and http://127.0.0.1). Its `__Host-` name requires it.
    pub secure_cookie: bool,
    /// How the token's app roles and groups become grants, refreshed at every sign-in. In demo
    /// mode with none configured: the simulator's demo groups.
    #[serde(default, rename = "grant")]
    pub grants: Vec<GrantRule>,
}

/// One claim of the staff authority's ID token that grants a role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantRule {
    /// An app role value in the token's `roles` claim, e.g. `Switchboard.Billing`.
    #[serde(default)]
    pub app_role: Option<String>,
    /// A security group's object id in the token's `groups` claim.
    #[serde(default)]
    pub group: Option<Uuid>,
    pub role: Role,
    /// Names of the partner accounts the role is granted on; none: every account.
    #[serde(default)]
    pub accounts: Vec<String>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            issuer_url: None,
            client_id: None,
            client_secret: None,
            public_url: None,
            idle_timeout_minutes: 30,
            absolute_lifetime_hours: 12,
            secure_cookie: true,
            grants: Vec::new(),
        }
    }
}

impl AuthSettings {
    pub(super) fn validate(&self) -> Result<(), String> {
        if self.idle_timeout_minutes == 0 || self.absolute_lifetime_hours == 0 {
            return Err(
                "auth.idle_timeout_minutes and auth.absolute_lifetime_hours must be at least 1".into(),
            );
        }
        let parts = [
            self.issuer_url.is_some(),
            self.client_id.is_some(),
            self.client_secret.is_some(),
        ];
        if parts.iter().any(|set| *set) && !parts.iter().all(|set| *set) {
            return Err(
                "auth.issuer_url, auth.client_id and auth.client_secret go together: set all three".into(),
            );
        }
        for rule in &self.grants {
            if rule.app_role.is_some() == rule.group.is_some() {
                return Err(format!(
                    "auth.grant for the {} role: set exactly one of app_role and group",
                    rule.role.as_str()
                ));
            }
        }
        if let Some(url) = &self.public_url
            && url::Url::parse(url).is_err()
        {
            return Err(format!(
                "auth.public_url {url:?} is not a URL (for example https://switchboard.example.com)"
            ));
        }
        Ok(())
    }
}
