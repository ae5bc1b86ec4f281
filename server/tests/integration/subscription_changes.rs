//! Suspend, reactivate and rename through the server functions, in demo mode: the command is
//! stored, the worker sends it to the embedded simulator, and the cache, the page's activity
//! and the audit follow. A double-click acts once and the second click is told why; a stale
//! ETag, an already-suspended subscription and a nickname on a suspended one are refused with
//! nothing sent; a helpdesk agent's forged call is refused and audited.

use crate::support::TestApp;
use crate::support::commands::sim_subscription;
use crate::support::sync::{wait_for, wait_until_complete};
use serde_json::Value;
use server::config::DemoMode;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(60);

struct Target {
    account: Uuid,
    customer: Uuid,
    /// Two active subscriptions that are not add-ons.
    subscriptions: [Uuid; 2],
    sim_index: usize,
}

async fn demo_app(pool: PgPool) -> TestApp {
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let app = TestApp::spawn_with(pool.clone(), |settings| {
        settings.demo.mode = DemoMode::Auto;
        settings.demo.customers_per_account = 6;
        settings.sync.tick_seconds = 1;
    })
    .await;
    wait_until_complete(&pool, since, WAIT).await;
    app
}

async fn target(pool: &PgPool, app: &TestApp) -> Target {
    let (account, customer, tenant): (Uuid, Uuid, Uuid) = sqlx::query_as(
        "SELECT a.id, s.customer_id, a.tenant_id FROM subscriptions s JOIN partner_accounts a ON a.id = s.account_id
         WHERE a.cloud = 'global' AND s.status = 'active' AND s.parent_subscription_id IS NULL
         GROUP BY a.id, s.customer_id HAVING count(*) >= 2 ORDER BY a.name, s.customer_id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .expect("a customer with two active subscriptions");
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE account_id = $1 AND customer_id = $2 AND status = 'active'
           AND parent_subscription_id IS NULL ORDER BY id LIMIT 2",
    )
    .bind(account)
    .bind(customer)
    .fetch_all(pool)
    .await
    .unwrap();
    let sim = app.demo.as_ref().unwrap().simulator();
    let sim_index = sim
        .accounts
        .iter()
        .position(|a| a.info.tenant_id == tenant)
        .unwrap();
    Target {
        account,
        customer,
        subscriptions: [ids[0], ids[1]],
        sim_index,
    }
}

async fn etag(pool: &PgPool, account: Uuid, subscription: Uuid) -> String {
    sqlx::query_scalar("SELECT etag FROM subscriptions WHERE account_id = $1 AND id = $2")
        .bind(account)
        .bind(subscription)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The form `change_subscription_status` reads.
fn status_form(target: &Target, change: &str, chosen: &[(Uuid, String)], reason: &str) -> String {
    let mut form = format!(
        "account={}&customer={}&change={change}&reason={reason}&reason_text=",
        target.account, target.customer
    );
    for (index, (id, etag)) in chosen.iter().enumerate() {
        form.push_str(&format!(
            "&subscriptions[{index}]={id}&etags[{index}]={}",
            encode(etag)
        ));
    }
    form
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: String) -> (u16, String) {
    let response = client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn wait_idle(pool: &PgPool) {
    wait_for(
        pool,
        "NOT EXISTS (SELECT 1 FROM subscription_commands WHERE state IN ('pending', 'sending'))",
        WAIT,
    )
    .await;
}

#[sqlx::test(migrations = "../migrations")]
async fn billing_suspends_two_at_once_and_reactivates_one_through_partner_center(pool: PgPool) {
    let mut app = demo_app(pool.clone()).await;
    let target = target(&pool, &app).await;
    let sim = app.demo.as_ref().unwrap().simulator().clone();
    let version = |id: Uuid| sim_subscription(&sim, target.sim_index, target.customer, id);
    let before = target.subscriptions.map(version);
    app.sign_in("blake.billing").await;
    let mut chosen = Vec::new();
    for id in target.subscriptions {
        chosen.push((id, etag(&pool, target.account, id).await));
    }

    // A double-click: two identical requests at once. One is stored; the other is told why.
    let form = status_form(&target, "suspend", &chosen, "non_payment");
    let (first, second) = tokio::join!(
        post(&app.client, &app, "/api/subscriptions/status", form.clone()),
        post(&app.client, &app, "/api/subscriptions/status", form.clone()),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{first:?} {second:?}");
    let refused = if first.0 == 409 { &first.1 } else { &second.1 };
    assert!(refused.contains("Blake Billing asked"), "{refused}");
    wait_idle(&pool).await;
    for (index, id) in target.subscriptions.into_iter().enumerate() {
        let now = version(id);
        assert_eq!(now.status, "suspended");
        assert_eq!(
            now.version,
            before[index].version + 1,
            "one change in Partner Center"
        );
    }

    // The page's activity: both suspended, by whom and why; the commands done.
    let activity_form = format!("account={}&customer={}", target.account, target.customer);
    let (status, body) = post(
        &app.client,
        &app,
        "/api/subscriptions/activity",
        activity_form.clone(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let activity: Value = serde_json::from_str(&body).unwrap();
    for id in target.subscriptions {
        let row = activity["subscriptions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["id"] == id.to_string())
            .unwrap();
        assert_eq!(row["status"], "suspended");
        assert_eq!(row["suspension"]["by"], "Blake Billing");
        assert_eq!(row["suspension"]["reason"], "Non-payment");
    }
    let commands = activity["commands"].as_array().unwrap();
    assert_eq!(commands.len(), 2);
    assert!(
        commands.iter().all(|command| command["state"] == "done"),
        "{commands:?}"
    );

    // The page's old ETag is refused, and so is suspending again; nothing is stored or sent.
    let stale = status_form(&target, "reactivate", &chosen[..1], "customer_request");
    let (status, body) = post(&app.client, &app, "/api/subscriptions/status", stale).await;
    assert_eq!(status, 409);
    assert!(body.contains("changed since the page was loaded"), "{body}");
    let mut current = Vec::new();
    for id in target.subscriptions {
        current.push((id, etag(&pool, target.account, id).await));
    }
    let again = status_form(&target, "suspend", &current, "non_payment");
    let (status, body) = post(&app.client, &app, "/api/subscriptions/status", again).await;
    assert_eq!(status, 409);
    assert!(body.contains("Already suspended"), "{body}");
    // No nickname for a suspended subscription (Partner Center 800091).
    let rename = format!(
        "account={}&customer={}&subscription={}&etag={}&nickname=Main",
        target.account,
        target.customer,
        current[0].0,
        encode(&current[0].1)
    );
    let (status, body) = post(&app.client, &app, "/api/subscriptions/rename", rename).await;
    assert_eq!(status, 409);
    assert!(body.contains("nickname cannot be changed"), "{body}");

    // Reactivate one, then rename it.
    let reactivate = status_form(&target, "reactivate", &current[..1], "customer_request");
    assert_eq!(
        post(&app.client, &app, "/api/subscriptions/status", reactivate)
            .await
            .0,
        200
    );
    wait_idle(&pool).await;
    assert_eq!(version(current[0].0).status, "active");
    assert_eq!(version(current[1].0).status, "suspended");
    let renamed_etag = etag(&pool, target.account, current[0].0).await;
    let rename = format!(
        "account={}&customer={}&subscription={}&etag={}&nickname=++Head+office++",
        target.account,
        target.customer,
        current[0].0,
        encode(&renamed_etag)
    );
    let (status, body) = post(&app.client, &app, "/api/subscriptions/rename", rename).await;
    assert_eq!(status, 200, "{body}");
    wait_idle(&pool).await;
    assert_eq!(version(current[0].0).nickname.as_deref(), Some("Head office"));
    let cached: Option<String> =
        sqlx::query_scalar("SELECT friendly_name FROM subscriptions WHERE account_id = $1 AND id = $2")
            .bind(target.account)
            .bind(current[0].0)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(cached.as_deref(), Some("Head office"));

    // Every step is audited, in Blake's name, with the reason.
    let steps: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT action, outcome, reason FROM audit_log WHERE action LIKE 'subscription.%' AND staff_name = 'Blake Billing'
         ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let count =
        |action: &str, outcome: &str| steps.iter().filter(|s| s.0 == action && s.1 == outcome).count();
    assert_eq!(count("subscription.suspend", "pending"), 2, "{steps:?}");
    assert_eq!(count("subscription.suspend", "succeeded"), 2, "{steps:?}");
    assert_eq!(count("subscription.reactivate", "pending"), 1, "{steps:?}");
    assert_eq!(count("subscription.reactivate", "succeeded"), 1, "{steps:?}");
    assert_eq!(count("subscription.rename", "succeeded"), 1, "{steps:?}");
    assert!(
        steps
            .iter()
            .filter(|s| s.0 == "subscription.suspend")
            .all(|s| s.2.as_deref() == Some("Non-payment"))
    );

    // A helpdesk agent's forged call is refused and audited; nothing is stored.
    app.sign_in("harper.helpdesk").await;
    let forged = status_form(&target, "reactivate", &current[1..], "customer_request");
    assert_eq!(
        post(&app.client, &app, "/api/subscriptions/status", forged)
            .await
            .0,
        403
    );
    let denied: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.denied' AND staff_name = 'Harper Helpdesk'
           AND detail LIKE '/api/subscriptions/status%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(denied, 1);
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM subscription_commands")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 4, "two suspends, one reactivation, one nickname");
}
