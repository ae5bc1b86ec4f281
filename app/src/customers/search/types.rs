//! What the search box sends and gets back, and how its text is read. Shared with the browser,
//! so it refuses bad text before a request is made, with the same words the server would use.

use crate::accounts::Cloud;
use crate::sync::Moment;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Shorter text than this matches too much to be useful while a customer waits on the phone.
pub const MIN_SEARCH_CHARS: usize = 2;
/// Longer than any company name, domain or id anyone would type.
pub const MAX_SEARCH_CHARS: usize = 100;
/// How many customers one search returns.
pub const SEARCH_LIMIT: i64 = 10;

/// What the text of the search box asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    /// A customer (tenant) id, subscription id or indirect reseller's tenant id: matched exactly.
    Id(Uuid),
    /// Lower-cased text: part of a company name (typos tolerated) or of a domain, or an exact
    /// MPN id of an indirect reseller.
    Text(String),
}

impl SearchTerm {
    /// Reads the search box's text, or says what is wrong with it.
    pub fn parse(input: &str) -> Result<SearchTerm, String> {
        let text = input.trim();
        if text.chars().any(char::is_control) {
            return Err(
                "Search text cannot contain control characters such as tabs or line breaks.".to_owned(),
            );
        }
        let length = text.chars().count();
        if length < MIN_SEARCH_CHARS {
            return Err(format!("Type at least {MIN_SEARCH_CHARS} characters to search."));
        }
        if length > MAX_SEARCH_CHARS {
            return Err(format!(
                "Search text is limited to {MAX_SEARCH_CHARS} characters."
            ));
        }
        if let Ok(id) = Uuid::try_parse(text) {
            return Ok(SearchTerm::Id(id));
        }
        Ok(SearchTerm::Text(text.to_lowercase()))
    }
}

/// Why a customer was found, best first: results are ranked in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The customer (tenant) id itself.
    CustomerId,
    /// One of the customer's subscription ids.
    SubscriptionId,
    /// The company name starts with the text.
    NamePrefix,
    /// A domain starts with the text.
    DomainPrefix,
    /// The company name contains the text.
    Name,
    /// A domain contains the text.
    Domain,
    /// The indirect reseller's tenant id or MPN id.
    Reseller,
    /// The company name is close to the text (a typo).
    SimilarName,
}

impl MatchKind {
    /// The database value, as the search query ranks it.
    pub fn from_rank(rank: i32) -> MatchKind {
        match rank {
            0 => MatchKind::CustomerId,
            1 => MatchKind::SubscriptionId,
            2 => MatchKind::NamePrefix,
            3 => MatchKind::DomainPrefix,
            4 => MatchKind::Name,
            5 => MatchKind::Domain,
            6 => MatchKind::Reseller,
            _ => MatchKind::SimilarName,
        }
    }

    /// What the result says about why it is there, when the name alone does not show it.
    pub fn label(self) -> Option<&'static str> {
        match self {
            MatchKind::CustomerId => Some("customer id"),
            MatchKind::SubscriptionId => Some("subscription id"),
            MatchKind::DomainPrefix | MatchKind::Domain => Some("domain"),
            MatchKind::Reseller => Some("reseller"),
            MatchKind::SimilarName => Some("similar name"),
            MatchKind::NamePrefix | MatchKind::Name => None,
        }
    }
}

/// How many of a customer's subscriptions are in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: String,
    pub count: i64,
}

impl StatusCount {
    /// The counts from two parallel columns (`array_agg` of statuses and of counts; none when
    /// the customer has no subscriptions).
    pub fn zip(statuses: Option<Vec<String>>, counts: Option<Vec<i64>>) -> Vec<StatusCount> {
        statuses
            .unwrap_or_default()
            .into_iter()
            .zip(counts.unwrap_or_default())
            .map(|(status, count)| StatusCount { status, count })
            .collect()
    }
}

/// What a customer is at a glance, wherever customers are listed (search results, the
/// customers list, a tenant's accounts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub account_id: Uuid,
    pub account_name: String,
    pub cloud: Cloud,
    pub customer_id: Uuid,
    pub company_name: String,
    /// The primary domain, or the domain a search matched.
    pub domain: String,
    /// The indirect reseller's id when the customer buys through one.
    pub reseller: Option<String>,
    pub subscriptions: Vec<StatusCount>,
    /// When the customer was last read from Partner Center.
    pub synced: Moment,
}

impl CustomerSummary {
    /// The customer's page.
    pub fn href(&self) -> String {
        format!("/customers/{}/{}", self.account_id, self.customer_id)
    }

    /// "direct" or "via reseller".
    pub fn relationship(&self) -> &'static str {
        if self.reseller.is_some() {
            "via reseller"
        } else {
            "direct"
        }
    }

    /// "2 active · 1 suspended", or "no subscriptions".
    pub fn subscription_counts(&self) -> String {
        if self.subscriptions.is_empty() {
            return "no subscriptions".to_owned();
        }
        self.subscriptions_joined(" · ")
    }

    /// "2 active{separator}1 suspended"; empty when there are none.
    pub fn subscriptions_joined(&self, separator: &str) -> String {
        self.subscriptions
            .iter()
            .map(|count| format!("{} {}", count.count, count.status))
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// One customer the search found, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerHit {
    #[serde(flatten)]
    pub customer: CustomerSummary,
    pub matched: MatchKind,
}

#[cfg(test)]
mod tests;
