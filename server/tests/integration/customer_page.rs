//! The customer page (`/customers/{account}/{customer}`) and the tenant deep link (`/t/{id}`):
//! what the page shows from the cache, 404 for malformed or unknown ids, 403 without a role on
//! the account, and a tenant served by several accounts offering the choice.

use crate::support::TestApp;
use crate::support::customers::{Customer, id};
use crate::support::roles::{Call, Demo, Needs};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

const CONTOSO: Uuid = id(0xC0);
/// A tenant that is a customer of both accounts.
const SHARED: Uuid = id(0x5A);

async fn customers(pool: &PgPool, demo: &Demo) {
    let (first, second) = (demo.accounts[0], demo.accounts[1]);
    Customer {
        account: first,
        id: CONTOSO,
        name: "Contoso Ltd",
        domain: "contosoltd.onmicrosoft.com",
        other_domains: &["contoso.com"],
        reseller: None,
        subscriptions: &[(id(0xC1), "active", None), (id(0xC2), "suspended", None)],
    }
    .insert(pool)
    .await;
    for account in [first, second] {
        Customer {
            account,
            id: SHARED,
            name: "Fabrikam Shared",
            domain: "fabrikam.onmicrosoft.com",
            other_domains: &[],
            reseller: None,
            subscriptions: &[],
        }
        .insert(pool)
        .await;
    }
    // Two days of spend on the suspended subscription, an order, and an audit entry.
    sqlx::query(
        "INSERT INTO daily_spend (account_id, customer_id, subscription_id, day, amount, currency, synced_at)
         VALUES ($1, $2, $3, (now() AT TIME ZONE 'UTC')::date, 12.5, 'EUR', now()),
                ($1, $2, $3, (now() AT TIME ZONE 'UTC')::date - 40, 99, 'EUR', now())",
    )
    .bind(first)
    .bind(CONTOSO)
    .bind(id(0xC2))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO orders (account_id, customer_id, id, status, billing_cycle, created_on, synced_at)
         VALUES ($1, $2, 'order-778', 'completed', 'monthly', now() - interval '2 days', now())",
    )
    .bind(first)
    .bind(CONTOSO)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO customer_users (account_id, customer_id, id, user_principal_name, display_name, usage_location,
                                     user_domain_type, synced_at)
         VALUES ($1, $2, $3, 'megan@contoso.com', 'Megan Bowen', 'GB', 'managed', now())",
    )
    .bind(first)
    .bind(CONTOSO)
    .bind(id(0xE1))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("UPDATE customers SET users_synced_at = now() WHERE id = $1")
        .bind(CONTOSO)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO audit_log (staff_name, account_id, customer_id, action, outcome, detail)
         VALUES ('Blake Billing', $1, $2, 'subscription.suspend', 'succeeded', 'Azure plan suspended')",
    )
    .bind(first)
    .bind(CONTOSO)
    .execute(pool)
    .await
    .unwrap();
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// A GET as a browser's navigation sends it (Leptos answers a redirect with 302 only to those).
async fn navigate(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_page_shows_the_cached_customer(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("harper.helpdesk").await;

    let path = format!("/customers/{}/{CONTOSO}", demo.accounts[0]);
    let (status, html) = page(&app, &path).await;
    assert_eq!(status, 200);
    for expected in [
        "Contoso Ltd",
        "contoso.com",
        "contosoltd.onmicrosoft.com",
        &id(0xC1).to_string(),
        &id(0xC2).to_string(),
        "Subscriptions (2)",
        "Users (1)",
        "megan@contoso.com",
        "Megan Bowen",
        "order-778",
        "subscription.suspend",
        "Blake Billing",
        "12.50 EUR",
        &format!("https://partner.microsoft.com/dashboard/commerce2/customers/{CONTOSO}/account"),
    ] {
        assert!(html.contains(expected), "{expected} on the page");
    }

    // The same through the server function: 30 days of spend, the old day outside them.
    let body = format!("account={}&customer={CONTOSO}", demo.accounts[0]);
    let (status, body) = Call::new("/api/customers/view", body, Needs::Nothing)
        .send(&app)
        .await;
    assert_eq!(status, 200, "{body}");
    let view: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["spend"]["daily"].as_array().unwrap().len(), 30);
    assert_eq!(view["spend"]["last_30_days"], 12.5);
    assert_eq!(view["spend"]["currency"], "EUR");
    assert_eq!(
        view["domains"],
        serde_json::json!(["contosoltd.onmicrosoft.com", "contoso.com"])
    );
    assert_eq!(view["users"][0]["usage_location"], "GB");
    assert!(
        view["freshness"]["users"]["utc"].is_string(),
        "the users' freshness"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn malformed_or_unknown_ids_are_404_and_other_accounts_403(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("sasha.sales").await; // a role on the first account only

    let first = demo.accounts[0];
    for path in [
        "/customers/not-an-id/also-not".to_owned(),
        format!("/customers/{first}/{}", id(0xDEAD)),
        format!("/customers/{first}/{CONTOSO}x"),
        "/t/12345".to_owned(),
        format!("/t/{}", id(0xDEAD)),
    ] {
        let (status, html) = page(&app, &path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("We could not find that page or record."), "{path}");
    }
    let (status, _) = page(&app, &format!("/customers/{}/{SHARED}", demo.accounts[1])).await;
    assert_eq!(status, 403);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_tenant_link_opens_its_customer_or_offers_the_accounts(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("harper.helpdesk").await;

    let response = navigate(&app, &format!("/t/{CONTOSO}")).await;
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(
        crate::support::login::location(&response),
        format!("/customers/{}/{CONTOSO}", demo.accounts[0])
    );
    let (status, html) = page(&app, &format!("/t/{SHARED}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Which account?"));
    for account in &demo.accounts {
        assert!(html.contains(&format!("/customers/{account}/{SHARED}")));
    }
    // Someone who sees only one of the accounts goes straight to it.
    app.sign_in("val.viewer").await;
    let response = navigate(&app, &format!("/t/{SHARED}")).await;
    assert_eq!(
        crate::support::login::location(&response),
        format!("/customers/{}/{SHARED}", demo.accounts[1])
    );
}
