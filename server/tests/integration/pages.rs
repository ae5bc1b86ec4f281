//! Server-rendered pages: every area, the 404 page, the error boundary and its HTTP status.

use crate::support::{TestApp, insert_account, unreachable_pool};
use sqlx::PgPool;

const AREAS: [(&str, &str); 5] = [
    ("/", "Dashboard"),
    ("/customers", "Customers"),
    ("/onboarding", "Onboarding"),
    ("/support", "Support"),
    ("/admin", "Admin"),
];

#[sqlx::test(migrations = "../migrations")]
async fn every_area_renders_its_heading_and_the_no_accounts_state(pool: PgPool) {
    let mut app = TestApp::spawn(pool).await;
    app.sign_in("avery.admin").await;

    for (path, heading) in AREAS {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<h1>{heading}</h1>")),
            "{path} lacks its heading"
        );
        assert!(
            html.contains(&format!("<title>{heading} · Switchboard</title>")),
            "{path} title"
        );
        assert!(
            html.contains("No partner accounts connected yet"),
            "{path} lacks the empty state"
        );
        assert!(
            html.contains(r#"<nav aria-label="Main""#),
            "{path} lacks the navigation landmark"
        );
        assert!(
            html.contains(r#"<main id="main""#),
            "{path} lacks the main landmark"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn connected_accounts_replace_the_empty_state(pool: PgPool) {
    insert_account(&pool, "Contoso Global", "global").await;
    insert_account(&pool, "Contoso China", "china").await;
    let mut app = TestApp::spawn(pool).await;
    app.sign_in("avery.admin").await;

    let dashboard = app.get("/").await.text().await.unwrap();
    let admin = app.get("/admin").await.text().await.unwrap();

    assert!(dashboard.contains("2 partner accounts connected."));
    for html in [&dashboard, &admin] {
        assert!(!html.contains("No partner accounts connected yet"));
        assert!(html.contains("Contoso China") && html.contains("21Vianet (China)"));
        assert!(html.contains("Contoso Global"));
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_path_renders_the_not_found_page_with_status_404(pool: PgPool) {
    let mut app = TestApp::spawn(pool).await;
    app.sign_in("avery.admin").await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"));
    assert!(
        html.contains(r#"<nav aria-label="Main""#),
        "the 404 page keeps the navigation"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_data_load_renders_the_app_error_with_its_status(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    app.sign_in("avery.admin").await;
    break_the_account_list(&pool).await;

    for (path, _) in AREAS {
        let response = app.get(path).await;
        assert_eq!(response.status(), 500, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("Unexpected error"), "{path}");
        assert!(html.contains("Something went wrong on our side. The problem has been logged."));
        assert!(
            !html.contains("partner_accounts"),
            "database details must not reach the browser"
        );
    }
}

#[tokio::test]
async fn with_the_database_down_pages_answer_503_without_details() {
    let app = TestApp::spawn(unreachable_pool()).await;
    // A session id as a browser would send it; the store cannot be asked about it.
    let client = crate::support::client(Some("__Host-switchboard=AAAAAAAAAAAAAAAAAAAAAA"));

    for (path, _) in AREAS {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 503, "{path}: the session cannot be checked");
        let text = response.text().await.unwrap();
        assert!(text.contains("try again"), "{path}: {text}");
        assert!(
            !text.contains("127.0.0.1:9"),
            "connection details must not reach the browser"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_accounts_server_function_answers_json(pool: PgPool) {
    insert_account(&pool, "Fabrikam US Gov", "usgov").await;
    let mut app = TestApp::spawn(pool).await;
    app.sign_in("avery.admin").await;

    let response = app.post("/api/accounts/list").await;

    assert_eq!(response.status(), 200);
    let accounts: serde_json::Value = response.json().await.unwrap();
    assert_eq!(accounts[0]["name"], "Fabrikam US Gov");
    assert_eq!(accounts[0]["cloud"], "usgov");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_server_function_answers_its_app_error_as_json(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    app.sign_in("avery.admin").await;
    break_the_account_list(&pool).await;

    let response = app.post("/api/accounts/list").await;

    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert_eq!(body, r#""Internal""#);
}

/// Makes every read of the account list fail (sessions keep working).
async fn break_the_account_list(pool: &PgPool) {
    sqlx::query("ALTER TABLE partner_accounts RENAME TO partner_accounts_gone")
        .execute(pool)
        .await
        .unwrap();
}
