//! Rows a run has read, kept in `sync_staging` until the run merges them: one bulk statement
//! per page (UNNEST of parallel arrays), keyed so a page read twice (after a resume) replaces
//! its earlier copy instead of duplicating it.

use super::runs::Run;
use serde::Serialize;
use sqlx::PgConnection;

/// Kinds of staged rows: one per target table, plus `scope` (a customer, market or
/// subscription whose data the run read completely, so what is missing there was deleted).
pub mod kind {
    pub const CUSTOMER: &str = "customer";
    pub const PROFILE: &str = "profile";
    pub const DOMAIN: &str = "domain";
    pub const SUBSCRIPTION: &str = "subscription";
    pub const ORDER: &str = "order";
    pub const LINE_ITEM: &str = "line_item";
    pub const BUDGET: &str = "budget";
    pub const OFFER: &str = "offer";
    pub const SPEND: &str = "spend";
    pub const RATE: &str = "rate";
    pub const SCOPE: &str = "scope";
    /// A customer Partner Center no longer has (404 or no relationship).
    pub const GONE: &str = "gone";
}

/// One row to stage: its kind, its key within the kind, and its columns as JSON.
#[derive(Debug, Clone)]
pub struct StagedRow {
    pub kind: &'static str,
    pub key: String,
    pub payload: String,
}

impl StagedRow {
    pub fn new(kind: &'static str, key: impl Into<String>, columns: &impl Serialize) -> StagedRow {
        StagedRow {
            kind,
            key: key.into(),
            payload: serde_json::to_string(columns).expect("row columns serialise to JSON"),
        }
    }
}

/// Stages `rows` for `run` in one statement; returns how many were written.
pub async fn stage(connection: &mut PgConnection, run: &Run, rows: &[StagedRow]) -> Result<u64, sqlx::Error> {
    if rows.is_empty() {
        return Ok(0);
    }
    // One statement may not upsert the same key twice: the last copy wins.
    let mut last = std::collections::HashMap::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        last.insert((row.kind, row.key.as_str()), index);
    }
    let rows: Vec<&StagedRow> = rows
        .iter()
        .enumerate()
        .filter(|(index, row)| last.get(&(row.kind, row.key.as_str())) == Some(index))
        .map(|(_, row)| row)
        .collect();
    let kinds: Vec<&str> = rows.iter().map(|row| row.kind).collect();
    let keys: Vec<&str> = rows.iter().map(|row| row.key.as_str()).collect();
    let payloads: Vec<&str> = rows.iter().map(|row| row.payload.as_str()).collect();
    let result = sqlx::query!(
        "INSERT INTO sync_staging (run_id, kind, key, payload)
         SELECT $1, kind, key, payload::jsonb FROM UNNEST($2::text[], $3::text[], $4::text[]) AS t(kind, key, payload)
         ON CONFLICT (run_id, kind, key) DO UPDATE SET payload = EXCLUDED.payload",
        run.id,
        &kinds as &[&str],
        &keys as &[&str],
        &payloads as &[&str],
    )
    .execute(connection)
    .await?;
    Ok(result.rows_affected())
}
