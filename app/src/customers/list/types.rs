//! One page of the customers list as the server sends it.

use crate::customers::search::CustomerSummary;
use serde::{Deserialize, Serialize};

/// Customers a page shows.
pub const PAGE_SIZE: i64 = 50;

/// One customer in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    #[serde(flatten)]
    pub customer: CustomerSummary,
    /// Subscriptions whose provisioning is still pending.
    pub pending_provisioning: i64,
    /// The row's sort key, for the next page's cursor.
    pub key: String,
}

impl CustomerRow {
    /// Where the page after this row starts.
    pub fn cursor(&self) -> super::Cursor {
        super::Cursor {
            key: self.key.clone(),
            account: self.customer.account_id,
            customer: self.customer.customer_id,
        }
    }
}

/// A page of the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerListPage {
    pub rows: Vec<CustomerRow>,
    /// How many customers the filters select, on every page.
    pub total: i64,
    /// The next page's cursor, when there are more rows.
    pub next: Option<String>,
}
