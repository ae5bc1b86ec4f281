//! The audit page's search and CSV export: filters, keyset pages that neither skip nor repeat
//! a row, an admin of one account seeing only that account's rows, bad filters refused by
//! name, and the export holding exactly the filtered rows.

use crate::support::TestApp;
use crate::support::roles::{Demo, call_with_query};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

async fn search(app: &TestApp, query: &str) -> (u16, Value) {
    call_with_query(app, "/api/audit/search", query).await
}

/// Adds `count` grant rows about `account` by "Script" straight to the log.
async fn log_rows(pool: &PgPool, count: i64, account: Uuid) {
    sqlx::query(
        "INSERT INTO audit_log (staff_name, account_id, action, outcome, detail)
         SELECT 'Script', $1, 'grant.add', 'succeeded', '=cmd|row ' || g FROM generate_series(1, $2) g",
    )
    .bind(account)
    .bind(count)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn filters_and_keyset_pages_cover_every_matching_row_once(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    log_rows(&pool, 120, demo.accounts[0]).await;
    app.sign_in("avery.admin").await;

    let mut seen = Vec::new();
    let mut query = "person=scr&action=grant".to_owned();
    loop {
        let (status, page) = search(&app, &query).await;
        assert_eq!(status, 200, "{page}");
        let rows = page["rows"].as_array().unwrap();
        assert!(rows.len() <= 50);
        seen.extend(rows.iter().map(|row| row["id"].as_i64().unwrap()));
        match page["older"].as_i64() {
            Some(before) => query = format!("person=scr&action=grant&before={before}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 120, "every matching row once");
    assert!(
        seen.windows(2).all(|pair| pair[0] > pair[1]),
        "newest first, no repeats"
    );

    // The sign-in is in the log under its own action, not under "grant".
    let (_, logins) = search(&app, "action=auth.login").await;
    let logins = logins["rows"].as_array().unwrap();
    assert!(!logins.is_empty());
    assert!(logins.iter().all(|row| row["action"] == "auth.login"));

    // Days: everything today, nothing tomorrow (UTC).
    let today = time::OffsetDateTime::now_utc().date();
    let (_, page) = search(&app, &format!("person=scr&from={today}&to={today}")).await;
    assert_eq!(page["rows"].as_array().unwrap().len(), 50);
    let tomorrow = today.next_day().unwrap();
    let (_, page) = search(&app, &format!("from={tomorrow}")).await;
    assert!(page["rows"].as_array().unwrap().is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn an_admin_of_one_account_sees_that_accounts_rows_only(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    log_rows(&pool, 3, demo.accounts[0]).await;
    log_rows(&pool, 4, demo.accounts[1]).await;
    demo.sign_in("sasha.sales").await;
    sqlx::query(
        "INSERT INTO role_grants (staff_id, role, account_id, source)
         SELECT id, 'admin', $1, 'admin' FROM staff_members WHERE username LIKE 'sasha.sales%'",
    )
    .bind(demo.accounts[1])
    .execute(&pool)
    .await
    .unwrap();
    app.sign_in("sasha.sales").await;
    let (status, page) = search(&app, "").await;
    assert_eq!(status, 200, "{page}");
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        4,
        "the admin's account only; no sign-ins (they are no account's)"
    );
    assert!(
        rows.iter()
            .all(|row| row["account_id"] == demo.accounts[1].to_string())
    );

    app.sign_in("blake.billing").await;
    assert_eq!(search(&app, "").await.0, 403);
    assert_eq!(app.get("/admin/audit.csv").await.status(), 403);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_filters_are_refused_by_name(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    Demo::set_up(&app, &pool).await;
    app.sign_in("avery.admin").await;
    for (query, field) in [
        ("account=acme", "account"),
        ("from=2026-02-30", "from"),
        ("action=drop%20table", "action"),
        ("before=-3", "before"),
    ] {
        let (status, body) = search(&app, query).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert!(body.to_string().contains(field), "{query}: {body}");
        let csv = app.get(&format!("/admin/audit.csv?{query}")).await;
        assert_eq!(csv.status(), 422, "{query}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_csv_export_holds_exactly_the_filtered_rows(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    log_rows(&pool, 2_345, demo.accounts[0]).await;
    app.sign_in("avery.admin").await;
    let response = app.get("/admin/audit.csv?person=script&action=grant.add").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().get(6), Some("action"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2_345, "all batches, no row twice");
    let mut ids: Vec<i64> = records.iter().map(|record| record[0].parse().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 2_345);
    assert!(
        records
            .iter()
            .all(|record| &record[2] == "Script" && &record[6] == "grant.add")
    );
    assert!(
        records[0][8].starts_with("'=cmd|row"),
        "formulas are defused: {}",
        &records[0][8]
    );
}
