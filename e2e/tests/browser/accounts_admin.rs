//! The partner accounts admin in a real browser, in demo mode: an admin sees every account
//! with where it is defined, tests one's connection (a token and a page of customers from
//! the simulator), and connects App+User access through the consent page of the account's
//! own tenant, coming back to the page with the account marked connected.

use anyhow::Result;
use e2e::shell::{page_heading, wait_for_hydration};
use e2e::sign_in::{pick_account, wait_for_path};
use e2e::{BrowserSession, Portal, sign_in};
use playwright_rs::{AriaRole, FilterOptions, GetByRoleOptions, expect};

#[tokio::test]
async fn an_admin_tests_and_connects_a_partner_account() -> Result<()> {
    let portal = Portal::start_demo(2).await?;
    let session = BrowserSession::launch().await?;
    let page = &session.page;
    sign_in(&session, &portal, "Avery Admin", "/admin/accounts").await?;
    wait_for_hydration(page).await?;
    expect(page_heading(page))
        .to_have_text("Partner accounts")
        .await?;
    let rows = page.locator("tr[data-account]");
    expect(rows.clone()).to_have_count(4).await?;
    expect(rows.first()).to_contain_text("Demo (simulator)").await?;
    expect(page.locator("main"))
        .to_contain_text("Demo mode: secrets entered here are sealed")
        .await?;

    page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Test the connection of Adatum Distribution")),
    )
    .click(None)
    .await?;
    let works = page
        .get_by_role(AriaRole::Status, None)
        .filter(FilterOptions::default().has_text("Connection works"));
    expect(works.clone()).to_be_visible().await?;
    expect(works).to_contain_text("customers read").await?;
    session.screenshot("accounts-admin-tested").await?;

    page.get_by_role(
        AriaRole::Link,
        Some(GetByRoleOptions::default().name("Connect App+User access for Adatum Distribution")),
    )
    .click(None)
    .await?;
    pick_account(&session, "Avery Admin").await?;
    wait_for_path(&session, "/admin/accounts?connected=Adatum+Distribution").await?;
    wait_for_hydration(page).await?;
    expect(
        page.get_by_role(AriaRole::Status, None)
            .filter(FilterOptions::default().has_text("App+User access to Adatum Distribution is connected")),
    )
    .to_be_visible()
    .await?;
    let connected = page.locator(r#"tr[data-account="Adatum Distribution"]"#);
    expect(connected).to_contain_text("by Avery Admin").await?;
    session.screenshot("accounts-admin-connected").await?;
    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}
