//! The Postgres pool that server functions use; the server provides it through Leptos context.

use crate::error::AppError;
use leptos::prelude::use_context;
use sqlx::PgPool;

/// The shared pool, or `Internal` (logged) if the server forgot to provide it.
pub fn pool() -> Result<PgPool, AppError> {
    use_context::<PgPool>().ok_or_else(|| {
        tracing::error!("no database pool in the Leptos context");
        AppError::Internal
    })
}

/// `text` matched literally inside a LIKE pattern (`\\`, `%` and `_` escaped).
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
