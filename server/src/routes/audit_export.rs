//! `GET /admin/audit.csv?…`: exactly the audit rows the audit page's filters select (all pages
//! of them, streamed in keyset batches), as CSV for a spreadsheet. Same role check as the page.

use super::csv::{allowed, keyset_download};
use app::audit::{AuditFilter, AuditQuery, AuditRow};
use app::auth::{Grants, Permission, Staff};
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use sqlx::PgPool;

/// Rows read per query while streaming.
const BATCH: i64 = 1_000;

const HEADER: [&str; 13] = [
    "id",
    "at",
    "staff",
    "account_id",
    "account",
    "customer_id",
    "action",
    "outcome",
    "detail",
    "reason",
    "before",
    "after",
    "correlation_id",
];

pub async fn export(
    State(pool): State<PgPool>,
    Extension(staff): Extension<Staff>,
    Extension(grants): Extension<Grants>,
    Query(query): Query<AuditQuery>,
) -> Response {
    let (visible, filter) = match allowed(
        &pool,
        (staff, &grants),
        Permission::Administer,
        "/admin/audit.csv",
        query.parse(),
    )
    .await
    {
        Ok(allowed) => allowed,
        Err(refusal) => return refusal,
    };
    keyset_download("switchboard-audit.csv", &HEADER, BATCH, cells, move |before| {
        let (pool, visible) = (pool.clone(), visible.clone());
        let filter = AuditFilter {
            before,
            ..filter.clone()
        };
        async move {
            let rows = app::audit::queries::search(&pool, &visible, &filter, BATCH).await?;
            let last = rows.last().map(|row| row.id);
            Ok((rows, last))
        }
    })
}

fn cells(row: AuditRow) -> Vec<String> {
    let id = |id: Option<uuid::Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    vec![
        row.id.to_string(),
        row.at,
        row.staff_name.unwrap_or_default(),
        id(row.account_id),
        row.account_name.unwrap_or_default(),
        id(row.customer_id),
        row.action,
        row.outcome,
        row.detail.unwrap_or_default(),
        row.reason.unwrap_or_default(),
        row.before.unwrap_or_default(),
        row.after.unwrap_or_default(),
        id(row.correlation_id),
    ]
}
