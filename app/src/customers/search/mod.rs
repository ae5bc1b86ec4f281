//! The search box in the header: one query over the customers of every visible account.

#[cfg(feature = "ssr")]
pub mod queries;
mod search_box;
mod server_fns;
#[cfg(feature = "ssr")]
mod spelling;
#[cfg(feature = "ssr")]
mod text_queries;
mod types;

pub use search_box::SearchBox;
pub use server_fns::{SearchCustomers, search_customers};
pub use types::{
    CustomerHit, CustomerSummary, MAX_SEARCH_CHARS, MIN_SEARCH_CHARS, MatchKind, SEARCH_LIMIT, SearchTerm,
    StatusCount,
};
