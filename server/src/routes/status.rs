//! `GET /api/status`: the health, last success and error, cached customer and subscription
//! counts, and each dataset's state of every account the signed-in person has a role on, as
//! JSON (the sign-in guard answers 401 without a session).

use app::AppError;
use app::auth::{Grants, Permission, Staff};
use app::sync::AccountSyncStatus;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use sqlx::PgPool;

#[derive(Debug, Serialize)]
pub struct Status {
    pub accounts: Vec<AccountSyncStatus>,
}

pub async fn status(
    State(pool): State<PgPool>,
    Extension(staff): Extension<Staff>,
    Extension(grants): Extension<Grants>,
) -> Response {
    let visible =
        match app::auth::access::visible_to(&pool, staff, &grants, Permission::Read, "/api/status").await {
            Ok(visible) => visible,
            Err(error) => return error.into_response(),
        };
    match app::sync::queries::sync_status(&pool, &visible).await {
        Ok(accounts) => Json(Status { accounts }).into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}
