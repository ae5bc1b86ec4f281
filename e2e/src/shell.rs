//! What a user sees and does in the app shell: selectors, actions and reads, by role and label.

use anyhow::Result;
use playwright_rs::{AriaRole, GetByRoleOptions, Locator, Page, expect};
use std::time::Duration;

/// The areas in the main navigation: (link label, path, page heading).
pub const AREAS: [(&str, &str, &str); 5] = [
    ("Dashboard", "/", "Dashboard"),
    ("Customers", "/customers", "Customers"),
    ("Onboarding", "/onboarding", "Onboarding"),
    ("Support", "/support", "Support"),
    ("Admin", "/admin", "Admin"),
];

/// The empty state every area shows before an account is connected.
pub const NO_ACCOUNTS: &str = "No partner accounts connected yet";

/// The navigation landmark named "Main".
pub fn main_navigation(page: &Page) -> Locator {
    page.get_by_role(
        AriaRole::Navigation,
        Some(GetByRoleOptions::default().name("Main").exact(true)),
    )
}

/// The link labelled `label` in the main navigation.
pub fn navigation_link(page: &Page, label: &str) -> Locator {
    main_navigation(page).get_by_role(
        AriaRole::Link,
        Some(GetByRoleOptions::default().name(label).exact(true)),
    )
}

/// The page's main heading.
pub fn page_heading(page: &Page) -> Locator {
    page.get_by_role(AriaRole::Main, None)
        .get_by_role(AriaRole::Heading, Some(GetByRoleOptions::default().level(1)))
}

/// The colour theme button in the header.
pub fn theme_toggle(page: &Page) -> Locator {
    page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Colour theme")),
    )
}

/// Waits until the WebAssembly app has hydrated the page (the theme button turns on then).
pub async fn wait_for_hydration(page: &Page) -> Result<()> {
    expect(theme_toggle(page))
        .with_timeout(Duration::from_secs(20))
        .to_be_enabled()
        .await?;
    Ok(())
}

/// The `data-theme` on `<html>` ("" when the theme follows the system).
pub async fn html_theme(page: &Page) -> Result<String> {
    Ok(page
        .evaluate_value("document.documentElement.dataset.theme ?? ''")
        .await?)
}

/// The computed background colour of the page body, e.g. "rgb(246, 247, 249)".
pub async fn body_background(page: &Page) -> Result<String> {
    Ok(page
        .evaluate_value("getComputedStyle(document.body).backgroundColor")
        .await?)
}

/// The path part of the page's current URL.
pub fn current_path(page: &Page) -> String {
    let url = page.url();
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/".to_owned(), |start| after_scheme[start..].to_owned())
}

/// The element that has keyboard focus, as `tag#id.class` text (for assertion messages).
pub async fn focused_element(page: &Page) -> Result<String> {
    Ok(page
        .evaluate_value(
            "(() => { const e = document.activeElement; return e ? e.tagName.toLowerCase() + \
             (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 40) : '' })()",
        )
        .await?)
}

/// Waits up to 5 s for `locator` to have keyboard focus.
///
/// playwright-rs 0.20's `to_be_focused` and `is_focused` pass the selector to
/// `document.querySelectorAll`, which rejects role selectors; `Locator::evaluate` resolves them
/// through Playwright's own selector engine.
pub async fn expect_focused(page: &Page, locator: &Locator, what: &str) -> Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let focused: bool = locator
            .evaluate("element => element === document.activeElement", None::<()>)
            .await?;
        if focused {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            anyhow::bail!(
                "expected {what} to have focus, found {}",
                focused_element(page).await?
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
