//! OIDC discovery, JWKS and the end-session endpoint of each simulated tenant.

use super::authorize::redirect;
use super::directory::redirect_allowed;
use super::issue::issuer;
use super::oauth::find_tenant;
use super::sign_in_page::error_page;
use crate::state::Sim;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

/// `GET /{tenant}/v2.0/.well-known/openid-configuration`
pub async fn openid_configuration(
    State(sim): State<Arc<Sim>>,
    Path((cloud, tenant)): Path<(String, String)>,
) -> Response {
    let account = match find_tenant(&sim, &cloud, &tenant) {
        Ok(account) => account,
        Err(error) => return error.into_response(),
    };
    let base = format!("{}/{}", sim.authority_url(account), account.tenant_id);
    crate::http::envelope::ok(json!({
        "issuer": issuer(&sim, account),
        "authorization_endpoint": format!("{base}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}/oauth2/v2.0/token"),
        "end_session_endpoint": format!("{base}/oauth2/v2.0/logout"),
        "jwks_uri": format!("{base}/discovery/v2.0/keys"),
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "oid", "tid", "roles", "groups", "ver"],
        "tenant_region_scope": "NA",
        "cloud_instance_name": account.cloud.real_authority().trim_start_matches("https://"),
    }))
}

/// `GET /{tenant}/discovery/v2.0/keys`
pub async fn keys(State(sim): State<Arc<Sim>>, Path((cloud, tenant)): Path<(String, String)>) -> Response {
    match find_tenant(&sim, &cloud, &tenant) {
        Ok(account) => crate::http::envelope::ok(sim.keys.jwks(account.cloud)),
        Err(error) => error.into_response(),
    }
}

/// `GET /{tenant}/oauth2/v2.0/logout`: back to `post_logout_redirect_uri` when it is allowed.
pub async fn logout(
    State(sim): State<Arc<Sim>>,
    Path((cloud, tenant)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(error) = find_tenant(&sim, &cloud, &tenant) {
        return error.into_response();
    }
    let params = super::oauth::parse_form(query.unwrap_or_default().as_bytes());
    match params.get("post_logout_redirect_uri") {
        Some(uri) if redirect_allowed(&sim.staff.app, uri) => {
            let state = params.get("state").cloned();
            let pairs: Vec<(&str, &str)> = state.iter().map(|state| ("state", state.as_str())).collect();
            redirect(uri, &pairs)
        }
        _ => Html(error_page(
            "You signed out of your account",
            "It's a good idea to close all browser windows.",
        ))
        .into_response(),
    }
}
