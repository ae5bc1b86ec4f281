//! Helpers for command tests: what the simulator holds of a subscription, commands stored as
//! the server functions store them, and waiting for the worker to settle them.

use sqlx::PgPool;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A subscription as the simulator holds it: status, version (one per change made), nickname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSubscription {
    pub status: String,
    pub version: u64,
    pub nickname: Option<String>,
}

pub fn sim_subscription(sim: &sim::Sim, index: usize, customer: Uuid, subscription: Uuid) -> SimSubscription {
    let data = sim.accounts[index].data.read().expect("simulator data");
    let found = data
        .customer(customer)
        .and_then(|customer| customer.subscription(subscription))
        .expect("the simulator has the subscription");
    SimSubscription {
        status: found.status.as_str().to_owned(),
        version: found.version,
        nickname: found.nickname.clone(),
    }
}

/// Our id of the simulated account at `index`.
pub async fn account_id(pool: &PgPool, sim: &sim::Sim, index: usize) -> Uuid {
    sqlx::query_scalar("SELECT id FROM partner_accounts WHERE tenant_id = $1")
        .bind(sim.accounts[index].info.tenant_id)
        .fetch_one(pool)
        .await
        .expect("the account is registered")
}

/// Up to `limit` cached subscriptions of `account` with `status` that are not add-ons, as
/// (customer, subscription).
pub async fn cached(pool: &PgPool, account: Uuid, status: &str, limit: i64) -> Vec<(Uuid, Uuid)> {
    sqlx::query_as(
        "SELECT customer_id, id FROM subscriptions
         WHERE account_id = $1 AND status = $2 AND parent_subscription_id IS NULL
         ORDER BY customer_id, id LIMIT $3",
    )
    .bind(account)
    .bind(status)
    .bind(limit)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Stores a command as `change_subscription_status` does, with the cached ETag.
pub async fn store(pool: &PgPool, account: Uuid, (customer, subscription): (Uuid, Uuid), kind: &str) -> Uuid {
    sqlx::query_scalar(
        "INSERT INTO subscription_commands (account_id, customer_id, subscription_id, batch_id, kind, reason_code,
                etag, before, requested_by, requested_by_name)
         SELECT $1, $2, $3, gen_random_uuid(), $4, 'customer_request', etag, '{}', gen_random_uuid(), 'Fault Test'
         FROM subscriptions WHERE account_id = $1 AND id = $3
         RETURNING id",
    )
    .bind(account)
    .bind(customer)
    .bind(subscription)
    .bind(kind)
    .fetch_one(pool)
    .await
    .expect("command stored")
}

/// Waits until none of `commands` is open; returns the states, in the order given.
pub async fn wait_settled(
    pool: &PgPool,
    commands: &[Uuid],
    timeout: Duration,
) -> Vec<(String, Option<String>)> {
    let started = Instant::now();
    loop {
        let rows: Vec<(Uuid, String, Option<String>)> =
            sqlx::query_as("SELECT id, state, error FROM subscription_commands WHERE id = ANY($1)")
                .bind(commands)
                .fetch_all(pool)
                .await
                .unwrap();
        if rows
            .iter()
            .all(|(_, state, _)| state == "done" || state == "failed")
        {
            return commands
                .iter()
                .map(|id| {
                    let (_, state, error) = rows.iter().find(|row| row.0 == *id).expect("stored");
                    (state.clone(), error.clone())
                })
                .collect();
        }
        let open = rows
            .iter()
            .filter(|row| row.1 == "pending" || row.1 == "sending")
            .count();
        assert!(
            started.elapsed() < timeout,
            "{open} commands still open after {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
