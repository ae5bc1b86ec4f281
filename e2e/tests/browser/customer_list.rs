//! The customers list in a real browser, in demo mode (4 accounts × 30 customers): a helpdesk
//! agent pages through all 120, filters to the 21Vianet account, sorts by name the other way,
//! and downloads exactly the filtered rows as CSV.

use anyhow::{Context, Result};
use e2e::shell::{page_heading, wait_for_hydration};
use e2e::{BrowserSession, Portal, sign_in};
use playwright_rs::{AriaRole, GetByRoleOptions, expect};
use sqlx::Connection;
use std::time::Duration;

const PER_ACCOUNT: usize = 30;

/// Waits until every demo customer is cached; returns the 21Vianet customers' names, Z to A.
async fn synced_china_names(portal: &Portal) -> Result<Vec<String>> {
    let server = std::env::var("DATABASE_URL")?;
    let (server, _) = server.rsplit_once('/').context("DATABASE_URL names a database")?;
    let mut db = sqlx::PgConnection::connect(&format!("{server}/{}", portal.database())).await?;
    for _ in 0..180 {
        let cached: i64 = sqlx::query_scalar("SELECT count(*) FROM customers")
            .fetch_one(&mut db)
            .await?;
        if cached == 4 * PER_ACCOUNT as i64 {
            return Ok(sqlx::query_scalar(
                "SELECT c.company_name FROM customers c JOIN partner_accounts a ON a.id = c.account_id
                 WHERE a.cloud = 'china' ORDER BY lower(c.company_name) COLLATE \"C\" DESC",
            )
            .fetch_all(&mut db)
            .await?);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    anyhow::bail!("the demo customers were not all synced within 90 s")
}

#[tokio::test]
async fn helpdesk_pages_filters_sorts_and_exports_the_customers() -> Result<()> {
    let portal = Portal::start_demo(PER_ACCOUNT).await?;
    let china = synced_china_names(&portal).await?;
    let session = BrowserSession::launch().await?;
    let page = &session.page;
    sign_in(&session, &portal, "Harper Helpdesk", "/customers").await?;
    wait_for_hydration(page).await?;
    expect(page_heading(page)).to_have_text("Customers").await?;

    // Every customer, 50 a page.
    let count = page.locator(".list-count");
    let rows = page.locator("table.customer-list tbody tr");
    expect(count.clone()).to_have_text("120 customers").await?;
    expect(rows.clone()).to_have_count(50).await?;
    let link =
        |name: &'static str| page.get_by_role(AriaRole::Link, Some(GetByRoleOptions::default().name(name)));
    link("Next page →").click(None).await?;
    expect(rows.clone()).to_have_count(50).await?;
    link("Next page →").click(None).await?;
    expect(rows.clone()).to_have_count(20).await?;
    expect(link("Next page →")).to_have_count(0).await?;
    expect(count.clone()).to_have_text("120 customers").await?;
    session.screenshot("customer-list-last-page").await?;

    // The 21Vianet account's customers only.
    link("← First page").click(None).await?;
    page.locator("select[name=cloud]")
        .select_option("china", None)
        .await?;
    page.get_by_role(AriaRole::Button, Some(GetByRoleOptions::default().name("Filter")))
        .click(None)
        .await?;
    expect(count.clone())
        .with_timeout(Duration::from_secs(10))
        .to_have_text(&format!("{} customers", china.len()))
        .await?;
    expect(rows.clone()).to_have_count(china.len()).await?;
    expect(
        page.locator("table.customer-list tbody tr td:nth-child(2)")
            .filter(playwright_rs::FilterOptions::default().has_not_text("21Vianet (China)")),
    )
    .to_have_count(0)
    .await?;

    // Sorted by name the other way: the heading says so, and Z comes first.
    let name_heading = page.locator("table.customer-list thead th").first();
    expect(name_heading.clone())
        .to_have_attribute("aria-sort", "ascending")
        .await?;
    name_heading.locator("a").click(None).await?;
    expect(name_heading.clone())
        .to_have_attribute("aria-sort", "descending")
        .await?;
    expect(rows.first().locator("td").first())
        .to_contain_text(&china[0])
        .await?;
    let url = page.url();
    assert!(
        url.contains("cloud=china") && url.contains("order=desc"),
        "the view is a link: {url}"
    );
    session.screenshot("customer-list-china-by-name-desc").await?;

    // The CSV holds exactly these rows, in this order.
    let href = link("Download CSV")
        .get_attribute("href")
        .await?
        .context("a CSV link")?;
    assert!(
        href.contains("cloud=china") && href.contains("order=desc"),
        "{href}"
    );
    let text = page
        .evaluate_value(&format!("(async () => await (await fetch('{href}')).text())()"))
        .await?;
    let mut csv = csv::Reader::from_reader(text.as_bytes());
    let names: Vec<String> = csv
        .records()
        .map(|record| record.map(|record| record[4].to_owned()))
        .collect::<Result<_, _>>()?;
    assert_eq!(
        names, china,
        "the CSV lists the filtered customers in the list's order"
    );
    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}
