//! Several instances against one database: each account is synced by one instance at a time
//! (a Postgres advisory lock per account), every instance takes its share, and together they
//! leave the cache equal to the simulator.

use crate::support::cache_vs_sim::assert_cache_equals_simulator;
use crate::support::sync::*;
use server::config::SyncSettings;
use server::sync::Worker;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

#[sqlx::test(migrations = "../migrations")]
async fn two_instances_never_sync_the_same_account_at_once(pool: PgPool) {
    let sim = sim::start(world(41, 15)).await.unwrap();
    let settings = SyncSettings {
        max_accounts: 2,
        ..quick_settings()
    };
    // Each instance has its own registry, clients and pool, as separate processes would.
    // Both are built before either starts, so neither has the accounts to itself at first.
    let mut workers = Vec::new();
    let mut owners = Vec::new();
    for _ in 0..2 {
        let instance_pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(8)
            .connect_with((*pool.connect_options()).clone())
            .await
            .unwrap();
        let registry = register_with(&instance_pool, &sim, quick_client()).await;
        let worker = Worker::new(instance_pool, Arc::clone(&registry), settings.clone());
        owners.push(worker.owner().to_owned());
        workers.push(worker);
    }
    let instances: Vec<_> = workers.into_iter().map(Worker::spawn).collect();
    for _ in 0..3 {
        let since = time::OffsetDateTime::now_utc();
        request_sync(&pool, None).await;
        wait_until_complete(&pool, since, WAIT).await;
    }
    for instance in instances {
        instance.shutdown().await;
    }
    assert_cache_equals_simulator(&pool, sim.sim(), i64::from(settings.spend_days)).await;

    // Runs of one account by different instances never overlap in time (the account lock);
    // runs of one account × dataset never overlap at all.
    let overlaps: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT a.dataset, b.dataset, a.owner, b.owner FROM sync_runs a JOIN sync_runs b
           ON a.account_id = b.account_id AND a.id < b.id
          AND (a.owner <> b.owner OR a.dataset = b.dataset)
          AND a.started_at < coalesce(b.finished_at, 'infinity') AND b.started_at < coalesce(a.finished_at, 'infinity')",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(overlaps.is_empty(), "overlapping runs: {overlaps:?}");
    for owner in &owners {
        let accounts: i64 =
            sqlx::query_scalar("SELECT count(DISTINCT account_id) FROM sync_runs WHERE owner = $1")
                .bind(owner)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(accounts >= 1, "instance {owner} took its share");
    }
    let runs: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_runs WHERE state = 'succeeded'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(runs >= 3 * 4 * 6, "three rounds over four accounts: {runs} runs");
}
