//! A clean sync from the in-process simulator: every dataset of every account, compared with
//! the simulator's own data row by row.

use crate::support::cache_vs_sim::assert_cache_equals_simulator;
use crate::support::sync::{quick_settings, register, start_worker, wait_until_complete, world};
use sqlx::PgPool;
use std::time::Duration;

#[sqlx::test(migrations = "../migrations")]
async fn a_clean_sync_equals_the_simulators_data_row_by_row(pool: PgPool) {
    let sim = sim::start(world(11, 15)).await.unwrap();
    let registry = register(&pool, &sim).await;
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let settings = quick_settings();
    let worker = start_worker(&pool, &registry, settings.clone());
    wait_until_complete(&pool, since, Duration::from_secs(60)).await;
    worker.shutdown().await;

    assert_cache_equals_simulator(&pool, sim.sim(), i64::from(settings.spend_days)).await;
    let staged: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM sync_staging) + (SELECT count(*) FROM sync_staging_customers)
              + (SELECT count(*) FROM sync_staging_subscriptions)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(staged, 0, "completed runs leave nothing staged");
    let not_complete: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_state WHERE as_of IS NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(not_complete, 0, "every dataset is complete as of its run");
}
