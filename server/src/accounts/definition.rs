//! A Partner Center account as the worker needs it: identity, endpoints and credentials,
//! from `[[accounts]]` (secrets read from where the settings point) or from the embedded
//! simulator in demo mode.

use crate::config::AccountSettings;
use crate::partner_center::{Credentials, Endpoints};
use app::accounts::Cloud;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct AccountDefinition {
    pub name: String,
    pub cloud: Cloud,
    pub tenant_id: Uuid,
    pub mpn_id: Option<String>,
    pub endpoints: Endpoints,
    pub credentials: Credentials,
    /// Where the secret came from (`env:NAME`, `file:/path`, `simulator:…`); stored, never the secret.
    pub secret_ref: String,
    /// Countries whose offers are cached; empty = the countries of the account's customers.
    pub markets: Vec<String>,
    pub demo: bool,
    pub enabled: bool,
}

impl AccountDefinition {
    /// Resolves `[[accounts]]` entry `index`: reads its secrets now, so a missing one stops
    /// start-up with a message naming the account and the variable or file.
    pub fn from_settings(index: usize, settings: &AccountSettings) -> Result<AccountDefinition, String> {
        let context = |message: String| format!("accounts[{index}] ({}): {message}", settings.name);
        let client_secret = settings
            .client_secret
            .resolve()
            .map_err(|error| context(format!("client_secret: {error}")))?;
        let refresh_token = settings
            .refresh_token
            .as_ref()
            .map(|reference| reference.resolve())
            .transpose()
            .map_err(|error| context(format!("refresh_token: {error}")))?;
        let endpoints = Endpoints::new(
            settings.cloud,
            settings.tenant_id,
            settings.api_base_url.as_deref(),
            settings.authority_url.as_deref(),
        )
        .map_err(|error| context(error.to_string()))?;
        Ok(AccountDefinition {
            name: settings.name.trim().to_owned(),
            cloud: settings.cloud,
            tenant_id: settings.tenant_id,
            mpn_id: settings.mpn_id.clone(),
            endpoints,
            credentials: Credentials {
                client_id: settings.client_id,
                client_secret,
                refresh_token,
            },
            secret_ref: settings.client_secret.to_string(),
            markets: settings.markets.clone(),
            demo: false,
            enabled: settings.enabled,
        })
    }
}
