//! Customers of every connected account, served from the Postgres cache.

mod customers_page;

pub use customers_page::CustomersPage;
