//! SQL for partner accounts.

use super::types::{Cloud, PartnerAccountSummary};
use crate::auth::access::Visible;
use sqlx::PgPool;

/// Every partner account the person may see, enabled or not, by name.
#[tracing::instrument(skip_all)]
pub async fn list_partner_accounts(
    pool: &PgPool,
    visible: &Visible,
) -> Result<Vec<PartnerAccountSummary>, sqlx::Error> {
    sqlx::query_as!(
        PartnerAccountSummary,
        r#"SELECT id, name, cloud AS "cloud: Cloud", tenant_id, enabled FROM partner_accounts
           WHERE $1::uuid[] IS NULL OR id = ANY($1) ORDER BY name"#,
        visible.ids()
    )
    .fetch_all(pool)
    .await
}
