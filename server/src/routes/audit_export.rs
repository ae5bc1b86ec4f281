//! `GET /admin/audit.csv?…`: exactly the audit rows the audit page's filters select (all pages
//! of them, streamed in keyset batches), as CSV for a spreadsheet. Same role check as the page.
//! Cells that a spreadsheet would run as a formula are prefixed with `'`.

use app::AppError;
use app::audit::{AuditFilter, AuditQuery, AuditRow};
use app::auth::access::Visible;
use app::auth::{Grants, Permission, Staff};
use axum::Extension;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
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
    let visible = match app::auth::access::visible_to(
        &pool,
        staff,
        &grants,
        Permission::Administer,
        "/admin/audit.csv",
    )
    .await
    {
        Ok(visible) => visible,
        Err(error) => return error.into_response(),
    };
    let filter = match query.parse() {
        Ok(filter) => filter,
        Err(error) => {
            return AppError::Invalid {
                field: error.field.to_owned(),
                message: error.message,
            }
            .into_response();
        }
    };
    let header = csv_lines(std::iter::once(HEADER.map(str::to_owned).to_vec()));
    let batches = stream::try_unfold(Some((pool, visible, filter)), |state| async move {
        let Some((pool, visible, mut filter)) = state else {
            return Ok::<_, std::io::Error>(None);
        };
        let rows = next_batch(&pool, &visible, &filter).await?;
        let done = (rows.len() as i64) < BATCH;
        filter.before = rows.last().map(|row| row.id);
        let chunk = csv_lines(rows.into_iter().map(cells));
        Ok(Some((chunk, (!done).then_some((pool, visible, filter)))))
    });
    let body = stream::iter([Ok(header)]).chain(batches);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"switchboard-audit.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

async fn next_batch(
    pool: &PgPool,
    visible: &Visible,
    filter: &AuditFilter,
) -> std::io::Result<Vec<AuditRow>> {
    app::audit::queries::search(pool, visible, filter, BATCH)
        .await
        .map_err(|error| {
            tracing::error!(error = %error, "audit export failed part-way");
            std::io::Error::other("the audit export stopped: the database failed")
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

/// `records` as CSV text, each cell defused against spreadsheet formulas.
fn csv_lines(records: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer
            .write_record(record.iter().map(|cell| defuse(cell).into_owned()))
            .expect("writing CSV to memory cannot fail");
    }
    writer.into_inner().expect("flushing CSV to memory cannot fail")
}

/// A cell a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, carriage return first) as text.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_lines, defuse};

    #[test]
    fn formulas_are_defused_and_quotes_escaped() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("grant.add"), "grant.add");
        let text = String::from_utf8(csv_lines(std::iter::once(vec![
            "a,b".to_owned(),
            "say \"hi\"".to_owned(),
        ])))
        .unwrap();
        assert_eq!(text, "\"a,b\",\"say \"\"hi\"\"\"\n");
    }
}
