//! `/login` sends the browser to the staff authority, `/auth/callback` completes the sign-in,
//! `/logout` ends the session here and at the authority. Every outcome is audited.

use super::oidc::{LoginError, StaffIdentity};
use super::page::{failure_page, html_page};
use super::session::{self, LoginInProgress, SignedIn};
use super::sign_ins;
use crate::state::AppState;
use app::audit::{AuditEntry, Outcome, queries::record};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// Starts a sign-in, to come back to `next` (a path of this site) afterwards.
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    signed_in: Option<Extension<SignedIn>>,
    Query(query): Query<LoginQuery>,
) -> Response {
    let return_to = safe_return_path(query.next.as_deref());
    if signed_in.is_some() {
        return Redirect::to(&return_to).into_response();
    }
    let auth = &state.auth;
    let authority = match auth.authority().await {
        None => {
            return html_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Sign-in is not configured",
                "Set auth.issuer_url, auth.client_id and auth.client_secret (see switchboard.example.toml), then restart.",
            );
        }
        Some(Err(error)) => return failure_page(StatusCode::BAD_GATEWAY, &error),
        Some(Ok(authority)) => authority,
    };
    let (url, pending) = authority.begin();
    if let Err(error) = session::start_login(&session, LoginInProgress { pending, return_to }).await {
        return session_trouble(&error);
    }
    Redirect::to(url.as_str()).into_response()
}

/// What an authority sends the browser back with (the staff sign-in, the accounts' consent).
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Where the authority sends the browser back: checks everything, then starts the session.
pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let auth = &state.auth;
    let login = match session::take_login(&session).await {
        Ok(login) => login,
        Err(error) => return session_trouble(&error),
    };
    let outcome = match (&login, &query) {
        (
            _,
            CallbackQuery {
                error: Some(error),
                error_description,
                ..
            },
        ) => Err(LoginError::Authority(format!(
            "{error}: {}",
            error_description.as_deref().unwrap_or("no description")
        ))),
        (None, _) => Err(LoginError::NoPendingLogin),
        (
            Some(login),
            CallbackQuery {
                code: Some(code),
                state: Some(returned),
                ..
            },
        ) => match auth.authority().await {
            Some(Ok(authority)) => authority.finish(&login.pending, returned, code).await,
            Some(Err(error)) => Err(error),
            None => Err(LoginError::Discovery("sign-in is not configured".into())),
        },
        (Some(_), _) => Err(LoginError::Authority(
            "the response has no code or no state".into(),
        )),
    };
    match outcome {
        Ok(identity) => {
            let entry = AuditEntry::new(
                "auth.login",
                Some((identity.object_id, &identity.name)),
                Outcome::Succeeded,
            )
            .detail(format!("signed in as {}", identity.username));
            if let Err(error) = record_grants(&state, &identity).await {
                tracing::error!(error = %error, "could not record the sign-in's grants");
                return html_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Sign-in could not be completed",
                    "The database did not answer while recording your roles. Try again in a moment.",
                );
            }
            let (sign_in_id, staff_id, now) = (uuid::Uuid::new_v4(), identity.object_id, auth.now());
            let session_id = match session::sign_in(&session, sign_in_id, identity, now).await {
                Ok(id) => id,
                Err(error) => return session_trouble(&error),
            };
            let agent = headers
                .get(header::USER_AGENT)
                .and_then(|agent| agent.to_str().ok());
            if let Err(error) =
                sign_ins::record(&state.pool, sign_in_id, &session_id, staff_id, now, agent).await
            {
                tracing::error!(error = %error, "could not list the new session");
            }
            audit(&state, &entry).await;
            let return_to = login.map_or_else(|| "/".to_owned(), |login| login.return_to);
            Redirect::to(&return_to).into_response()
        }
        Err(error) => {
            tracing::warn!(reason = error.code(), error = %error, "sign-in refused");
            let entry = AuditEntry::new("auth.login", None, Outcome::Failed)
                .detail(format!("{}: {error}", error.code()));
            audit(&state, &entry).await;
            failure_page(StatusCode::UNAUTHORIZED, &error)
        }
    }
}

/// The person and the grants their token maps to, refreshed in one transaction.
async fn record_grants(state: &AppState, identity: &StaffIdentity) -> Result<(), sqlx::Error> {
    let grants = super::grants::mapped_grants(&state.pool, &state.auth.grant_rules, identity).await?;
    let staff = identity.staff();
    let mut tx = state.pool.begin().await?;
    app::auth::queries::record_sign_in(&mut tx, &staff, &grants).await?;
    tx.commit().await
}

/// Ends the session here, then at the authority (which sends the browser back to sign in).
pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    signed_in: Option<Extension<SignedIn>>,
) -> Response {
    let auth = &state.auth;
    if let Err(error) = session.flush().await {
        return session_trouble(&error);
    }
    let Some(Extension(staff)) = signed_in else {
        return Redirect::to("/login").into_response();
    };
    if let Err(error) = sign_ins::logged_out(&state.pool, staff.sign_in_id, staff.identity.object_id).await {
        tracing::warn!(error = %error, "could not mark the session ended in the list");
    }
    let entry = AuditEntry::new(
        "auth.logout",
        Some((staff.identity.object_id, &staff.identity.name)),
        Outcome::Succeeded,
    );
    audit(&state, &entry).await;
    let after = auth.url("/login");
    let end_session = match auth.authority().await {
        Some(Ok(authority)) => authority.end_session_url(staff.identity.id_token.as_deref(), &after),
        _ => None,
    };
    Redirect::to(end_session.as_ref().unwrap_or(&after).as_str()).into_response()
}

/// `next` if it is a path on this site, else `/` (never another site: no open redirect).
pub fn safe_return_path(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

async fn audit(state: &AppState, entry: &AuditEntry) {
    if let Err(error) = record(&state.pool, entry).await {
        tracing::error!(action = %entry.action, error = %error, "could not write the audit log");
    }
}

fn session_trouble(error: &tower_sessions::session::Error) -> Response {
    tracing::error!(error = %error, "session store failed");
    html_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Sessions are unavailable",
        "The session store (the database) did not answer. Try again in a moment.",
    )
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        assert_eq!(safe_return_path(Some("/admin/sync?x=1")), "/admin/sync?x=1");
        for bad in [
            "https://evil.example",
            "//evil.example/x",
            "/\\evil.example",
            "admin",
        ] {
            assert_eq!(safe_return_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_return_path(None), "/");
    }
}
