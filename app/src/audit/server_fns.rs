use super::{AuditPage, AuditQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// How many rows a page of the audit log shows.
pub const PAGE_SIZE: i64 = 50;

/// One page of the audit log matching `query`, on the accounts the viewer administers (rows
/// about no account, such as sign-ins, need the admin role on every account).
#[server(prefix = "/api", endpoint = "audit/search")]
pub async fn search_audit(#[server(default)] query: AuditQuery) -> Result<AuditPage, AppError> {
    let visible = crate::auth::access::visible(crate::auth::Permission::Administer).await?;
    let filter = query
        .parse()
        .map_err(|error| crate::error::with_http_status(error.into()))?;
    let pool = crate::database::pool()?;
    let mut rows = super::queries::search(&pool, &visible, &filter, PAGE_SIZE + 1).await?;
    let older = (rows.len() as i64 > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|row| row.id)
    });
    Ok(AuditPage {
        rows,
        older: older.flatten(),
    })
}
