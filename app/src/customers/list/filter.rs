//! The customers list's filters, sort and page position as the URL carries them, parsed into
//! what the query needs (in the browser for messages, on the server for the query and the CSV).

use crate::accounts::Cloud;
use crate::audit::FilterError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The list's URL fields exactly as given (empty means "any" or the default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerListQuery {
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub cloud: String,
    /// `direct` or `reseller`.
    #[serde(default)]
    pub relationship: String,
    /// `1`: only customers with a suspended subscription.
    #[serde(default)]
    pub suspended: String,
    /// `1`: only customers with a subscription whose provisioning is pending.
    #[serde(default)]
    pub pending: String,
    /// `name` (default), `account` or `synced`.
    #[serde(default)]
    pub sort: String,
    /// `asc` (default) or `desc`.
    #[serde(default)]
    pub order: String,
    /// Keyset: the rows after this one (the "Next" link sets it).
    #[serde(default)]
    pub after: String,
}

/// Direct customers, or those buying through an indirect reseller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relationship {
    Direct,
    ViaReseller,
}

/// What the list is ordered by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    /// Company name.
    #[default]
    Name,
    /// Account name, then company name.
    Account,
    /// When the customer was last read from Partner Center.
    Synced,
}

impl SortBy {
    /// The URL and database value.
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Account => "account",
            SortBy::Synced => "synced",
        }
    }
}

/// The last row of a page: its sort key and identity, so the next page starts after it even
/// when rows are added or removed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: String,
    pub account: Uuid,
    pub customer: Uuid,
}

impl Cursor {
    /// As the URL carries it: `{account}.{customer}.{key}` (the key last: it may hold dots).
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.account, self.customer, self.key)
    }

    fn decode(text: &str) -> Option<Cursor> {
        let mut parts = text.splitn(3, '.');
        let account = parts.next()?.parse().ok()?;
        let customer = parts.next()?.parse().ok()?;
        let key = parts.next()?.to_owned();
        Some(Cursor {
            key,
            account,
            customer,
        })
    }
}

/// Validated filters, sort and position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFilter {
    pub account: Option<Uuid>,
    pub cloud: Option<Cloud>,
    pub relationship: Option<Relationship>,
    pub has_suspended: bool,
    pub pending_provisioning: bool,
    pub sort: SortBy,
    pub descending: bool,
    pub after: Option<Cursor>,
}

impl CustomerListQuery {
    pub fn parse(&self) -> Result<CustomerFilter, FilterError> {
        let wrong = |field: &'static str, message: String| FilterError { field, message };
        let account = match self.account.trim() {
            "" => None,
            text => Some(
                text.parse()
                    .map_err(|_| wrong("account", format!("{text:?} is not an account id")))?,
            ),
        };
        let cloud = match self.cloud.trim() {
            "" => None,
            text => Some(
                text.parse::<Cloud>()
                    .map_err(|error| wrong("cloud", error.to_string()))?,
            ),
        };
        let relationship = match self.relationship.trim() {
            "" => None,
            "direct" => Some(Relationship::Direct),
            "reseller" => Some(Relationship::ViaReseller),
            text => {
                return Err(wrong(
                    "relationship",
                    format!("{text:?} is not a relationship; use direct or reseller"),
                ));
            }
        };
        let flag = |field: &'static str, text: &str| match text.trim() {
            "" => Ok(false),
            "1" | "on" | "true" => Ok(true),
            text => Err(wrong(field, format!("{text:?} is not 1 or empty"))),
        };
        let sort = match self.sort.trim() {
            "" | "name" => SortBy::Name,
            "account" => SortBy::Account,
            "synced" => SortBy::Synced,
            text => {
                return Err(wrong(
                    "sort",
                    format!("{text:?} cannot be sorted by; use name, account or synced"),
                ));
            }
        };
        let descending = match self.order.trim() {
            "" | "asc" => false,
            "desc" => true,
            text => return Err(wrong("order", format!("{text:?} is not asc or desc"))),
        };
        let after = match self.after.trim() {
            "" => None,
            text => Some(Cursor::decode(text).ok_or_else(|| {
                wrong(
                    "after",
                    "this page link is damaged; start again from the first page".to_owned(),
                )
            })?),
        };
        Ok(CustomerFilter {
            account,
            cloud,
            relationship,
            has_suspended: flag("suspended", &self.suspended)?,
            pending_provisioning: flag("pending", &self.pending)?,
            sort,
            descending,
            after,
        })
    }

    /// The same filters and sort, starting after `after` (or at the first page), as a query string.
    pub fn to_query_string(&self, after: Option<&str>) -> String {
        crate::query_string::build(&[
            ("account", &self.account),
            ("cloud", &self.cloud),
            ("relationship", &self.relationship),
            ("suspended", &self.suspended),
            ("pending", &self.pending),
            ("sort", &self.sort),
            ("order", &self.order),
            ("after", after.unwrap_or_default()),
        ])
    }

    /// These filters sorted by `sort`: ascending first, or the other way when already so.
    pub fn sorted_by(&self, sort: SortBy) -> CustomerListQuery {
        let current = self.parse().map(|filter| (filter.sort, filter.descending)).ok();
        let descending = current == Some((sort, false));
        CustomerListQuery {
            sort: sort.as_str().to_owned(),
            order: if descending { "desc" } else { "asc" }.to_owned(),
            after: String::new(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests;
