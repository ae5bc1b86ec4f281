//! `/customers` without a search: every visible customer, filtered by account, cloud,
//! relationship, suspended subscriptions and pending provisioning, sorted, paged by keyset, and
//! exported as CSV.

mod filter;
mod list_view;
#[cfg(feature = "ssr")]
pub mod queries;
mod server_fns;
mod types;

pub use filter::{Cursor, CustomerFilter, CustomerListQuery, Relationship, SortBy};
pub use list_view::CustomerList;
pub use server_fns::{ListCustomers, list_customers};
pub use types::{CustomerListPage, CustomerRow, PAGE_SIZE};
