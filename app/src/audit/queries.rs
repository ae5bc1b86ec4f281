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

/// Up to `limit` rows matching `filter` on the accounts `visible` covers (rows about no
/// account only when it covers every account), newest first, older than `filter.before`.
pub async fn search(
    pool: &sqlx::PgPool,
    visible: &crate::auth::access::Visible,
    filter: &super::AuditFilter,
    limit: i64,
) -> Result<Vec<super::AuditRow>, sqlx::Error> {
    let person = filter
        .person
        .as_ref()
        .map(|person| format!("%{}%", crate::database::escape_like(person)));
    let rows = sqlx::query_as!(
        AuditRecord,
        r#"SELECT l.id, l.at, l.staff_name, l.account_id, a.name AS "account_name?", l.customer_id, l.action,
                  l.outcome, l.detail, l.reason, l.before::text AS before, l.after::text AS after, l.correlation_id
           FROM audit_log l LEFT JOIN partner_accounts a ON a.id = l.account_id
           WHERE ($1::uuid[] IS NULL OR l.account_id = ANY($1))
             AND ($2::text IS NULL OR l.staff_name ILIKE $2)
             AND ($3::uuid IS NULL OR l.account_id = $3)
             AND ($4::uuid IS NULL OR l.customer_id = $4)
             AND ($5::text IS NULL OR l.action = $5 OR l.action LIKE $5 || '.%')
             AND ($6::text IS NULL OR l.at >= ($6::text)::date::timestamp AT TIME ZONE 'UTC')
             AND ($7::text IS NULL OR l.at < (($7::text)::date + 1)::timestamp AT TIME ZONE 'UTC')
             AND ($8::bigint IS NULL OR l.id < $8)
           ORDER BY l.id DESC
           LIMIT $9"#,
        visible.ids(),
        person,
        filter.account,
        filter.customer,
        filter.action,
        filter.from,
        filter.to,
        filter.before,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(AuditRecord::into_row).collect())
}

/// An audit row as selected (`l` joined with its account `a`), for every query that lists the
/// log: `l.id, l.at, l.staff_name, l.account_id, a.name AS "account_name?", l.customer_id,
/// l.action, l.outcome, l.detail, l.reason, l.before::text, l.after::text, l.correlation_id`.
pub struct AuditRecord {
    pub id: i64,
    pub at: time::OffsetDateTime,
    pub staff_name: Option<String>,
    pub account_id: Option<uuid::Uuid>,
    pub account_name: Option<String>,
    pub customer_id: Option<uuid::Uuid>,
    pub action: String,
    pub outcome: String,
    pub detail: Option<String>,
    pub reason: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub correlation_id: Option<uuid::Uuid>,
}

impl AuditRecord {
    pub fn into_row(self) -> super::AuditRow {
        use time::format_description::well_known::Rfc3339;
        super::AuditRow {
            id: self.id,
            at: self.at.format(&Rfc3339).unwrap_or_default(),
            staff_name: self.staff_name,
            account_id: self.account_id,
            account_name: self.account_name,
            customer_id: self.customer_id,
            action: self.action,
            outcome: self.outcome,
            detail: self.detail,
            reason: self.reason,
            before: self.before,
            after: self.after,
            correlation_id: self.correlation_id,
        }
    }
}
