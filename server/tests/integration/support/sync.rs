//! Harness for sync tests: a simulator, its accounts registered against a test database, and a
//! worker run until every dataset has completed.

use server::accounts::{Registry, simulated_accounts};
use server::config::SyncSettings;
use server::partner_center::ClientSettings;
use server::sync::{Worker, WorkerHandle};
use sim::{SimConfig, SimHandle};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A small world: four accounts, one per cloud.
pub fn world(seed: u64, customers: usize) -> SimConfig {
    SimConfig {
        seed,
        customers_per_account: customers,
        ..SimConfig::default()
    }
}

/// Quick settings for tests: one-second ticks, small pages.
pub fn quick_settings() -> SyncSettings {
    SyncSettings {
        tick_seconds: 1,
        customers_per_page: 7,
        spend_days: 10,
        ..SyncSettings::default()
    }
}

pub async fn register(pool: &PgPool, sim: &SimHandle) -> Arc<Registry> {
    register_with(pool, sim, ClientSettings::default()).await
}

pub async fn register_with(pool: &PgPool, sim: &SimHandle, settings: ClientSettings) -> Arc<Registry> {
    super::init_test_log();
    let http = reqwest::Client::new();
    Arc::new(
        Registry::register(pool, simulated_accounts(sim.sim()), http, settings)
            .await
            .expect("accounts register"),
    )
}

pub fn start_worker(pool: &PgPool, registry: &Arc<Registry>, settings: SyncSettings) -> WorkerHandle {
    Worker::new(pool.clone(), Arc::clone(registry), settings).spawn()
}

/// Waits until every dataset of every account has completed a full run since `since`.
pub async fn wait_until_complete(pool: &PgPool, since: time::OffsetDateTime, timeout: Duration) {
    let started = Instant::now();
    loop {
        // One statement, so registration cannot slip in between counting and checking.
        let (registered, pending): (i64, Vec<String>) = sqlx::query_as(
            "SELECT count(*), coalesce(array_agg(a.name || ' ' || s.dataset || coalesce(': ' || s.last_error, ''))
                                 FILTER (WHERE s.last_full_success_at IS NULL OR s.last_full_success_at < $1), '{}')
             FROM sync_state s JOIN partner_accounts a ON a.id = s.account_id WHERE a.enabled",
        )
        .bind(since)
        .fetch_one(pool)
        .await
        .expect("sync state reads");
        if pending.is_empty() && registered > 0 {
            return;
        }
        assert!(
            started.elapsed() < timeout,
            "sync did not complete in {timeout:?}; pending: {pending:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Client settings for tests: quick retries and a short circuit-breaker cool-down.
pub fn quick_client() -> ClientSettings {
    ClientSettings {
        retry: server::partner_center::RetrySettings {
            max_retries: 6,
            min_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(200),
            attempt_timeout: Duration::from_secs(5),
        },
        breaker: server::partner_center::BreakerSettings {
            failure_threshold: 5,
            cooldown: Duration::from_millis(500),
            max_cooldown: Duration::from_secs(1),
        },
        ..ClientSettings::default()
    }
}

/// Gives every simulated account the same fault settings.
pub fn set_faults_everywhere(sim: &SimHandle, faults: sim::Faults) {
    for index in 0..sim.sim().accounts.len() {
        set_faults(sim, index, faults.clone());
    }
}

/// Replaces the fault settings of simulated account `index`.
pub fn set_faults(sim: &SimHandle, index: usize, faults: sim::Faults) {
    sim.sim().accounts[index]
        .faults
        .lock()
        .expect("fault lock")
        .replace(faults);
}

/// The simulator's request counters of account `index`.
pub fn counters(sim: &SimHandle, index: usize) -> sim::Counters {
    sim.sim().accounts[index]
        .counters
        .lock()
        .expect("counter lock")
        .clone()
}

/// Successful calls of `operation` to account `index`.
pub fn successful_calls(sim: &SimHandle, index: usize, operation: &str) -> u64 {
    counters(sim, index)
        .by_operation
        .get(operation)
        .map_or(0, |statuses| {
            statuses
                .iter()
                .filter(|(status, _)| (200..300).contains(*status))
                .map(|(_, count)| count)
                .sum()
        })
}

/// "Sync now" for every dataset (or one): the worker starts full runs at its next tick.
pub async fn request_sync(pool: &PgPool, dataset: Option<&str>) {
    sqlx::query("UPDATE sync_state SET requested_at = now() WHERE $1::text IS NULL OR dataset = $1")
        .bind(dataset)
        .execute(pool)
        .await
        .expect("sync requested");
}

/// Waits until `condition` (a SQL boolean) holds, or panics after `timeout`.
pub async fn wait_for(pool: &PgPool, condition: &str, timeout: Duration) {
    let started = Instant::now();
    loop {
        let holds: bool = sqlx::query_scalar(&format!("SELECT ({condition})"))
            .fetch_one(pool)
            .await
            .expect("condition evaluates");
        if holds {
            return;
        }
        assert!(started.elapsed() < timeout, "not within {timeout:?}: {condition}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
