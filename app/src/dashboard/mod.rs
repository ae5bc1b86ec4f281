//! The landing page: the state of every connected account at a glance.

mod dashboard_page;

pub use dashboard_page::DashboardPage;
