//! Every route but sign-in, health checks and static files needs a signed-in staff member:
//! a page request without one is sent to sign in (and brought back to the page it asked for),
//! anything else is answered 401. The staff member and their grants ride along as request
//! extensions.

use super::session;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Paths anyone may reach without touching the session: health checks and static files.
fn is_static(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/favicon.svg" | "/favicon.ico") || path.starts_with("/pkg/")
}

/// The sign-in routes: open to all, and told who is signed in if anyone is.
fn is_sign_in_route(path: &str) -> bool {
    matches!(path, "/login" | "/auth/callback" | "/logout")
}

pub async fn require_staff(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if is_static(path) {
        return next.run(request).await;
    }
    let open = is_sign_in_route(path);
    let auth = &state.auth;
    match session::signed_in(&session, &auth.settings, auth.now()).await {
        Ok(Some((signed_in, previously_seen))) => {
            if super::sign_ins::is_due(previously_seen, auth.now())
                && let Err(error) =
                    super::sign_ins::touch(&state.pool, signed_in.sign_in_id, auth.now()).await
            {
                tracing::warn!(error = %error, "could not record when a session was last seen");
            }
            // Loaded once per request, however many role checks the request makes.
            let grants = match app::auth::queries::grants_of(&state.pool, signed_in.identity.object_id).await
            {
                Ok(grants) => grants,
                Err(error) => {
                    tracing::error!(error = %error, "could not read the signed-in person's roles");
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        "the database is unavailable; try again",
                    )
                        .into_response();
                }
            };
            request.extensions_mut().insert(signed_in.identity.staff());
            request.extensions_mut().insert(grants);
            request
                .extensions_mut()
                .insert(app::auth::SignInId(signed_in.sign_in_id));
            request.extensions_mut().insert(signed_in);
            next.run(request).await
        }
        Ok(None) if open => next.run(request).await,
        Ok(None) if wants_page(&request) => {
            let asked = request.uri().path_and_query().map_or("/", |path| path.as_str());
            let target = format!(
                "/login?next={}",
                form_urlencoded::byte_serialize(asked.as_bytes()).collect::<String>()
            );
            Redirect::to(&target).into_response()
        }
        Ok(None) => (StatusCode::UNAUTHORIZED, "sign in first: /login").into_response(),
        Err(error) => {
            tracing::error!(error = %error, "session store failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "sessions are unavailable; try again",
            )
                .into_response()
        }
    }
}

/// A browser navigating to a page (not a server function or an API call).
fn wants_page(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !path.starts_with("/api/")
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_none_or(|accept| accept.contains("text/html") || accept.contains("*/*"))
}
