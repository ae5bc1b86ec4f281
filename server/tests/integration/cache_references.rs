//! The references the database keeps between cached rows, checked once per statement as foreign
//! keys would check them row by row (migration 20261204090000):
//! - a subscription belongs to a cached customer: refused otherwise, its customer locked until it
//!   commits, and deleted with its customer or account;
//! - a customer belongs to a registered account: refused otherwise, its account locked until it
//!   commits, and deleted with its account.

use crate::cache_integrity::{execute, upsert};
use crate::support::insert_account;
use crate::support::search_words::assert_dictionary_matches_cache;
use sqlx::PgPool;
use uuid::Uuid;

async fn subscriptions_of(pool: &PgPool, account: Uuid) -> Vec<Uuid> {
    sqlx::query_scalar("SELECT id FROM subscriptions WHERE account_id = $1 ORDER BY id")
        .bind(account)
        .fetch_all(pool)
        .await
        .unwrap()
}

/// Inserts one subscription per (id, customer) in one statement.
async fn insert_subscriptions(
    executor: impl sqlx::PgExecutor<'_>,
    account: Uuid,
    rows: &[(Uuid, Uuid)],
) -> Result<(), sqlx::Error> {
    let ids: Vec<Uuid> = rows.iter().map(|row| row.0).collect();
    let customers: Vec<Uuid> = rows.iter().map(|row| row.1).collect();
    sqlx::query(
        "INSERT INTO subscriptions (account_id, customer_id, id, offer_id, quantity, status, synced_at)
         SELECT $1, customer, id, 'offer', 1, 'active', now() FROM UNNEST($2::uuid[], $3::uuid[]) AS t (id, customer)",
    )
    .bind(account)
    .bind(&ids)
    .bind(&customers)
    .execute(executor)
    .await
    .map(|_| ())
}

/// The SQLSTATE of a refused statement.
fn sqlstate(error: &sqlx::Error) -> Option<String> {
    error
        .as_database_error()
        .and_then(|error| error.code())
        .map(|code| code.into_owned())
}

/// A connection that gives up on a lock after 200 ms (SQLSTATE 55P03) instead of waiting.
async fn impatient_connection(pool: &PgPool) -> sqlx::pool::PoolConnection<sqlx::Postgres> {
    let mut connection = pool.acquire().await.unwrap();
    sqlx::query("SET lock_timeout = '200ms'")
        .execute(&mut *connection)
        .await
        .unwrap();
    connection
}

#[sqlx::test(migrations = "../migrations")]
async fn a_subscription_needs_its_customer_and_goes_with_it(pool: PgPool) {
    let (first, second) = (
        insert_account(&pool, "First", "global").await,
        insert_account(&pool, "Second", "global").await,
    );
    let [contoso, northwind, stranger] = [1, 2, 3].map(Uuid::from_u128);
    upsert(&pool, first, &[(contoso, "Contoso"), (northwind, "Northwind")]).await;
    upsert(&pool, second, &[(contoso, "Contoso")]).await;
    let subscription = |n: u128| Uuid::from_u128(0x100 + n);
    insert_subscriptions(
        &pool,
        first,
        &[
            (subscription(1), contoso),
            (subscription(2), contoso),
            (subscription(3), northwind),
        ],
    )
    .await
    .unwrap();
    insert_subscriptions(&pool, second, &[(subscription(4), contoso)])
        .await
        .unwrap();

    // One row of many without its customer, or a customer of another account: nothing is written.
    for rows in [
        vec![(subscription(5), contoso), (subscription(6), stranger)],
        vec![(subscription(7), northwind)],
    ] {
        let account = if rows.len() == 2 { first } else { second };
        let error = insert_subscriptions(&pool, account, &rows).await.unwrap_err();
        let database = error.as_database_error().expect("a database error");
        assert_eq!(database.code().as_deref(), Some("23503"), "{database}");
        assert_eq!(database.constraint(), Some("subscriptions_customer_reference"));
    }
    // Moved to a customer that is not cached: refused too.
    let moved = sqlx::query("UPDATE subscriptions SET customer_id = $2 WHERE account_id = $1")
        .bind(first)
        .bind(stranger)
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&moved).as_deref(), Some("23503"));
    assert_eq!(
        subscriptions_of(&pool, first).await,
        [subscription(1), subscription(2), subscription(3)]
    );

    // A customer deleted takes its subscriptions, and only its own.
    execute(
        &pool,
        "DELETE FROM customers WHERE account_id = $1 AND company_name = 'Contoso'",
        first,
    )
    .await;
    assert_eq!(subscriptions_of(&pool, first).await, [subscription(3)]);
    assert_eq!(subscriptions_of(&pool, second).await, [subscription(4)]);
    // The customers are locked until the writer commits: a delete waits.
    let mut writer = pool.begin().await.unwrap();
    insert_subscriptions(&mut *writer, first, &[(subscription(8), northwind)])
        .await
        .unwrap();
    let mut deleter = impatient_connection(&pool).await;
    let waited = sqlx::query("DELETE FROM customers WHERE account_id = $1 AND id = $2")
        .bind(first)
        .bind(northwind)
        .execute(&mut *deleter)
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&waited).as_deref(), Some("55P03"));
    writer.commit().await.unwrap();
    assert_eq!(
        subscriptions_of(&pool, first).await,
        [subscription(3), subscription(8)]
    );

    // An account removed takes its customers and their subscriptions.
    execute(&pool, "DELETE FROM partner_accounts WHERE id = $1", second).await;
    assert!(subscriptions_of(&pool, second).await.is_empty());
    assert_eq!(
        subscriptions_of(&pool, first).await,
        [subscription(3), subscription(8)]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_customer_needs_its_account_and_goes_with_it(pool: PgPool) {
    let (first, second) = (
        insert_account(&pool, "First", "global").await,
        insert_account(&pool, "Second", "global").await,
    );
    let [contoso, northwind] = [1, 2].map(Uuid::from_u128);
    upsert(&pool, first, &[(contoso, "Contoso")]).await;

    // A customer of an account that is not registered: refused, with the key's SQLSTATE.
    let unregistered = Uuid::from_u128(99);
    let insert = sqlx::query(
        "INSERT INTO customers (account_id, id, company_name, domain, synced_at)
         VALUES ($1, $2, 'Stray', 'stray.example', now())",
    )
    .bind(unregistered)
    .bind(northwind)
    .execute(&pool)
    .await
    .unwrap_err();
    assert_eq!(sqlstate(&insert).as_deref(), Some("23503"));
    assert_eq!(
        insert.as_database_error().and_then(|error| error.constraint()),
        Some("customers_account_reference")
    );
    // Moved to such an account: refused too.
    let moved = sqlx::query("UPDATE customers SET account_id = $2 WHERE account_id = $1")
        .bind(first)
        .bind(unregistered)
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&moved).as_deref(), Some("23503"));

    // The account is locked until the writer commits: its removal waits.
    let mut writer = pool.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO customers (account_id, id, company_name, domain, synced_at)
         VALUES ($1, $2, 'Northwind', 'northwind.example', now())",
    )
    .bind(second)
    .bind(northwind)
    .execute(&mut *writer)
    .await
    .unwrap();
    let mut remover = impatient_connection(&pool).await;
    let waited = sqlx::query("DELETE FROM partner_accounts WHERE id = $1")
        .bind(second)
        .execute(&mut *remover)
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&waited).as_deref(), Some("55P03"));
    writer.commit().await.unwrap();

    // An account removed takes its customers (and their words), and only its own.
    execute(&pool, "DELETE FROM partner_accounts WHERE id = $1", second).await;
    let left: Vec<(Uuid, Uuid)> =
        sqlx::query_as("SELECT account_id, id FROM customers ORDER BY account_id, id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(left, [(first, contoso)]);
    assert_dictionary_matches_cache(&pool, second, "account removed").await;
    assert_dictionary_matches_cache(&pool, first, "other account").await;
}
