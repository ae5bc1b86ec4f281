//! `/healthz` and `/readyz` against a real database, and against none.

use crate::support::{TestApp, unreachable_pool};
use serde_json::Value;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn healthz_reports_version_uptime_and_a_reachable_database(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let timing = response.headers()["server-timing"].to_str().unwrap().to_owned();
    let millis: f64 = timing.strip_prefix("app;dur=").unwrap().parse().unwrap();
    assert!(millis > 0.0, "{timing}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert!(body["uptime_seconds"].is_u64());
    assert_eq!(body["database"]["reachable"], true);
    assert!(body["database"]["latency_ms"].as_f64().unwrap() >= 0.0);
}

#[sqlx::test(migrations = "../migrations")]
async fn readyz_is_ok_while_the_database_answers(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let response = app.get("/readyz").await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        serde_json::json!({"ready": true})
    );
}

#[tokio::test]
async fn without_a_database_healthz_degrades_and_readyz_answers_503() {
    let app = TestApp::spawn(unreachable_pool()).await;

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200, "liveness must not depend on the database");
    let health: Value = health.json().await.unwrap();
    assert_eq!(health["status"], "degraded");
    assert_eq!(health["database"]["reachable"], false);

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["reason"], "database unreachable");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_request_id_sent_by_the_client_is_echoed(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "call-42")
        .send()
        .await
        .unwrap();

    assert_eq!(response.headers()["x-request-id"], "call-42");
}
