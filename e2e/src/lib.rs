//! Browser-test harness: starts the real portal on a free port with its own database, and
//! drives Debian's Chromium through playwright-rs. Tests live in `tests/browser/`; selectors
//! and user actions live in `shell`, so tests read as what a user does and sees.

pub mod browser;
pub mod portal;
pub mod shell;
pub mod sign_in;

pub use browser::BrowserSession;
pub use portal::Portal;
pub use sign_in::sign_in;
