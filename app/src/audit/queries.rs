use super::AuditEntry;
use sqlx::PgExecutor;

/// Appends `entry`; returns its id.
pub async fn record(executor: impl PgExecutor<'_>, entry: &AuditEntry) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO audit_log (staff_id, staff_name, account_id, customer_id, action, before, after, reason,
                                correlation_id, outcome, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id",
        entry.staff_id,
        entry.staff_name,
        entry.account_id,
        entry.customer_id,
        entry.action,
        entry.before,
        entry.after,
        entry.reason,
        entry.correlation_id,
        entry.outcome.as_str(),
        entry.detail,
    )
    .fetch_one(executor)
    .await
}
