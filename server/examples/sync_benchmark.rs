//! Sync benchmark: a full sync of customers (CUST-03) and subscriptions (SUB-01) of one
//! simulated account under the simulator's default throttling (500 requests a minute per
//! family), then the database write rate, with a row-by-row baseline measured in the same run.
//!
//! `scripts/bench-sync [customers]` (default 10,000) runs it with a Postgres it provides.
//! Prints calls made vs the minimal number, wall time vs the throttle floor (minimal calls ÷
//! allowed rate), the share of calls answered 429, and upserted rows per second.

use anyhow::{Context, Result};
use serde_json::Value;
use server::accounts::{Registry, simulated_accounts};
use server::config::SyncSettings;
use server::partner_center::ClientSettings;
use sim::{SimConfig, demo_accounts};
use sqlx::{Connection, PgConnection, PgPool};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The simulator's default rate per family (contract §1.11).
const ALLOWED_PER_MINUTE: f64 = 500.0;

#[tokio::main]
async fn main() -> Result<()> {
    let customers: usize = std::env::args()
        .nth(1)
        .map_or(Ok(10_000), |arg| arg.parse())
        .context("customers: a number")?;
    let server_url = std::env::var("DATABASE_URL").context("DATABASE_URL must point at a Postgres server")?;
    let (server_url, _) = server_url
        .rsplit_once('/')
        .context("DATABASE_URL has no database name")?;
    let database = format!("switchboard_bench_{}", std::process::id());
    let mut admin = PgConnection::connect(&format!("{server_url}/postgres")).await?;
    sqlx::query(&format!("CREATE DATABASE \"{database}\""))
        .execute(&mut admin)
        .await?;
    let outcome = bench(&format!("{server_url}/{database}"), customers).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))
        .execute(&mut admin)
        .await?;
    outcome
}

async fn bench(database_url: &str, customers: usize) -> Result<()> {
    let pool = PgPool::connect(database_url).await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    println!("generating {customers} customers with about 4 subscriptions each in the simulator…");
    let sim = sim::start(SimConfig {
        accounts: demo_accounts(1),
        customers_per_account: customers,
        subscriptions_per_customer: 4,
        usage_days: 1,
        ..SimConfig::default()
    })
    .await?;
    let registry = Registry::register(
        &pool,
        simulated_accounts(sim.sim()),
        reqwest::Client::new(),
        ClientSettings::default(),
    )
    .await?;
    let account = Arc::clone(&registry.accounts()[0]);
    let settings = SyncSettings::default();

    println!(
        "syncing under the simulator's default throttling ({ALLOWED_PER_MINUTE} requests/min per family)…"
    );
    let started = Instant::now();
    for dataset in [app::sync::Dataset::Customers, app::sync::Dataset::Subscriptions] {
        let run_started = Instant::now();
        server::sync::run_now(&pool, Arc::clone(&account), dataset, settings.clone()).await?;
        println!(
            "  {:<14} {:>8.1} s",
            dataset.as_str(),
            run_started.elapsed().as_secs_f64()
        );
    }
    let wall = started.elapsed();

    let minimal_list = customers.div_ceil(settings.list_page_size as usize) as f64;
    let minimal_subscriptions = customers as f64;
    let minimal = minimal_list + minimal_subscriptions;
    let floor = Duration::from_secs_f64(minimal / ALLOWED_PER_MINUTE * 60.0);
    let calls = account.client.stats().snapshot();
    let counters = sim.sim().accounts[0].counters.lock().expect("counters").clone();
    let answered: u64 = counters
        .by_operation
        .values()
        .flat_map(|statuses| statuses.values())
        .sum();
    let (subscription_rows, customer_rows): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM subscriptions), (SELECT count(*) FROM customers)")
            .fetch_one(&pool)
            .await?;
    let write_ms: i64 =
        sqlx::query_scalar("SELECT sum(write_ms)::bigint FROM sync_runs WHERE state = 'succeeded'")
            .fetch_one(&pool)
            .await?;
    let rows = (subscription_rows + customer_rows) as f64;

    println!();
    println!("customers {customer_rows}, subscriptions {subscription_rows}");
    println!(
        "calls made {:>8}   minimal {:>8.0}   ratio {:.3}",
        calls.calls,
        minimal,
        calls.calls as f64 / minimal
    );
    println!(
        "wall time {:>8.1} s floor {:>8.1} s   ratio {:.3}",
        wall.as_secs_f64(),
        floor.as_secs_f64(),
        wall.as_secs_f64() / floor.as_secs_f64()
    );
    println!(
        "429s      {:>8}   of {} answers   {:.3} %",
        counters.throttled,
        answered,
        100.0 * counters.throttled as f64 / answered.max(1) as f64
    );
    println!(
        "sync writes (stage + merge) {:>9.0} rows/s   ({rows} rows in {write_ms} ms)",
        rows / (write_ms.max(1) as f64 / 1000.0)
    );
    upsert_baseline(&pool).await
}

/// The same subscription rows upserted again: in one statement, as the merge does, and one
/// statement per row, the baseline.
async fn upsert_baseline(pool: &PgPool) -> Result<()> {
    let rows: Vec<Value> = sqlx::query_scalar("SELECT to_jsonb(s) FROM subscriptions s")
        .fetch_all(pool)
        .await?;
    const UPSERT: &str = "ON CONFLICT (account_id, id) DO UPDATE SET
        quantity = EXCLUDED.quantity, status = EXCLUDED.status, friendly_name = EXCLUDED.friendly_name,
        etag = EXCLUDED.etag, synced_at = EXCLUDED.synced_at";
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    sqlx::query(&format!(
        "INSERT INTO subscriptions SELECT r.* FROM unnest($1::jsonb[]) AS j
         CROSS JOIN LATERAL jsonb_populate_record(NULL::subscriptions, j) AS r {UPSERT}"
    ))
    .bind(&rows)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let bulk = rows.len() as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut tx = pool.begin().await?;
    let one = format!(
        "INSERT INTO subscriptions SELECT (jsonb_populate_record(NULL::subscriptions, $1)).* {UPSERT}"
    );
    for row in &rows {
        sqlx::query(&one).bind(row).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let row_by_row = rows.len() as f64 / started.elapsed().as_secs_f64();
    println!(
        "upsert of {} subscription rows: bulk {:>9.0} rows/s   row by row {:>8.0} rows/s   bulk is {:.1}x",
        rows.len(),
        bulk,
        row_by_row,
        bulk / row_by_row
    );
    Ok(())
}
