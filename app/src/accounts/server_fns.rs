use super::types::PartnerAccountSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// Lists the Partner Center accounts the person has a role on.
#[server(prefix = "/api", endpoint = "accounts/list")]
pub async fn list_partner_accounts() -> Result<Vec<PartnerAccountSummary>, AppError> {
    let visible = crate::auth::access::visible(crate::auth::Permission::Read).await?;
    let pool = crate::database::pool()?;
    Ok(super::queries::list_partner_accounts(&pool, &visible).await?)
}
