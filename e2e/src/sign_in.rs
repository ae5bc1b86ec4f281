//! Signing in as staff do: the portal sends the browser to the staff authority (the
//! simulator's Entra ID page), the person picks their account, the portal takes them back.

use crate::shell::current_path;
use crate::{BrowserSession, Portal};
use anyhow::{Result, bail};
use playwright_rs::{AriaRole, GetByRoleOptions};
use std::time::{Duration, Instant};

/// Signs `name` (a demo staff member's display name, e.g. "Avery Admin") in, starting from
/// `next`, and waits until the browser is back on the portal at `next`.
pub async fn sign_in(session: &BrowserSession, portal: &Portal, name: &str, next: &str) -> Result<()> {
    session.open(&portal.url(next)).await?;
    pick_account(session, name).await?;
    wait_for_path(session, next).await
}

/// On the simulator's sign-in page, picks `name`.
pub async fn pick_account(session: &BrowserSession, name: &str) -> Result<()> {
    session
        .page
        .get_by_role(AriaRole::Button, Some(GetByRoleOptions::default().name(name)))
        .click(None)
        .await?;
    Ok(())
}

/// Waits (up to 20 s) until the page's path is `path`.
pub async fn wait_for_path(session: &BrowserSession, path: &str) -> Result<()> {
    let started = Instant::now();
    loop {
        let current = current_path(&session.page);
        if current == path {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(20) {
            bail!(
                "expected to be on {path}, still on {current} ({})",
                session.page.url()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
