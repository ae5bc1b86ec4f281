//! Shared by the OAuth endpoints: Entra-style errors, tenant lookup and client authentication.

use super::directory::StaffApp;
use crate::clock::format_utc;
use crate::model::AccountInfo;
use crate::state::Sim;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// An OAuth error as Entra ID returns it: `{error, error_description, error_codes, ...}`.
#[derive(Debug, Clone)]
pub struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub code: u32,
    pub description: String,
}

impl OAuthError {
    pub fn new(error: &'static str, code: u32, description: impl Into<String>) -> OAuthError {
        let status = if error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        OAuthError {
            status,
            error,
            code,
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": self.error,
            "error_description": format!("AADSTS{}: {}", self.code, self.description),
            "error_codes": [self.code],
            "timestamp": format_utc(time::OffsetDateTime::now_utc()),
            "trace_id": Uuid::new_v4(),
            "correlation_id": Uuid::new_v4(),
        });
        let mut response = crate::http::envelope::json_response(self.status, &body);
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, "no-store".parse().expect("static header"));
        response
    }
}

/// The account whose tenant is `tenant` (a GUID or the tenant's domain) in authority `cloud`.
pub fn find_tenant<'a>(sim: &'a Sim, cloud: &str, tenant: &str) -> Result<&'a AccountInfo, OAuthError> {
    sim.accounts
        .iter()
        .map(|account| &account.info)
        .find(|info| {
            info.cloud.as_str() == cloud
                && (Uuid::parse_str(tenant).is_ok_and(|id| id == info.tenant_id) || info.domain.eq_ignore_ascii_case(tenant))
        })
        .ok_or_else(|| {
            OAuthError::new("invalid_request", 90_002, format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."))
        })
}

/// An app registered in a tenant: the staff portal everywhere, and the partner's own app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    Staff,
    PartnerApp,
}

/// Which registered app `client_id` is in `account`'s tenant.
pub fn find_client(sim: &Sim, account: &AccountInfo, client_id: &str) -> Result<Client, OAuthError> {
    let id = Uuid::parse_str(client_id.trim()).ok();
    if id == Some(sim.staff.app.client_id) {
        Ok(Client::Staff)
    } else if id == Some(account.client_id) {
        Ok(Client::PartnerApp)
    } else {
        Err(OAuthError::new(
            "unauthorized_client",
            700_016,
            format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'.",
                account.domain
            ),
        ))
    }
}

/// The secret `client` must present.
pub fn client_secret<'a>(staff: &'a StaffApp, account: &'a AccountInfo, client: Client) -> &'a str {
    match client {
        Client::Staff => &staff.client_secret,
        Client::PartnerApp => &account.client_secret,
    }
}

/// Authenticates the client of a token request (HTTP Basic or form fields); returns its id.
pub fn authenticate_client(
    sim: &Sim,
    account: &AccountInfo,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<(Uuid, Client), OAuthError> {
    let (client_id, secret) = match basic_credentials(headers) {
        Some(credentials) => credentials,
        None => (
            form.get("client_id").cloned().unwrap_or_default(),
            form.get("client_secret").cloned().unwrap_or_default(),
        ),
    };
    if client_id.is_empty() {
        return Err(OAuthError::new(
            "invalid_request",
            900_144,
            "The request body must contain the following parameter: 'client_id'.",
        ));
    }
    let client = find_client(sim, account, &client_id)?;
    if secret.is_empty() {
        return Err(OAuthError::new(
            "invalid_client",
            7_000_218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        ));
    }
    if secret != client_secret(&sim.staff.app, account, client) {
        return Err(OAuthError::new(
            "invalid_client",
            7_000_215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
        ));
    }
    Ok((
        Uuid::parse_str(client_id.trim()).expect("find_client parsed it"),
        client,
    ))
}

/// `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |text: &str| {
        form_urlencoded::parse(format!("x={text}").as_bytes())
            .next()
            .map(|(_, value)| value.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// Parses an `application/x-www-form-urlencoded` body.
pub fn parse_form(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}
