use super::types::PartnerAccountSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// Lists the Partner Center accounts where the person holds `permission` (default: any role),
/// or 403 if there are none: an area that needs a role asks with that role's permission, so a
/// person without it is told so instead of seeing the area.
#[server(prefix = "/api", endpoint = "accounts/list")]
pub async fn list_partner_accounts(
    #[server(default)] permission: Option<crate::auth::Permission>,
) -> Result<Vec<PartnerAccountSummary>, AppError> {
    let permission = permission.unwrap_or(crate::auth::Permission::Read);
    let visible = crate::auth::access::visible(permission).await?;
    let pool = crate::database::pool()?;
    Ok(super::queries::list_partner_accounts(&pool, &visible).await?)
}
