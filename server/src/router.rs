//! The HTTP router: health and status routes, sign-in, the consent round trip, the CSV
//! export, Leptos pages and server functions (with the pool, the session policy and the
//! accounts backend in their context), static files and the middleware stack.

use crate::accounts::ServerAccounts;
use crate::auth;
use crate::routes::health;
use crate::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::SessionManagerLayer;
use tower_sessions_sqlx_store::PostgresStore;

/// The app's routes, generated once per process. Generating them renders the app with
/// resource loading switched off process-wide, and a resource first polled meanwhile by a
/// render of another router in the same process never resolves (leptos-rs/leptos#4773): with
/// several instances in one process (the tests), pages hung now and then.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The full router: health routes, Leptos pages and server functions, static files, middleware.
pub fn router(
    state: AppState,
    sessions: SessionManagerLayer<PostgresStore>,
    request_timeout: Duration,
) -> Router {
    let routes = route_list();
    let accounts = app::accounts::admin::backend::Backend(Arc::new(ServerAccounts {
        pool: state.pool.clone(),
        registry: Arc::clone(&state.registry),
    }));
    let fallback_accounts = accounts.clone();
    let pool = state.pool.clone();
    let options = state.leptos_options.clone();
    let fallback_pool = state.pool.clone();
    let policy = app::auth::SessionPolicy {
        idle_timeout_minutes: state.auth.settings.idle_timeout_minutes as i64,
        absolute_lifetime_hours: state.auth.settings.absolute_lifetime_hours as i64,
    };
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/status", get(crate::routes::status::status))
        .route("/admin/audit.csv", get(crate::routes::audit_export::export))
        .route("/customers.csv", get(crate::routes::customers_export::export))
        .route(
            "/admin/accounts/{id}/connect",
            get(crate::routes::account_consent::start),
        )
        .route(
            "/admin/accounts/connect/callback",
            get(crate::routes::account_consent::callback),
        )
        .route("/login", get(auth::routes::login))
        .route("/auth/callback", get(auth::routes::callback))
        .route("/logout", post(auth::routes::logout))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(pool.clone());
                provide_context(policy);
                provide_context(accounts.clone());
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            move || {
                provide_context(fallback_pool.clone());
                provide_context(policy);
                provide_context(fallback_accounts.clone());
            },
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::guard::require_staff,
        ))
        .layer(sessions)
        .with_state(state);
    crate::middleware::wrap(router, request_timeout)
}
