//! Rows a run has read, kept in staging until the run merges them: one bulk statement per
//! kind and page (UNNEST of parallel arrays), keyed so a page read twice (after a resume)
//! replaces its earlier copy instead of duplicating it. Customers and subscriptions, the large
//! datasets, are staged typed in tables of their own (`typed`); every other kind as JSON in
//! `sync_staging`.

mod typed;

pub use typed::{StagedCustomer, StagedSubscription};

use super::runs::Run;
use app::sync::Dataset;
use serde::Serialize;
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// Kinds of rows staged as JSON: one per target table, plus `scope` (a customer, market or
/// subscription whose data the run read completely, so what is missing there was deleted).
pub mod kind {
    pub const PROFILE: &str = "profile";
    pub const DOMAIN: &str = "domain";
    pub const ORDER: &str = "order";
    pub const LINE_ITEM: &str = "line_item";
    pub const BUDGET: &str = "budget";
    pub const USER: &str = "user";
    pub const OFFER: &str = "offer";
    pub const SPEND: &str = "spend";
    pub const RATE: &str = "rate";
    pub const SCOPE: &str = "scope";
    /// A customer Partner Center no longer has (404 or no relationship).
    pub const GONE: &str = "gone";
}

/// One row to stage.
#[derive(Debug, Clone)]
pub enum StagedRow {
    /// A row of `kind`, its key within the kind, and its columns as JSON.
    Json {
        kind: &'static str,
        key: String,
        payload: String,
    },
    Customer(StagedCustomer),
    Subscription(Box<StagedSubscription>),
}

impl StagedRow {
    pub fn new(kind: &'static str, key: impl Into<String>, columns: &impl Serialize) -> StagedRow {
        StagedRow::Json {
            kind,
            key: key.into(),
            payload: serde_json::to_string(columns).expect("row columns serialise to JSON"),
        }
    }
}

/// Stages `rows` for `run`, one statement per kind of table; returns how many were written.
/// Within one call the last copy of a key wins (one statement may not upsert a key twice).
pub async fn stage(connection: &mut PgConnection, run: &Run, rows: &[StagedRow]) -> Result<u64, sqlx::Error> {
    let (mut json, mut customers, mut subscriptions) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        match row {
            StagedRow::Json { kind, key, payload } => json.push((*kind, key.as_str(), payload.as_str())),
            StagedRow::Customer(customer) => customers.push(customer),
            StagedRow::Subscription(subscription) => subscriptions.push(subscription.as_ref()),
        }
    }
    let mut staged = stage_json(&mut *connection, run.id, last_of_each(json, |row| (row.0, row.1))).await?;
    staged += typed::stage_customers(&mut *connection, run.id, last_of_each(customers, |row| row.id)).await?;
    staged += typed::stage_subscriptions(
        &mut *connection,
        run.id,
        last_of_each(subscriptions, |row| row.id),
    )
    .await?;
    Ok(staged)
}

/// The time a page is read, to the microsecond as Postgres stores it. Read times are compared
/// for equality between rows staged as JSON (text, which Postgres rounds) and typed rows
/// (binary, which the driver truncates), so both must already be whole microseconds.
pub fn read_time() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(now.nanosecond() / 1_000 * 1_000)
        .expect("a whole number of microseconds is a valid nanosecond")
}

/// Drops everything staged for `runs`.
pub async fn discard(connection: &mut PgConnection, runs: &[Uuid]) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM sync_staging WHERE run_id = ANY($1)", runs)
        .execute(&mut *connection)
        .await?;
    sqlx::query!("DELETE FROM sync_staging_customers WHERE run_id = ANY($1)", runs)
        .execute(&mut *connection)
        .await?;
    sqlx::query!(
        "DELETE FROM sync_staging_subscriptions WHERE run_id = ANY($1)",
        runs
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Gives the planner statistics for the rows a run of `dataset` has just staged (up to hundreds
/// of thousands it knows nothing about), in the staging tables its merge reads. Run outside the
/// merge so its lock is not held through it.
pub async fn analyze(connection: &mut PgConnection, dataset: Dataset) -> Result<(), sqlx::Error> {
    match dataset {
        Dataset::Customers => sqlx::query!("ANALYZE sync_staging_customers (run_id)"),
        Dataset::Subscriptions => {
            sqlx::query!("ANALYZE sync_staging (run_id, kind), sync_staging_subscriptions (run_id)")
        }
        _ => sqlx::query!("ANALYZE sync_staging (run_id, kind)"),
    }
    .execute(connection)
    .await?;
    Ok(())
}

/// `rows` without the earlier copies of a repeated key, in their original order.
fn last_of_each<T, K: std::hash::Hash + Eq>(rows: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut last = std::collections::HashMap::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        last.insert(key(row), index);
    }
    rows.into_iter()
        .enumerate()
        .filter(|(index, row)| last.get(&key(row)) == Some(index))
        .map(|(_, row)| row)
        .collect()
}

async fn stage_json(
    connection: &mut PgConnection,
    run: Uuid,
    rows: Vec<(&str, &str, &str)>,
) -> Result<u64, sqlx::Error> {
    if rows.is_empty() {
        return Ok(0);
    }
    let kinds: Vec<&str> = rows.iter().map(|row| row.0).collect();
    let keys: Vec<&str> = rows.iter().map(|row| row.1).collect();
    let payloads: Vec<&str> = rows.iter().map(|row| row.2).collect();
    let result = sqlx::query!(
        "INSERT INTO sync_staging (run_id, kind, key, payload)
         SELECT $1, kind, key, payload::jsonb FROM UNNEST($2::text[], $3::text[], $4::text[]) AS t(kind, key, payload)
         ON CONFLICT (run_id, kind, key) DO UPDATE SET payload = EXCLUDED.payload",
        run,
        &kinds as &[&str],
        &keys as &[&str],
        &payloads as &[&str],
    )
    .execute(connection)
    .await?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::{last_of_each, read_time};

    #[test]
    fn read_times_are_whole_microseconds() {
        for _ in 0..100 {
            assert_eq!(read_time().nanosecond() % 1_000, 0);
        }
    }

    #[test]
    fn the_last_copy_of_a_key_wins_and_order_is_kept() {
        let rows = vec![("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)];
        let kept = last_of_each(rows, |row| row.0);
        assert_eq!(kept, vec![("a", 3), ("c", 4), ("b", 5)]);
    }
}
