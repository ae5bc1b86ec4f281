//! The helpdesk journey in a real browser, in demo mode: a helpdesk agent types a fragment of
//! a customer's domain into the header's search box, moves to the result with the keyboard,
//! opens it, and sees the customer's subscriptions, with no control to suspend them.

use anyhow::{Context, Result};
use e2e::shell::{page_heading, wait_for_hydration};
use e2e::sign_in::wait_for_path;
use e2e::{BrowserSession, Portal, sign_in};
use playwright_rs::{AriaRole, GetByRoleOptions, expect};
use sqlx::Connection;
use std::time::Duration;

/// A synced customer with subscriptions and a domain of its own: (account, id, name, domain,
/// subscription count).
async fn synced_customer(portal: &Portal) -> Result<(String, String, String, String, i64)> {
    let server = std::env::var("DATABASE_URL")?;
    let (server, _) = server.rsplit_once('/').context("DATABASE_URL names a database")?;
    let mut db = sqlx::PgConnection::connect(&format!("{server}/{}", portal.database())).await?;
    for _ in 0..180 {
        let found: Option<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT c.account_id::text, c.id::text, c.company_name, c.domain,
                    (SELECT count(*) FROM subscriptions s WHERE s.account_id = c.account_id AND s.customer_id = c.id)
             FROM customers c JOIN partner_accounts a ON a.id = c.account_id
             WHERE a.cloud = 'global' AND c.subscriptions_synced_at IS NOT NULL
               AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = c.account_id AND s.customer_id = c.id)
             ORDER BY c.company_name LIMIT 1",
        )
        .fetch_optional(&mut db)
        .await?;
        if let Some(found) = found {
            return Ok(found);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    anyhow::bail!("no customer with subscriptions was synced within 90 s")
}

#[tokio::test]
async fn helpdesk_finds_a_customer_by_a_domain_fragment_and_opens_it() -> Result<()> {
    let portal = Portal::start_demo(8).await?;
    let (account, customer, name, domain, subscriptions) = synced_customer(&portal).await?;
    // The middle of the domain's first label: neither its start nor the company name.
    let label = domain.split('.').next().unwrap_or_default();
    let fragment: String = label.chars().skip(2).take(5).collect();

    let session = BrowserSession::launch().await?;
    let page = &session.page;
    sign_in(&session, &portal, "Harper Helpdesk", "/").await?;
    wait_for_hydration(page).await?;
    let search = page.get_by_role(
        AriaRole::Combobox,
        Some(GetByRoleOptions::default().name("Search customers")),
    );
    search.press_sequentially(&fragment, None).await?;
    let result = page
        .get_by_role(AriaRole::Option, None)
        .filter(playwright_rs::FilterOptions::default().has_text(&name));
    expect(result.clone())
        .with_timeout(Duration::from_secs(10))
        .to_be_visible()
        .await?;
    expect(result.clone())
        .to_contain_text("Adatum Distribution · Global")
        .await?;
    expect(result.clone()).to_contain_text("synced").await?;
    session.screenshot("customer-search-results").await?;

    // Down to the customer (it may not be first: other domains can hold the same letters).
    let options = page.get_by_role(AriaRole::Option, None).all().await?;
    let mut position = None;
    for (index, option) in options.iter().enumerate() {
        if option.inner_text().await?.contains(&name) {
            position = Some(index);
            break;
        }
    }
    for _ in 0..=position.context("the customer is listed")? {
        search.press("ArrowDown", None).await?;
    }
    expect(result.clone())
        .to_have_attribute("aria-selected", "true")
        .await?;
    search.press("Enter", None).await?;
    wait_for_path(&session, &format!("/customers/{account}/{customer}")).await?;
    expect(page_heading(page)).to_have_text(&name).await?;
    expect(page.locator("tr[data-subscription]"))
        .to_have_count(subscriptions as usize)
        .await?;
    expect(page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Suspend")),
    ))
    .to_have_count(0)
    .await?;
    session.screenshot("customer-page-helpdesk").await?;
    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}
