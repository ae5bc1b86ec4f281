//! Staff sign-in in a real browser: a page asked for without a session leads to the staff
//! authority's sign-in page and, once signed in, back to that page with the person's name in
//! the header; "Sign out" ends the session here and at the authority.

use anyhow::Result;
use e2e::shell::{page_heading, wait_for_hydration};
use e2e::sign_in::{pick_account, wait_for_path};
use e2e::{BrowserSession, Portal};
use playwright_rs::{AriaRole, GetByRoleOptions, expect};

fn sign_in_heading(page: &playwright_rs::Page) -> playwright_rs::Locator {
    page.get_by_role(
        AriaRole::Heading,
        Some(GetByRoleOptions::default().name("Sign in to")),
    )
}

#[tokio::test]
async fn signing_in_returns_to_the_page_asked_for_and_signing_out_ends_the_session() -> Result<()> {
    let portal = Portal::start().await?;
    let session = BrowserSession::launch().await?;
    let page = &session.page;

    session.open(&portal.url("/admin/sync")).await?;
    expect(sign_in_heading(page)).to_be_visible().await?;
    assert!(
        !page.url().starts_with(portal.base_url()),
        "the sign-in page is the authority's, not the portal's: {}",
        page.url()
    );
    pick_account(&session, "Harper Helpdesk").await?;
    wait_for_path(&session, "/admin/sync").await?;
    wait_for_hydration(page).await?;
    expect(page_heading(page)).to_have_text("Sync").await?;
    expect(page.locator(".staff-name"))
        .to_have_text("Harper Helpdesk")
        .await?;
    session.screenshot("signed-in").await?;

    page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Sign out")),
    )
    .click(None)
    .await?;
    // Signed out at the authority too, the browser is offered its sign-in page again.
    expect(sign_in_heading(page)).to_be_visible().await?;
    session.open(&portal.url("/customers")).await?;
    expect(sign_in_heading(page)).to_be_visible().await?;

    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}
