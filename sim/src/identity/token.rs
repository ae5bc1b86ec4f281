//! `POST /{tenant}/oauth2/v2.0/token` and the v1 `POST /{tenant}/oauth2/token` (`resource=`).

use super::grants::RefreshGrant;
use super::issue::{AccessRequest, GRAPH, TOKEN_SECONDS, access_token, id_token};
use super::oauth::{Client, OAuthError, authenticate_client, find_tenant, parse_form};
use super::redeem::{redeem_code, redeem_refresh_token};
use crate::model::AccountInfo;
use crate::state::Sim;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// What the tokens are for, once the grant is checked.
pub(super) struct Grant {
    pub client_id: Uuid,
    pub username: Option<String>,
    pub scope: String,
    pub nonce: Option<String>,
}

pub async fn token_v2(
    State(sim): State<Arc<Sim>>,
    Path((cloud, tenant)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&sim, &cloud, &tenant, &headers, &body, false).await
}

pub async fn token_v1(
    State(sim): State<Arc<Sim>>,
    Path((cloud, tenant)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&sim, &cloud, &tenant, &headers, &body, true).await
}

async fn respond(
    sim: &Sim,
    cloud: &str,
    tenant: &str,
    headers: &HeaderMap,
    body: &[u8],
    v1: bool,
) -> Response {
    let account = match find_tenant(sim, cloud, tenant) {
        Ok(account) => account,
        Err(error) => return error.into_response(),
    };
    if let Some(fault) = crate::faults::before_token_request(sim, account.index).await {
        return fault;
    }
    let form = parse_form(body);
    let response = match issue(sim, account, headers, &form, v1) {
        Ok(body) => crate::http::envelope::ok(body),
        Err(error) => error.into_response(),
    };
    crate::faults::count(sim, account.index, "TOKEN", response.status().as_u16());
    response
}

fn issue(
    sim: &Sim,
    account: &AccountInfo,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
    v1: bool,
) -> Result<Value, OAuthError> {
    let (client_id, client) = authenticate_client(sim, account, headers, form)?;
    let grant = match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => redeem_code(sim, account, client_id, form)?,
        Some("refresh_token") => redeem_refresh_token(sim, account, client_id, form)?,
        Some("client_credentials") => {
            if client != Client::PartnerApp {
                return Err(OAuthError::new(
                    "unauthorized_client",
                    700_016,
                    "This application is not registered in Partner Center for app-only access.",
                ));
            }
            Grant {
                client_id,
                username: None,
                scope: String::new(),
                nonce: None,
            }
        }
        Some(other) => {
            return Err(OAuthError::new(
                "unsupported_grant_type",
                70_003,
                format!("The app requested an unsupported grant type '{other}'."),
            ));
        }
        None => {
            return Err(OAuthError::new(
                "invalid_request",
                900_144,
                "The request body must contain the following parameter: 'grant_type'.",
            ));
        }
    };
    let audience = audience(account, form, v1, &grant)?;
    let user = grant
        .username
        .as_deref()
        .and_then(|username| sim.staff.find(username));
    let access = access_token(
        sim,
        account,
        &AccessRequest {
            audience: &audience,
            app_id: grant.client_id,
            user,
            scope: "user_impersonation",
            v1,
        },
    );
    let expires_on = sim.clock.now().unix_timestamp() + TOKEN_SECONDS;
    let mut body = if v1 {
        json!({
            "token_type": "Bearer", "expires_in": TOKEN_SECONDS.to_string(), "ext_expires_in": TOKEN_SECONDS.to_string(),
            "expires_on": expires_on.to_string(), "not_before": (expires_on - TOKEN_SECONDS).to_string(),
            "resource": audience, "access_token": access,
        })
    } else {
        json!({ "token_type": "Bearer", "expires_in": TOKEN_SECONDS, "ext_expires_in": TOKEN_SECONDS, "access_token": access })
    };
    if let Some(user) = user {
        body["scope"] = json!(if v1 {
            "user_impersonation".to_owned()
        } else {
            grant.scope.clone()
        });
        let wants_refresh = v1
            || grant
                .scope
                .split_whitespace()
                .any(|scope| scope == "offline_access");
        if wants_refresh {
            let refresh = format!("0.{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
            sim.grants.lock().expect("grants lock").refresh_tokens.insert(
                refresh.clone(),
                RefreshGrant {
                    tenant_id: account.tenant_id,
                    client_id: grant.client_id,
                    username: user.username.clone(),
                    scope: grant.scope.clone(),
                },
            );
            body["refresh_token"] = json!(refresh);
        }
        if v1 || grant.scope.split_whitespace().any(|scope| scope == "openid") {
            body["id_token"] = json!(id_token(
                sim,
                account,
                grant.client_id,
                user,
                grant.nonce.as_deref()
            ));
        }
    } else if !v1 {
        body["scope"] = json!(format!("{audience}/.default"));
    }
    Ok(body)
}

/// The token audience: the v1 `resource`, or the resource of the v2 scopes.
fn audience(
    account: &AccountInfo,
    form: &HashMap<String, String>,
    v1: bool,
    grant: &Grant,
) -> Result<String, OAuthError> {
    let partner_center = account.cloud.partner_center_resource();
    let requested = if v1 {
        form.get("resource").cloned().ok_or_else(|| {
            OAuthError::new(
                "invalid_request",
                900_144,
                "The request body must contain the following parameter: 'resource'.",
            )
        })?
    } else {
        let scope = form.get("scope").cloned().unwrap_or_else(|| grant.scope.clone());
        let resource_scope = scope
            .split_whitespace()
            .find(|scope| scope.contains("://"))
            .map(str::to_owned);
        match (resource_scope, grant.username.is_none()) {
            (Some(scope), _) => scope
                .rsplit_once('/')
                .map(|(resource, _)| resource.to_owned())
                .unwrap_or(scope),
            (None, true) => {
                return Err(OAuthError::new(
                    "invalid_scope",
                    1_002_012,
                    "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
                ));
            }
            (None, false) => return Ok(GRAPH.to_owned()),
        }
    };
    let requested = requested.trim_end_matches('/');
    if requested == partner_center || requested == GRAPH || requested == "https://graph.microsoft.com" {
        Ok(requested.to_owned())
    } else {
        Err(OAuthError::new(
            "invalid_resource",
            500_011,
            format!(
                "The resource principal named {requested} was not found in the tenant named {}.",
                account.domain
            ),
        ))
    }
}
