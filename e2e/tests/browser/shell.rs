//! The app shell in a real browser against the real portal: navigation, 404, hydration, themes,
//! keyboard use, pages without JavaScript, narrow screens. Screenshots go to target/e2e-screenshots.

use anyhow::Result;
use e2e::browser::PageSetup;
use e2e::shell::{
    AREAS, NO_ACCOUNTS, body_background, current_path, expect_focused, html_theme, navigation_link,
    page_heading, theme_toggle, wait_for_hydration,
};
use e2e::{BrowserSession, Portal, sign_in};
use playwright_rs::{AriaRole, GetByRoleOptions, Viewport, expect, expect_page};

#[tokio::test]
async fn every_area_loads_directly_and_through_its_navigation_link() -> Result<()> {
    let portal = Portal::start().await?;
    let session = BrowserSession::launch().await?;
    sign_in(&session, &portal, "Avery Admin", "/").await?;
    let page = &session.page;

    for (_, path, heading) in AREAS {
        assert_eq!(session.open(&portal.url(path)).await?, 200, "{path}");
        expect(page_heading(page)).to_have_text(heading).await?;
    }

    session.open(&portal.url("/")).await?;
    wait_for_hydration(page).await?;
    for (label, path, heading) in AREAS {
        navigation_link(page, label).click(None).await?;
        expect(page_heading(page)).to_have_text(heading).await?;
        expect_page(page)
            .to_have_title(&format!("{heading} · Switchboard"))
            .await?;
        assert_eq!(current_path(page), path);
        expect(navigation_link(page, label))
            .to_have_attribute("aria-current", "page")
            .await?;
        expect(page.get_by_text(NO_ACCOUNTS, true))
            .to_be_visible()
            .await?;
        session
            .screenshot(&format!("area-{}", label.to_lowercase()))
            .await?;
    }

    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}

#[tokio::test]
async fn an_unknown_address_shows_the_not_found_page_with_status_404() -> Result<()> {
    let portal = Portal::start().await?;
    let session = BrowserSession::launch().await?;
    sign_in(&session, &portal, "Avery Admin", "/").await?;
    let page = &session.page;

    let status = session.open(&portal.url("/customers/no-such-customer")).await?;

    assert_eq!(status, 404);
    expect(page_heading(page)).to_have_text("Page not found").await?;
    wait_for_hydration(page).await?;
    page.get_by_role(
        AriaRole::Link,
        Some(GetByRoleOptions::default().name("Back to the dashboard")),
    )
    .click(None)
    .await?;
    expect(page_heading(page)).to_have_text("Dashboard").await?;
    session.open(&portal.url("/customers/no-such-customer")).await?;
    session.screenshot("not-found").await?;
    // Chromium logs the 404 document itself as a console error, so only uncaught errors count.
    assert!(page.page_errors().is_empty(), "{:?}", page.page_errors());
    session.close().await?;
    portal.stop().await
}

#[tokio::test]
async fn the_theme_button_needs_hydration_cycles_themes_and_is_remembered() -> Result<()> {
    let portal = Portal::start().await?;

    let without_wasm = BrowserSession::launch_with(PageSetup {
        javascript: false,
        ..PageSetup::default()
    })
    .await?;
    sign_in(&without_wasm, &portal, "Avery Admin", "/").await?;
    without_wasm.open(&portal.url("/")).await?;
    expect(theme_toggle(&without_wasm.page)).to_be_disabled().await?;
    without_wasm.close().await?;

    let session = BrowserSession::launch().await?;
    sign_in(&session, &portal, "Avery Admin", "/").await?;
    let page = &session.page;
    session.open(&portal.url("/")).await?;
    wait_for_hydration(page).await?;
    let light_background = body_background(page).await?;
    assert_eq!(html_theme(page).await?, "");
    expect(theme_toggle(page)).to_have_text("System").await?;

    theme_toggle(page).click(None).await?;
    expect(theme_toggle(page)).to_have_text("Light").await?;
    assert_eq!(html_theme(page).await?, "light");
    theme_toggle(page).click(None).await?;
    expect(theme_toggle(page)).to_have_text("Dark").await?;
    assert_eq!(html_theme(page).await?, "dark");
    let dark_background = body_background(page).await?;
    assert_ne!(
        dark_background, light_background,
        "the dark theme did not change the page"
    );
    session.screenshot("theme-dark").await?;

    page.reload(None).await?;
    assert_eq!(
        html_theme(page).await?,
        "dark",
        "the saved theme was not applied on load"
    );
    wait_for_hydration(page).await?;
    expect(theme_toggle(page)).to_have_text("Dark").await?;
    theme_toggle(page).click(None).await?;
    expect(theme_toggle(page)).to_have_text("System").await?;
    assert_eq!(html_theme(page).await?, "");

    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}

#[tokio::test]
async fn a_dark_system_preference_gives_the_dark_theme() -> Result<()> {
    let portal = Portal::start().await?;
    let light = BrowserSession::launch().await?;
    sign_in(&light, &portal, "Avery Admin", "/").await?;
    light.open(&portal.url("/")).await?;
    let light_background = body_background(&light.page).await?;
    light.close().await?;

    let dark = BrowserSession::launch_with(PageSetup {
        color_scheme: "dark",
        ..PageSetup::default()
    })
    .await?;
    sign_in(&dark, &portal, "Avery Admin", "/").await?;
    dark.open(&portal.url("/")).await?;

    assert_ne!(body_background(&dark.page).await?, light_background);
    assert_eq!(
        html_theme(&dark.page).await?,
        "",
        "the system preference needs no saved theme"
    );
    dark.screenshot("system-dark").await?;
    dark.close().await?;
    portal.stop().await
}

#[tokio::test]
async fn keyboard_users_can_skip_to_content_and_tab_through_the_navigation() -> Result<()> {
    let portal = Portal::start().await?;
    let session = BrowserSession::launch().await?;
    sign_in(&session, &portal, "Avery Admin", "/").await?;
    let page = &session.page;
    session.open(&portal.url("/")).await?;
    wait_for_hydration(page).await?;
    let keyboard = page.keyboard();
    let skip_link = page.get_by_role(
        AriaRole::Link,
        Some(GetByRoleOptions::default().name("Skip to main content")),
    );

    keyboard.press("Tab", None).await?;
    expect_focused(page, &skip_link, "the skip link").await?;
    expect(skip_link.clone()).to_be_visible().await?;
    keyboard.press("Enter", None).await?;
    let main = page.get_by_role(AriaRole::Main, None);
    expect_focused(page, &main, "the main content").await?;

    session.open(&portal.url("/")).await?;
    wait_for_hydration(page).await?;
    // Skip link, product name, customer search, theme button, sign-out button, then the
    // navigation in order.
    for _ in 0..3 {
        keyboard.press("Tab", None).await?;
    }
    let search = page.get_by_role(
        AriaRole::Combobox,
        Some(GetByRoleOptions::default().name("Search customers")),
    );
    expect_focused(page, &search, "the customer search").await?;
    keyboard.press("Tab", None).await?;
    expect_focused(page, &theme_toggle(page), "the theme button").await?;
    keyboard.press("Tab", None).await?;
    let sign_out = page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Sign out")),
    );
    expect_focused(page, &sign_out, "the sign-out button").await?;
    for (label, _, _) in AREAS {
        keyboard.press("Tab", None).await?;
        expect_focused(page, &navigation_link(page, label), label).await?;
    }
    let outline = page
        .evaluate_value("getComputedStyle(document.activeElement).outlineStyle")
        .await?;
    assert_eq!(outline, "solid", "the focused link shows no focus ring");
    keyboard.press("Enter", None).await?;
    expect(page_heading(page)).to_have_text("Admin").await?;

    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}

#[tokio::test]
async fn pages_and_links_work_without_javascript() -> Result<()> {
    let portal = Portal::start().await?;
    let session = BrowserSession::launch_with(PageSetup {
        javascript: false,
        ..PageSetup::default()
    })
    .await?;
    sign_in(&session, &portal, "Avery Admin", "/").await?;
    let page = &session.page;

    session.open(&portal.url("/")).await?;
    navigation_link(page, "Support").click(None).await?;

    expect(page_heading(page)).to_have_text("Support").await?;
    assert_eq!(current_path(page), "/support");
    expect(page.get_by_text(NO_ACCOUNTS, true))
        .to_be_visible()
        .await?;
    session.close().await?;
    portal.stop().await
}

#[tokio::test]
async fn a_narrow_screen_keeps_every_navigation_link_reachable() -> Result<()> {
    let portal = Portal::start().await?;
    let phone = PageSetup {
        viewport: Viewport {
            width: 390,
            height: 844,
        },
        ..PageSetup::default()
    };
    let session = BrowserSession::launch_with(phone).await?;
    sign_in(&session, &portal, "Avery Admin", "/").await?;
    let page = &session.page;
    session.open(&portal.url("/")).await?;
    wait_for_hydration(page).await?;

    for (label, _, _) in AREAS {
        expect(navigation_link(page, label)).to_be_visible().await?;
    }
    session.screenshot("narrow-dashboard").await?;
    navigation_link(page, "Admin").click(None).await?;
    expect(page_heading(page)).to_have_text("Admin").await?;

    session.assert_no_page_errors()?;
    session.close().await?;
    portal.stop().await
}
