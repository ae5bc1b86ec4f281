//! Failures a run cannot absorb: an unreadable answer, a page that keeps failing, an outage, a
//! wrong secret. The run stops without replacing data, other accounts keep syncing, the next
//! run resumes from the checkpoint, and once the fault clears the cache equals the simulator.

use crate::support::cache_vs_sim::assert_cache_equals_simulator;
use crate::support::sync::*;
use secrecy::SecretString;
use server::accounts::{Registry, simulated_accounts};
use server::config::SyncSettings;
use sim::{FaultKind, Faults, ScheduledFault};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

fn failing(kind: FaultKind, operation: &str, skip: u32, count: u32) -> ScheduledFault {
    ScheduledFault {
        kind,
        operation: Some(operation.to_owned()),
        skip,
        count,
        status: None,
        retry_after_seconds: None,
    }
}

async fn scalar<T>(pool: &PgPool, sql: &str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unreadable_answer_fails_the_run_without_replacing_data(pool: PgPool) {
    let sim = sim::start(world(21, 15)).await.unwrap();
    let registry = register_with(&pool, &sim, quick_client()).await;
    let settings = quick_settings();
    let worker = start_worker(&pool, &registry, settings.clone());
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    wait_until_complete(&pool, since, WAIT).await;

    let (renamed, old_name) = {
        let mut data = sim.sim().accounts[0].data.write().unwrap();
        let customer = &mut data.customers[0];
        let old = std::mem::replace(&mut customer.company_name, "Renamed Holdings".to_owned());
        (customer.id, old)
    };
    let account = registry
        .accounts()
        .iter()
        .find(|a| a.name == sim.sim().accounts[0].info.name)
        .cloned()
        .unwrap();
    let as_of_before: time::OffsetDateTime =
        sqlx::query_scalar("SELECT as_of FROM sync_state WHERE account_id = $1 AND dataset = 'customers'")
            .bind(account.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    set_faults(
        &sim,
        0,
        Faults {
            scheduled: vec![failing(FaultKind::InvalidJson, "CUST-03", 0, 1)],
            ..Faults::default()
        },
    );
    request_sync(&pool, Some("customers")).await;
    let failed = format!(
        "EXISTS (SELECT 1 FROM sync_state WHERE account_id = '{}' AND dataset = 'customers' AND last_error IS NOT NULL)",
        account.id
    );
    wait_for(&pool, &failed, WAIT).await;

    let name: String = sqlx::query_scalar("SELECT company_name FROM customers WHERE id = $1")
        .bind(renamed)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(name, old_name, "the failed run replaced nothing");
    let (as_of, error): (time::OffsetDateTime, String) = sqlx::query_as(
        "SELECT as_of, last_error FROM sync_state WHERE account_id = $1 AND dataset = 'customers'",
    )
    .bind(account.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(as_of, as_of_before, "'as of' did not advance past the failed run");
    assert!(
        error.contains("CUST-03") && error.contains("correlation id"),
        "{error}"
    );
    assert_eq!(
        account.client.stats().snapshot().decode_errors,
        1,
        "the unreadable answer was counted"
    );

    request_sync(&pool, Some("customers")).await;
    let recovered = format!(
        "EXISTS (SELECT 1 FROM customers WHERE id = '{renamed}' AND company_name = 'Renamed Holdings')"
    );
    wait_for(&pool, &recovered, WAIT).await;
    worker.shutdown().await;
    assert_cache_equals_simulator(&pool, sim.sim(), i64::from(settings.spend_days)).await;
}

fn operation(dataset: &str) -> &'static str {
    if dataset == "customers" {
        "CUST-03"
    } else {
        "SUB-01"
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_run_failing_on_page_k_resumes_there_and_reads_no_page_twice(pool: PgPool) {
    let sim = sim::start(world(22, 15)).await.unwrap();
    set_faults_everywhere(
        &sim,
        Faults {
            scheduled: vec![
                failing(FaultKind::Error, "CUST-03", 2, 50),
                failing(FaultKind::Error, "SUB-01", 9, 50),
            ],
            ..Faults::default()
        },
    );
    let registry = register_with(&pool, &sim, quick_client()).await;
    let settings = SyncSettings {
        list_page_size: 4,
        ..quick_settings()
    };
    let worker = start_worker(&pool, &registry, settings.clone());
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    for dataset in ["customers", "subscriptions"] {
        let failed = format!(
            "(SELECT count(*) FROM sync_state WHERE dataset = '{dataset}' AND last_error IS NOT NULL) = 4"
        );
        wait_for(&pool, &failed, WAIT).await;
        let interrupted: i64 = scalar(
            &pool,
            // Stopped after committing pages: interrupted now, or already being resumed (the worker
            // retries once the breaker's wait is over, which can be before this check).
            &format!("SELECT count(*) FROM sync_runs WHERE dataset = '{dataset}' AND pages > 0 AND (state = 'interrupted' OR attempts >= 2)"),
        )
        .await;
        let runs: Vec<(String, String, i32, i32, Option<String>)> = sqlx::query_as(
            "SELECT kind, state, pages, attempts, error FROM sync_runs WHERE dataset = $1 ORDER BY started_at",
        )
        .bind(dataset)
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(
            interrupted, 4,
            "{dataset}: each account's run stopped after committing pages: {runs:?}"
        );
        for index in 0..4 {
            let mut faults = sim.sim().accounts[index].faults.lock().unwrap();
            let remaining = faults.faults.scheduled.clone();
            faults.faults.scheduled = remaining
                .into_iter()
                .filter(|fault| fault.operation.as_deref() != Some(operation(dataset)))
                .collect();
        }
        // Resume now the runs the worker is not already resuming (a request made while a
        // resumed run is under way would rightly start another run after it).
        sqlx::query(
            "UPDATE sync_state s SET requested_at = now() WHERE dataset = $1 AND NOT EXISTS
                 (SELECT 1 FROM sync_runs r WHERE r.account_id = s.account_id AND r.dataset = s.dataset AND r.state = 'running')",
        )
        .bind(dataset)
        .execute(&pool)
        .await
        .unwrap();
    }
    wait_until_complete(&pool, since, WAIT).await;
    worker.shutdown().await;

    assert_cache_equals_simulator(&pool, sim.sim(), i64::from(settings.spend_days)).await;
    let resumed: i64 = scalar(
        &pool,
        "SELECT count(*) FROM sync_runs WHERE dataset IN ('customers', 'subscriptions') AND state = 'succeeded' AND attempts >= 2",
    )
    .await;
    assert_eq!(resumed, 8, "each failed run was resumed, not restarted");
    for index in 0..4 {
        // An attempt that fails re-reads nothing; the next one re-reads at most the page the
        // failure interrupted. (A retry can come before the test clears the faults.)
        let account = registry.accounts()[index].id;
        let failed_attempts = |dataset: &str| {
            format!(
                "SELECT attempts::bigint - 1 FROM sync_runs WHERE account_id = '{account}' AND dataset = '{dataset}' AND state = 'succeeded'"
            )
        };
        let pages = 15_u64.div_ceil(4);
        let list_calls = successful_calls(&sim, index, "CUST-03");
        let list_failures = scalar::<i64>(&pool, &failed_attempts("customers")).await as u64;
        assert!(
            list_calls <= pages + list_failures,
            "account {index}: {list_calls} list calls for {pages} pages, {list_failures} failed attempts"
        );
        let subscription_calls = successful_calls(&sim, index, "SUB-01");
        let subscription_failures = scalar::<i64>(&pool, &failed_attempts("subscriptions")).await as u64;
        let limit = 15 + settings.customers_per_page as u64 * subscription_failures;
        assert!(
            subscription_calls <= limit,
            "account {index}: {subscription_calls} SUB-01 calls after {subscription_failures} failed attempts; at most one page of customers is read again per failure"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn an_outage_of_one_account_leaves_the_others_syncing(pool: PgPool) {
    let sim = sim::start(world(23, 12)).await.unwrap();
    set_faults(
        &sim,
        1,
        Faults {
            outage: true,
            ..Faults::default()
        },
    );
    let registry = register_with(&pool, &sim, quick_client()).await;
    let settings = quick_settings();
    let worker = start_worker(&pool, &registry, settings.clone());
    let down = &sim.sim().accounts[1].info.name;
    let others_done = format!(
        "(SELECT count(*) FROM sync_state s JOIN partner_accounts a ON a.id = s.account_id
          WHERE a.name <> '{down}' AND s.last_full_success_at IS NULL) = 0
         AND EXISTS (SELECT 1 FROM partner_accounts WHERE name = '{down}' AND health = 'down')"
    );
    wait_for(&pool, &others_done, WAIT).await;
    let (health, detail): (String, Option<String>) =
        sqlx::query_as("SELECT health, health_detail FROM partner_accounts WHERE name = $1")
            .bind(down)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(health, "down");
    assert!(detail.is_some_and(|detail| detail.contains("503")));
    let healthy: i64 = scalar(&pool, "SELECT count(*) FROM partner_accounts WHERE health = 'ok'").await;
    assert_eq!(healthy, 3);

    // "Sync now" right away: the runs wait for the circuit breaker's cool-down, then recover.
    set_faults(&sim, 1, Faults::default());
    let since = time::OffsetDateTime::now_utc();
    request_sync(&pool, None).await;
    wait_until_complete(&pool, since, WAIT).await;
    worker.shutdown().await;
    assert_cache_equals_simulator(&pool, sim.sim(), i64::from(settings.spend_days)).await;
    let healthy: i64 = scalar(&pool, "SELECT count(*) FROM partner_accounts WHERE health = 'ok'").await;
    assert_eq!(healthy, 4, "the account recovered");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_wrong_secret_marks_only_that_account_auth_failed(pool: PgPool) {
    let sim = sim::start(world(24, 10)).await.unwrap();
    let mut definitions = simulated_accounts(sim.sim());
    definitions[2].credentials.client_secret = SecretString::from("not-the-secret".to_owned());
    let wrong = definitions[2].name.clone();
    let registry = Arc::new(
        Registry::register(&pool, definitions, reqwest::Client::new(), quick_client())
            .await
            .unwrap(),
    );
    let worker = start_worker(&pool, &registry, quick_settings());
    let settled = format!(
        "(SELECT count(*) FROM sync_state s JOIN partner_accounts a ON a.id = s.account_id
          WHERE a.name <> '{wrong}' AND s.last_full_success_at IS NULL) = 0
         AND EXISTS (SELECT 1 FROM partner_accounts WHERE name = '{wrong}' AND health = 'auth_failed')"
    );
    wait_for(&pool, &settled, WAIT).await;
    worker.shutdown().await;
    let (detail, error): (String, String) = sqlx::query_as(
        "SELECT a.health_detail, s.last_error FROM partner_accounts a JOIN sync_state s ON s.account_id = a.id
         WHERE a.name = $1 AND s.dataset = 'customers'",
    )
    .bind(&wrong)
    .fetch_one(&pool)
    .await
    .unwrap();
    for message in [&detail, &error] {
        assert!(message.contains("AADSTS7000215"), "{message}");
        assert!(message.contains("client_secret"), "says what to fix: {message}");
        assert!(!message.contains("not-the-secret"), "never the secret: {message}");
    }
    let cached: i64 = scalar(&pool, "SELECT count(DISTINCT account_id) FROM customers").await;
    assert_eq!(cached, 3, "the other accounts synced");
}
