use super::types::PartnerAccountSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// Lists the connected Partner Center accounts.
#[server(prefix = "/api", endpoint = "accounts/list")]
pub async fn list_partner_accounts() -> Result<Vec<PartnerAccountSummary>, AppError> {
    let pool = crate::database::pool()?;
    Ok(super::queries::list_partner_accounts(&pool).await?)
}
