//! SQL for partner accounts.

use super::types::{Cloud, PartnerAccountSummary};
use sqlx::PgPool;
use uuid::Uuid;

/// A `partner_accounts` row as the summary query reads it.
struct PartnerAccountRow {
    id: Uuid,
    name: String,
    cloud: String,
    tenant_id: Uuid,
    enabled: bool,
}

impl PartnerAccountRow {
    fn into_summary(self) -> Result<PartnerAccountSummary, sqlx::Error> {
        let cloud = self
            .cloud
            .parse::<Cloud>()
            .map_err(|error| sqlx::Error::ColumnDecode {
                index: "cloud".into(),
                source: Box::new(error),
            })?;
        Ok(PartnerAccountSummary {
            id: self.id,
            name: self.name,
            cloud,
            tenant_id: self.tenant_id,
            enabled: self.enabled,
        })
    }
}

/// Every partner account, enabled or not, by name.
#[tracing::instrument(skip_all)]
pub async fn list_partner_accounts(pool: &PgPool) -> Result<Vec<PartnerAccountSummary>, sqlx::Error> {
    sqlx::query_as!(
        PartnerAccountRow,
        "SELECT id, name, cloud, tenant_id, enabled FROM partner_accounts ORDER BY name"
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(PartnerAccountRow::into_summary)
    .collect()
}
