//! Demo mode in a real browser: the portal starts with the simulator embedded, syncs its four
//! accounts while the Sync page watches (it refreshes itself, no reload), the header shows a
//! health light per account, and "Sync now" queues a new run.

use anyhow::Result;
use e2e::shell::{page_heading, wait_for_hydration};
use e2e::{BrowserSession, Portal, sign_in};
use playwright_rs::{AriaRole, FilterOptions, GetByRoleOptions, expect};
use std::time::Duration;

const SYNC_WAIT: Duration = Duration::from_secs(90);

#[tokio::test]
async fn demo_mode_syncs_four_accounts_while_the_sync_page_watches() -> Result<()> {
    let portal = Portal::start_demo(25).await?;
    let session = BrowserSession::launch().await?;
    sign_in(&session, &portal, "Avery Admin", "/").await?;
    let page = &session.page;

    assert_eq!(session.open(&portal.url("/admin/sync")).await?, 200);
    wait_for_hydration(page).await?;
    expect(page_heading(page)).to_have_text("Sync").await?;
    let accounts = page.locator("section.sync-account");
    expect(accounts.clone()).to_have_count(4).await?;

    // Every dataset of every account completes (21Vianet has no budgets or spend: 34 rows),
    // and the page shows it without being reloaded.
    expect(page.locator(r#"tr[data-dataset] [data-state="succeeded"]"#))
        .with_timeout(SYNC_WAIT)
        .to_have_count(9 * 3 + 7)
        .await?;
    for count in page.locator(r#"dd[data-count="customers"]"#).all().await? {
        expect(count).to_have_text("25").await?;
    }
    session.screenshot("sync-page-demo").await?;

    // One light per account in the header, each named for screen readers.
    let lights = page.locator(".health-lights .health-light");
    expect(lights.clone())
        .with_timeout(Duration::from_secs(20))
        .to_have_count(4)
        .await?;
    expect(page.locator(r#".health-lights [data-health="ok"]"#))
        .with_timeout(Duration::from_secs(20))
        .to_have_count(4)
        .await?;
    expect(lights.first()).to_contain_text("Working").await?;

    // "Sync now" on the global account: the request is acknowledged, and its customers are
    // read again (the last success changes without a reload).
    let first = accounts.filter(FilterOptions::default().has_text("Adatum Distribution"));
    let last_success = first.locator(r#"tr[data-dataset="customers"] td:nth-of-type(3) time"#);
    let before = last_success
        .get_attribute("datetime")
        .await?
        .expect("a completed dataset has a last success");
    first
        .get_by_role(
            AriaRole::Button,
            Some(GetByRoleOptions::default().name("Sync now")),
        )
        .click(None)
        .await?;
    expect(
        page.get_by_role(AriaRole::Status, None)
            .filter(FilterOptions::default().has_text("Sync requested for 9 datasets")),
    )
    .to_be_visible()
    .await?;
    expect(last_success)
        .with_timeout(SYNC_WAIT)
        .not()
        .to_have_attribute("datetime", &before)
        .await?;

    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}
