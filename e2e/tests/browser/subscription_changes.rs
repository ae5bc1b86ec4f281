//! The billing journey in a real browser, in demo mode: a billing agent selects two of a
//! customer's subscriptions, suspends them with a reason after reading the consequence, sees
//! them pending and then suspended without reloading, and reactivates one. A helpdesk agent's
//! forged suspend call from the same portal is refused with 403.

use anyhow::{Context, Result};
use e2e::shell::wait_for_hydration;
use e2e::{BrowserSession, Portal, sign_in};
use playwright_rs::{AriaRole, GetByRoleOptions, expect};
use sqlx::Connection;
use std::time::Duration;

struct Target {
    account: String,
    customer: String,
    subscriptions: [String; 2],
    tenant: String,
    /// The embedded simulator's address (its `/_sim/` API sets faults).
    sim: String,
}

/// A synced global customer with two active subscriptions that are not add-ons.
async fn target(portal: &Portal) -> Result<Target> {
    let server = std::env::var("DATABASE_URL")?;
    let (server, _) = server.rsplit_once('/').context("DATABASE_URL names a database")?;
    let mut db = sqlx::PgConnection::connect(&format!("{server}/{}", portal.database())).await?;
    for _ in 0..180 {
        let found: Option<(String, String, Vec<String>, String, String)> = sqlx::query_as(
            "SELECT a.id::text, s.customer_id::text, (array_agg(s.id::text ORDER BY s.id))[1:2],
                    a.tenant_id::text, a.api_base_url
             FROM subscriptions s JOIN partner_accounts a ON a.id = s.account_id
             WHERE a.cloud = 'global' AND s.status = 'active' AND s.parent_subscription_id IS NULL
             GROUP BY a.id, s.customer_id HAVING count(*) >= 2 ORDER BY a.name, s.customer_id LIMIT 1",
        )
        .fetch_optional(&mut db)
        .await?;
        if let Some((account, customer, ids, tenant, api)) = found {
            let sim = api.split('/').take(3).collect::<Vec<_>>().join("/");
            return Ok(Target {
                account,
                customer,
                subscriptions: [ids[0].clone(), ids[1].clone()],
                tenant,
                sim,
            });
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    anyhow::bail!("no customer with two active subscriptions was synced within 90 s")
}

/// Every Partner Center answer of the account takes `latency_ms`, so "pending" stays visible.
async fn slow_down(target: &Target, latency_ms: u64) -> Result<()> {
    let url = format!("{}/_sim/accounts/{}/faults", target.sim, target.tenant);
    let response = reqwest::Client::new()
        .patch(&url)
        .json(&serde_json::json!({ "latency_ms": latency_ms }))
        .send()
        .await?;
    anyhow::ensure!(response.status().is_success(), "{url}: {}", response.status());
    Ok(())
}

fn row(page: &playwright_rs::Page, id: &str) -> playwright_rs::Locator {
    page.locator(format!("tr[data-subscription='{id}']"))
}

#[tokio::test]
async fn billing_suspends_two_subscriptions_and_reactivates_one() -> Result<()> {
    let portal = Portal::start_demo(8).await?;
    let target = target(&portal).await?;
    slow_down(&target, 1_500).await?;
    let path = format!("/customers/{}/{}", target.account, target.customer);
    let [first, second] = &target.subscriptions;

    let session = BrowserSession::launch().await?;
    let page = &session.page;
    sign_in(&session, &portal, "Blake Billing", &path).await?;
    wait_for_hydration(page).await?;
    let button =
        |name: &str| page.get_by_role(AriaRole::Button, Some(GetByRoleOptions::default().name(name)));
    for id in [first, second] {
        row(page, id).locator("input[type=checkbox]").check(None).await?;
    }
    expect(page.get_by_text("2 selected", true))
        .to_be_visible()
        .await?;
    button("Suspend").click(None).await?;
    let dialog = page.get_by_role(AriaRole::Dialog, None);
    expect(dialog.clone())
        .to_contain_text("Suspend 2 subscriptions")
        .await?;
    // The reason is required: confirming without one says so, and sends nothing.
    button("Confirm: suspend 2 subscriptions").click(None).await?;
    expect(dialog.clone()).to_contain_text("Choose a reason").await?;
    page.get_by_role(
        AriaRole::Radio,
        Some(GetByRoleOptions::default().name("Non-payment")),
    )
    .check(None)
    .await?;
    session.screenshot("suspend-confirmation").await?;
    button("Confirm: suspend 2 subscriptions").click(None).await?;

    // Pending, then suspended, without a reload.
    for id in [first, second] {
        expect(row(page, id).locator("[data-command-state=pending]"))
            .with_timeout(Duration::from_secs(10))
            .to_be_visible()
            .await?;
    }
    session.screenshot("suspend-pending").await?;
    for id in [first, second] {
        expect(row(page, id))
            .with_timeout(Duration::from_secs(30))
            .to_have_attribute("data-status", "suspended")
            .await?;
        expect(row(page, id))
            .to_contain_text("Suspended by Blake Billing · Non-payment")
            .await?;
    }
    session.screenshot("suspended").await?;

    // Reactivate one.
    row(page, first)
        .locator("input[type=checkbox]")
        .check(None)
        .await?;
    button("Reactivate").click(None).await?;
    page.get_by_role(
        AriaRole::Radio,
        Some(GetByRoleOptions::default().name("Customer request")),
    )
    .check(None)
    .await?;
    button("Confirm: reactivate 1 subscription").click(None).await?;
    expect(row(page, first))
        .with_timeout(Duration::from_secs(30))
        .to_have_attribute("data-status", "active")
        .await?;
    expect(row(page, second))
        .to_have_attribute("data-status", "suspended")
        .await?;
    expect(page.locator(".recent-changes li[data-command-state=done]"))
        .to_have_count(3)
        .await?;
    session.assert_no_page_errors()?;
    session.close().await?;

    // A helpdesk agent has no control to suspend, and a forged call is refused.
    let session = BrowserSession::launch().await?;
    let page = &session.page;
    sign_in(&session, &portal, "Harper Helpdesk", &path).await?;
    wait_for_hydration(page).await?;
    expect(page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Suspend")),
    ))
    .to_have_count(0)
    .await?;
    let forged = format!(
        "(async () => (await fetch('/api/subscriptions/status', {{ method: 'POST', \
         headers: {{ 'content-type': 'application/x-www-form-urlencoded' }}, \
         body: 'account={}&customer={}&change=suspend&subscriptions[0]={second}&etags[0]=x&reason=fraud_or_misuse&reason_text=' \
         }})).status.toString())()",
        target.account, target.customer
    );
    let status = page.evaluate_value(&forged).await?;
    assert_eq!(status, "403", "a helpdesk agent cannot suspend");
    session.close().await?;
    portal.stop().await
}
