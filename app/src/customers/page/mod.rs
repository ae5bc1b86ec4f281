//! The customer page (`/customers/{account}/{customer}`) and the tenant deep link (`/t/{tenant}`).

mod customer_page;
mod orders_and_audit;
mod profile_panel;
mod spend_chart;
mod tenant_page;
mod users_panel;

pub use customer_page::CustomerPage;
pub use tenant_page::TenantPage;
