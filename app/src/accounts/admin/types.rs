//! What the partner accounts admin page shows and sends. The form is parsed here, in the
//! browser and again on the server, into an [`AccountInput`] or the field that is wrong.

use crate::accounts::{AccountHealth, Cloud};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an account is defined, and so where it is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "lowercase"))]
pub enum AccountSource {
    /// `[[accounts]]` in the configuration file: edited there.
    Config,
    /// The embedded simulator's (demo mode).
    Demo,
    /// Added in the portal: edited here.
    Portal,
}

impl AccountSource {
    pub fn label(self) -> &'static str {
        match self {
            AccountSource::Config => "Configuration file",
            AccountSource::Demo => "Demo (simulator)",
            AccountSource::Portal => "Added here",
        }
    }
}

/// One partner account as the admin page lists it. Secrets are never sent: only whether one
/// is stored and when the App+User consent was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAccount {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub tenant_id: Uuid,
    pub client_id: Uuid,
    pub mpn_id: Option<String>,
    pub source: AccountSource,
    pub enabled: bool,
    pub health: AccountHealth,
    pub health_detail: Option<String>,
    /// The Partner Center API base URL in use; `None` for a portal account using the cloud's own.
    pub api_base_url: Option<String>,
    /// The Entra ID authority host in use; `None` for a portal account using the cloud's own.
    pub authority_url: Option<String>,
    /// RFC 3339, UTC: when an admin last connected the account (App+User consent).
    pub connected_at: Option<String>,
    pub connected_by: Option<String>,
}

/// The accounts, and whether new secrets can be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsAdmin {
    pub accounts: Vec<AdminAccount>,
    pub sealing: Sealing,
    /// Whether the viewer may add accounts (admin on every account).
    pub may_add: bool,
}

/// How secrets entered here are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sealing {
    /// Sealed with the configured key.
    Configured,
    /// Demo mode without a key: sealed with a key that lasts until the portal stops.
    Ephemeral,
    /// No key: accounts cannot be added or given secrets here.
    Unavailable,
}

/// The add/edit form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountForm {
    pub name: String,
    pub cloud: String,
    pub tenant_id: String,
    pub client_id: String,
    /// Empty when editing: keep the stored secret.
    pub client_secret: String,
    pub mpn_id: String,
    pub api_base_url: String,
    pub authority_url: String,
}

/// A valid form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInput {
    pub name: String,
    pub cloud: Cloud,
    pub tenant_id: Uuid,
    pub client_id: Uuid,
    pub client_secret: Option<String>,
    pub mpn_id: Option<String>,
    pub api_base_url: Option<String>,
    pub authority_url: Option<String>,
}

/// The field that is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

const MAX_SECRET: usize = 2048;

impl AccountForm {
    /// Parses the form; `adding` requires a client secret (editing keeps the stored one).
    pub fn parse(&self, adding: bool) -> Result<AccountInput, FieldError> {
        let wrong = |field: &'static str, message: &str| FieldError {
            field,
            message: message.to_owned(),
        };
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(wrong("name", "Enter a name of 1 to 200 characters, on one line."));
        }
        let cloud: Cloud = self
            .cloud
            .parse()
            .map_err(|_| wrong("cloud", "Choose the cloud the account lives in."))?;
        let tenant_id = Uuid::parse_str(self.tenant_id.trim()).map_err(|_| {
            wrong(
                "tenant_id",
                "Enter the partner tenant's id, a GUID such as 8f0c…-…-…; it is on the Entra ID overview page.",
            )
        })?;
        let client_id = Uuid::parse_str(self.client_id.trim()).map_err(|_| {
            wrong(
                "client_id",
                "Enter the app registration's application (client) id, a GUID.",
            )
        })?;
        let secret = self.client_secret.trim();
        let client_secret = if secret.is_empty() {
            if adding {
                return Err(wrong(
                    "client_secret",
                    "Enter the app registration's client secret.",
                ));
            }
            None
        } else if secret.len() > MAX_SECRET || secret.chars().any(char::is_control) {
            return Err(wrong(
                "client_secret",
                "A client secret is one line of at most 2,048 characters.",
            ));
        } else {
            Some(secret.to_owned())
        };
        let mpn_id = Some(self.mpn_id.trim()).filter(|text| !text.is_empty());
        if let Some(mpn) = mpn_id
            && !(mpn.len() <= 12 && mpn.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(wrong("mpn_id", "An MPN (partner) id is up to 12 digits."));
        }
        Ok(AccountInput {
            name: name.to_owned(),
            cloud,
            tenant_id,
            client_id,
            client_secret,
            mpn_id: mpn_id.map(str::to_owned),
            api_base_url: endpoint("api_base_url", &self.api_base_url)?,
            authority_url: endpoint("authority_url", &self.authority_url)?,
        })
    }
}

/// An optional endpoint override: https, or http to this machine (a local proxy or simulator).
fn endpoint(field: &'static str, text: &str) -> Result<Option<String>, FieldError> {
    let text = text.trim().trim_end_matches('/');
    if text.is_empty() {
        return Ok(None);
    }
    let rest = if let Some(rest) = text.strip_prefix("https://") {
        rest
    } else if let Some(rest) = text.strip_prefix("http://") {
        let authority = rest.split('/').next().unwrap_or_default();
        let host = match authority.strip_prefix('[') {
            Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
            None => authority.split(':').next().unwrap_or_default(),
        };
        if !matches!(host, "127.0.0.1" | "localhost" | "::1") {
            return Err(FieldError {
                field,
                message:
                    "Use https://; plain http:// is accepted only for this machine (127.0.0.1, localhost)."
                        .to_owned(),
            });
        }
        rest
    } else {
        return Err(FieldError {
            field,
            message: "Enter a URL starting with https://, or leave it empty for the cloud's own.".to_owned(),
        });
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) || text.len() > 500 {
        return Err(FieldError {
            field,
            message: "That is not a valid URL.".to_owned(),
        });
    }
    Ok(Some(text.to_owned()))
}

/// What "Test connection" found: a token, and one page of customers (CUST-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionReport {
    pub token_ms: u64,
    pub page_ms: u64,
    /// Customers on the first page read (at most the page size asked for).
    pub customers_on_page: usize,
    /// Whether an App+User token (from the connected refresh token) could be had, and if not why.
    pub app_user: Result<(), String>,
}

#[cfg(test)]
mod tests;
