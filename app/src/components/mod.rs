//! Widgets shared by several pages.

mod action_outcome;
mod app_header;
mod debounce;
mod empty_state;
mod error_view;
mod not_found_page;
mod page_header;
mod side_nav;
mod skip_link;
mod theme_toggle;
mod ticker;
mod utc_time;

pub use action_outcome::{ActionOutcome, BackToAdmin, Loading, outcome_of};
pub use app_header::AppHeader;
pub use debounce::use_debounced;
pub use empty_state::EmptyState;
pub use error_view::{ErrorView, set_http_status};
pub use not_found_page::NotFoundPage;
pub use page_header::PageHeader;
pub use side_nav::SideNav;
pub use skip_link::{MAIN_CONTENT_ID, SkipLink};
pub use theme_toggle::{ThemeChoice, ThemeToggle, theme_boot_script};
pub use ticker::use_ticker;
pub use utc_time::UtcTime;
