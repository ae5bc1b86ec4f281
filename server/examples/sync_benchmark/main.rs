//! Sync benchmark: a full sync of customers (CUST-03) and subscriptions (SUB-01) of one
//! simulated account under the simulator's default throttling (500 requests a minute per
//! family), then the database write rate, with a row-by-row baseline measured in the same run.
//!
//! `scripts/bench-sync [customers]` (default 10,000) runs it with a Postgres it provides.
//! Prints calls made vs the minimal number, wall time vs the throttle floor (minimal calls ÷
//! allowed rate), the share of calls answered 429, and rows per second written by staging and
//! by the merge (the upsert into the live tables), for the first sync (inserts) and for a
//! re-sync of the same data (updates, the steady state). `--unthrottled` lifts the throttling
//! for a quick look at the write figures. Last, the first fill's rows are written again each of
//! several ways (`first_fill`): where the merge's time goes, and the least a bulk load could take.

mod first_fill;
#[path = "../common/scratch_database.rs"]
mod scratch_database;

use anyhow::{Context, Result};
use scratch_database::with_scratch_database;
use serde_json::Value;
use server::accounts::{Account, Registry, simulated_accounts};
use server::config::SyncSettings;
use server::partner_center::{ClientSettings, RateSettings};
use sim::{SimConfig, demo_accounts};
use sqlx::PgPool;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// The simulator's default rate per family (contract §1.11).
const ALLOWED_PER_MINUTE: f64 = 500.0;

#[tokio::main]
async fn main() -> Result<()> {
    let customers: usize = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with("--"))
        .map_or(Ok(10_000), |arg| arg.parse())
        .context("customers: a number")?;
    let throttled = !std::env::args().any(|arg| arg == "--unthrottled");
    with_scratch_database("switchboard_bench", |url| async move {
        bench(&url, customers, throttled).await
    })
    .await
}

async fn bench(database_url: &str, customers: usize, throttled: bool) -> Result<()> {
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
    if !throttled {
        unthrottle(&sim);
    }
    let client_settings = if throttled {
        ClientSettings::default()
    } else {
        unthrottled_client()
    };
    let settings = SyncSettings::default();

    println!(
        "first sync, {}…",
        if throttled {
            format!("under the simulator's default throttling ({ALLOWED_PER_MINUTE} requests/min per family)")
        } else {
            "unthrottled (--unthrottled: write figures only)".to_string()
        }
    );
    let account = register(&pool, &sim, client_settings).await?;
    let first_started = OffsetDateTime::now_utc();
    let started = Instant::now();
    sync_customers_and_subscriptions(&pool, &account, &settings).await?;
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
    let rows = subscription_rows + customer_rows;

    println!();
    println!("customers {customer_rows}, subscriptions {subscription_rows}");
    println!(
        "calls made {:>8}   minimal {:>8.0}   ratio {:.3}",
        calls.calls,
        minimal,
        calls.calls as f64 / minimal
    );
    if throttled {
        println!(
            "wall time {:>8.1} s floor {:>8.1} s   ratio {:.3}",
            wall.as_secs_f64(),
            floor.as_secs_f64(),
            wall.as_secs_f64() / floor.as_secs_f64()
        );
    }
    println!(
        "429s      {:>8}   of {} answers   {:.3} %",
        counters.throttled,
        answered,
        100.0 * counters.throttled as f64 / answered.max(1) as f64
    );
    print_write_rates(&pool, "first sync (inserts)", first_started, rows).await?;

    // The steady state: the same data read again, every row upserted with a new synced_at.
    unthrottle(&sim);
    let account = register(&pool, &sim, unthrottled_client()).await?;
    let resync_started = OffsetDateTime::now_utc();
    sync_customers_and_subscriptions(&pool, &account, &settings).await?;
    let merge_rate = print_write_rates(&pool, "re-sync (updates)", resync_started, rows).await?;
    upsert_baseline(&pool, merge_rate).await?;
    first_fill::print_first_fill_ways(&pool).await
}

/// Full runs of customers (CUST-03) then subscriptions (SUB-01), timed.
async fn sync_customers_and_subscriptions(
    pool: &PgPool,
    account: &Arc<Account>,
    settings: &SyncSettings,
) -> Result<()> {
    for dataset in [app::sync::Dataset::Customers, app::sync::Dataset::Subscriptions] {
        let run_started = Instant::now();
        server::sync::run_now(pool, Arc::clone(account), dataset, settings.clone()).await?;
        println!(
            "  {:<14} {:>8.1} s",
            dataset.as_str(),
            run_started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Registers the simulator's account with a client of `settings`.
async fn register(pool: &PgPool, sim: &sim::SimHandle, settings: ClientSettings) -> Result<Arc<Account>> {
    let registry = Registry::register(
        pool,
        simulated_accounts(sim.sim()),
        reqwest::Client::new(),
        settings,
    )
    .await?;
    Ok(Arc::clone(&registry.accounts()[0]))
}

/// Lifts the simulator's throttling, for the write-rate phases.
fn unthrottle(sim: &sim::SimHandle) {
    let mut faults = sim.sim().accounts[0].faults.lock().expect("fault lock");
    faults.replace(sim::Faults {
        rate_limit_per_minute: 1_000_000,
        ..sim::Faults::default()
    });
}

fn unthrottled_client() -> ClientSettings {
    ClientSettings {
        rate: RateSettings {
            per_minute: NonZeroU32::new(1_000_000).expect("non-zero"),
            burst: NonZeroU32::new(1_000).expect("non-zero"),
        },
        ..ClientSettings::default()
    }
}

/// Prints the staging (per page) and merge rates of the runs finished since `since`; returns
/// the merge's.
async fn print_write_rates(pool: &PgPool, phase: &str, since: OffsetDateTime, rows: i64) -> Result<f64> {
    let (write_ms, merge_ms): (i64, i64) = sqlx::query_as(
        "SELECT sum(write_ms)::bigint, sum(merge_ms)::bigint FROM sync_runs
         WHERE state = 'succeeded' AND finished_at >= $1",
    )
    .bind(since)
    .fetch_one(pool)
    .await?;
    let per_second = |ms: i64| rows as f64 / (ms.max(1) as f64 / 1000.0);
    println!(
        "{phase:<22} {rows} rows: staging {:>7.0} rows/s ({} ms)   merge (upsert) {:>7.0} rows/s ({merge_ms} ms)   both {:>7.0} rows/s ({write_ms} ms)",
        per_second(write_ms - merge_ms),
        write_ms - merge_ms,
        per_second(merge_ms),
        per_second(write_ms),
    );
    Ok(per_second(merge_ms))
}

/// The baseline: the same subscription rows upserted again one statement per row, against the
/// merge's rate (`merge_rate`, the re-sync's, measured in this run).
async fn upsert_baseline(pool: &PgPool, merge_rate: f64) -> Result<()> {
    let rows: Vec<Value> = sqlx::query_scalar("SELECT to_jsonb(s) FROM subscriptions s")
        .fetch_all(pool)
        .await?;
    let one = "INSERT INTO subscriptions SELECT (jsonb_populate_record(NULL::subscriptions, $1)).*
        ON CONFLICT (account_id, id) DO UPDATE SET
        quantity = EXCLUDED.quantity, status = EXCLUDED.status, friendly_name = EXCLUDED.friendly_name,
        etag = EXCLUDED.etag, synced_at = EXCLUDED.synced_at";
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    for row in &rows {
        sqlx::query(one).bind(row).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let row_by_row = rows.len() as f64 / started.elapsed().as_secs_f64();
    println!(
        "baseline: {} subscription rows upserted row by row {:>8.0} rows/s   re-sync merge is {:.1}x that",
        rows.len(),
        row_by_row,
        merge_rate / row_by_row
    );
    Ok(())
}
