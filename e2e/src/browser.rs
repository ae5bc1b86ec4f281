//! One Chromium browser with one page, set up the way our machines need it.

use anyhow::{Context, Result, bail};
use playwright_rs::{
    Browser, BrowserContext, BrowserContextOptions, LaunchOptions, Page, Playwright, Viewport,
};
use std::path::PathBuf;

/// Debian's Chromium; `CHROMIUM` overrides.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// How the page is opened.
#[derive(Debug, Clone)]
pub struct PageSetup {
    pub javascript: bool,
    pub viewport: Viewport,
    /// `light`, `dark` or `no-preference`.
    pub color_scheme: &'static str,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            javascript: true,
            viewport: Viewport {
                width: 1280,
                height: 800,
            },
            color_scheme: "light",
        }
    }
}

/// A launched browser and one page in a fresh context (no cookies, no storage).
pub struct BrowserSession {
    _playwright: Playwright,
    browser: Browser,
    _context: BrowserContext,
    pub page: Page,
}

impl BrowserSession {
    /// Launches headless Chromium and opens a page with the default setup.
    pub async fn launch() -> Result<BrowserSession> {
        Self::launch_with(PageSetup::default()).await
    }

    /// Launches headless Chromium and opens a page with `setup`.
    pub async fn launch_with(setup: PageSetup) -> Result<BrowserSession> {
        let playwright = Playwright::launch()
            .await
            .context("cannot start the Playwright driver; run `npm ci` in the repository root")?;
        let executable = std::env::var("CHROMIUM").unwrap_or_else(|_| DEFAULT_CHROMIUM.to_owned());
        // Without the networking flags Chromium keeps dialling Google, which this network refuses.
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ];
        let browser = playwright
            .chromium()
            .launch_with_options(
                LaunchOptions::new()
                    .executable_path(executable.clone())
                    .headless(true)
                    .args(args.map(String::from).to_vec()),
            )
            .await
            .with_context(|| format!("cannot launch Chromium at {executable}"))?;
        let context = browser
            .new_context_with_options(
                BrowserContextOptions::builder()
                    .viewport(setup.viewport)
                    .javascript_enabled(setup.javascript)
                    .color_scheme(setup.color_scheme.to_owned())
                    .build(),
            )
            .await?;
        let page = context.new_page().await?;
        Ok(BrowserSession {
            _playwright: playwright,
            browser,
            _context: context,
            page,
        })
    }

    /// Opens `url` and returns the HTTP status of the document.
    pub async fn open(&self, url: &str) -> Result<u16> {
        let response = self
            .page
            .goto(url, None)
            .await?
            .context("no response for the document")?;
        Ok(response.status())
    }

    /// Saves a full-page screenshot as `target/e2e-screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let directory = crate::portal::workspace_root().join("target/e2e-screenshots");
        std::fs::create_dir_all(&directory)?;
        let path = directory.join(format!("{name}.png"));
        self.page.screenshot_to_file(&path, None).await?;
        Ok(path)
    }

    /// Fails if the page threw an uncaught error or logged one to the console.
    pub fn assert_no_page_errors(&self) -> Result<()> {
        let mut problems = self.page.page_errors();
        problems.extend(
            self.page
                .console_messages()
                .into_iter()
                .filter(|message| message.type_() == "error")
                .map(|message| message.text().to_owned()),
        );
        if !problems.is_empty() {
            bail!("the page reported errors: {problems:#?}");
        }
        Ok(())
    }

    /// Closes the browser.
    pub async fn close(self) -> Result<()> {
        self.browser.close().await?;
        Ok(())
    }
}
