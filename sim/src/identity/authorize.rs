//! `GET|POST /{tenant}/oauth2/v2.0/authorize`: the authorization code flow's front channel.
//! PKCE with S256 is required; `state` comes back unchanged; `nonce` goes into the ID token.

use super::directory::redirect_allowed;
use super::grants::AuthorizationCode;
use super::oauth::{find_client, find_tenant, parse_form};
use super::sign_in_page::{error_page, render};
use crate::model::AccountInfo;
use crate::state::Sim;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// A checked authorization request.
struct AuthRequest {
    client_id: Uuid,
    redirect_uri: String,
    scope: String,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: String,
}

/// Why a request was refused: some errors may go back to the app, others must not.
enum Refusal {
    Page(String),
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

const CARRIED: [&str; 9] = [
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
];

pub async fn show(
    State(sim): State<Arc<Sim>>,
    Path((cloud, tenant)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = parse_form(query.unwrap_or_default().as_bytes());
    let account = match find_tenant(&sim, &cloud, &tenant) {
        Ok(account) => account,
        Err(error) => return page(StatusCode::BAD_REQUEST, "Tenant not found", &error.description),
    };
    match check(&sim, account, &params) {
        Ok(_) => Html(render(account, &sim.staff, &carried(&params), None)).into_response(),
        Err(refusal) => refuse(refusal),
    }
}

pub async fn submit(
    State(sim): State<Arc<Sim>>,
    Path((cloud, tenant)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let params = parse_form(&body);
    let account = match find_tenant(&sim, &cloud, &tenant) {
        Ok(account) => account,
        Err(error) => return page(StatusCode::BAD_REQUEST, "Tenant not found", &error.description),
    };
    let request = match check(&sim, account, &params) {
        Ok(request) => request,
        Err(refusal) => return refuse(refusal),
    };
    let picked = params.get("pick").and_then(|username| sim.staff.find(username));
    let typed = params.get("username").and_then(|username| {
        let user = sim.staff.find(username)?;
        let domain_ok = !username.contains('@')
            || username
                .to_lowercase()
                .ends_with(&format!("@{}", account.domain.to_lowercase()));
        (domain_ok && params.get("password") == Some(&sim.staff.password)).then_some(user)
    });
    let Some(user) = picked.or(typed) else {
        let message = "Your account or password is incorrect. (AADSTS50126)";
        return (
            StatusCode::OK,
            Html(render(account, &sim.staff, &carried(&params), Some(message))),
        )
            .into_response();
    };
    let code = format!("0.{}", Uuid::new_v4().simple()) + &Uuid::new_v4().simple().to_string();
    sim.grants.lock().expect("grants lock").codes.insert(
        code.clone(),
        AuthorizationCode {
            tenant_id: account.tenant_id,
            client_id: request.client_id,
            redirect_uri: request.redirect_uri.clone(),
            username: user.username.clone(),
            scope: request.scope,
            nonce: request.nonce,
            code_challenge: request.code_challenge,
            issued_at: sim.clock.now(),
            redeemed: false,
        },
    );
    let mut pairs = vec![("code", code.as_str())];
    let session = Uuid::new_v4().to_string();
    if let Some(state) = &request.state {
        pairs.push(("state", state));
    }
    pairs.push(("session_state", &session));
    redirect(&request.redirect_uri, &pairs)
}

fn check(sim: &Sim, account: &AccountInfo, params: &HashMap<String, String>) -> Result<AuthRequest, Refusal> {
    let client_id = params.get("client_id").map(String::as_str).unwrap_or_default();
    find_client(sim, account, client_id)
        .map_err(|error| Refusal::Page(format!("AADSTS{}: {}", error.code, error.description)))?;
    let redirect_uri = params.get("redirect_uri").cloned().unwrap_or_default();
    if !redirect_allowed(&sim.staff.app, &redirect_uri) {
        return Err(Refusal::Page(format!(
            "AADSTS50011: The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application."
        )));
    }
    let state = params.get("state").cloned();
    let back = |error, description: &str| Refusal::Redirect {
        redirect_uri: redirect_uri.clone(),
        error,
        description: description.to_owned(),
        state: state.clone(),
    };
    if params.get("response_type").map(String::as_str) != Some("code") {
        return Err(back(
            "unsupported_response_type",
            "AADSTS700054: response_type must be 'code' for this application.",
        ));
    }
    let code_challenge = params.get("code_challenge").cloned().unwrap_or_default();
    if code_challenge.is_empty() {
        return Err(back(
            "invalid_request",
            "AADSTS9002325: Proof Key for Code Exchange is required: send code_challenge and code_challenge_method=S256.",
        ));
    }
    if params.get("code_challenge_method").map(String::as_str) != Some("S256") {
        return Err(back(
            "invalid_request",
            "AADSTS501491: code_challenge_method must be S256.",
        ));
    }
    Ok(AuthRequest {
        client_id: Uuid::parse_str(client_id.trim()).expect("find_client parsed it"),
        redirect_uri,
        scope: params
            .get("scope")
            .cloned()
            .unwrap_or_else(|| "openid".to_owned()),
        state,
        nonce: params.get("nonce").cloned(),
        code_challenge,
    })
}

fn carried(params: &HashMap<String, String>) -> Vec<(String, String)> {
    CARRIED
        .iter()
        .filter_map(|name| params.get(*name).map(|value| ((*name).to_owned(), value.clone())))
        .collect()
}

fn refuse(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(message) => page(
            StatusCode::BAD_REQUEST,
            "Sorry, but we're having trouble signing you in",
            &message,
        ),
        Refusal::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } => {
            let mut pairs = vec![("error", error), ("error_description", description.as_str())];
            if let Some(state) = &state {
                pairs.push(("state", state));
            }
            redirect(&redirect_uri, &pairs)
        }
    }
}

fn page(status: StatusCode, title: &str, message: &str) -> Response {
    (status, Html(error_page(title, message))).into_response()
}

/// 302 to `uri` with `pairs` added to its query.
pub fn redirect(uri: &str, pairs: &[(&str, &str)]) -> Response {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let separator = if uri.contains('?') { '&' } else { '?' };
    (
        StatusCode::FOUND,
        [(header::LOCATION, format!("{uri}{separator}{query}"))],
    )
        .into_response()
}
