//! SQL for partner accounts.

use super::types::{Cloud, PartnerAccountSummary};
use sqlx::PgPool;

/// Every partner account, enabled or not, by name.
#[tracing::instrument(skip_all)]
pub async fn list_partner_accounts(pool: &PgPool) -> Result<Vec<PartnerAccountSummary>, sqlx::Error> {
    sqlx::query_as!(
        PartnerAccountSummary,
        r#"SELECT id, name, cloud AS "cloud: Cloud", tenant_id, enabled FROM partner_accounts ORDER BY name"#
    )
    .fetch_all(pool)
    .await
}
