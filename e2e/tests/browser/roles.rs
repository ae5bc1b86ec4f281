//! Roles in a real browser, in demo mode (the simulator's groups grant the demo people their
//! roles): each person sees exactly the navigation of their role and the accounts it covers,
//! "Sync now" is offered to admins only and says why to everyone else, and an admin ends
//! another person's session, whose next page is the sign-in page.

use anyhow::Result;
use e2e::shell::{main_navigation, page_heading, wait_for_hydration};
use e2e::sign_in::wait_for_path;
use e2e::{BrowserSession, Portal, sign_in};
use playwright_rs::{AriaRole, FilterOptions, GetByRoleOptions, expect};

/// (name, navigation labels, accounts on the Sync page, may press "Sync now").
const PEOPLE: [(&str, &[&str], usize, bool); 5] = [
    (
        "Avery Admin",
        &["Dashboard", "Customers", "Onboarding", "Support", "Admin"],
        4,
        true,
    ),
    ("Blake Billing", &["Dashboard", "Customers"], 4, false),
    ("Sasha Sales", &["Dashboard", "Customers", "Onboarding"], 1, false),
    (
        "Harper Helpdesk",
        &["Dashboard", "Customers", "Support"],
        4,
        false,
    ),
    ("Val Viewer", &["Dashboard", "Customers"], 1, false),
];

#[tokio::test]
async fn each_demo_person_sees_the_navigation_and_actions_of_their_role() -> Result<()> {
    let portal = Portal::start_demo(3).await?;
    for (name, navigation, accounts, may_sync) in PEOPLE {
        let session = BrowserSession::launch().await?;
        let page = &session.page;
        sign_in(&session, &portal, name, "/admin/sync").await?;
        wait_for_hydration(page).await?;
        expect(page_heading(page)).to_have_text("Sync").await?;

        let links = main_navigation(page).get_by_role(AriaRole::Link, None);
        expect(links.clone()).to_have_count(navigation.len()).await?;
        for (index, label) in navigation.iter().enumerate() {
            expect(links.nth(index as i32)).to_have_text(label).await?;
        }

        let sections = page.locator("section.sync-account");
        expect(sections.clone()).to_have_count(accounts).await?;
        let sync_now = page.get_by_role(
            AriaRole::Button,
            Some(GetByRoleOptions::default().name("Sync now")),
        );
        if may_sync {
            expect(sync_now.first()).to_be_enabled().await?;
        } else {
            expect(sync_now.first()).to_be_disabled().await?;
            expect(sections.first())
                .to_contain_text("Needs the admin role on")
                .await?;
        }
        session
            .screenshot(&format!("roles-{}", name.to_lowercase().replace(' ', "-")))
            .await?;

        session.assert_no_page_errors()?;

        // The admin area, opened by its address, refuses with a clear page (a 403, which the
        // browser logs, so after the check for page errors).
        let status = session.open(&portal.url("/admin")).await?;
        if may_sync {
            assert_eq!(status, 200, "{name}");
            expect(page_heading(page)).to_have_text("Admin").await?;
        } else {
            assert_eq!(status, 403, "{name}");
            expect(page_heading(page)).to_have_text("Not allowed").await?;
            expect(page.locator("main"))
                .to_contain_text("an administrator grants them under Admin → Roles")
                .await?;
        }
        session.close().await?;
    }
    portal.stop().await
}

#[tokio::test]
async fn an_admin_ends_a_session_and_that_person_is_asked_to_sign_in_again() -> Result<()> {
    let portal = Portal::start_demo(2).await?;
    let helpdesk = BrowserSession::launch().await?;
    sign_in(&helpdesk, &portal, "Harper Helpdesk", "/customers").await?;

    let admin = BrowserSession::launch().await?;
    let page = &admin.page;
    sign_in(&admin, &portal, "Avery Admin", "/admin/sessions").await?;
    wait_for_hydration(page).await?;
    expect(page_heading(page)).to_have_text("Sessions").await?;
    let theirs = page
        .locator("tr[data-session-of]")
        .filter(FilterOptions::default().has_text("Harper Helpdesk"));
    expect(theirs.clone()).to_have_count(1).await?;
    theirs
        .get_by_role(
            AriaRole::Button,
            Some(GetByRoleOptions::default().name("End the session of Harper Helpdesk")),
        )
        .click(None)
        .await?;
    expect(
        page.get_by_role(AriaRole::Status, None)
            .filter(FilterOptions::default().has_text("Session ended")),
    )
    .to_be_visible()
    .await?;
    expect(theirs).to_have_count(0).await?;
    admin.screenshot("sessions-after-revoke").await?;

    // The roles page lists Harper's grant; the audit log has the ending, under its action.
    admin.open(&portal.url("/admin/grants")).await?;
    wait_for_hydration(page).await?;
    expect(page.locator(r#"tr[data-person^="harper.helpdesk"] li[data-grant="helpdesk:every account"]"#))
        .to_have_count(1)
        .await?;
    admin.screenshot("roles-page").await?;
    admin.open(&portal.url("/admin/audit?action=session")).await?;
    wait_for_hydration(page).await?;
    let rows = page.locator("tr[data-action]");
    expect(rows.clone()).to_have_count(1).await?;
    expect(rows.first())
        .to_contain_text("ended a session of Harper Helpdesk")
        .await?;
    admin.screenshot("audit-page").await?;

    // Harper's next page is the staff authority's sign-in page; signing in again works.
    helpdesk.open(&portal.url("/customers")).await?;
    expect(helpdesk.page.get_by_role(
        AriaRole::Heading,
        Some(GetByRoleOptions::default().name("Sign in to")),
    ))
    .to_be_visible()
    .await?;
    e2e::sign_in::pick_account(&helpdesk, "Harper Helpdesk").await?;
    wait_for_path(&helpdesk, "/customers").await?;

    admin.assert_no_page_errors()?;
    helpdesk.close().await?;
    admin.close().await?;
    portal.stop().await
}
