//! Server functions of the Sync page and the shell's health lights.
//!
//! Reading needs any role and shows only the accounts it covers; "Sync now" needs the admin
//! role on the account.

use super::types::{AccountLight, AccountSyncStatus};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// Every account × dataset: health, counts, progress, last success and error, next run.
#[server(prefix = "/api", endpoint = "sync/status")]
pub async fn sync_status() -> Result<Vec<AccountSyncStatus>, AppError> {
    let visible = crate::auth::access::visible(crate::auth::Permission::Read).await?;
    let pool = crate::database::pool()?;
    Ok(super::queries::sync_status(&pool, &visible).await?)
}

/// The health light of every account.
#[server(prefix = "/api", endpoint = "sync/lights")]
pub async fn account_lights() -> Result<Vec<AccountLight>, AppError> {
    let visible = crate::auth::access::visible(crate::auth::Permission::Read).await?;
    let pool = crate::database::pool()?;
    Ok(super::queries::account_lights(&pool, &visible).await?)
}

/// "Sync now": full runs of one account's datasets (or one dataset) at the worker's next tick.
#[server(prefix = "/api", endpoint = "sync/request")]
pub async fn request_sync(account: Uuid, dataset: Option<String>) -> Result<u64, AppError> {
    queue_sync(account, dataset)
        .await
        .map_err(crate::error::with_http_status)
}

#[cfg(feature = "ssr")]
async fn queue_sync(account: Uuid, dataset: Option<String>) -> Result<u64, AppError> {
    let authorized = crate::auth::access::authorize(crate::auth::Permission::Administer, account).await?;
    let dataset = match dataset.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(super::Dataset::parse(text).ok_or_else(|| AppError::Invalid {
            field: "dataset".to_owned(),
            message: format!("unknown dataset {text:?}"),
        })?),
    };
    let pool = crate::database::pool()?;
    match super::queries::request_sync(&pool, &authorized, dataset).await? {
        0 => Err(AppError::NotFound),
        requested => Ok(requested),
    }
}
