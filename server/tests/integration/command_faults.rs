//! The command worker under Partner Center faults. A PATCH whose answer is lost after the
//! simulator carried it out is sent again with the same MS-RequestId and answered from the
//! simulator's record, so the subscription changes once; 1,000 commands under injected
//! timeouts (before and after the change), resets and server errors change Partner Center
//! exactly once each, by the simulator's own version counters.

use crate::support::commands::{account_id, cached, sim_subscription, store, wait_settled};
use crate::support::sync::*;
use server::accounts::Registry;
use server::background::WorkerHandle;
use server::commands::CommandWorker;
use server::config::CommandSettings;
use server::partner_center::{BreakerSettings, ClientSettings, RateSettings, RetrySettings};
use sim::{FaultKind, Faults, ScheduledFault};
use sqlx::PgPool;
use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Short attempts (a lost answer is noticed in 300 ms), many retries, no rate limit to wait
/// for, and a breaker that does not open under the injected failure rates.
fn impatient_client() -> ClientSettings {
    ClientSettings {
        rate: RateSettings {
            per_minute: NonZeroU32::new(600_000).unwrap(),
            burst: NonZeroU32::new(1_000).unwrap(),
        },
        retry: RetrySettings {
            max_retries: 8,
            min_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(100),
            attempt_timeout: Duration::from_millis(300),
        },
        breaker: BreakerSettings {
            failure_threshold: 100_000,
            cooldown: Duration::from_millis(100),
            max_cooldown: Duration::from_millis(200),
        },
    }
}

/// A simulator with `customers` per account, synced into `pool` without faults.
async fn synced(pool: &PgPool, seed: u64, customers: usize) -> (sim::SimHandle, Arc<Registry>) {
    let sim = sim::start(world(seed, customers)).await.unwrap();
    set_faults_everywhere(
        &sim,
        Faults {
            rate_limit_per_minute: 1_000_000,
            ..Faults::default()
        },
    );
    let registry = register_with(pool, &sim, impatient_client()).await;
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let worker = start_worker(pool, &registry, quick_settings());
    wait_until_complete(pool, since, Duration::from_secs(90)).await;
    worker.shutdown().await;
    (sim, registry)
}

fn command_worker(pool: &PgPool, registry: &Arc<Registry>, max_attempts: i32) -> WorkerHandle {
    let settings = CommandSettings {
        enabled: true,
        concurrency: 16,
        max_attempts,
        poll_seconds: 1,
    };
    CommandWorker::new(pool.clone(), Arc::clone(registry), settings).spawn()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_timeout_after_partner_center_applied_the_patch_changes_it_once(pool: PgPool) {
    let (sim, registry) = synced(&pool, 31, 4).await;
    let account = account_id(&pool, sim.sim(), 0).await;
    let target = cached(&pool, account, "active", 1).await[0];
    let before = sim_subscription(sim.sim(), 0, target.0, target.1);
    // Every PATCH is classified SUB-05 until its body is read, so that is the fault's operation.
    set_faults(
        &sim,
        0,
        Faults {
            rate_limit_per_minute: 1_000_000,
            hang_seconds: 2,
            scheduled: vec![ScheduledFault {
                kind: FaultKind::HangAfterApplying,
                operation: Some("SUB-05".to_owned()),
                skip: 0,
                count: 1,
                status: None,
                retry_after_seconds: None,
            }],
            ..Faults::default()
        },
    );
    let counted_before = counters(&sim, 0);
    let command = store(&pool, account, target, "suspend").await;
    let worker = command_worker(&pool, &registry, 4);
    let settled = wait_settled(&pool, &[command], Duration::from_secs(30)).await;
    worker.shutdown().await;
    assert_eq!(settled[0], ("done".to_owned(), None));

    let after = sim_subscription(sim.sim(), 0, target.0, target.1);
    assert_eq!(after.status, "suspended");
    assert_eq!(
        after.version,
        before.version + 1,
        "Partner Center changed it exactly once"
    );
    let counted = counters(&sim, 0);
    assert_eq!(counted.faults_injected - counted_before.faults_injected, 1);
    assert_eq!(
        counted.replayed - counted_before.replayed,
        1,
        "the repeat was answered from the record"
    );
    let patches: Vec<_> = counted
        .recent
        .iter()
        .filter(|request| ["SUB-05", "SUB-06", "SUB-07"].contains(&request.operation.as_str()))
        .collect();
    assert_eq!(patches.len(), 2, "{patches:?}");
    assert_eq!(
        patches[0].request_id, patches[1].request_id,
        "one MS-RequestId for both"
    );

    let (status, etag): (String, Option<String>) =
        sqlx::query_as("SELECT status, etag FROM subscriptions WHERE account_id = $1 AND id = $2")
            .bind(account)
            .bind(target.1)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "suspended", "the cache shows Partner Center's answer");
    assert_ne!(etag, None);
    let outcomes: Vec<String> = sqlx::query_scalar(
        "SELECT outcome FROM audit_log WHERE action = 'subscription.suspend' AND detail LIKE '%' || $1 || '%' ORDER BY id",
    )
    .bind(command.to_string())
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(outcomes, ["succeeded"], "the worker's step is audited");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_thousand_commands_under_injected_timeouts_change_partner_center_exactly_once_each(pool: PgPool) {
    const SUBSCRIPTIONS: usize = 50;
    const ROUNDS: usize = 20;
    let (sim, registry) = synced(&pool, 32, 40).await;
    let account = account_id(&pool, sim.sim(), 0).await;
    let targets = cached(&pool, account, "active", SUBSCRIPTIONS as i64).await;
    assert_eq!(
        targets.len(),
        SUBSCRIPTIONS,
        "the world has enough active subscriptions"
    );
    let versions: BTreeMap<_, _> = targets
        .iter()
        .map(|&(customer, id)| (id, sim_subscription(sim.sim(), 0, customer, id).version))
        .collect();
    set_faults(
        &sim,
        0,
        Faults {
            rate_limit_per_minute: 1_000_000,
            hang_rate: 0.08,
            late_hang_rate: 0.12,
            reset_rate: 0.05,
            error_rate: 0.05,
            hang_seconds: 1,
            ..Faults::default()
        },
    );
    let counted_before = counters(&sim, 0);
    let worker = command_worker(&pool, &registry, 50);
    let mut trials = 0;
    for round in 0..ROUNDS {
        let kind = if round % 2 == 0 { "suspend" } else { "reactivate" };
        let mut commands = Vec::new();
        for target in &targets {
            commands.push(store(&pool, account, *target, kind).await);
        }
        let settled = wait_settled(&pool, &commands, Duration::from_secs(120)).await;
        let failed: Vec<_> = settled.iter().filter(|(state, _)| state != "done").collect();
        assert!(failed.is_empty(), "round {round}: {failed:?}");
        trials += commands.len();
    }
    worker.shutdown().await;
    assert_eq!(trials, 1_000);

    for &(customer, id) in &targets {
        let now = sim_subscription(sim.sim(), 0, customer, id);
        assert_eq!(
            now.version - versions[&id],
            ROUNDS as u64,
            "subscription {id}: one change per command, no duplicates"
        );
        assert_eq!(now.status, "active", "an even number of rounds ends active");
    }
    let counted = counters(&sim, 0);
    let injected = counted.faults_injected - counted_before.faults_injected;
    let replayed = counted.replayed - counted_before.replayed;
    println!("1,000 commands: {injected} faults injected, {replayed} repeats answered from the record");
    assert!(injected >= 100, "faults were injected: {injected}");
    assert!(
        replayed >= 20,
        "lost answers were recovered by repeating the request: {replayed}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_command_whose_worker_died_mid_send_is_resent_with_its_stored_request_id(pool: PgPool) {
    let (sim, registry) = synced(&pool, 33, 4).await;
    let account = account_id(&pool, sim.sim(), 0).await;
    let target = cached(&pool, account, "active", 1).await[0];
    let before = sim_subscription(sim.sim(), 0, target.0, target.1);
    let command = store(&pool, account, target, "suspend").await;
    // The dead worker's send reached Partner Center; the process died before recording the answer.
    let (request_id, correlation_id, etag): (uuid::Uuid, uuid::Uuid, String) =
        sqlx::query_as("SELECT request_id, correlation_id, etag FROM subscription_commands WHERE id = $1")
            .bind(command)
            .fetch_one(&pool)
            .await
            .unwrap();
    let mut changes = serde_json::Map::new();
    changes.insert("status".to_owned(), "suspended".into());
    let request = server::partner_center::operations::patch_subscription(
        "SUB-06",
        target.0,
        target.1,
        changes,
        &etag,
        (request_id, correlation_id),
    );
    registry
        .get(account)
        .unwrap()
        .client
        .send(&request, None)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE subscription_commands SET state = 'sending', attempts = 1, due_at = now() - interval '1 second'
         WHERE id = $1",
    )
    .bind(command)
    .execute(&pool)
    .await
    .unwrap();
    let replayed_before = counters(&sim, 0).replayed;

    let worker = command_worker(&pool, &registry, 4);
    let settled = wait_settled(&pool, &[command], Duration::from_secs(30)).await;
    worker.shutdown().await;
    assert_eq!(settled[0], ("done".to_owned(), None));
    let after = sim_subscription(sim.sim(), 0, target.0, target.1);
    assert_eq!(
        (after.status.as_str(), after.version),
        ("suspended", before.version + 1)
    );
    assert_eq!(
        counters(&sim, 0).replayed - replayed_before,
        1,
        "answered from the record"
    );
}
