//! Publishes an account's health (as its client sees it) to `partner_accounts`, where
//! `/healthz`, `/api/status` and every instance's pages read it.

use crate::accounts::Account;
use sqlx::PgPool;

/// Writes the account's health when it changed, or at least every 30 seconds while synced.
pub async fn publish(pool: &PgPool, account: &Account) -> Result<(), sqlx::Error> {
    let health = account.client.health();
    let detail = account.client.health_detail();
    sqlx::query!(
        "UPDATE partner_accounts SET
             health_changed_at = CASE WHEN health <> $2 THEN now() ELSE health_changed_at END,
             health = $2, health_detail = $3, health_reported_at = now()
         WHERE id = $1 AND (health <> $2 OR health_detail IS DISTINCT FROM $3
                            OR health_reported_at IS NULL OR health_reported_at < now() - interval '30 seconds')",
        account.id,
        health.as_str(),
        detail
    )
    .execute(pool)
    .await?;
    Ok(())
}
