//! `GET /api/status`: every account's health, last success and error, cached customer and
//! subscription counts, and each dataset's state, as JSON. Open until staff login exists
//! (issue 5); then it needs a signed-in user, like the Sync page that shows the same data.

use app::AppError;
use app::sync::AccountSyncStatus;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sqlx::PgPool;

#[derive(Debug, Serialize)]
pub struct Status {
    pub accounts: Vec<AccountSyncStatus>,
}

pub async fn status(State(pool): State<PgPool>) -> Response {
    match app::sync::queries::sync_status(&pool).await {
        Ok(accounts) => Json(Status { accounts }).into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}
