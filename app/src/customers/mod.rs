//! Customers of every connected account, served from the Postgres cache: the search box, the
//! list, the customer page and the tenant deep link.

#[cfg(feature = "ssr")]
pub mod activity_queries;
mod customer_cells;
mod customers_page;
pub mod list;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;
pub mod search;
mod server_fns;
mod types;

pub use customers_page::CustomersPage;
pub use page::{CustomerPage, TenantPage};
pub use server_fns::{LoadCustomer, TenantCustomers, load_customer, tenant_customers};
pub use types::{
    AccountBrief, BillingProfile, CustomerProfile, CustomerUserRow, CustomerView, Freshness, OrderRow, Spend,
    SubscriptionRow, SuspensionNote, portal_url,
};
