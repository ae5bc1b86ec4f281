//! Graceful shutdown: in-flight requests finish, new connections are refused, and a request
//! that never ends cannot hold the process past the shutdown timeout.
//!
//! A request is kept in flight by locking `partner_accounts`, so the page's query waits.

use crate::support::TestApp;
use sqlx::PgPool;
use std::time::{Duration, Instant};

async fn lock_partner_accounts(pool: &PgPool) -> sqlx::Transaction<'static, sqlx::Postgres> {
    let mut transaction = pool.begin().await.unwrap();
    sqlx::query("LOCK TABLE partner_accounts IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *transaction)
        .await
        .unwrap();
    transaction
}

/// Waits until some backend is blocked on a lock, i.e. the page request is in flight.
async fn wait_for_a_blocked_query(pool: &PgPool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if waiting > 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the page request never reached the database"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn shutdown_lets_an_in_flight_request_finish_and_refuses_new_ones(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    app.sign_in("harper.helpdesk").await;
    let lock = lock_partner_accounts(&pool).await;
    let in_flight = tokio::spawn(app.client.get(app.url("/customers")).send());
    wait_for_a_blocked_query(&pool).await;

    app.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !app.server.is_finished(),
        "the server stopped before its request finished"
    );
    let fresh = reqwest::Client::new().get(app.url("/healthz")).send().await;
    assert!(fresh.is_err(), "a new connection was accepted during shutdown");

    lock.commit().await.unwrap();
    let response = in_flight
        .await
        .unwrap()
        .expect("the in-flight request is answered");
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("No partner accounts connected yet")
    );
    let outcome = tokio::time::timeout(Duration::from_secs(10), &mut app.server).await;
    assert!(
        matches!(outcome, Ok(Ok(Ok(())))),
        "the server did not stop cleanly: {outcome:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_stuck_request_cannot_hold_shutdown_past_its_timeout(pool: PgPool) {
    let mut app = TestApp::spawn_with(pool.clone(), |settings| {
        settings.http.shutdown_timeout_seconds = 1
    })
    .await;
    app.sign_in("harper.helpdesk").await;
    let lock = lock_partner_accounts(&pool).await;
    let _stuck = tokio::spawn(app.client.get(app.url("/customers")).send());
    wait_for_a_blocked_query(&pool).await;

    let started = Instant::now();
    app.begin_shutdown();
    let outcome = tokio::time::timeout(Duration::from_secs(10), &mut app.server).await;

    assert!(
        matches!(outcome, Ok(Ok(Ok(())))),
        "shutdown did not complete: {outcome:?}"
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900),
        "shutdown did not wait for the request: {waited:?}"
    );
    lock.rollback().await.unwrap();
}
