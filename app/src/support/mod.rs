//! Support requests raised with Microsoft, with their severity SLAs.

mod support_page;

pub use support_page::SupportPage;
