//! Transient faults the client absorbs (contract §1.11): 429 with and without Retry-After,
//! server errors, connections reset mid-body, tokens that expire early. The sync completes,
//! the cache equals the simulator's data, and no call arrives before a Retry-After expired.

use crate::support::cache_vs_sim::assert_cache_equals_simulator;
use crate::support::sync::*;
use sim::{FaultKind, Faults, ScheduledFault};
use sqlx::PgPool;
use std::time::Duration;

fn scheduled(
    kind: FaultKind,
    operation: &str,
    skip: u32,
    count: u32,
    retry_after: Option<u64>,
) -> ScheduledFault {
    ScheduledFault {
        kind,
        operation: Some(operation.to_owned()),
        skip,
        count,
        status: None,
        retry_after_seconds: retry_after,
    }
}

/// Syncs `sim` into `pool` to completion with `concurrency` calls in flight per run, and
/// compares the cache with the simulator.
async fn sync_and_compare(pool: &PgPool, sim: &sim::SimHandle, concurrency: usize) {
    let registry = register_with(pool, sim, quick_client()).await;
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let settings = server::config::SyncSettings {
        concurrency,
        ..quick_settings()
    };
    let worker = start_worker(pool, &registry, settings.clone());
    wait_until_complete(pool, since, Duration::from_secs(90)).await;
    worker.shutdown().await;
    assert_cache_equals_simulator(pool, sim.sim(), i64::from(settings.spend_days)).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn throttled_calls_wait_for_retry_after_and_the_cache_still_matches(pool: PgPool) {
    let sim = sim::start(world(12, 15)).await.unwrap();
    set_faults_everywhere(
        &sim,
        Faults {
            scheduled: vec![
                scheduled(FaultKind::Throttle, "CUST-03", 0, 1, Some(2)),
                scheduled(FaultKind::ThrottleWithoutRetryAfter, "SUB-01", 3, 2, None),
                scheduled(FaultKind::Throttle, "CUST-02", 5, 1, Some(1)),
                scheduled(FaultKind::Throttle, "ORD-03", 2, 1, Some(1)),
            ],
            ..Faults::default()
        },
    );
    // One call in flight per run: calls already on their way when a 429 is sent would reach
    // the simulator inside its Retry-After window, though sent before the client could know.
    sync_and_compare(&pool, &sim, 1).await;
    for index in 0..4 {
        let counters = counters(&sim, index);
        assert_eq!(
            counters.throttled, 5,
            "account {index}: every scheduled 429 was met once"
        );
        assert_eq!(
            counters.early_requests, 0,
            "account {index}: a request arrived before a Retry-After expired"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn server_errors_and_resets_mid_body_are_retried_until_the_cache_matches(pool: PgPool) {
    let sim = sim::start(world(13, 15)).await.unwrap();
    set_faults_everywhere(
        &sim,
        Faults {
            error_rate: 0.05,
            reset_rate: 0.05,
            scheduled: vec![
                ScheduledFault {
                    status: Some(503),
                    ..scheduled(FaultKind::Error, "SUB-01", 1, 2, None)
                },
                scheduled(FaultKind::Reset, "CUST-03", 0, 1, None),
                scheduled(FaultKind::Reset, "ORD-03", 4, 1, None),
            ],
            ..Faults::default()
        },
    );
    sync_and_compare(&pool, &sim, 4).await;
    for index in 0..4 {
        let counters = counters(&sim, index);
        assert!(counters.faults_injected >= 4, "account {index}: {counters:?}");
        let errors: u64 = counters
            .by_operation
            .values()
            .flat_map(|statuses| statuses.iter())
            .filter(|(status, _)| **status >= 500)
            .map(|(_, count)| count)
            .sum();
        assert!(errors >= 2, "account {index}: server errors were answered");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_token_refused_as_expired_is_renewed_once_and_the_call_repeated(pool: PgPool) {
    let sim = sim::start(world(14, 15)).await.unwrap();
    set_faults_everywhere(
        &sim,
        Faults {
            scheduled: vec![
                scheduled(FaultKind::ExpiredToken, "SUB-01", 2, 1, None),
                scheduled(FaultKind::ExpiredToken, "SUB-08", 0, 1, None),
            ],
            ..Faults::default()
        },
    );
    sync_and_compare(&pool, &sim, 4).await;
    for index in 0..4 {
        let counters = counters(&sim, index);
        let refused = |operation: &str| {
            counters
                .by_operation
                .get(operation)
                .and_then(|statuses| statuses.get(&401))
                .copied()
                .unwrap_or(0)
        };
        assert_eq!(refused("SUB-01"), 1, "account {index}");
        let token_requests = counters.calls("TOKEN");
        assert!(
            token_requests >= 3,
            "account {index}: app, renewed app and App+User tokens: {token_requests}"
        );
    }
}
