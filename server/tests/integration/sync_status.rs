//! Demo mode end to end, and what it shows: with no accounts configured the server starts
//! the simulator in-process, registers its four accounts and syncs them; `/healthz` then
//! lists each account's id and state only, `/api/status` the same with names, counts and
//! datasets, the Sync page renders them, and "Sync now" queues full runs.

use crate::support::TestApp;
use crate::support::sync::{wait_for, wait_until_complete};
use serde_json::Value;
use server::config::DemoMode;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(60);
const CUSTOMERS: usize = 12;

/// Demo mode, signed in at the embedded simulator as its admin.
async fn demo_app(pool: PgPool) -> TestApp {
    let mut app = TestApp::spawn_with(pool, |settings| {
        settings.demo.mode = DemoMode::Auto;
        settings.demo.customers_per_account = CUSTOMERS;
        settings.sync.tick_seconds = 1;
    })
    .await;
    app.sign_in("avery.admin").await;
    app
}

#[sqlx::test(migrations = "../migrations")]
async fn demo_mode_syncs_the_simulator_and_reports_every_account(pool: PgPool) {
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let app = demo_app(pool.clone()).await;
    wait_until_complete(&pool, since, WAIT).await;

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    let text = health.text().await.unwrap();
    assert!(
        !text.contains("Adatum"),
        "no names on the public health check: {text}"
    );
    let health: Value = serde_json::from_str(&text).unwrap();
    let accounts = health["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 4);
    for account in accounts {
        let keys: Vec<&String> = account.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "status"], "only the id and the state");
        assert_eq!(account["status"], "ok");
    }

    let status: Value = app.get("/api/status").await.json().await.unwrap();
    let accounts = status["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 4);
    for account in accounts {
        let name = account["name"].as_str().unwrap();
        assert_eq!(account["customers"], CUSTOMERS, "{name}");
        let subscriptions: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM subscriptions s JOIN partner_accounts a ON a.id = s.account_id WHERE a.name = $1",
        )
        .bind(name)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(subscriptions > 0);
        assert_eq!(account["subscriptions"], subscriptions, "{name}");
        assert_eq!(account["health"], "ok");
        assert_eq!(account["demo"], true);
        assert!(account["as_of"]["utc"].is_string(), "{name}: complete");
        let datasets = account["datasets"].as_array().unwrap();
        let expected = if account["cloud"] == "china" { 7 } else { 9 };
        assert_eq!(
            datasets.len(),
            expected,
            "{name}: 21Vianet has no budgets or spend"
        );
        for dataset in datasets {
            assert!(dataset["last_success_at"]["relative_seconds"].as_i64().unwrap() <= 0);
            assert!(dataset["last_error"].is_null(), "{name}: {dataset}");
            assert_eq!(dataset["latest_run"]["state"], "succeeded");
        }
    }

    let page = app.get("/admin/sync").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for account in accounts {
        assert!(html.contains(account["name"].as_str().unwrap()));
    }
    assert!(html.contains("Sync now"));
    assert!(html.contains(r#"data-dataset="subscriptions""#));
    assert!(
        html.contains(r#"class="health-light health-ok""#),
        "the shell's lights"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn sync_now_queues_full_runs_of_one_account_and_rejects_bad_input(pool: PgPool) {
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let app = demo_app(pool.clone()).await;
    wait_until_complete(&pool, since, WAIT).await;
    let account: Uuid = sqlx::query_scalar("SELECT id FROM partner_accounts WHERE cloud = 'germany'")
        .fetch_one(&pool)
        .await
        .unwrap();

    let request = |form: Vec<(&'static str, String)>| {
        app.client
            .post(app.url("/api/sync/request"))
            .header("accept", "application/json")
            .form(&form)
            .send()
    };
    let asked = time::OffsetDateTime::now_utc();
    let queued = request(vec![("account", account.to_string())]).await.unwrap();
    assert_eq!(queued.status(), 200);
    assert_eq!(queued.json::<u64>().await.unwrap(), 9);
    wait_for(
        &pool,
        &format!(
            "(SELECT count(*) FROM sync_state WHERE account_id = '{account}' AND requested_at IS NULL
               AND last_full_success_at >= '{asked}') = 9"
        ),
        WAIT,
    )
    .await;
    let others: Vec<String> = sqlx::query_scalar::<_, String>(
        "SELECT dataset || ' ' || kind || ' ' || state || ' ' || started_at::text FROM sync_runs WHERE account_id <> $1 AND started_at >= $2 AND kind = 'full'",
    )
    .bind(account)
    .bind(asked)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(
        others.is_empty(),
        "only the chosen account was synced again: {others:?} after {asked}"
    );

    let bad = request(vec![
        ("account", account.to_string()),
        ("dataset", "invoices".into()),
    ])
    .await
    .unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("unknown dataset"));
    let unknown = request(vec![("account", Uuid::new_v4().to_string())])
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}
