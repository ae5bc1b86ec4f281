//! "Connect" on the partner accounts page: the Secure Application Model consent. An admin of
//! the account signs in at the account's own Entra ID tenant for the account's app
//! registration (authorization code with PKCE S256, `state` checked here); the code is
//! redeemed for an App+User refresh token, which is sealed and stored. Every outcome is
//! audited and ends on the accounts page with a message.
//!
//! The app registration must list `{public_url}/admin/accounts/connect/callback` as a
//! redirect URI (web platform).

use crate::accounts::Registry;
use crate::accounts::sealing::SealedField;
use crate::auth::routes::CallbackQuery;
use crate::partner_center::Endpoints;
use crate::state::AppState;
use app::audit::{AuditEntry, Outcome, queries::record};
use app::auth::access::{Authorized, authorize_for};
use app::auth::{Grants, Permission, Staff};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use openidconnect::{CsrfToken, PkceCodeChallenge};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::Session;
use uuid::Uuid;

const PENDING: &str = "account_consent";
const CALLBACK: &str = "/admin/accounts/connect/callback";
/// A consent not finished within this long is refused (Entra ID codes live 10 minutes).
const LIFETIME: time::Duration = time::Duration::minutes(15);

#[derive(Debug, Serialize, Deserialize)]
struct PendingConsent {
    account: Uuid,
    state: String,
    verifier: String,
    started_at: OffsetDateTime,
}

/// `GET /admin/accounts/{id}/connect`: sends the admin to the account's tenant to consent.
pub async fn start(
    State(state): State<AppState>,
    Extension(staff): Extension<Staff>,
    Extension(grants): Extension<Grants>,
    session: Session,
    Path(account): Path<Uuid>,
) -> Response {
    let endpoint = format!("/admin/accounts/{account}/connect");
    let proof = match authorize_for(
        &state.pool,
        staff,
        &grants,
        Permission::Administer,
        account,
        &endpoint,
    )
    .await
    {
        Ok(proof) => proof,
        Err(error) => return error.into_response(),
    };
    let (endpoints, client_id) = match consent_target(&state.registry, account).await {
        Ok(target) => target,
        Err(message) => return back_with_error(&message),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let pending = PendingConsent {
        account: proof.account(),
        state: CsrfToken::new_random().secret().clone(),
        verifier: verifier.secret().clone(),
        started_at: OffsetDateTime::now_utc(),
    };
    let mut url = match url::Url::parse(&format!("{}/oauth2/v2.0/authorize", endpoints.authority())) {
        Ok(url) => url,
        Err(error) => return back_with_error(&format!("the account's authority is not a URL: {error}")),
    };
    url.query_pairs_mut()
        .append_pair("client_id", &client_id.to_string())
        .append_pair("response_type", "code")
        .append_pair("response_mode", "query")
        .append_pair("redirect_uri", state.auth.url(CALLBACK).as_str())
        .append_pair(
            "scope",
            &format!(
                "{}/user_impersonation offline_access openid",
                endpoints.resource()
            ),
        )
        .append_pair("state", &pending.state)
        .append_pair("code_challenge", challenge.as_str())
        .append_pair("code_challenge_method", "S256")
        .append_pair("prompt", "select_account");
    if let Err(error) = session.insert(PENDING, &pending).await {
        tracing::error!(error = %error, "session store failed");
        return back_with_error("the session could not be saved; try again");
    }
    Redirect::to(url.as_str()).into_response()
}

/// The account's endpoints and app registration, if a consent can be stored for it.
async fn consent_target(registry: &Registry, account: Uuid) -> Result<(Endpoints, Uuid), String> {
    if registry.secrets().is_none() {
        return Err("no secrets.key is configured to store the refresh token".to_owned());
    }
    let (_, endpoints, credentials) = registry.credentials_of(account).await?;
    Ok((endpoints, credentials.client_id))
}

/// `GET /admin/accounts/connect/callback`: redeems the code, seals and stores the token.
pub async fn callback(
    State(state): State<AppState>,
    Extension(staff): Extension<Staff>,
    Extension(grants): Extension<Grants>,
    session: Session,
    Query(reply): Query<CallbackQuery>,
) -> Response {
    let pending: Option<PendingConsent> = session.remove(PENDING).await.unwrap_or_default();
    let Some(pending) = pending else {
        return back_with_error("no connection was in progress in this session; press Connect again");
    };
    let proof = match authorize_for(
        &state.pool,
        staff,
        &grants,
        Permission::Administer,
        pending.account,
        CALLBACK,
    )
    .await
    {
        Ok(proof) => proof,
        Err(error) => return error.into_response(),
    };
    let outcome = finish(&state, &proof, &pending, &reply).await;
    let by = proof.staff();
    let mut entry = AuditEntry::new(
        "account.connect",
        Some((by.id, &by.name)),
        if outcome.is_ok() {
            Outcome::Succeeded
        } else {
            Outcome::Failed
        },
    );
    entry.account_id = Some(proof.account());
    entry.detail = Some(match &outcome {
        Ok(name) => format!("stored App+User access to {name}"),
        Err(message) => message.clone(),
    });
    if let Err(error) = record(&state.pool, &entry).await {
        tracing::error!(error = %error, "could not audit a connection");
    }
    match outcome {
        Ok(name) => {
            if let Err(error) = crate::sync::refresh_accounts(&state.pool, &state.registry).await {
                tracing::warn!(error = %error, "could not reload the accounts; the next worker tick will");
            }
            redirect_with("connected", &name)
        }
        Err(message) => back_with_error(&message),
    }
}

async fn finish(
    state: &AppState,
    proof: &Authorized,
    pending: &PendingConsent,
    reply: &CallbackQuery,
) -> Result<String, String> {
    if let Some(error) = &reply.error {
        return Err(format!(
            "Entra ID answered {error}: {}",
            reply.error_description.as_deref().unwrap_or("no description")
        ));
    }
    let (Some(code), Some(returned)) = (&reply.code, &reply.state) else {
        return Err("the answer had no code or no state".to_owned());
    };
    if returned.as_bytes() != pending.state.as_bytes() {
        return Err("the answer's state does not match this session's; press Connect again".to_owned());
    }
    if OffsetDateTime::now_utc() - pending.started_at > LIFETIME {
        return Err("the consent took too long; press Connect again".to_owned());
    }
    let account = proof.account();
    let secrets = state.registry.secrets().ok_or("no secrets.key is configured")?;
    let (row, endpoints, credentials) = state.registry.credentials_of(account).await?;
    let (http, _) = state.registry.client_parts();
    let form = [
        ("client_id", credentials.client_id.to_string()),
        (
            "client_secret",
            credentials.client_secret.expose_secret().to_owned(),
        ),
        ("grant_type", "authorization_code".to_owned()),
        ("code", code.clone()),
        ("redirect_uri", state.auth.url(CALLBACK).to_string()),
        ("code_verifier", pending.verifier.clone()),
        (
            "scope",
            format!(
                "{}/user_impersonation offline_access openid",
                endpoints.resource()
            ),
        ),
    ];
    let answer = http
        .post(endpoints.token_url_v2())
        .form(&form)
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await
        .map_err(|error| format!("Entra ID could not be reached: {error}"))?;
    let status = answer.status();
    let body: serde_json::Value = answer
        .json()
        .await
        .map_err(|_| format!("Entra ID answered {status} with an unreadable body"))?;
    let Some(refresh) = body.get("refresh_token").and_then(|token| token.as_str()) else {
        let why = body
            .get("error_description")
            .and_then(|text| text.as_str())
            .unwrap_or("no refresh token in the answer");
        return Err(format!("Entra ID refused the code ({status}): {why}"));
    };
    let sealed = secrets.seal(account, SealedField::RefreshToken, refresh);
    let mut conn = state
        .pool
        .acquire()
        .await
        .map_err(|_| "the database did not answer; try again".to_owned())?;
    app::accounts::admin::queries::store_refresh_token(&mut conn, proof, &sealed)
        .await
        .map_err(|_| "the database did not answer; try again".to_owned())?;
    Ok(row.name)
}

fn redirect_with(key: &str, value: &str) -> Response {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(key, value)
        .finish();
    Redirect::to(&format!("/admin/accounts?{query}")).into_response()
}

fn back_with_error(message: &str) -> Response {
    redirect_with("connect_error", message)
}
