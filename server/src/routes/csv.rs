//! CSV downloads (the audit log, the customers list): streamed, never cached, and with every
//! cell a spreadsheet would run as a formula prefixed with `'`.

use app::AppError;
use app::audit::FilterError;
use app::auth::access::Visible;
use app::auth::{Grants, Permission, Staff};
use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt, stream};
use sqlx::PgPool;
use std::future::Future;
use std::sync::Arc;

/// What an export may read: the accounts on which the caller holds `permission` (refused and
/// audited otherwise, as the page's server function would), then the page's filters, parsed.
pub async fn allowed<F>(
    pool: &PgPool,
    (staff, grants): (Staff, &Grants),
    permission: Permission,
    path: &'static str,
    filter: Result<F, FilterError>,
) -> Result<(Visible, F), Response> {
    let visible = app::auth::access::visible_to(pool, staff, grants, permission, path)
        .await
        .map_err(IntoResponse::into_response)?;
    let filter = filter.map_err(|error| AppError::from(error).into_response())?;
    Ok((visible, filter))
}

/// A download of every row `fetch` reads, batch after batch: `fetch(after)` reads the rows after
/// the position `after` (the first batch after none) and says the position after its last row;
/// a batch shorter than `batch` is the last. A database failure part-way ends the download with
/// an error (logged), so the file is visibly cut short rather than silently incomplete.
pub fn keyset_download<R, P, Fetch, Fut>(
    filename: &'static str,
    header: &[&str],
    batch: i64,
    cells: fn(R) -> Vec<String>,
    fetch: Fetch,
) -> Response
where
    R: Send + 'static,
    P: Send + 'static,
    Fetch: Fn(Option<P>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(Vec<R>, Option<P>), sqlx::Error>> + Send + 'static,
{
    let header = csv_lines(std::iter::once(
        header.iter().map(|name| (*name).to_owned()).collect(),
    ));
    let fetch = Arc::new(fetch);
    let batches = stream::try_unfold(Some(None), move |state: Option<Option<P>>| {
        let fetch = Arc::clone(&fetch);
        async move {
            let Some(after) = state else {
                return Ok(None);
            };
            let (rows, last) = fetch(after).await.map_err(|error| {
                tracing::error!(error = %error, filename, "CSV export failed part-way");
                std::io::Error::other("the export stopped: the database failed")
            })?;
            let done = (rows.len() as i64) < batch;
            let chunk = csv_lines(rows.into_iter().map(cells));
            Ok::<_, std::io::Error>(Some((chunk, (!done).then_some(last))))
        }
    });
    download(filename, stream::iter([Ok(header)]).chain(batches))
}

/// A download named `filename` of the CSV chunks `body` yields.
fn download(
    filename: &str,
    body: impl Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// `records` as CSV text, each cell defused against spreadsheet formulas.
pub fn csv_lines(records: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
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
