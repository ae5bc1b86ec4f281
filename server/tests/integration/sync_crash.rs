//! A crash mid-run: the instance dies without warning while a full run of customers (CUST-03
//! pages) and later one of subscriptions (SUB-01 per customer) is half done. The next worker
//! resumes each run from its last committed checkpoint, re-reading at most one page, and the
//! cache ends equal to the simulator.

use crate::support::cache_vs_sim::assert_cache_equals_simulator;
use crate::support::crash::CrashableWorker;
use crate::support::sync::*;
use server::config::SyncSettings;
use server::partner_center::{ClientSettings, RateSettings};
use sqlx::PgPool;
use std::num::NonZeroU32;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(90);
const CUSTOMERS: u64 = 24;

/// Four calls a second per family, so a run lasts long enough to be killed in the middle.
fn slow_client() -> ClientSettings {
    ClientSettings {
        rate: RateSettings {
            per_minute: NonZeroU32::new(240).unwrap(),
            burst: NonZeroU32::new(1).unwrap(),
        },
        ..quick_client()
    }
}

fn mid_run(dataset: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM sync_runs WHERE dataset = '{dataset}' AND state = 'running' AND pages >= 2)"
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn a_crash_mid_run_resumes_from_the_checkpoint_and_re_reads_at_most_one_page(pool: PgPool) {
    let sim = sim::start(world(31, CUSTOMERS as usize)).await.unwrap();
    crate::support::init_test_log();
    let settings = SyncSettings {
        list_page_size: 4,
        ..quick_settings()
    };
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);

    let first = CrashableWorker::start(&pool, &sim, slow_client(), settings.clone());
    wait_for(&pool, &mid_run("customers"), WAIT).await;
    first.crash();
    let second = CrashableWorker::start(&pool, &sim, slow_client(), settings.clone());
    wait_for(&pool, &mid_run("subscriptions"), WAIT).await;
    second.crash();
    let registry = register_with(&pool, &sim, slow_client()).await;
    let last = start_worker(&pool, &registry, settings.clone());
    wait_until_complete(&pool, since, WAIT).await;
    last.shutdown().await;

    assert_cache_equals_simulator(&pool, sim.sim(), i64::from(settings.spend_days)).await;
    for dataset in ["customers", "subscriptions"] {
        let resumed: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sync_runs WHERE dataset = $1 AND state = 'succeeded' AND attempts = 2",
        )
        .bind(dataset)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(
            resumed >= 1,
            "{dataset}: a run killed mid-way was resumed, not restarted"
        );
        let restarted: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sync_runs WHERE dataset = $1 AND state = 'failed'")
                .bind(dataset)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(restarted, 0, "{dataset}: no run was given up and started over");
    }
    for index in 0..sim.sim().accounts.len() {
        let pages = CUSTOMERS.div_ceil(settings.list_page_size as u64);
        let list_calls = successful_calls(&sim, index, "CUST-03");
        assert!(
            list_calls <= pages + 1,
            "account {index}: {list_calls} CUST-03 pages read for {pages}"
        );
        let subscription_calls = successful_calls(&sim, index, "SUB-01");
        let limit = CUSTOMERS + settings.customers_per_page as u64;
        assert!(
            subscription_calls <= limit,
            "account {index}: {subscription_calls} SUB-01 calls for {CUSTOMERS} customers; at most one checkpoint's page again"
        );
    }
}
